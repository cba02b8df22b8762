import Testing
@testable import ZhAnalysis

@Suite struct LexiconTests {
    /// Words inserted in any order, each a prefix or an extension of others, are all found by
    /// exact look-up and by a walk (the walk reads the edges' masks of children).
    @Test func wordsThatExtendOrPrefixOthersAreAllFound() {
        var lexicon = Lexicon()
        for word in ["中华人民共和国", "中华", "中华人民", "中", "华人"] {
            lexicon.insert(LexiconEntry(word: word, frequency: 1))
        }
        let text = Array("中华人民共和国".unicodeScalars)
        var ends: [Int] = []
        lexicon.forEachMatchIndex(in: text, from: 0, limit: text.count) { end, _ in ends.append(end) }
        #expect(ends == [1, 2, 4, 7])
        #expect(lexicon.lookupIndex("华人") == 4)
        #expect(lexicon.lookupIndex("中华人") == nil)
        lexicon.insert(LexiconEntry(word: "中华", frequency: 9, tag: "nz", origin: .user))
        #expect(lexicon.lookup("中华")?.tag == "nz")
        #expect(lexicon.forEachMatchWeights(text) == [(1, false), (2, true), (4, false), (7, false)].map { $0.1 })
    }

    /// `mapTags` gives what classing each entry's tag gives, for tags of every length and past
    /// the small table's 64 distinct tags, and classes each distinct tag once.
    @Test func mapTagsClassesEveryEntrysTagOnce() {
        var lexicon = Lexicon()
        let tags = (0..<100).map { "t\($0)" } + ["", "nrfg", "eightchr", "a longer tag"]
        for (i, tag) in (tags + tags.reversed()).enumerated() {
            lexicon.insert(LexiconEntry(word: "词\(i)", frequency: 1, tag: tag))
        }
        var calls = 0
        let classes = lexicon.mapTags { tag -> String in
            calls += 1
            return "<\(tag)>"
        }
        #expect(classes == lexicon.entries.map { "<\($0.tag)>" })
        #expect(calls == tags.count)
    }
}

private extension Lexicon {
    /// Whether each word found from the start of `text` is a user word, in order of length.
    func forEachMatchWeights(_ text: [Unicode.Scalar]) -> [Bool] {
        var users: [Bool] = []
        forEachMatchWeight(in: text, from: 0, limit: text.count) { _, _, isUser in users.append(isUser) }
        return users
    }
}
