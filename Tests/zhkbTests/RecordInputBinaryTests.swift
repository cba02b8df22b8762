import Foundation
import Testing
import ZhAnalysis

/// `extract` and `ingest` on JSON Lines records, and `merge` of their output, on the built binary.
@Suite(.serialized) struct RecordInputBinaryTests {
    typealias TempDir = KnowledgeBaseBinaryTests.TempDir

    static func line(_ fields: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    static let a = KnowledgeBaseBinaryTests.articleA
    static let b = KnowledgeBaseBinaryTests.articleB

    @Test func extractWritesOneRecordPerGoodLineInOrderAndNamesBadLines() throws {
        let dir = try TempDir()
        let path = try dir.file("feed.jsonl", [
            try Self.line(["source": "feed/b", "text": Self.b, "id": "b1", "date": "2025-03-05"]),
            #"{"source": "feed/x", "text": null}"#,
            try Self.line(["source": "feed/a", "text": Self.a]),
        ].joined(separator: "\n") + "\n")
        let r = try BinaryTests.run(["extract", "--input-format", "jsonl", "--jsonl", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(path):2: warning: [input] \"text\" is not a string; line skipped"))
        let records = try r.stdout.split(separator: "\n").map { try JSONInput.decodeRecord(Array($0.utf8)) }
        #expect(records.map(\.source) == ["feed/b", "feed/a"])
        #expect(records.map(\.recordId) == ["b1", nil])
        #expect(records.map(\.id) == [ArticleRecord.id(forHash: SHA256.hex(of: Self.b)), ArticleRecord.id(forHash: SHA256.hex(of: Self.a))])
        #expect(records.map(\.documentDate) == ["2025-03-05", nil])
        #expect(records.map(\.hash) == [SHA256.hex(of: Self.b), SHA256.hex(of: Self.a)])
        // The same text read as a file gives the same analysis.
        let file = try dir.file("a.txt", Self.a)
        let f = try BinaryTests.run(["extract", "--jsonl", file])
        var fromFile = try JSONInput.decodeRecord(Array(f.stdout.utf8.dropLast()))
        fromFile.source = "feed/a"
        #expect(fromFile == records[1])
    }

    @Test func ingestOfRecordsIsIncrementalBySourceAndHashAndMergeGivesTheSameKB() throws {
        let dir = try TempDir()
        let feed = try dir.file("feed.jsonl", [
            try Self.line(["source": "feed/a", "text": Self.a]),
            try Self.line(["source": "feed/b", "text": Self.b, "date": "2025-03-05"]),
        ].joined(separator: "\n") + "\n")
        let kb = dir.path("kb.json")
        var r = try BinaryTests.run(["ingest", feed, "--kb", kb, "--jobs", "2"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("2 analysed, 0 unchanged, 0 replaced"))
        r = try BinaryTests.run(["ingest", "--input-format", "jsonl", feed, "--kb", kb])
        #expect(r.stderr.contains("0 analysed, 2 unchanged, 0 replaced"))
        // A new text under a known source replaces the old one; other sources stay.
        let changed = Self.a.replacingOccurrences(of: "5000", with: "6000")
        let update = try dir.file("update.jsonl", try Self.line(["source": "feed/a", "text": changed]) + "\n")
        r = try BinaryTests.run(["ingest", update, "--kb", kb])
        #expect(r.status == 0)
        #expect(r.stderr.contains("1 analysed, 0 unchanged, 1 replaced, 0 duplicates; \(kb): 2 articles"))
        let articles = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb))).articles
        #expect(articles.map(\.hash) == [SHA256.hex(of: changed), SHA256.hex(of: Self.b)])
        #expect(articles.map(\.documentDate) == [nil, "2025-03-05"])

