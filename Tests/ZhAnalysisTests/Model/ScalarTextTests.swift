import Testing
@testable import ZhAnalysis

/// Code points ↔ strings: the same answers as the standard library's views, for one- to four-byte
/// UTF-8, around the 15-byte small-string limit, and for empty text.
@Suite struct ScalarTextTests {
    @Test(arguments: ["", "a", "é", "中", "𠀀", "五个汉字啊", "六个汉字啊啊", "abc中文é𠀀\n\t", String(repeating: "长", count: 300)])
    func roundTrip(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        #expect(ScalarText.scalars(of: text) == scalars)
        #expect(ScalarText.string(scalars, 0, scalars.count) == text)
        #expect(ScalarText.string(scalars, 0, scalars.count).utf8.elementsEqual(text.utf8))
        if scalars.count >= 2 {
            #expect(ScalarText.string(scalars, 1, scalars.count) == String(String.UnicodeScalarView(scalars.dropFirst())))
        }
        let utf8 = Array(text.utf8)
        #expect(utf8.withUnsafeBufferPointer { ScalarText.scalars(utf8: $0) } == scalars)
    }

    /// `equal` answers as `==` does: the same bytes, different Han or ASCII text, and canonically
    /// equivalent texts spelled differently (é composed or not, a CJK compatibility ideograph and
    /// its unified form, a Hangul syllable and its jamo, Yijing hexagrams beside ideographs).
    @Test func equalAgreesWithStringEquality() {
        let texts = ["", "a", "ab", "中", "中国", "中國", "杭州市", "杭州", "é", "e\u{301}", "\u{F900}", "\u{8C48}",
                     "\u{AC00}", "\u{1100}\u{1161}", "\u{4DC0}中", "\u{3400}", "\u{33FF}", "\u{4DBF}", "\u{4E00}",
                     "𠀀", "五个汉字啊", "六个汉字啊啊", String(repeating: "长", count: 40), "x\u{300}", "x\u{2FF}"]
        for a in texts {
            for b in texts {
                #expect(ScalarText.equal(a, b) == (a == b), "\(a.unicodeScalars.map(\.value)) \(b.unicodeScalars.map(\.value))")
                #expect(ScalarText.equal(String(a.unicodeScalars), b) == (a == b))
            }
        }
    }
}
