import Foundation
import Testing
@testable import ZhAnalysis

/// The incremental update of `zhkb ingest`: what is kept, replaced, restored and written.
@Suite struct KnowledgeBaseUpdateTests {
    static func record(_ source: String, _ text: String) -> ArticleRecord {
        let hash = SHA256.hex(of: text)
        return ArticleRecord(id: ArticleRecord.id(forHash: hash), source: source, hash: hash, charset: "UTF-8",
                             length: text.unicodeScalars.count)
    }

    static func input(_ source: String, _ text: String) -> ArticleInput {
        ArticleInput(source: source, part: nil, line: nil, text: text, charset: "UTF-8", hash: SHA256.hex(of: text),
                     byteCount: text.utf8.count)
    }

    /// One run: every (source, text) is offered; unknown ones are "analysed" into records.
    static func ingest(_ path: String, _ files: [(String, [String])], rebuild: Bool = false) throws -> KnowledgeBaseUpdate.Summary {
        let update = try KnowledgeBaseUpdate(path: path, rebuild: rebuild)
        for (source, texts) in files {
            for text in texts where !update.skip(input(source, text)) {
                try update.add(record(source, text), encoded: nil, facts: nil)
            }
            update.fileRead(source, hashes: Set(texts.map { SHA256.hex(of: $0) }))
        }
        return try update.commit()
    }

    static func keys(_ path: String) throws -> [String] {
        try KnowledgeBaseScan.open(URL(fileURLWithPath: path))?.articles.map { "\($0.head.source) \($0.head.hash.prefix(4))" } ?? []
    }

    static func short(_ source: String, _ text: String) -> String { "\(source) \(SHA256.hex(of: text).prefix(4))" }

    @Test func addsKeepsAndReplaces() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-update")
        defer { try? FileManager.default.removeItem(at: dir) }
        let kb = dir.appendingPathComponent("kb.json").path

        var s = try Self.ingest(kb, [("a.txt", ["杭州"]), ("b.txt", ["上城区"])])
        #expect(s == KnowledgeBaseUpdate.Summary(added: 2, unchanged: 0, removed: 0, total: 2, written: true))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: kb))

        // The same files again: nothing analysed, the file is not touched.
        s = try Self.ingest(kb, [("a.txt", ["杭州"]), ("b.txt", ["上城区"])])
        #expect(s == KnowledgeBaseUpdate.Summary(added: 0, unchanged: 2, removed: 0, total: 2, written: false))
        #expect(try Data(contentsOf: URL(fileURLWithPath: kb)) == bytes)

        // a.txt changed; b.txt not read this time: a's old article goes, b's stays.
        s = try Self.ingest(kb, [("a.txt", ["滨江区"])])
        #expect(s == KnowledgeBaseUpdate.Summary(added: 1, unchanged: 0, removed: 1, total: 2, written: true))
        #expect(try Set(Self.keys(kb)) == [Self.short("a.txt", "滨江区"), Self.short("b.txt", "上城区")])

        // Standard input replaces nothing.
        s = try Self.ingest(kb, [("-", ["余杭区"])])
        #expect(s.removed == 0 && s.total == 3)

        // --rebuild: only what this run read.
        s = try Self.ingest(kb, [("c.txt", ["西湖区"])], rebuild: true)
        #expect(s == KnowledgeBaseUpdate.Summary(added: 1, unchanged: 0, removed: 0, total: 1, written: true))
        #expect(try Self.keys(kb) == [Self.short("c.txt", "西湖区")])
    }

    /// The same text given another document date (`--date`, a record's `date`) is analysed
    /// again and replaces its old version; given the same date again, it is kept.
    @Test func anotherDocumentDateIsAnalysedAgain() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-update")
        defer { try? FileManager.default.removeItem(at: dir) }
        let kb = dir.appendingPathComponent("kb.json").path
        func run(_ date: String?) throws -> KnowledgeBaseUpdate.Summary {
            let update = try KnowledgeBaseUpdate(path: kb)
            var input = Self.input("a.txt", "今年以来，全市新增就业3.2万人。")
            input.date = date
            if !update.skip(input) {
                var record = Self.record("a.txt", input.text)
                record.documentDate = date
                try update.add(record, encoded: nil, facts: nil)
            }
            update.fileRead("a.txt", hashes: [input.hash])
            return try update.commit()
        }
        #expect(try run(nil) == KnowledgeBaseUpdate.Summary(added: 1, unchanged: 0, removed: 0, total: 1, written: true))
        #expect(try run(nil) == KnowledgeBaseUpdate.Summary(added: 0, unchanged: 1, removed: 0, total: 1, written: false))
        #expect(try run("2012-06-15") == KnowledgeBaseUpdate.Summary(added: 1, unchanged: 0, removed: 0, total: 1, written: true))
        #expect(try KnowledgeBaseScan.open(URL(fileURLWithPath: kb))?.articles.map(\.head.documentDate) == ["2012-06-15"])
        #expect(try run("2012-06-15") == KnowledgeBaseUpdate.Summary(added: 0, unchanged: 1, removed: 0, total: 1, written: false))
        #expect(try run("2013-01-01").added == 1)
    }

    /// Another ingest writes between this one's start and its commit: both land, and an article
    /// this run kept as known but the other one dropped is restored.
    @Test func mergesWithAWriterThatCameBetween() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-update")
        defer { try? FileManager.default.removeItem(at: dir) }
        let kb = dir.appendingPathComponent("kb.json").path
        _ = try Self.ingest(kb, [("a.txt", ["杭州"]), ("b.txt", ["上城区"])])

        let slow = try KnowledgeBaseUpdate(path: kb)
        #expect(slow.skip(Self.input("a.txt", "杭州")))
        slow.fileRead("a.txt", hashes: [SHA256.hex(of: "杭州")])
        try slow.add(Self.record("d.txt", "萧山区"), encoded: nil, facts: nil)

        // Meanwhile: a rebuild that keeps only c.txt.
        _ = try Self.ingest(kb, [("c.txt", ["西湖区"])], rebuild: true)

        let s = try slow.commit()
        #expect(s.written && s.added == 1 && s.unchanged == 1)
        #expect(try Set(Self.keys(kb)) == [Self.short("a.txt", "杭州"), Self.short("c.txt", "西湖区"), Self.short("d.txt", "萧山区")])
    }

    @Test func refusesAForeignFileAndNeverReadsItself() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-update")
        defer { try? FileManager.default.removeItem(at: dir) }
        let foreign = dir.appendingPathComponent("notes.json")
        try Data("{\"hello\": 1}\n".utf8).write(to: foreign)
        #expect(throws: (any Error).self) { _ = try KnowledgeBaseUpdate(path: foreign.path) }
        #expect(try Data(contentsOf: foreign) == Data("{\"hello\": 1}\n".utf8))
        let path = dir.appendingPathComponent("kb.json").path
        let update = try KnowledgeBaseUpdate(path: path)
        let normalized = ArticleSource.normalizedPath(path)
        #expect(update.excludedPaths == [normalized, normalized + ".lock"])
    }
}
