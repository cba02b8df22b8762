import Testing
@testable import ZhAnalysis

/// The document's one position → token table, and the BIO tags written from its entities.
@Suite struct TokenIndexTests {
    @Test func segmenterFillsTheIndex() throws {
        var doc = Document(id: "t", text: "南京市长江大桥 通车")
        #expect(doc.tokenIndex.covering == [Int32](repeating: -1, count: doc.length))
        try TestSupport.segmenter.process(&doc)
        let index = doc.tokenIndex
        #expect(index.edges.count == 2 * doc.tokens.count)
        for (k, t) in doc.tokens.enumerated() {
            #expect(index.start(k) == t.range.start && index.end(k) == t.range.end)
            for p in t.range.start..<t.range.end { #expect(index.token(at: p) == k) }
        }
        #expect(index.token(at: -1) == nil && index.token(at: doc.length) == nil)
        // Setting the tokens again rebuilds it.
        doc.tokens = [Token(range: TextRange(start: 3, end: 5), kind: .word, origin: .icu, text: "长江")]
        #expect(doc.tokenIndex.token(at: 2) == nil && doc.tokenIndex.token(at: 4) == 0 && doc.tokenIndex.token(at: 5) == nil)
    }

    /// Nested mentions keep the longest; a partial person reference tags only its surname.
    @Test func bioTags() throws {
        var doc = Document(id: "t", text: "老李在杭州市上城区")
        doc.entities = [
            Entity(type: .person, name: "老李", mentions: [Mention(range: TextRange(start: 0, end: 2), text: "老李")],
                   partial: true, surname: "李"),
            Entity(type: .place, name: "杭州市", mentions: [Mention(range: TextRange(start: 3, end: 6), text: "杭州市")]),
            Entity(type: .organization, name: "杭州市上城区", mentions: [Mention(range: TextRange(start: 3, end: 9), text: "杭州市上城区")]),
        ]
        #expect(doc.bioTags() == ["O", "B-PER", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG"])
    }

    @Test func taggedSentences() {
        let bio = "中 B-LOC\n国 I-LOC\n O\n好 O\n\n人 O\n"
        #expect(TaggedSentences.parse(bio, format: .bio) == [["中", "国", " ", "好"], ["人"]])
        #expect(TaggedSentences.parse("一句\n\n两句\n", format: .text) == [["一", "句"], ["两", "句"]])
    }
}
