import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct KnowledgeBaseAssemblerTests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-asm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func contents(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test(arguments: [1, 3])
    func streamedKnowledgeBaseEqualsTheInMemoryOne(jobs: Int) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = [KBFixtures.note(source: "c.txt"), KBFixtures.page(), KBFixtures.note(), KBFixtures.note(source: "c.txt")]
        let expected = try KnowledgeBaseFile.encode(KnowledgeBase(articles: records))
        let url = dir.appendingPathComponent("kb.json")
        let assembler = try KnowledgeBaseAssembler(directory: dir)
        for r in records { try assembler.add(r, collision: .tieBreak) }
        #expect(assembler.count == 3)
        try assembler.write(to: url, jobs: jobs)
        #expect(try Self.contents(url) == expected)

        // An empty KB too.
        let empty = try KnowledgeBaseAssembler(directory: dir)
        try empty.write(to: url, jobs: jobs)
        #expect(try Self.contents(url) == KnowledgeBaseFile.encode(KnowledgeBase()))
    }

    /// Records aggregated as they arrive (in any order), one of them replaced, and one added
    /// the slow way: the same bytes as the in-memory KB.
    @Test func recordsAggregatedOnArrivalGiveTheSameKnowledgeBase() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        let records = [KBFixtures.note(source: "c.txt"), KBFixtures.page(), KBFixtures.note()]
        let expected = try KnowledgeBaseFile.encode(KnowledgeBase(articles: records))
        func eager(_ r: ArticleRecord, _ a: KnowledgeBaseAssembler) throws {
            try a.add(r, encoded: JSONOutput.stored(r), facts: EncodedFacts(r))
        }
        let first = try KnowledgeBaseAssembler(directory: dir)
        for r in records { try eager(r, first) }
        try first.write(to: url, jobs: 2)
        #expect(try Self.contents(url) == expected)

        let second = try KnowledgeBaseAssembler(directory: dir)
        try eager(records[1], second)
        try second.add(records[0])
        try eager(records[2], second)
        try eager(records[2], second)
        try second.write(to: url)
        #expect(try Self.contents(url) == expected)
    }

    /// Two records with one key disagree: under `.tieBreak` the same one wins whichever comes
    /// first, also when the first was aggregated on arrival.
    @Test func tieBreakDoesNotDependOnArrivalOrder() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        var other = KBFixtures.page()
        other.charset = "GB18030"
        other.keywords = []
        let records = [KBFixtures.page(), other, KBFixtures.note()]
        let expected = try KnowledgeBaseFile.encode(KnowledgeBase(articles: records))
        for order in [records, records.reversed(), [other, KBFixtures.note(), KBFixtures.page()]] {
            let assembler = try KnowledgeBaseAssembler(directory: dir)
            for r in order { try assembler.add(r, collision: .tieBreak) }
            #expect(assembler.count == 2)
            try assembler.write(to: url)
            #expect(try Self.contents(url) == expected)
        }
    }

    /// Repeated texts (`DuplicateRule`): the first analysed article of a text in article order is
    /// the original, the copies from other sources are stored as its duplicates, whatever the
    /// order, the grouping into partial KBs, or which copies arrive analysed.
    @Test func repeatedTextsGiveOneKnowledgeBaseWhateverTheOrderOrGrouping() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var late = KBFixtures.page(source: "z.txt")
        late.recordId = "z1"
        late.documentDate = "2025-03-05"
        var gbk = KBFixtures.note(source: "c.gbk.txt")
        gbk.charset = "GB18030"
        let records = [late, KBFixtures.note(source: "b.txt"), KBFixtures.page(source: "m.txt"), gbk, KBFixtures.page(source: "a.txt")]
        let kb = KnowledgeBase(articles: records)
        #expect(kb.articles.map(\.source) == ["a.txt", "b.txt", "c.gbk.txt", "m.txt", "z.txt"])
        #expect(kb.articles.map(\.duplicateOf) == [nil, nil, "b.txt", "a.txt", "a.txt"])
        var copy = ArticleRecord.duplicate(source: "z.txt", hash: late.hash, charset: "UTF-8", length: late.length, of: "a.txt")
        copy.recordId = "z1"
        copy.documentDate = "2025-03-05"
        #expect(kb.articles[4] == copy)
        #expect(kb.articles[2].charset == "GB18030" && kb.articles[2].text == nil && kb.articles[2].entities.isEmpty)
        // The copies add articles and sources, nothing else.
        let originals = KnowledgeBase(articles: [KBFixtures.page(source: "a.txt"), KBFixtures.note(source: "b.txt")])
        #expect(kb.facts == originals.facts && kb.entities == originals.entities && kb.keywords == originals.keywords)
        #expect(kb.topics == originals.topics && kb.series == originals.series)
        #expect(kb.stats.articles == 5 && kb.stats.sources == 5 && kb.stats.facts == 4)
        #expect(kb.stats.characters == originals.stats.characters)
        let expected = try KnowledgeBaseFile.encode(kb)
        #expect(try KnowledgeBaseFile.encode(KnowledgeBase(articles: records.reversed())) == expected)
        // A copy already in duplicate form (as ingest records it) is the same article.
        #expect(try KnowledgeBaseFile.encode(KnowledgeBase(articles: records.dropFirst() + [copy])) == expected)

        // Streamed (ingest and merge): records in two orders, aggregated on arrival or not.
        let url = dir.appendingPathComponent("kb.json")
        for order in [records, records.reversed()] {
            for eager in [true, false] {
                let assembler = try KnowledgeBaseAssembler(directory: dir)
                for r in order {
                    if eager {
                        try assembler.add(r, encoded: JSONOutput.stored(r), facts: EncodedFacts(r))
                    } else {
                        try assembler.add(encoded: JSONOutput.stored(r), head: ArticleHead(r))
                    }
                }
                try assembler.write(to: url, jobs: 2)
                #expect(try Self.contents(url) == expected, "eager: \(eager)")
            }
        }
        // Partial KBs of two groupings, merged in either order (a partial's copy is its own
        // original until the merge meets an earlier source).
        for groups in [[[0, 2], [1, 3, 4]], [[4], [0, 1, 2, 3]]] {
            var partials: [KnowledgeBaseScan] = []
            for (g, members) in groups.enumerated() {
                let part = dir.appendingPathComponent("part\(g).json")
                let assembler = try KnowledgeBaseAssembler(directory: dir)
                for i in members { try assembler.add(records[i], collision: .tieBreak) }
                try assembler.write(to: part)
                partials.append(try #require(try KnowledgeBaseScan.open(part)))
            }
            for order in [partials, partials.reversed()] {
                let assembler = try KnowledgeBaseAssembler(directory: dir)
                for scan in order { for a in scan.articles { try assembler.add(a, of: scan, collision: .tieBreak) } }
                try assembler.write(to: url)
                #expect(try Self.contents(url) == expected, "groups: \(groups)")
                #expect(assembler.conflicts.isEmpty)
            }
        }
    }

    @Test func scannedArticlesAreCopiedThroughAndReplaced() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        try KnowledgeBaseFile.write(KnowledgeBase(articles: [KBFixtures.note(), KBFixtures.page()]), to: url)
        let scan = try #require(try KnowledgeBaseScan.open(url))
        #expect(scan.articles.map(\.head.source) == ["a.txt", "b.txt"])
        #expect(try scan.bytes(scan.articles[1]) == JSONOutput.stored(KBFixtures.note()))

        // Old articles plus a new one give the KB of all three.
        let assembler = try KnowledgeBaseAssembler(directory: dir)
        for a in scan.articles { try assembler.add(a, of: scan) }
        try assembler.add(KBFixtures.note(source: "c.txt"))
        try assembler.write(to: url)
        let all = [KBFixtures.note(), KBFixtures.page(), KBFixtures.note(source: "c.txt")]
        #expect(try Self.contents(url) == KnowledgeBaseFile.encode(KnowledgeBase(articles: all)))
        // The scan still reads the replaced file's articles (it holds the old file open).
        #expect(try scan.bytes(scan.articles[0]) == JSONOutput.stored(KBFixtures.page()))
    }

    @Test func otherLayoutsAreDecodedAndForeignFilesRefused() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        #expect(try KnowledgeBaseScan.open(url) == nil)
        // The same KB pretty-printed (not one article per line) is still read.
        try KnowledgeBaseFile.pretty(KnowledgeBase(articles: [KBFixtures.page()])).write(to: url)
        let scan = try #require(try KnowledgeBaseScan.open(url))
        #expect(scan.articles.map(\.head.source) == ["a.txt"])
        #expect(try scan.bytes(scan.articles[0]) == JSONOutput.stored(KBFixtures.page()))
        try Data("{\"articles\": []}".utf8).write(to: url)
        #expect(throws: KnowledgeBaseFile.Problem.foreign(path: url.path)) { try KnowledgeBaseScan.open(url) }
        var newer = String(decoding: try KnowledgeBaseFile.encode(KnowledgeBase()), as: UTF8.self)
        newer = newer.replacingOccurrences(of: "\"schemaVersion\":\(KnowledgeBase.currentSchemaVersion)", with: "\"schemaVersion\":99")
        try Data(newer.utf8).write(to: url)
        #expect(throws: KnowledgeBaseFile.Problem.newerSchema(path: url.path, version: 99)) { try KnowledgeBaseScan.open(url) }
    }

    @Test func viewsAreReadWithoutArticlesAndFactsAreStreamed() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        let kb = KnowledgeBase(articles: [KBFixtures.note(), KBFixtures.page()])
        for write in [{ try KnowledgeBaseFile.write(kb, to: url) }, { try KnowledgeBaseFile.pretty(kb).write(to: url) }] {
            try write()
            var facts: [FactRow] = []
            let views = try #require(try KnowledgeBaseFile.readViews(url) { facts.append($0) })
            #expect(facts == kb.factRows())
            #expect(facts.map(\.fact) == kb.facts)
            #expect(views.articles.isEmpty && views.facts.isEmpty)
            #expect(views.entities == kb.entities)
            #expect(views.stats == kb.stats && views.keywords == kb.keywords && views.topics == kb.topics)
        }
        try Data("{\n\"articles\":[],\n\"format\":\"other\"\n}\n".utf8).write(to: url)
        #expect(throws: KnowledgeBaseFile.Problem.foreign(path: url.path)) { try KnowledgeBaseFile.readViews(url) { _ in } }
    }

    @Test func factSentenceIsTheOriginalText() {
        let text = "村民人均增收１０万元，增长5.5%。"
        var doc = Document(id: "z", text: text)
        doc.sentences = [Sentence(index: 0, range: doc.fullRange)]
        doc.quantities = [Quantity(text: "１０万元", range: KBFixtures.range(of: "１０万元", in: text), value: 100_000,
                                   unit: "元", unitKind: "money", subject: "人均增收", sentence: 0)]
        let kb = KnowledgeBase(articles: [ArticleRecord(document: doc, source: "z.txt", charset: "UTF-8")])
        #expect(kb.factRows().map(\.sentenceText) == ["村民人均增收１０万元，增长5.5%。"])
        #expect(kb.factRows().map(\.sentenceStart) == [0] && kb.factRows().map(\.sentenceEnd) == [18])
    }
}
