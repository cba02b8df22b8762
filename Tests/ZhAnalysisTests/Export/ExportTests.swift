import Foundation
import GRDB
import Testing
@testable import ZhAnalysis

/// A small real knowledge base: the Hangzhou districts article, two short articles with
/// ambiguous sentences (委托育儿 holds no word 托育; 南京市长江大桥 no word 市长), and a copy of
/// one of them under another name (a duplicate sharing its id).
enum ExportFixture {
    static let household = "家政服务\n\n他委托育儿嫂照看孩子，每月支付5000元。\n全区新增普惠托育机构12家，托育服务覆盖率达到85%。\n"
    static let bridge = "南京长江大桥\n\n南京市长江大桥建成于1968年，全长4589米。\n"

    static let pipeline: Pipeline = {
        do { return try Pipeline.standard(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("pipeline: \(error)")
        }
    }()

    static func record(_ text: String, source: String) throws -> ArticleRecord {
        let doc = try pipeline.run(Document(id: source, text: text))
        return ArticleRecord(document: doc, source: source, charset: "UTF-8")
    }

    /// Analysed once per test process.
    static let analysed: Result<[ArticleRecord], any Error> = Result { try analyse() }

    static func records() throws -> [ArticleRecord] { try analysed.get() }

    static func analyse() throws -> [ArticleRecord] {
        let seed = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let bridgeRecord = try record(bridge, source: "news/bridge.txt")
        let copy = ArticleRecord.duplicate(source: "copy/bridge.txt", hash: bridgeRecord.hash, charset: "GB18030",
                                           length: bridge.unicodeScalars.count, of: "news/bridge.txt")
        return [try record(seed, source: "Corpus/hangzhou-districts.txt"), try record(household, source: "news/household.txt"),
                bridgeRecord, copy]
    }

    /// The fixture KB written to `folder/kb.json`.
    static func writeKB(in folder: URL, records: [ArticleRecord]? = nil) throws -> (url: URL, kb: KnowledgeBase) {
        let kb = KnowledgeBase(articles: try records ?? Self.records())
        let url = folder.appendingPathComponent("kb.json")
        try KnowledgeBaseFile.write(kb, to: url)
        return (url, kb)
    }

    static let indexer: SentenceIndexer = SentenceIndexer(segmenter: TestSupport.segmenter)

    static func jsonl(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// RFC 4180 records (quoted fields may hold commas, quotes and line breaks); nil for an
    /// empty unquoted field, "" for a quoted empty one.
    static func csv(_ url: URL) throws -> [[String?]] {
        let s = Array(try String(contentsOf: url, encoding: .utf8).unicodeScalars)
        var rows: [[String?]] = [], row: [String?] = [], field = String.UnicodeScalarView()
        var quoted = false, inQuotes = false, i = 0
        func endField() { row.append(field.isEmpty && !quoted ? nil : String(field)); field = .init(); quoted = false }
        while i < s.count {
            let c = s[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < s.count && s[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" { inQuotes = true; quoted = true
            } else if c == "," { endField()
            } else if c == "\r" && i + 1 < s.count && s[i + 1] == "\n" { endField(); rows.append(row); row = []; i += 1
            } else { field.append(c) }
            i += 1
        }
        return rows
    }

    static func tableRows(_ db: URL, _ table: String) throws -> [[DatabaseValue]] {
        let queue = try DatabaseQueue(path: db.path)
        defer { try? queue.close() }
        return try queue.read { db in
            let count = try Row.fetchOne(db, sql: "SELECT * FROM \"\(table)\" LIMIT 1")?.count ?? 0
            let order = count == 0 ? "" : " ORDER BY " + (1...count).map(String.init).joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"" + order).map { Array($0.databaseValues) }
        }
    }

    static let sqliteTables = ExportTable.allCases.map(\.rawValue) + ["sentences", "zhkb_articles"]
}

@Suite(.serialized) struct ExportTests {
    @Test func rowCountsEqualTheKnowledgeBase() throws {
        let dir = try TestSupport.temporaryDirectory("export-counts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, kb) = try ExportFixture.writeKB(in: dir)
        for format in TableFormat.allCases {
            let out = dir.appendingPathComponent(format.rawValue)
            let counts = try KnowledgeBaseExport(kb: url).write(into: try TableFileWriter(folder: out, format: format))
            let mentions = kb.articles.reduce(0) { $0 + $1.entities.reduce(0) { $0 + $1.mentions.count } }
            let keywords = kb.keywords.corpus.count + kb.keywords.districts.values.reduce(0) { $0 + $1.count }
                + kb.articles.reduce(0) { $0 + $1.keywords.count + $1.sections.reduce(0) { $0 + $1.keywords.count } }
            let topics = kb.topics.corpus.count + kb.topics.districts.values.reduce(0) { $0 + $1.count }
                + kb.articles.reduce(0) { $0 + $1.topics.count + $1.sections.reduce(0) { $0 + $1.topics.count } }
            let expected: [ExportTable: Int] = [
                .articles: kb.articles.count, .sections: kb.articles.reduce(0) { $0 + $1.sections.count },
                .entities: kb.entities.count, .mentions: mentions, .facts: kb.facts.count, .series: kb.series.reduce(0) { $0 + $1.points.count },
                .keywords: keywords, .topics: topics,
            ]
            #expect(counts == expected)
            #expect(kb.articles.count == 4 && kb.facts.count > 20 && mentions > 50)
            // The files hold as many rows (CSV: plus its header).
            for t in ExportTable.allCases {
                let file = out.appendingPathComponent("\(t.rawValue).\(format.rawValue)")
                let rows = format == .csv ? try ExportFixture.csv(file).count - 1 : try ExportFixture.jsonl(file).count
                #expect(rows == expected[t], "\(t) \(format)")
            }
        }
    }

    /// Every key of every resolved KB fact (`FactRow`, the flat row) has its column, with the same
    /// value, in facts.jsonl and facts.csv.
    @Test func factTableKeepsEveryFactField() throws {
        let dir = try TestSupport.temporaryDirectory("export-facts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, kb) = try ExportFixture.writeKB(in: dir)
        try KnowledgeBaseExport(kb: url).write(into: try TableFileWriter(folder: dir.appendingPathComponent("j"), format: .jsonl))
        try KnowledgeBaseExport(kb: url).write(into: try TableFileWriter(folder: dir.appendingPathComponent("c"), format: .csv))
        let rows = try ExportFixture.jsonl(dir.appendingPathComponent("j/facts.jsonl"))
        let csv = try ExportFixture.csv(dir.appendingPathComponent("c/facts.csv"))
        let header = csv[0].map { $0 ?? "" }
        #expect(header == FactTable.columns.map(\.name))
        let facts = kb.factRows()
        #expect(facts.count == kb.facts.count)
        #expect(rows.count == kb.facts.count && csv.count == kb.facts.count + 1)
        // KB key → columns holding it.
        let renamed: [String: [String]] = [
            "unitKind": ["unit_kind"], "sentenceText": ["sentence_text"], "sentenceStart": ["sentence_start"],
            "sentenceEnd": ["sentence_end"], "documentDate": ["document_date"], "si": ["si_value", "si_unit"],
            "period": ["period_text", "period_start", "period_end"],
        ]
        var checked = Set<String>()
        for (fact, row) in zip(facts, rows) {
            let object = try #require(try JSONSerialization.jsonObject(with: try KnowledgeBaseFile.compactEncoder.encode(fact)) as? [String: Any])
            for (key, value) in object {
                if key == "role" { #expect(value as? String == "statistic"); continue } // facts are statistics
                checked.insert(key)
                let columns = try #require(renamed[key] ?? (row[key] != nil ? [key] : nil), "no column for the fact field \(key)")
                switch key {
                case "si":
                    let si = try #require(value as? [String: Any])
                    #expect(row["si_value"] as? Double == si["value"] as? Double)
                    #expect(row["si_unit"] as? String == si["unit"] as? String)
                case "period":
                    let p = try #require(value as? [String: Any])
                    #expect(row["period_text"] as? String == p["text"] as? String)
                    #expect(row["period_start"] as? String == p["start"] as? String)
                    #expect(row["period_end"] as? String == p["end"] as? String)
                default:
                    let column = columns[0]
                    #expect(NSDictionary(dictionary: [0: value]) == NSDictionary(dictionary: [0: row[column] as Any]), "\(key)")
                }
            }
            // The quantity index points at this statistic in its article record.
            let article = try #require(kb.articles.first { $0.id == fact.article && $0.duplicateOf == nil })
            #expect(article.quantities[row["quantity"] as! Int].quantity == fact.quantity)
        }
        #expect(checked.isSuperset(of: ["id", "value", "unit", "unitKind", "approx", "subject", "qualifiers", "sentenceText",
                                         "sentenceStart", "sentenceEnd", "article", "quantity", "source", "text", "title"]))
        // CSV holds the same cells as JSON Lines, written as text.
        for (row, line) in zip(rows, csv.dropFirst()) {
            for (i, column) in header.enumerated() {
                let cell = line[i]
                switch row[column] {
                case nil, is NSNull: #expect(cell == nil, "\(column)")
                case let s as String: #expect(cell == s, "\(column)")
                case let n as NSNumber:
                    #expect(cell.flatMap(Double.init) == n.doubleValue, "\(column)")
                default:
                    let json = try JSONSerialization.data(withJSONObject: row[column]!, options: [.sortedKeys, .withoutEscapingSlashes])
                    #expect(cell.map { Data($0.utf8) } == json, "\(column)")
                }
            }
        }
    }

    @Test func csvIsRFC4180() throws {
        let row = TableRow(.keywords, [.text("corpus"), .null, .text(""), .integer(-3), .integer(1), .text("a,\"b\"\r\nc"),
                                       .integer(2), .null, .real(0.25)])
        #expect(String(decoding: TableFormat.csv.encode(row), as: UTF8.self) == "corpus,,\"\",-3,1,\"a,\"\"b\"\"\r\nc\",2,,0.25\r\n")
        #expect(String(decoding: TableFormat.jsonl.encode(row), as: UTF8.self)
                == "{\"scope\":\"corpus\",\"district\":null,\"article\":\"\",\"section\":-3,\"rank\":1,\"term\":\"a,\\\"b\\\"\\r\\nc\",\"count\":2,\"documents\":null,\"weight\":0.25}\n")
    }

    @Test func articlesSharingAnIdGetDistinctKeys() throws {
        let dir = try TestSupport.temporaryDirectory("export-keys")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, kb) = try ExportFixture.writeKB(in: dir)
        try KnowledgeBaseExport(kb: url).write(into: try TableFileWriter(folder: dir, format: .jsonl))
        let articles = try ExportFixture.jsonl(dir.appendingPathComponent("articles.jsonl"))
        let keys = articles.compactMap { $0["key"] as? String }
        #expect(Set(keys).count == kb.articles.count)
        let shared = articles.filter { ($0["source"] as? String)?.hasSuffix("bridge.txt") == true }
        #expect(shared.count == 2 && Set(shared.compactMap { $0["id"] as? String }).count == 1)
        // The analysed article keeps the bare id (its facts' ids are `<article id>#<quantity>`), the copy gets a suffix.
        let original = try #require(shared.first { $0["duplicate_of"] is NSNull })
        let copy = try #require(shared.first { $0["duplicate_of"] is String })
        #expect(original["key"] as? String == original["id"] as? String)
        #expect((copy["key"] as! String).hasPrefix((copy["id"] as! String) + "-") && (copy["key"] as! String).count == 25)
        let facts = try ExportFixture.jsonl(dir.appendingPathComponent("facts.jsonl"))
        #expect(facts.contains { $0["article"] as? String == original["key"] as? String })
        #expect(Set(facts.compactMap { $0["article"] as? String }).isSubset(of: Set(keys)))
    }

