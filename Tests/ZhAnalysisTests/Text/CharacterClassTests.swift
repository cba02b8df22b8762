import Foundation
import Testing
@testable import ZhAnalysis

/// The toolkit's character classes answer as the Unicode properties they replace.
@Suite struct CharacterClassTests {
    @Test func tablesAgreeWithUnicodeProperties() {
        var mismatches: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v) else { continue }
            if CharacterClass.isWhitespace(c) != c.properties.isWhitespace
                || CharacterClass.isIdeographic(c) != c.properties.isIdeographic {
                mismatches.append(v)
            }
        }
        for c in ["𠀀", "𪚥", "😀"] as [Unicode.Scalar] {
            if CharacterClass.isIdeographic(c) != c.properties.isIdeographic { mismatches.append(c.value) }
        }
        #expect(mismatches.isEmpty)
    }

    /// Line breaks: LF, VT, FF, NEL and the two separators; CR and ordinary spaces are not.
    @Test func lineBreaks() {
        let breaks: [Unicode.Scalar] = ["\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]
        var found: [Unicode.Scalar] = []
        for v in UInt32(0)..<0x10000 {
            if let c = Unicode.Scalar(v), CharacterClass.isLineBreak(c) { found.append(c) }
        }
        #expect(found == breaks)
    }

    /// Han: every ideograph of the unified blocks and the compatibility block, nothing of kana,
    /// hangul, punctuation or Latin.
    @Test func han() {
        for c in ["中", "㐀", "𠀀", "𪚥", "𫝀", "丽", "豈"] as [Unicode.Scalar] { #expect(CharacterClass.isHan(c)) }
        for c in ["あ", "한", "。", "〇", "A", "１", "😀"] as [Unicode.Scalar] { #expect(!CharacterClass.isHan(c)) }
        // Every character of the basic block is Ideographic, and no Han character is White_Space.
        for v in UInt32(0x4E00)...0x9FFF {
            let c = Unicode.Scalar(v)!
            #expect(c.properties.isIdeographic && CharacterClass.isHan(c) && !CharacterClass.isWhitespace(c))
        }
    }

    /// Stable NFC code points: each is NFC by itself with combining class 0, and none is a later
    /// character of any code point's canonical decomposition, so no two of them compose.
    @Test func stableNFC() {
        var bad: [UInt32] = []
        for v in UInt32(0)..<0x30000 {
            guard let c = Unicode.Scalar(v) else { continue }
            let s = String(c)
            if CharacterClass.isStableNFC(c),
               s.precomposedStringWithCanonicalMapping != s || c.properties.canonicalCombiningClass != .notReordered {
                bad.append(v)
            }
            let decomposed = Array(s.decomposedStringWithCanonicalMapping.unicodeScalars)
            if decomposed.count > 1, decomposed.dropFirst().contains(where: CharacterClass.isStableNFC) { bad.append(v) }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10).map { String($0, radix: 16) })")
        #expect(CharacterClass.isStableNFC("中") && CharacterClass.isStableNFC("A") && CharacterClass.isStableNFC("é"))
        #expect(!CharacterClass.isStableNFC("\u{301}") && !CharacterClass.isStableNFC("\u{F900}") && !CharacterClass.isStableNFC("𠀀"))
    }

    /// Every code point whose canonical decomposition is one unified ideograph other than itself
    /// is a compatibility ideograph (EntityResolver's code-point trie relies on it).
    @Test func compatibilityIdeographsAreEveryIdeographThatDecomposesToAnother() {
        var missed: [UInt32] = []
        for v in UInt32(0x2E80)...UInt32(0x3FFFF) {
            guard let c = Unicode.Scalar(v), !CharacterClass.isUnifiedIdeograph(c) else { continue }
            let decomposed = Array(String(c).decomposedStringWithCanonicalMapping.unicodeScalars)
            if decomposed.count == 1, decomposed[0] != c, decomposed[0].properties.isIdeographic,
               !CharacterClass.isCompatibilityIdeograph(c) {
                missed.append(v)
            }
        }
        #expect(missed.isEmpty, "\(missed.prefix(10).map { String($0, radix: 16) })")
        #expect(CharacterClass.isCompatibilityIdeograph("\u{F900}") && CharacterClass.isCompatibilityIdeograph("\u{2F800}"))
        #expect(!CharacterClass.isCompatibilityIdeograph("中") && !CharacterClass.isCompatibilityIdeograph("𠀀"))
    }

    @Test func bitSetAndPairFilter() {
        var set = ScalarBitSet(["杭", "州", "𠀀"])
        set.insert("A")
        #expect(set.contains("杭") && set.contains("州") && set.contains("A" as Unicode.Scalar))
        #expect(!set.contains("江" as Unicode.Scalar) && !set.contains("𠀀" as Unicode.Scalar))
        var pairs = ScalarPairFilter()
        let list: [(UInt32, UInt32)] = [(0x676D, 0x5DDE), (0x4E2D, 0x56FD), (0x20000, 0x4E00), (0x41, 0x42)]
        for (a, b) in list { pairs.insert(a, b) }
        #expect(list.allSatisfy { pairs.contains($0.0, $0.1) })
    }

    /// The letter blocks a bit set may skip hold no punctuation, symbol, digit, mark or space:
    /// skipping them gives the same set as asking every code point.
    @Test func letterBlocksHoldOnlyLettersAndPrivateUse() {
        for range in ScalarBitSet.letterBlocks {
            for v in range {
                let category = Unicode.Scalar(v)!.properties.generalCategory
                #expect([.otherLetter, .privateUse].contains(category), "U+\(String(v, radix: 16))")
            }
        }
        let isBreak: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || $0.properties.generalCategory == .otherPunctuation }
        let skipping = ScalarBitSet(where: isBreak, outside: ScalarBitSet.letterBlocks)
        let every = ScalarBitSet(where: isBreak)
        #expect((0..<UInt32(0x10000)).allSatisfy { skipping.contains($0) == every.contains($0) })
        #expect(skipping.contains(0x3002) && skipping.contains(0x20) && !skipping.contains(0x676D))
    }
}
