import Foundation
import Testing
import ZhAnalysis

/// Issue 10 end to end: real folders and hostile input through the built binary.
@Suite(.serialized) struct HostileInputBinaryTests {
    typealias TempDir = KnowledgeBaseBinaryTests.TempDir
    static let articleA = KnowledgeBaseBinaryTests.articleA
    static let articleB = KnowledgeBaseBinaryTests.articleB

    /// `text` in GB18030 (through iconv).
    static func gb18030(_ text: String) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        p.waitUntilExit()
        return bytes
    }

    static func kb(_ path: String) throws -> KnowledgeBase { try #require(try KnowledgeBaseFile.read(URL(fileURLWithPath: path))) }

    @Test func aRealFolderWithEverythingInItIsIngestedWithoutHangingOrDoubleCounting() throws {
        let dir = try TempDir()
        let d = dir.url.appendingPathComponent("d")
        try dir.file("d/a.txt", Self.articleA)
        try dir.file("d/sub/b.txt", Self.articleB)
        try dir.file("d/README.md", "# 说明\n本目录收录杭州市新闻。\n")
        try dir.file("d/SOURCES.md", "a.txt: 杭州日报\n")
        try dir.file("d/SHA256SUMS", "0000  a.txt\n")
        // The same text in GB18030 under another name: a duplicate.
        try dir.file("d/sub/b.gbk.txt", try Self.gb18030(Self.articleB))
        try dir.file("d/nul.txt", "北京市常住人口2185万人。\u{0}\n")
        #expect(mkfifo(d.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("self").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("sub/parent").path, withDestinationPath: "../../d")
        try dir.file("d/new\nzhkb: 0 analysed.txt", "上海市")
        let kb = dir.path("kb.json")
        let r = try BinaryTests.run(["ingest", d.path, "--kb", kb, "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("pipe.txt: note: [input] not a regular file (FIFO), skipped"))
        #expect(r.stderr.contains("folder already walked"))
        #expect(r.stderr.contains("nul.txt: warning: [input] 1 control character in the text"))
        // No line of stderr starts with a forged message.
        #expect(!r.stderr.split(separator: "\n").contains { $0.hasPrefix("zhkb: 0 analysed") })
        let value = try Self.kb(kb)
        let names = value.articles.map { URL(fileURLWithPath: $0.source).lastPathComponent }
        #expect(names == ["a.txt", "new\nzhkb: 0 analysed.txt", "nul.txt", "b.gbk.txt", "b.txt"])
        let copy = try #require(value.articles.first { $0.source.hasSuffix("sub/b.txt") })
        #expect(copy.duplicateOf?.hasSuffix("sub/b.gbk.txt") == true)
        #expect(copy.entities.isEmpty && copy.quantities.isEmpty)
        // Facts of b once: the same as a KB without the copy.
        let single = dir.path("single.json")
        #expect(try BinaryTests.run(["ingest", d.path + "/a.txt", d.path + "/sub/b.gbk.txt", d.path + "/nul.txt", d.path + "/new\nzhkb: 0 analysed.txt", "--kb", single]).status == 0)
        #expect(value.facts.count == (try Self.kb(single)).facts.count)
        for article in value.articles { #expect(RecordValidator().problem(article) == nil) }
        // A file named on the command line is always read, whatever its name.
        let readme = try BinaryTests.run(["ingest", d.path + "/README.md", "--kb", kb])
        #expect(readme.status == 0)
        #expect(try Self.kb(kb).articles.contains { $0.source.hasSuffix("README.md") })
    }

    /// True when every folder on the way to `url` lets other users through (o+x).
    static func othersCanReach(_ url: URL) -> Bool {
        var dir = url.standardizedFileURL
        while dir.path != "/" {
            var info = stat()
            guard stat(dir.path, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
            dir.deleteLastPathComponent()
        }
        return true
    }

    @Test func unreadableInputIsAnErrorAndTheRestIsWritten() throws {
        let dir = try TempDir()
        try dir.file("in/good.txt", Self.articleA)
        try dir.file("in/image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0xFF])
        let kb = dir.path("kb.json")
        let r = try BinaryTests.run(["ingest", dir.path("in"), "--kb", kb])
        #expect(r.status == 1)
        #expect(r.stderr.contains("image.txt: error: [input] binary file (not text), skipped"))
        #expect(try Self.kb(kb).articles.count == 1)
        // A folder that cannot be entered (as a user other than root, who must reach the binary:
        // a clone in a private folder such as `mktemp -d` keeps it out).
        guard geteuid() == 0, Self.othersCanReach(BinaryTests.productsDirectory) else { return }
        try dir.file("in/locked/x.txt", Self.articleB)
        chmod(dir.path("in/locked"), 0o600)
        chmod(dir.url.path, 0o777)
        chmod(dir.path("in"), 0o777)
        chmod(kb, 0o666)
        chmod(kb + ".lock", 0o666)
        let asUser = try BinaryTests.run(["ingest", dir.path("in/good.txt"), dir.path("in"), "--kb", kb], user: 65534)
        #expect(asUser.status == 1, "\(asUser.stderr)")
        #expect(asUser.stderr.contains("locked: error: [input] cannot read folder: Permission denied"))
    }

    /// A user who may run zhkb but not enter a folder above it: Foundation's `Bundle.main` would
    /// abort the process; zhkb names the folder and `--dictionaries` instead.
    @Test func aBinaryInAFolderItsUserCannotEnterSaysHowToGoOn() throws {
        guard geteuid() == 0 else { return }
        let dir = try TempDir()
        chmod(dir.url.path, 0o755)
        let bin = dir.url.appendingPathComponent("locked/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let zhkb = bin.appendingPathComponent("zhkb")
        try FileManager.default.copyItem(at: BinaryTests.productsDirectory.appendingPathComponent("zhkb"), to: zhkb)
        chmod(bin.path, 0o755)
        chmod(dir.path("locked"), 0o700)
        let r = try BinaryTests.run(["segment", "-"], stdin: "杭州市上城区\n", user: 65534, binary: zhkb)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "Error: \(bin.path): cannot read: Permission denied; the dictionaries next to zhkb cannot be found from here: give --dictionaries DIR\n")
        // Root, who can enter every folder, runs the same copy (its dictionaries found through
        // SwiftPM's bundle of the build folder).
        let asRoot = try BinaryTests.run(["segment", "-"], stdin: "杭州市上城区\n", binary: zhkb)
        #expect(asRoot.status == 0, "\(asRoot.stderr)")
        #expect(asRoot.stdout == "杭州市 上城区\n")
    }

    @Test func aKnowledgeBaseThatCannotBeWrittenIsReportedBeforeTheAnalysis() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA)
        let r = try BinaryTests.run(["ingest", a, "--kb", dir.path("missing/kb.json")])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("zhkb: error: \(dir.path("missing")): cannot write the knowledge base here"))
        #expect(!r.stderr.contains("analysed"))
        let m = try BinaryTests.run(["merge", a, "-o", dir.path("missing/kb.json")])
        #expect(m.status == 2)
    }

    @Test func aHeldLockIsWaitedForWithAMessageThenGivenUp() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA)
        let kb = dir.path("kb.json")
        let fd = open(kb + ".lock", O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        let r = try BinaryTests.run(["ingest", a, "--kb", kb, "--lock-timeout", "1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is locked by process \(getpid()); waiting up to 1 s"))
        #expect(r.stderr.contains("still locked by process \(getpid()) after 1 s; gave up"))
        #expect(!FileManager.default.fileExists(atPath: kb))
        // merge waits for the same lock the same way.
        let records = try BinaryTests.run(["extract", "--jsonl", a])
        let recordsFile = try dir.file("a.jsonl", records.stdout)
        let m = try BinaryTests.run(["merge", recordsFile, "-o", kb, "--lock-timeout", "1"])
        #expect(m.status == 2)
        #expect(m.stderr.contains("is locked by process \(getpid()); waiting up to 1 s"))
        #expect(m.stderr.contains("still locked by process \(getpid()) after 1 s; gave up"))
        #expect(!FileManager.default.fileExists(atPath: kb))
        flock(fd, LOCK_UN)
        #expect(try BinaryTests.run(["ingest", a, "--kb", kb, "--lock-timeout", "1"]).status == 0)
        #expect(try BinaryTests.run(["merge", recordsFile, "-o", kb, "--lock-timeout", "0"]).status == 0)
    }

    @Test func extractLinesKeepsALineWithNUL() throws {
        let r = try BinaryTests.run(["extract", "--lines", "--jsonl", "-"], stdin: "北京市\n上海\u{0}市\n广州市\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(r.stderr.contains("1 control character in the text (first: U+0000 in line 2), kept as they are"))
    }

    @Test func identicalLinesAreSeparateArticlesWithTheirFacts() throws {
        let dir = try TempDir()
        let f = try dir.file("l.txt", String(repeating: "北京市常住人口2185万人。\n", count: 3))
        let kb = dir.path("kb.json")
        let r = try BinaryTests.run(["ingest", "--lines", f, "--kb", kb])
        #expect(r.status == 0)
        #expect(r.stderr.contains("3 analysed"))
        let value = try Self.kb(kb)
        #expect(value.articles.count == 3)
        #expect(value.facts.count == 3)
    }

    @Test func aChangedFileThatNowFailsInOnePartKeepsItsOldVersion() throws {
        let dir = try TempDir()
        let sentence = "紫阳街道辖区未成年人有5000余人,全年服务青少年1100余人次。\n"
        let text = String(repeating: sentence, count: 100)
        let f = try dir.file("long.txt", text)
        let kb = dir.path("kb.json")
        #expect(try BinaryTests.run(["ingest", f, "--kb", kb, "--max-document-kb", "2"]).status == 0)
        let before = try Self.kb(kb)
        #expect(before.articles.count > 3)
        // Longer now, with an invalid byte in a late part.
        var bytes = Array((text + text).utf8)
        bytes[bytes.count - 100] = 0xFF
        try dir.file("long.txt", bytes)
        let r = try BinaryTests.run(["ingest", f, "--kb", kb, "--max-document-kb", "2"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("long.txt: warning: [input] its new version failed; kept the version already in the knowledge base"))
        let after = try Self.kb(kb)
        #expect(after.articles.map(\.hash) == before.articles.map(\.hash))
        #expect(after.stats.characters == before.stats.characters)
    }

    @Test func mergeRefusesBadRecordsNamingFileAndLine() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA), b = try dir.file("b.txt", Self.articleB)
        let ra = try BinaryTests.run(["extract", "--jsonl", a]).stdout
        let rb = try BinaryTests.run(["extract", "--jsonl", b]).stdout
        let bad = rb.replacingOccurrences(of: "\"charset\":", with: "\"owner\":\"x\",\"charset\":")
        let jsonl = try dir.file("in.jsonl", ra + bad)
        let r = try BinaryTests.run(["merge", jsonl, "-o", dir.path("kb.json")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("in.jsonl:2: invalid article record: unknown key \"owner\""))
        #expect(!FileManager.default.fileExists(atPath: dir.path("kb.json")))
    }

    @Test func deepNestingInTheKnowledgeBaseIsCorruptionNotACrash() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA)
        let kb = dir.path("kb.json")
        #expect(try BinaryTests.run(["ingest", a, "--kb", kb]).status == 0)
        let text = String(decoding: try #require(dir.data("kb.json")), as: UTF8.self)
        let deep = String(repeating: "[", count: 80_000) + String(repeating: "]", count: 80_000)
        let broken = text.replacingOccurrences(of: "{\"charset\":", with: "{\"x\":\(deep),\"charset\":")
        #expect(broken != text)
        try dir.file("kb.json", broken)
        for args in [["ingest", try dir.file("b.txt", Self.articleB), "--kb", kb], ["stats", "--kb", kb]] {
            let r = try BinaryTests.run(args)
            #expect(r.status == 2 || r.status == 1, "\(args[0]): \(r.status)")
            #expect(r.stderr.contains("\(kb): corrupt knowledge base"), "\(r.stderr)")
        }
        #expect(dir.data("kb.json") == Data(broken.utf8))
    }

    @Test func ingestAndStatsAgreeOnCorruption() throws {
        let dir = try TempDir()
        let a = try dir.file("a.txt", Self.articleA)
        let kb = dir.path("kb.json")
        #expect(try BinaryTests.run(["ingest", a, "--kb", kb]).status == 0)
        let text = String(decoding: try #require(dir.data("kb.json")), as: UTF8.self)
        // A quantity and an article body that do not decode. An ingest that writes a new version
        // reads every article it copies and refuses; one that changes nothing reads only the
        // article heads and leaves the file as it is.
        let b = try dir.file("b.txt", Self.articleB)
        for broken in [text.replacingOccurrences(of: "\"quantities\":[[", with: "\"quantities\":[[\"x\","),
                       text.replacingOccurrences(of: "\"tokens\":", with: "\"tokens\":\"many\",\"y\":")] {
            #expect(broken != text)
            try dir.file("kb.json", broken)
            let ingest = try BinaryTests.run(["ingest", b, "--kb", kb])
            let stats = try BinaryTests.run(["stats", "--kb", kb])
            #expect(ingest.status == 2)
            #expect(stats.status != 0)
            #expect(ingest.stderr.contains("corrupt knowledge base"), "\(ingest.stderr)")
            #expect(stats.stderr.contains("corrupt knowledge base"))
            #expect(dir.data("kb.json") == Data(broken.utf8))
            let unchanged = try BinaryTests.run(["ingest", a, "--kb", kb])
            #expect(unchanged.status == 0 && unchanged.stderr.contains("(not modified)"), "\(unchanged.stderr)")
        }
    }
}