    @Test func secondExportIsIdentical() throws {
        let dir = try TestSupport.temporaryDirectory("export-again")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, _) = try ExportFixture.writeKB(in: dir)
        for format in TableFormat.allCases {
            let a = dir.appendingPathComponent("a-\(format.rawValue)"), b = dir.appendingPathComponent("b-\(format.rawValue)")
            try KnowledgeBaseExport(kb: url).write(into: try TableFileWriter(folder: a, format: format))
            try KnowledgeBaseExport(kb: url).write(into: try TableFileWriter(folder: b, format: format))
            for t in ExportTable.allCases {
                let name = "\(t.rawValue).\(format.rawValue)"
                let x = try Data(contentsOf: a.appendingPathComponent(name)), y = try Data(contentsOf: b.appendingPathComponent(name))
                #expect(x == y, "\(name)")
            }
        }
        let db = dir.appendingPathComponent("kb.db")
        let export = SQLiteExport(indexer: ExportFixture.indexer)
        try export.export(kb: url, to: db)
        let first = try ExportFixture.sqliteTables.map { try ExportFixture.tableRows(db, $0) }
        try export.export(kb: url, to: db) // replaces it
        let second = try ExportFixture.sqliteTables.map { try ExportFixture.tableRows(db, $0) }
        #expect(first == second)
        #expect(first[ExportFixture.sqliteTables.firstIndex(of: "facts")!].count > 20)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp.") } == [])
    }

    @Test func exportRefusesADatabaseItDidNotWrite() throws {
        let dir = try TestSupport.temporaryDirectory("export-foreign")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (url, _) = try ExportFixture.writeKB(in: dir)
        let foreign = dir.appendingPathComponent("other.db")
        try Data("not a database, but precious".utf8).write(to: foreign)
        #expect(throws: ExportError.notAnExport(path: foreign.path)) {
            try SQLiteExport(indexer: ExportFixture.indexer).export(kb: url, to: foreign)
        }
        #expect(try String(contentsOf: foreign, encoding: .utf8) == "not a database, but precious")
    }

    /// ingest --sqlite after one article changed: that article replaced (not duplicated), a new
    /// one added, the rest untouched; the database then equals a fresh export row for row.
    @Test func incrementalUpdateReplacesChangedArticles() throws {
        let dir = try TestSupport.temporaryDirectory("export-sync")
        defer { try? FileManager.default.removeItem(at: dir) }
        var records = try ExportFixture.records()
        let (url, _) = try ExportFixture.writeKB(in: dir, records: records)
        let db = dir.appendingPathComponent("kb.db")
        let export = SQLiteExport(indexer: ExportFixture.indexer)
        let first = try export.update(kb: url, db: db) // creates it
        #expect(first.inserted == 4 && first.deleted == 0)
        let again = try export.update(kb: url, db: db)
        #expect(again.inserted == 0 && again.deleted == 0 && again.unchanged == 4)
        // The household article changes (same source, new text); a new article arrives.
        let i = try #require(records.firstIndex { $0.source == "news/household.txt" })
        records[i] = try ExportFixture.record(ExportFixture.household + "今年计划再新增托位300个。\n", source: "news/household.txt")
        records.append(try ExportFixture.record("新闻\n\n全市常住人口达到1252万人。\n", source: "news/people.txt"))
        _ = try ExportFixture.writeKB(in: dir, records: records)
        let update = try export.update(kb: url, db: db)
        #expect(update.inserted == 2 && update.deleted == 1 && update.unchanged == 3)
        let fresh = dir.appendingPathComponent("fresh.db")
        try export.export(kb: url, to: fresh)
        for table in ExportFixture.sqliteTables {
            #expect(try ExportFixture.tableRows(db, table) == ExportFixture.tableRows(fresh, table), "\(table)")
        }
        let queue = try DatabaseQueue(path: db.path)
        defer { try? queue.close() }
        let counts = try queue.read { db in
            try [
                "SELECT COUNT(*) - COUNT(DISTINCT id) FROM facts",
                "SELECT COUNT(*) FROM articles WHERE source = 'news/household.txt'",
                "SELECT COUNT(*) FROM facts WHERE text = '300个' AND article IN (SELECT key FROM articles WHERE source = 'news/household.txt')",
                "SELECT COUNT(*) FROM (SELECT article, sentence FROM sentences GROUP BY 1, 2 HAVING COUNT(*) > 1)",
            ].map { try Int.fetchOne(db, sql: $0) }
        }
        #expect(counts == [0, 1, 1, 0])
    }
}

