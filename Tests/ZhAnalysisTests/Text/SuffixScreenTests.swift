import Testing
@testable import ZhAnalysis

/// `SuffixScreen` never turns away a text that `String.hasSuffix` would match.
@Suite struct SuffixScreenTests {
    static let heads = ["街道", "社区", "省", "市", "县", "区"]

    @Test func screensOnlyTextsThatMatchNoWord() {
        let screen = SuffixScreen(Self.heads)
        var missed: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v) else { continue }
            let text = "上海" + String(c)
            if !screen.mayEnd(text), Self.heads.contains(where: { text.hasSuffix($0) }) { missed.append(v) }
        }
        #expect(missed.isEmpty)
    }

    @Test func readsTheLastCharacter() {
        let screen = SuffixScreen(Self.heads)
        #expect(screen.mayEnd("更楼街道"))
        #expect(screen.mayEnd("浙江省"))
        #expect(!screen.mayEnd("浙江大学"))
        #expect(!screen.mayEnd(""))
        // U+F96D, a compatibility ideograph, is canonically 省: the screen lets it through, and
        // hasSuffix agrees.
        #expect(screen.mayEnd("浙江\u{F96D}") && "浙江\u{F96D}".hasSuffix("省"))
    }

    @Test func letsEverythingThroughForOtherWords() {
        #expect(SuffixScreen(["café"]).mayEnd("abc"))
        #expect(SuffixScreen(["市", ""]).mayEnd("abc"))
    }
}