        // extract of each record alone, merged in reverse order: byte-identical to one ingest.
        let both = try dir.file("both.jsonl", [
            try Self.line(["source": "feed/a", "text": changed]),
            try Self.line(["source": "feed/b", "text": Self.b, "date": "2025-03-05"]),
        ].joined(separator: "\n") + "\n")
        let fresh = dir.path("fresh.json")
        #expect(try BinaryTests.run(["ingest", both, "--kb", fresh]).status == 0)
        var parts: [String] = []
        for (i, source) in [update, feed].enumerated() {
            let out = try BinaryTests.run(["extract", "--jsonl", source])
            let keep = out.stdout.split(separator: "\n").filter { !$0.contains(#""source":"feed/a""#) || i == 0 }
            parts.append(try dir.file("part\(i).jsonl", keep.joined(separator: "\n") + "\n"))
        }
        let merged = dir.path("merged.json")
        #expect(try BinaryTests.run(["merge", parts[1], parts[0], "-o", merged]).status == 0)
        #expect(dir.data("merged.json") == dir.data("fresh.json"))
        #expect(dir.data("kb.json") == dir.data("fresh.json"))
    }

    /// Repeated texts under several sources: one original per text (the first source in article
    /// order), the rest its duplicates, the same KB from ingest (in one run or two, any order)
    /// and from extract + merge in two orders and two groupings of partial KBs.
    @Test func repeatedTextsGiveTheSameKBFromIngestAndFromMergeInAnyOrder() throws {
        let dir = try TempDir()
        let c = "北京市常住人口2185万人。\n"
        let lines = [
            try Self.line(["source": "z/a", "text": Self.a, "id": "z1"]),
            try Self.line(["source": "b/b", "text": Self.b]),
            try Self.line(["source": "a/a-copy", "text": Self.a, "id": 7, "date": "2025-03-05"]),
            try Self.line(["source": "m/a-again", "text": Self.a]),
            try Self.line(["source": "c/b-copy", "text": Self.b]),
            try Self.line(["source": "d/c", "text": c]),
        ]
        let feed = try dir.file("feed.jsonl", lines.joined(separator: "\n") + "\n")
        let kb = dir.path("kb.json")
        let r = try BinaryTests.run(["ingest", "--input-format", "jsonl", feed, "--kb", kb, "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("m/a-again: note: [input] same text as a/a-copy; recorded as its duplicate"))
        let value = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)))
        #expect(value.articles.map(\.source) == ["a/a-copy", "b/b", "c/b-copy", "d/c", "m/a-again", "z/a"])
        #expect(value.articles.map(\.duplicateOf) == [nil, nil, "b/b", nil, "a/a-copy", "a/a-copy"])
        #expect(value.articles.map(\.recordId) == ["7", nil, nil, nil, nil, "z1"])
        #expect(value.articles.map { $0.text != nil } == [true, true, false, true, false, false])
        #expect(value.stats.articles == 6)
        // The facts of the three texts once each: those of a KB of the originals alone.
        let originals = try dir.file("originals.jsonl", [lines[1], lines[2], lines[5]].joined(separator: "\n") + "\n")
        let alone = dir.path("alone.json")
        #expect(try BinaryTests.run(["ingest", "--input-format", "jsonl", originals, "--kb", alone]).status == 0)
        let single = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: alone)))
        #expect(value.facts == single.facts && value.entities == single.entities && value.keywords == single.keywords)

        // Two ingests, the later half first.
        let first = try dir.file("second-half.jsonl", lines[3...].joined(separator: "\n") + "\n")
        let second = try dir.file("first-half.jsonl", lines[..<3].joined(separator: "\n") + "\n")
        let twice = dir.path("twice.json")
        for half in [first, second] {
            #expect(try BinaryTests.run(["ingest", "--input-format", "jsonl", half, "--kb", twice]).status == 0)
        }
        #expect(dir.data("twice.json") == dir.data("kb.json"))

        // extract analyses every copy; merge applies the same rule.
        let out = try BinaryTests.run(["extract", "--input-format", "jsonl", "--jsonl", feed])
        let records = out.stdout.split(separator: "\n").map(String.init)
        #expect(records.count == 6)
        let all = try dir.file("records.jsonl", records.joined(separator: "\n") + "\n")
        let reversed = try dir.file("reversed.jsonl", records.reversed().joined(separator: "\n") + "\n")
        for (name, inputs) in [("one.json", [all]), ("rev.json", [reversed])] {
            #expect(try BinaryTests.run(["merge"] + inputs + ["-o", dir.path(name)]).status == 0)
            #expect(dir.data(name) == dir.data("kb.json"), "\(name)")
        }
        for groups in [[[0, 2, 4], [1, 3, 5]], [[5, 4], [3], [0, 1, 2]]] {
            var partials: [String] = []
            for (g, members) in groups.enumerated() {
                let part = try dir.file("g\(g).jsonl", members.map { records[$0] }.joined(separator: "\n") + "\n")
                partials.append(dir.path("g\(g).json"))
                #expect(try BinaryTests.run(["merge", part, "-o", partials[g]]).status == 0)
            }
            for order in [partials, partials.reversed()] {
                let m = try BinaryTests.run(["merge"] + order + ["-o", dir.path("tree.json")])
                #expect(m.status == 0)
                #expect(!m.stderr.contains("two different records"))
                #expect(dir.data("tree.json") == dir.data("kb.json"), "\(groups)")
            }
        }
    }

    @Test func linesDoesNotGoWithRecordInput() throws {
        let r = try BinaryTests.run(["extract", "--lines", "--input-format", "jsonl", "-"], stdin: "")
        #expect(r.status != 0)
        #expect(r.stderr.contains("--lines reads text"))
    }
}