@Suite(.serialized) struct SentenceSearchTests {
    static func database() throws -> (dir: URL, db: URL) {
        let dir = try TestSupport.temporaryDirectory("search")
        let (url, _) = try ExportFixture.writeKB(in: dir)
        let db = dir.appendingPathComponent("kb.db")
        try SQLiteExport(indexer: ExportFixture.indexer).export(kb: url, to: db)
        return (dir, db)
    }

    /// 托育 finds exactly the sentences holding it as a word — alone or inside a dictionary
    /// compound (普惠托育, 托育服务, 托育园) — and not 委托育儿 (委托 育儿).
    @Test func twoCharacterWordFindsExactlyItsSentences() throws {
        let (dir, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let search = try SentenceSearch(database: db, indexer: ExportFixture.indexer)
        let hits = try search.search("托育", limit: 1000)
        #expect(hits.allSatisfy { $0.match == .word })
        let all = try ExportFixture.tableRows(db, "sentences") // words, text, article, sentence, …
        let containing = all.filter { (String.fromDatabaseValue($0[1]) ?? "").contains("托育") }
        let expected = containing.filter { !(String.fromDatabaseValue($0[1]) ?? "").contains("委托育儿") }
        #expect(containing.count == expected.count + 1)
        #expect(Set(hits.map { "\($0.article)#\($0.sentence)" })
                == Set(expected.map { "\(String.fromDatabaseValue($0[2])!)#\(Int.fromDatabaseValue($0[3])!)" }))
        #expect(hits.count >= 5)
        // Every hit marks 托育 and nothing else.
        for hit in hits {
            let scalars = Array(hit.text.unicodeScalars)
            #expect(!hit.highlights.isEmpty)
            for h in hit.highlights { #expect(String(String.UnicodeScalarView(scalars[h.start..<h.end])) == "托育") }
        }
        let household = try #require(hits.first { $0.text.hasPrefix("全区新增普惠托育机构") })
        #expect(household.marked == "全区新增普惠⟦托育⟧机构12家，⟦托育⟧服务覆盖率达到85%。")
        #expect(household.source == "news/household.txt")
    }

    /// 市长 is no word of 南京市长江大桥 (南京市 长江大桥), and no sentence has it as a word: the
    /// search falls back to the characters and says so.
    @Test func wordTheSegmenterSplitsIsFoundByItsCharacters() throws {
        let (dir, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try TestSupport.segment("南京市长江大桥建成于1968年") == ["南京市", "长江大桥", "建成", "于", "1968年"])
        let search = try SentenceSearch(database: db, indexer: ExportFixture.indexer)
        let hits = try search.search("市长")
        #expect(hits.map(\.match) == [.characters])
        #expect(hits.map(\.marked) == ["南京⟦市长⟧江大桥建成于1968年，全长4589米。"])
        // Words the segmenter keeps inside a compound are words of the index: 大桥 in 长江大桥
        // (the title and the sentence).
        #expect(try search.search("大桥").map(\.marked) == ["南京长江⟦大桥⟧", "南京市长江⟦大桥⟧建成于1968年，全长4589米。"])
    }

    /// The character fallback folds both sides: 市长 typed in Simplified finds it inside a
    /// Traditional sentence (南京市長江大橋), and 市長 typed in Traditional finds the Simplified one.
    @Test func characterFallbackMeetsTraditionalAndSimplified() throws {
        let dir = try TestSupport.temporaryDirectory("search-trad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = [try ExportFixture.record(ExportFixture.bridge, source: "news/bridge.txt"),
                       try ExportFixture.record("南京長江大橋\n\n南京市長江大橋建成於1968年。\n", source: "news/bridge-hk.txt")]
        let (url, _) = try ExportFixture.writeKB(in: dir, records: records)
        let db = dir.appendingPathComponent("kb.db")
        try SQLiteExport(indexer: ExportFixture.indexer).export(kb: url, to: db)
        let search = try SentenceSearch(database: db, indexer: ExportFixture.indexer)
        let expected = ["南京⟦市长⟧江大桥建成于1968年，全长4589米。", "南京⟦市長⟧江大橋建成於1968年。"]
        for query in ["市长", "市長"] {
            let hits = try search.search(query)
            #expect(hits.map(\.match) == [.characters, .characters], "\(query)")
            #expect(hits.map(\.marked).sorted() == expected.sorted(), "\(query)")
        }
    }

    @Test func placeFilterAndLimit() throws {
        let (dir, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let search = try SentenceSearch(database: db, indexer: ExportFixture.indexer)
        let all = try search.search("托育", limit: 1000)
        let binjiang = try search.search("托育", place: "滨江区", limit: 1000)
        #expect(!binjiang.isEmpty && binjiang.count < all.count)
        #expect(binjiang.allSatisfy { $0.district == "滨江区" || $0.places.contains("滨江区") })
        #expect(try search.search("托育", limit: 2).count == 2)
        #expect(try search.search("，。").isEmpty)
    }
}
