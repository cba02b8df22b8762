import Testing
@testable import ZhAnalysis

/// Property tests: the numeral reader and the quantity extractor on random strings of numeral
/// characters, digits, units, cue words and punctuation never crash, never read past the limit,
/// and always give finite values.
@Suite struct ChineseNumberPropertyTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [Unicode.Scalar] = Array(
        "0123456789.,,-+/%‰^eEkKM 零〇○一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟廿卅几余多来点分之又负至到～第每约超近逾个人元万元年月日岁成折半对家次“”「」，。、（）的是有为达GN"
            .unicodeScalars)

    static func randomText(_ rng: inout SplitMix, length: Int) -> [Unicode.Scalar] {
        (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
    }

    @Test(arguments: [1, 2, 3, 4])
    func readerIsTotal(seed: UInt64) {
        var rng = SplitMix(state: seed)
        let reader = ChineseNumber()
        var readings = 0
        for _ in 0..<3000 {
            let s = Self.randomText(&rng, length: 1 + Int(rng.next() % 24))
            for start in 0..<s.count {
                guard let r = reader.read(s, at: start, limit: s.count, original: s) else { continue }
                readings += 1
                #expect(r.end > start && r.end <= s.count)
                #expect(r.value.isFinite)
                #expect(r.upper?.isFinite ?? true)
            }
        }
        #expect(readings > 1000)
    }

    @Test(arguments: [7, 8])
    func extractorIsTotal(seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let extractor = QuantityTestSupport.extractor
        for _ in 0..<300 {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: Self.randomText(&rng, length: 1 + Int(rng.next() % 60)))
            var doc = Document(id: "fuzz", text: String(v))
            try TestSupport.segmenter.process(&doc)
            try extractor.process(&doc)
            var last = 0
            for q in doc.quantities {
                #expect(q.start >= last && q.start < q.end && q.end <= doc.length)
                #expect(q.value.isFinite)
                #expect(q.upper?.isFinite ?? true)
                last = q.end
            }
        }
    }
}
