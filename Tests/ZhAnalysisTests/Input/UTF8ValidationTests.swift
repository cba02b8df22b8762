import Testing
@testable import ZhAnalysis

/// `UTF8Validation` says valid exactly where the standard library does.
@Suite struct UTF8ValidationTests {
    static func standard(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { (try? UTF8Span(validating: $0.span)) != nil }
    }

    static func fast(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
    }

    /// Every sequence of one and two bytes; of three from every lead byte and every second byte,
    /// the third on either side of 80–BF; of four from the leads F0–FF, the second around each
    /// bound of table 3-7 (and the same cut short): alone, after an ASCII run and before a
    /// character.
    @Test func shortSequencesAgreeWithTheStandardLibrary() {
        var mismatches: [[UInt8]] = []
        func check(_ bytes: [UInt8]) {
            // (Followed by a character: the check reads a word at a time where four bytes remain.)
            for b in [bytes, Array("abcdefgh".utf8) + bytes, bytes + Array("中".utf8)] where Self.fast(b) != Self.standard(b) {
                mismatches.append(b)
            }
        }
        // (Bytes after the second are bounded by 80–BF alone.)
        let bounds: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF4, 0xFF]
        let lasts: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0]
        for a in 0...255 {
            check([UInt8(a)])
            for b in 0...255 { check([UInt8(a), UInt8(b)]) }
            guard a >= 0xC0 else { continue }
            for b in 0...255 {
                for c in lasts { check([UInt8(a), UInt8(b), c]) }
            }
            guard a >= 0xF0 else { continue }
            for b in bounds {
                for c in lasts { for d in lasts { check([UInt8(a), b, c, d]) } }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func mixedTextAgreesWithTheStandardLibrary() {
        let pieces: [[UInt8]] = [Array("abcdefghij".utf8), Array("中文，数据。".utf8), Array("𠀀".utf8), Array("é".utf8),
                                 [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xC1, 0xBF],
                                 Array("12345678901234567".utf8), [0xE4], [0xF0, 0x9F], [0x00]]
        var generator = SystemRandomNumberGenerator()
        var valid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<12, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            #expect(Self.fast(bytes) == Self.standard(bytes), "\(bytes)")
            if Self.standard(bytes) { valid += 1 }
        }
        #expect(valid > 0)
        #expect(Self.fast(Array("紫阳街道辖区未成年人有5000余人。".utf8)))
        #expect(Self.fast([]))
    }
}
