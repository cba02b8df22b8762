import Foundation
import Testing
import ZhAnalysis

/// End-to-end tests of extract, ingest, merge and stats on the built binary.
@Suite(.serialized) struct KnowledgeBaseBinaryTests {
    final class TempDir {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-bin-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        @discardableResult
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let u = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: u)
            return u.path
        }
        @discardableResult
        func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }
        func data(_ name: String) -> Data? { FileManager.default.contents(atPath: path(name)) }
    }

    static let articleA = "上城区：驻校社工护成长\n\n杭州市上城区紫阳街道教育资源相对集中,辖区未成年人有5000余人。\n"
    static let articleB = "萧山区：共富工坊\n\n萧山区推出“共富工坊”,带动村民人均增收10万元,增长5.5%。\n"

    static func spawn(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = BinaryTests.productsDirectory.appendingPathComponent("zhkb")
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func json(_ s: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(s.utf8), options: [.fragmentsAllowed]) }

    @Test func extractOneArticleIsOneObjectWithCodePointOffsets() throws {
        let r = try BinaryTests.run(["extract", "-"], stdin: Self.articleA)
        #expect(r.status == 0)
        let doc = try #require(try Self.json(r.stdout) as? [String: Any])
        #expect(doc["offsetUnit"] as? String == "codepoint")
        #expect(doc["length"] as? Int == Self.articleA.unicodeScalars.count)
        #expect(doc["hash"] as? String == SHA256.hex(of: Self.articleA))
        #expect(doc["source"] as? String == "-")
        for key in ["id", "charset", "entities", "quantities", "sections", "keywords", "topics", "diagnostics", "sentences"] {
            #expect(doc[key] != nil, "missing \(key)")
        }
        #expect(r.stdout.contains("紫阳街道") || r.stdout.contains("上城区"))
        #expect(!r.stdout.contains("\\u"))
        // Every mention's text is the original text at its code-point range.
        let scalars = Array(Self.articleA.unicodeScalars)
        for case let e as [String: Any] in doc["entities"] as? [Any] ?? [] {
            for case let m as [String: Any] in e["mentions"] as? [Any] ?? [] {
                let s = try #require(m["start"] as? Int), t = try #require(m["end"] as? Int)
                var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[s..<t])
                #expect(String(v) == m["text"] as? String)
            }
        }
    }

    @Test func extractLinesGivesOneDocumentPerLineEmptyLinesIncluded() throws {
        let r = try BinaryTests.run(["extract", "--lines", "--jsonl", "-"], stdin: "杭州市上城区\n\n萧山区有5000余人。\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 3)
        let docs = try lines.map { try #require(try Self.json(String($0)) as? [String: Any]) }
        #expect(docs.map { $0["line"] as? Int } == [1, 2, 3])
        #expect(docs[1]["length"] as? Int == 0)
        #expect((docs[1]["entities"] as? [Any])?.isEmpty == true)
        #expect((docs[1]["quantities"] as? [Any])?.isEmpty == true)
        #expect(docs[1]["hash"] as? String == SHA256.hex(of: ""))
    }

    @Test func extractSeveralFilesIsAnArray() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA), b = try dir.file("b.txt", Self.articleB)
        let r = try BinaryTests.run(["extract", a, b])
        #expect(r.status == 0)
        let array = try #require(try Self.json(r.stdout) as? [[String: Any]])
        #expect(array.map { $0["hash"] as? String } == [SHA256.hex(of: Self.articleA), SHA256.hex(of: Self.articleB)])
    }

    @Test func ingestReportsBadInputsAndKeepsTheRest() throws {
        let dir = try TempDir()
        try dir.file("in/good.txt", Self.articleA)
        try dir.file("in/crlf.txt", [0xEF, 0xBB, 0xBF] + Array(Self.articleB.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        // 杭州市上城区 repeated, in GB18030.
        try dir.file("in/gb.txt", Array([[UInt8]](repeating: [0xBA, 0xBC, 0xD6, 0xDD, 0xCA, 0xD0, 0xC9, 0xCF, 0xB3, 0xC7, 0xC7, 0xF8], count: 30).joined()))
        try dir.file("in/trad.txt", "臺灣與杭州的經濟聯繫越來越緊密，兩岸青年創業園區發展很快。\n")
        try dir.file("in/image.txt", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])
        try dir.file("in/empty.txt", "")
        try dir.file("in/bad.txt", [0xFF, 0xFF, 0x80, 0xFF, 0x81, 0xFF, 0xFE, 0xFF])
        try dir.file("in/.hidden.txt", Self.articleB)
        let kb = dir.path("kb.json")
        let r = try BinaryTests.run(["ingest", dir.path("in"), "--kb", kb, "--jobs", "2"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.txt: error: [decode]"))
        #expect(r.stderr.contains("image.txt: error: [input] binary file (not text), skipped"))
        #expect(r.stderr.contains("empty.txt: note: [input]"))
        #expect(!r.stderr.contains("hidden"))
        let value = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)))
        let names = value.articles.map { URL(fileURLWithPath: $0.source).lastPathComponent }
        #expect(names == ["crlf.txt", "gb.txt", "good.txt", "trad.txt"])
        #expect(value.articles.first { $0.source.hasSuffix("gb.txt") }?.charset == "GB18030")
        #expect(value.articles.first { $0.source.hasSuffix("trad.txt") }?.traditional == true)
        #expect(value.articles.first { $0.source.hasSuffix("crlf.txt") }?.hash == SHA256.hex(of: Self.articleB.replacingOccurrences(of: "\n", with: "\r\n")))
    }

    @Test func incrementalRerunIsByteIdenticalAndChangedFilesReplaceTheirEntries() throws {
        let dir = try TempDir()
        let a = try dir.file("in/a.txt", Self.articleA)
        try dir.file("in/b.txt", Self.articleB)
        let kb = dir.path("kb.json")
        #expect(try BinaryTests.run(["ingest", dir.path("in"), "--kb", kb]).status == 0)
        let first = try #require(dir.data("kb.json"))
        let again = try BinaryTests.run(["ingest", dir.path("in"), "--kb", kb])
        #expect(again.status == 0)
        #expect(again.stderr.contains("0 analysed, 2 unchanged"))
        #expect(dir.data("kb.json") == first)
        // --jobs does not change a byte.
        #expect(try BinaryTests.run(["ingest", dir.path("in"), "--kb", dir.path("kb1.json"), "--jobs", "1"]).status == 0)
        #expect(dir.data("kb1.json") == first)
        // A changed file replaces its old entry.
        try dir.file("in/a.txt", Self.articleA + "今年新增托位200个。\n")
        #expect(try BinaryTests.run(["ingest", a, "--kb", kb]).status == 0)
        let value = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)))
        #expect(value.articles.count == 2)
        #expect(value.articles.contains { $0.hash == SHA256.hex(of: Self.articleA + "今年新增托位200个。\n") })
        #expect(!value.articles.contains { $0.hash == SHA256.hex(of: Self.articleA) })
        // --rebuild starts over.
        #expect(try BinaryTests.run(["ingest", a, "--kb", kb, "--rebuild"]).status == 0)
        #expect(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb))?.articles.count == 1)
    }

    @Test func longSingleLineIsStreamedIntoBoundedDocuments() throws {
        let dir = try TempDir()
        let sentence = "紫阳街道辖区未成年人有5000余人,全年服务青少年1100余人次。"
        let text = String(repeating: sentence, count: 1200)
        let path = try dir.file("one-line.txt", text)
        let r = try BinaryTests.run(["extract", "--jsonl", "--max-document-kb", "16", path])
        #expect(r.status == 0)
        let docs = try r.stdout.split(separator: "\n").map { try #require(try Self.json(String($0)) as? [String: Any]) }
        #expect(docs.count >= text.utf8.count / (16 * 1024))
        #expect(docs.map { $0["part"] as? Int } == Array(0..<docs.count).map { Optional($0) })
        // Each piece is at most 16 KiB of UTF-8 and ends at a sentence end (except the last).
        let scalars = Array(text.unicodeScalars)
        var offset = 0
        for (i, doc) in docs.enumerated() {
            let length = doc["length"] as? Int ?? 0
            var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[offset..<min(offset + length, scalars.count)])
            let piece = String(v)
            #expect(piece.utf8.count <= 16 * 1024)
            #expect(i == docs.count - 1 || piece.hasSuffix("。"))
            #expect(doc["hash"] as? String == SHA256.hex(of: piece))
            offset += length
        }
        #expect(docs.reduce(0) { $0 + ($1["length"] as? Int ?? 0) } == text.unicodeScalars.count)
    }

    @Test func mergeInAnyOrderEqualsOneIngest() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA), b = try dir.file("b.txt", Self.articleB)
        let ra = try BinaryTests.run(["extract", "--jsonl", a])
        let rb = try BinaryTests.run(["extract", "--jsonl", b])
        try dir.file("a.jsonl", ra.stdout)
        try dir.file("b.jsonl", rb.stdout)
        #expect(try BinaryTests.run(["merge", dir.path("a.jsonl"), dir.path("b.jsonl"), "-o", dir.path("ab.json")]).status == 0)
        #expect(try BinaryTests.run(["merge", dir.path("b.jsonl"), dir.path("a.jsonl"), "-o", dir.path("ba.json")]).status == 0)
        #expect(try BinaryTests.run(["ingest", a, b, "--kb", dir.path("kb.json")]).status == 0)
        // A partial KB merged with records gives the same again.
        #expect(try BinaryTests.run(["ingest", b, "--kb", dir.path("partial.json")]).status == 0)
        #expect(try BinaryTests.run(["merge", dir.path("partial.json"), dir.path("a.jsonl"), "-o", dir.path("mixed.json")]).status == 0)
        let kb = try #require(dir.data("kb.json"))
        #expect(dir.data("ab.json") == kb)
        #expect(dir.data("ba.json") == kb)
        #expect(dir.data("mixed.json") == kb)
        let stats = try BinaryTests.run(["stats", "--kb", dir.path("kb.json")])
        #expect(stats.status == 0)
        #expect(stats.stdout.hasPrefix("Corpus\n"))
        #expect(stats.stdout.contains("articles"))
    }

    @Test func foreignOrCorruptKnowledgeBaseIsRefusedAndKept() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA)
        for content in ["{\"hello\": 1}\n", "{\"format\": \"zhkb-knowledge-base\", \"articles\": [", ""] {
            try dir.file("kb.json", content)
            let r = try BinaryTests.run(["ingest", a, "--kb", dir.path("kb.json")])
            #expect(r.status == 2)
            #expect(r.stderr.contains("refusing to overwrite"))
            #expect(dir.data("kb.json") == Data(content.utf8))
            let m = try BinaryTests.run(["merge", a, "-o", dir.path("kb.json")])
            #expect(m.status != 0)
            #expect(dir.data("kb.json") == Data(content.utf8))
        }
    }

    @Test func concurrentIngestsBothLand() throws {
        let dir = try TempDir()
        let kb = dir.path("kb.json")
        var files: [String] = []
        for i in 0..<4 { files.append(try dir.file("f\(i).txt", Self.articleB + "第\(i)篇,新增托位\(200 + i)个。\n")) }
        let processes = try files.map { try Self.spawn(["ingest", $0, "--kb", kb, "--jobs", "1"]) }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let value = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)))
        #expect(value.articles.count == 4)
    }

    @Test func killedIngestLeavesTheOldKnowledgeBaseIntact() throws {
        let dir = try TempDir()
        let kb = dir.path("kb.json")
        // A KB large enough that rewriting it takes a while: 24 variants of the seed article.
        let seed = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/hangzhou-districts.txt"), encoding: .utf8)
        for i in 0..<24 { try dir.file("big/\(i).txt", seed.replacingOccurrences(of: "5000", with: "\(5000 + i)")) }
        #expect(try BinaryTests.run(["ingest", dir.path("big"), "--kb", kb]).status == 0)
        // How long one small ingest (read KB, analyse, write KB) takes here.
        let start = Date()
        #expect(try BinaryTests.run(["ingest", try dir.file("first.txt", Self.articleA), "--kb", kb]).status == 0)
        let oneRun = Date().timeIntervalSince(start)
        let before = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)))
        #expect(before.articles.count == 25)
        // Kill later ingests at moments spread over a run; the KB is always the old or the new one.
        for k in 0..<10 {
            let extra = try dir.file("extra\(k).txt", Self.articleA + "第\(k)次。\n")
            let p = try Self.spawn(["ingest", extra, "--kb", kb])
            usleep(useconds_t(oneRun * (Double(k) + 0.5) / 10 * 1_000_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let after = try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb)))
            #expect(Set(before.articles.map(\.hash)).isSubset(of: Set(after.articles.map(\.hash))))
            let old = Set(before.articles.map(\.hash))
            #expect(after.articles.allSatisfy { old.contains($0.hash) || $0.source.hasSuffix(".txt") && $0.source.contains("extra") })
        }
        // A later ingest still works (the lock of a killed process is released) and adds its article.
        #expect(try BinaryTests.run(["ingest", dir.path("extra0.txt"), "--kb", kb]).status == 0)
        #expect(try KnowledgeBaseFile.read(URL(fileURLWithPath: kb))?.articles.contains { $0.source.hasSuffix("extra0.txt") } == true)
        // Temporary files of killed writers are cleaned up under the lock.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".kb.json.tmp") } == [])
    }
}
