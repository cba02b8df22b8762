import Foundation
import Testing
@testable import ZhAnalysis

/// Schema 2 (text once, facts by reference) reads schema 1 and upgrades it without losing a fact,
/// and every fact of a real corpus reaches its sentence through its article.
///
/// `Fixtures/kb-v1/kb.json` was written by the schema-1 `zhkb` (commit c2ca977) with
/// `zhkb ingest in --kb kb-v1.json --jobs 1` from the three text files beside it (in a folder
/// `in/`): a cut of the seed article (two district sections), a short news article and a copy
/// of it (recorded as a duplicate).
@Suite struct SchemaUpgradeTests {
    static let fixture = TestSupport.fixture("kb-v1/kb.json")

    /// The fact rows of a schema-1 file as it wrote them (flat JSON objects).
    static func schemaOneFacts(_ url: URL) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(object?["facts"] as? [[String: Any]])
    }

    /// A resolved row says what the schema-1 row said: same article, source, district, section,
    /// quantity fields and sentence text.
    static func expectSame(_ rows: [FactRow], as old: [[String: Any]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rows.count == old.count, sourceLocation: sourceLocation)
        for (row, o) in zip(rows, old) {
            #expect(row.article == o["article"] as? String, sourceLocation: sourceLocation)
            #expect(row.source == o["source"] as? String, sourceLocation: sourceLocation)
            #expect(row.district == o["district"] as? String, sourceLocation: sourceLocation)
            #expect(row.section == o["section"] as? Int, sourceLocation: sourceLocation)
            #expect(row.text == o["text"] as? String, sourceLocation: sourceLocation)
            #expect(row.start == o["start"] as? Int && row.end == o["end"] as? Int, sourceLocation: sourceLocation)
            #expect(row.value == o["value"] as? Double, sourceLocation: sourceLocation)
            #expect(row.unit == o["unit"] as? String && row.unitKind == o["unitKind"] as? String, sourceLocation: sourceLocation)
            #expect(row.subject == o["subject"] as? String, sourceLocation: sourceLocation)
            #expect(row.sentenceText == o["sentenceText"] as? String, sourceLocation: sourceLocation)
        }
    }

    @Test func schemaOneIsReadWithItsFactsResolvedFromItsArticles() throws {
        let kb = try #require(try KnowledgeBaseFile.read(Self.fixture))
        #expect(kb.schemaVersion == 1)
        #expect(kb.articles.allSatisfy { $0.text == nil })
        let old = try Self.schemaOneFacts(Self.fixture)
        #expect(old.count == 3)
        let rows = kb.factRows()
        Self.expectSame(rows, as: old)
        #expect(rows.map(\.district) == ["上城区", "上城区", nil])
        #expect(rows.allSatisfy { $0.sentenceStart == nil && $0.sentenceEnd == nil })
        #expect(rows.map(\.id) == kb.facts.map(\.id))

        // Streamed the same way (what `zhkb stats` reads).
        var streamed: [FactRow] = []
        let views = try #require(try KnowledgeBaseFile.readViews(Self.fixture) { streamed.append($0) })
        #expect(streamed == rows)
        #expect(views.schemaVersion == 1)
        #expect(views.stats.facts == 3)
    }

    @Test func writingUpgradesTheArticlesAndTheFactTable() throws {
        let dir = try TestSupport.temporaryDirectory("upgrade")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        try FileManager.default.copyItem(at: Self.fixture, to: url)
        let scan = try #require(try KnowledgeBaseScan.open(url))
        #expect(scan.schemaVersion == 1)
        let oldRecords = try scan.articles.map { try JSONInput.decodeRecord(try scan.bytes($0)) }
        let assembler = try KnowledgeBaseAssembler(directory: dir)
        for a in scan.articles { try assembler.add(a, of: scan) }
        try assembler.write(to: url)

        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(text.contains("\n\"schemaVersion\":\(KnowledgeBase.currentSchemaVersion),\n"))
        let upgraded = try #require(try KnowledgeBaseScan.open(url))
        #expect(upgraded.schemaVersion == KnowledgeBase.currentSchemaVersion)
        // The articles as they were (no text, sentences in the quantities), stored in the current schema.
        #expect(try upgraded.articles.map { try upgraded.bytes($0) } == oldRecords.map(JSONOutput.stored))
        #expect(try upgraded.articles.map { try JSONInput.decodeRecord(try upgraded.bytes($0)) } == oldRecords)
        let kb = try #require(try KnowledgeBaseFile.read(url))
        #expect(kb.facts.map(\.quantity).count == 3)
        Self.expectSame(kb.factRows(), as: try Self.schemaOneFacts(Self.fixture))
        // The same as building the KB from the records in memory.
        #expect(try Data(contentsOf: url) == KnowledgeBaseFile.encode(KnowledgeBase(articles: kb.articles)))
        // The schema accepts the upgraded file (articles without text, sentences in the quantities).
        #expect(try SchemaValidator(schema: KnowledgeBaseTests.schema).validate(Data(contentsOf: url)) == [])
    }

    /// Every fact of the dev corpus reaches its article, its statistic and its sentence through
    /// kb.json as stored (texts compressed, rows): the sentence text is the article text at the
    /// row's range, holds the statistic as written, and is the whole sentence whenever that is
    /// short enough.
    @Test func everyFactOfTheDevCorpusReachesItsSentence() throws {
        guard let dev = KnowledgeBaseSchemaPropertyTests.corpusDev else { return }
        let records = try KnowledgeBaseSchemaPropertyTests.records(folder: dev)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-dev-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let built = KnowledgeBase(articles: records)
        try KnowledgeBaseFile.write(built, to: file)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("\"textZlib\":"))
        let kb = try #require(try KnowledgeBaseFile.read(file))
        #expect(kb.articles == built.articles && kb.facts == built.facts)
        var byId: [String: [ArticleRecord]] = [:]
        for a in kb.articles { byId[a.id, default: []].append(a) }
        #expect(kb.facts.count > 1000)
        var whole = 0
        for fact in kb.facts {
            let article = try #require(byId[fact.article]?.first, "\(fact.id)")
            let row = try FactRow(resolving: fact, in: article)
            let text = Array(try #require(article.text).unicodeScalars)
            let start = try #require(row.sentenceStart), end = try #require(row.sentenceEnd)
            #expect(row.sentenceText == ScalarText.string(text, start, end), "\(fact.id)")
            #expect(start <= row.start && row.end <= end, "\(fact.id)")
            #expect(ScalarText.string(text, row.start, row.end) == row.text, "\(fact.id)")
            #expect(row.role == .statistic)
            let sentence = try #require(row.sentence.flatMap { article.sentenceRange($0) }, "\(fact.id)")
            #expect(sentence.start <= row.start && row.end <= sentence.end, "\(fact.id)")
            if sentence.length <= ArticleRecord.maxContextLength {
                let trimmed = ArticleRecord.trimmed(sentence, in: text)
                #expect(start == trimmed.start && end == trimmed.end, "\(fact.id)")
                whole += 1
            }
        }
        #expect(whole > kb.facts.count / 2)
        #expect(kb.factRows().count == kb.facts.count)
    }
}
