import Foundation
import GRDB
import Testing
import ZhAnalysis

/// `zhkb ingest --sqlite`, `zhkb export` and `zhkb search` on the built binary: the README's
/// "Analyse the knowledge base" commands and their output.
@Suite(.serialized) struct ExportBinaryTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs zhkb in `directory`.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = BinaryTests.productsDirectory.appendingPathComponent("zhkb")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A folder holding `Corpus/hangzhou-districts.txt`, ingested into kb.json and kb.db.
    static func ingested() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Corpus"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repository.appendingPathComponent("Corpus/hangzhou-districts.txt"),
                                         to: dir.appendingPathComponent("Corpus/hangzhou-districts.txt"))
        let r = try run(["ingest", "Corpus", "--sqlite", "kb.db"], in: dir)
        #expect(r.status == 0)
        #expect(r.stderr.hasSuffix("zhkb: kb.db: 1 articles written, 0 removed, 0 unchanged\n"))
        return dir
    }

    /// The README's `zhkb search 托育 --limit 3`, byte for byte.
    @Test func searchPrintsTheReadmeOutput() throws {
        let dir = try Self.ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["search", "托育", "--limit", "3"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout == """
            Corpus/hangzhou-districts.txt#29  [滨江区]
              自获批全省首批普惠⟦托育⟧基本公共服务试点区以来,高新区(滨江)持续探索建设“幼有所育优质服务圈”,截至目前,每千人口拥有3岁以下婴幼儿托位数达4.55个,已超额完成“十四五”规划中的“4.5个”任务指标。
            Corpus/hangzhou-districts.txt#30  [滨江区]
              为提高托位覆盖率,高新区(滨江)不断完善社区普惠⟦托育⟧运营模式,已建设“普惠⟦托育⟧机构+婴幼儿成长驿站”综合功能⟦托育⟧园6家,提供托位367个;建成社区婴 儿成长驿站26家,提供“临时托”“家长互助托”等微托服务,镇街覆盖率100%。
            Corpus/hangzhou-districts.txt#32  [滨江区]
              海康、海创、大华、物联网、英飞特5家产业园区嵌入式⟦托育⟧园,可提供托位300个。

            """)
        let json = try Self.run(["search", "托育", "--jsonl", "--limit", "1"], in: dir)
        let hit = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(hit["match"] as? String == "word")
        #expect(hit["highlights"] as? [[String: Int]] == [["start": 9, "end": 11]])
        #expect(hit["title"] as? String == "多元聚合力 奋进向未来")
        // Nothing found: exit 1, like grep; no database: exit 2.
        #expect(try Self.run(["search", "量子计算机"], in: dir).status == 1)
        let foreign = try Self.run(["search", "托育", "--kb", "kb.json"], in: dir)
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("not a database written by zhkb export"))
    }

    /// The README's two SQL queries over kb.db, with the rows it shows.
    @Test func readmeQueriesGiveTheReadmeRows() throws {
        let dir = try Self.ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let queue = try DatabaseQueue(path: dir.appendingPathComponent("kb.db").path)
        defer { try? queue.close() }
        func rows(_ sql: String) throws -> [String] {
            try queue.read { db in
                try Row.fetchAll(db, sql: sql).map { row in
                    row.databaseValues.map { v -> String in
                        switch v.storage {
                        case .null: return ""
                        case .int64(let n): return String(n)
                        case .double(let d): return String(d)
                        case .string(let s): return s
                        case .blob: return "?"
                        }
                    }.joined(separator: " | ")
                }
            }
        }
        #expect(try rows("""
            SELECT district, COUNT(*) AS facts, SUM(unit_kind = 'person') AS people
            FROM facts WHERE district IS NOT NULL GROUP BY district ORDER BY facts DESC, district;
            """) == ["滨江区 | 13 | 1", "萧山区 | 8 | 0", "余杭区 | 5 | 2", "钱塘区 | 5 | 1", "建德市 | 4 | 0", "上城区 | 2 | 1"])
        #expect(try rows("""
            SELECT f.district, f.text, f.value, f.unit, f.subject
            FROM sentences s JOIN facts f ON f.article = s.article AND f.sentence = s.sentence
            WHERE s.sentences MATCH 'words: 托位' ORDER BY f.start;
            """) == [
                "滨江区 | 3岁以下 | 3.0 | 岁 | 婴幼儿托位数", "滨江区 | 4.55个 | 4.55 | 个 | 婴幼儿托位数", "滨江区 | 4.5个 | 4.5 | 个 | ",
                "滨江区 | 6家 | 6.0 | 家 | 综合功能托育园", "滨江区 | 367个 | 367.0 | 个 | 托位", "滨江区 | 26家 | 26.0 | 家 | 驿站",
                "滨江区 | 100% | 100.0 | % | 镇街覆盖率", "滨江区 | 5家 | 5.0 | 家 | 产业园区嵌入式托育园", "滨江区 | 300个 | 300.0 | 个 | 托位",
            ])
        // The views answer too.
        #expect(try rows("SELECT COUNT(*) FROM fact_details WHERE title = '多元聚合力 奋进向未来'") == ["37"])
    }

    @Test func exportWritesEveryTableAndRefusesAMissingKB() throws {
        let dir = try Self.ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["export", "--to", "tables", "--format", "csv"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("zhkb: tables: 1 articles, 6 sections, "))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("tables").path).sorted()
        #expect(files == ["articles.csv", "entities.csv", "facts.csv", "keywords.csv", "mentions.csv", "sections.csv", "series.csv", "topics.csv"])
        let missing = try Self.run(["export", "--kb", "nope.json", "--to", "t", "--format", "jsonl"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such knowledge base"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("t/facts.jsonl").path))
        // ingest --sqlite again: nothing changed, nothing rewritten.
        let again = try Self.run(["ingest", "Corpus", "--sqlite", "kb.db"], in: dir)
        #expect(again.stderr.hasSuffix("zhkb: kb.db: 0 articles written, 0 removed, 1 unchanged\n"))
    }
}
