import Testing
@testable import ZhAnalysis

@Suite struct SentenceSplitterTests {
    static func split(_ text: String, options: SentenceSplitter.Options = SentenceSplitter.Options()) -> [String] {
        let doc = Document(id: "t", text: text)
        return SentenceSplitter(options: options).split(doc.analysis, in: doc.fullRange).map { doc.original($0) }
    }

    /// `split` passes over every code point that `mayEnd` rejects: none of them may be one that a
    /// branch of `split` cuts at (a terminator, ; ；, … or the full stop).
    @Test func everyCodePointThatMayEndASentenceIsLookedAt() {
        var looked = 0
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v) else { continue }
            let cuts = SentenceSplitter.isTerminal(c) || c == ";" || c == "；" || c == "…" || c == "."
            if cuts { looked += 1 }
            #expect(!cuts || SentenceSplitter.mayEnd(v), "U+\(String(v, radix: 16, uppercase: true))")
        }
        #expect(looked == 10)
        // Ideographs, letters and CJK punctuation other than 。 are passed over.
        for c: Unicode.Scalar in ["中", "a", "、", "《"] { #expect(!SentenceSplitter.mayEnd(c.value)) }
    }

    @Test func closingQuoteStaysWithItsSentence() {
        #expect(Self.split("“形成优势互补。”紫阳街道妇联副主席葛希说。") == ["“形成优势互补。”", "紫阳街道妇联副主席葛希说。"])
    }

    @Test func exclamationQuestionAndFullWidthForms() {
        #expect(Self.split("如何打造“硅谷天堂”？答案是人才！我们相信。") == ["如何打造“硅谷天堂”？", "答案是人才！", "我们相信。"])
    }

    @Test func decimalPointIsNotAStop() {
        #expect(Self.split("平均年龄仅33.5岁，托位数达4.55个。") == ["平均年龄仅33.5岁，托位数达4.55个。"])
    }

    @Test func ellipsisEndsASentenceOnlyBeforeAQuoteOrTheEnd() {
        #expect(Self.split("“月增收2000多元……”说起工坊,她笑了。") == ["“月增收2000多元……”", "说起工坊,她笑了。"])
        #expect(Self.split("苹果、梨……应有尽有。") == ["苹果、梨……应有尽有。"])
        #expect(Self.split("还有很多……") == ["还有很多……"])
    }

    @Test func semicolonSplitsOnlyWhenAsked() {
        #expect(Self.split("提供托位367个;建成驿站26家。") == ["提供托位367个;建成驿站26家。"])
        var options = SentenceSplitter.Options()
        options.splitOnSemicolon = true
        #expect(Self.split("提供托位367个；建成驿站26家。", options: options) == ["提供托位367个；", "建成驿站26家。"])
    }

    @Test func aSentenceSpansARepairedLineBreak() {
        let text = "形成优势互补。紫阳\n\n街道妇联副主席葛希说,妇联发力。"
        #expect(Self.split(text) == ["形成优势互补。", "紫阳\n\n街道妇联副主席葛希说,妇联发力。"])
    }

    @Test func textWithoutTerminatorIsOneSentence() {
        #expect(Self.split("  多元聚合力 奋进向未来 ") == ["多元聚合力 奋进向未来"])
    }
}
