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
}
