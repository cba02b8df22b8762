import Testing
@testable import ZhAnalysis

/// The places stage's character tables answer as the Unicode properties they replace.
@Suite struct PlaceScalarsTests {
    @Test func tablesAgreeWithUnicodeProperties() {
        var mismatches: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v) else { continue }
            if PlaceScalars.isWhitespace(c) != c.properties.isWhitespace
                || PlaceScalars.isIdeographic(c) != c.properties.isIdeographic
                || PlaceScalars.isLineBreak(c) != ArticleReader.isLineBreak(c) {
                mismatches.append(v)
            }
        }
        for c in ["𠀀", "𪚥", "😀"] as [Unicode.Scalar] {
            if PlaceScalars.isIdeographic(c) != c.properties.isIdeographic { mismatches.append(c.value) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func pairBitsHaveNoFalseNegatives() {
        var bits = PlacePairSet()
        let pairs: [(UInt32, UInt32)] = [(0x676D, 0x5DDE), (0x4E2D, 0x56FD), (0x20000, 0x4E00), (0x41, 0x42)]
        for (a, b) in pairs { bits.insert(a, b) }
        #expect(pairs.allSatisfy { bits.contains($0.0, $0.1) })
    }
}
