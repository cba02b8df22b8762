import Foundation
import Testing
import ZhAnalysis

/// `zhkb ingest` and `zhkb merge` on KBs written by the schema-1 and schema-2 zhkb
/// (Tests/ZhAnalysisTests/Fixtures/kb-v1: the KB and the three inputs it was made from, as `in/`;
/// kb-v2 and kb-v3: the KBs schema 2 and schema 3 wrote from the same inputs).
@Suite struct KnowledgeBaseUpgradeBinaryTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ZhAnalysisTests/Fixtures/kb-v1")

    /// A folder with `in/` (the inputs) and `kb.json` (the schema-1 KB).
    static func workspace(kb: String = "kb-v1") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-upgrade-\(UUID().uuidString)")
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["hangzhou-districts.txt", "news.txt", "news-copy.txt"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: input.appendingPathComponent(name))
        }
        let kbFixture = fixture.deletingLastPathComponent().appendingPathComponent(kb).appendingPathComponent("kb.json")
        try FileManager.default.copyItem(at: kbFixture, to: dir.appendingPathComponent("kb.json"))
        return dir
    }

    /// Runs zhkb in `directory` (the KB's sources are relative to it).
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = BinaryTests.productsDirectory.appendingPathComponent("zhkb")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    /// The fact rows of a KB, compared by what they say.
    static func facts(_ url: URL) throws -> [String] {
        let kb = try #require(try KnowledgeBaseFile.read(url))
        return kb.factRows().map { "\($0.id) \($0.source) \($0.district ?? "-") \($0.text) \($0.value) \($0.unit) \($0.sentenceText)" }
    }

    @Test func ingestUpgradesTheArticlesItReadsAgain() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let kb = dir.appendingPathComponent("kb.json")
        let before = try Self.facts(kb)
        #expect(before.count == 3)
        let r = try Self.run(["ingest", "in", "--kb", "kb.json", "--jobs", "1"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("2 analysed, 0 unchanged, 0 replaced, 1 duplicate; kb.json: 3 articles"), "\(r.stderr)")
        let upgraded = try #require(try KnowledgeBaseFile.read(kb))
        #expect(upgraded.schemaVersion == KnowledgeBase.currentSchemaVersion)
        // Every analysed article has its text now; the duplicate points at its original.
        #expect(upgraded.articles.map { $0.text != nil } == upgraded.articles.map { $0.duplicateOf == nil })
        #expect(upgraded.articles.flatMap(\.quantities).allSatisfy { $0.sentenceText == nil })
        // The same facts, now resolved through the article text — but for 二期 (昆仑站的二期工程),
        // which schema 1 filed as a count and is now read as the phase of a project, an ordinal.
        #expect(try Self.facts(kb) == before.filter { !$0.contains(" 二期 2.0 期 ") })
        #expect(upgraded.factRows().allSatisfy { $0.sentenceStart != nil })
        // A second run changes nothing.
        let again = try Self.run(["ingest", "in", "--kb", "kb.json", "--jobs", "1"], in: dir)
        #expect(again.stderr.contains("0 analysed, 3 unchanged"), "\(again.stderr)")
    }

    @Test func mergeWritesTheCurrentSchemaWithTheSameFacts() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["merge", "kb.json", "-o", "merged.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let merged = dir.appendingPathComponent("merged.json")
        let text = String(decoding: try Data(contentsOf: merged), as: UTF8.self)
        #expect(text.contains("\n\"schemaVersion\":\(KnowledgeBase.currentSchemaVersion),\n"))
        #expect(try Self.facts(merged) == Self.facts(dir.appendingPathComponent("kb.json")))
    }

    /// A schema-2 or schema-3 KB (kb-v3: written by the schema-3 zhkb, `zhkb ingest in --kb kb.json
    /// --jobs 1`) whose articles are all unchanged is still written again, in the current schema,
    /// by ingest: the same records (exports do not change), the same facts, and the same bytes as
    /// `zhkb merge` of it.
    @Test(arguments: [("kb-v2", 2), ("kb-v3", 3)])
    func ingestAndMergeUpgrade(fixture: String, version: Int) throws {
        let dir = try Self.workspace(kb: fixture)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kb = dir.appendingPathComponent("kb.json")
        let before = try #require(try KnowledgeBaseFile.read(kb))
        #expect(before.schemaVersion == version)
        let merged = try Self.run(["merge", "kb.json", "-o", "merged.json"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        let r = try Self.run(["ingest", "in", "--kb", "kb.json", "--jobs", "2"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("0 analysed, 3 unchanged, 0 replaced, 0 duplicates; kb.json: 3 articles"), "\(r.stderr)")
        let after = try #require(try KnowledgeBaseFile.read(kb))
        #expect(after.schemaVersion == KnowledgeBase.currentSchemaVersion)
        #expect(after.articles == before.articles)
        #expect(after.factRows() == before.factRows())
        #expect(after.entities == before.entities && after.series == before.series && after.stats == before.stats)
        #expect(try Data(contentsOf: kb) == Data(contentsOf: dir.appendingPathComponent("merged.json")))
        // Schema 4 stores the texts compressed (`textZlib`); they read back the same (above).
        let bytes = String(decoding: try Data(contentsOf: kb), as: UTF8.self)
        #expect(bytes.contains("\"textZlib\":\"") && !bytes.contains("\"text\":\""))
        // Now in the current schema, a second run leaves the file alone.
        let again = try Self.run(["ingest", "in", "--kb", "kb.json", "--jobs", "1"], in: dir)
        #expect(again.stderr.contains("(not modified)"), "\(again.stderr)")
    }
}
