import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct ArticleSourceTests {
    final class TempDir {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-src-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let u = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: u)
            return u.path
        }
        func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }
    }

    static func read(_ path: String, _ source: ArticleSource = ArticleSource()) -> (ArticleSource.Outcome, [ArticleInput], [InputProblem]) {
        var problems: [InputProblem] = []
        var inputs: [ArticleInput] = []
        let outcome = source.read(path, problems: &problems) { inputs.append($0) }
        return (outcome, inputs, problems)
    }

    @Test func longSingleLineIsCutAtSentenceEndsIntoBoundedPieces() throws {
        let dir = try TempDir()
        let sentence = "紫阳街道辖区未成年人有5000余人。"
        let text = String(repeating: sentence, count: 40)
        let path = try dir.file("long.txt", text)
        let (outcome, inputs, problems) = Self.read(path, ArticleSource(maxDocumentBytes: 300, blockSize: 128))
        #expect(outcome == .read)
        #expect(problems.isEmpty)
        #expect(inputs.count > 5)
        #expect(inputs.map(\.part) == Array(0..<inputs.count).map { Optional($0) })
        #expect(inputs.allSatisfy { $0.byteCount <= 300 })
        #expect(inputs.dropLast().allSatisfy { $0.text.hasSuffix("。") })
        #expect(inputs.map(\.text).joined() == text)
        #expect(inputs.allSatisfy { $0.hash == SHA256.hex(of: $0.text) })
    }

    @Test func blockEndingInsideACharacterIsStillUTF8() throws {
        let bytes = Array("杭州市上城区".utf8)
        // The first block of a longer file, cut one or two bytes into its last character.
        #expect(ArticleSource.isValidUTF8Prefix(Array(bytes.dropLast(1)), complete: false))
        #expect(ArticleSource.isValidUTF8Prefix(Array(bytes.dropLast(2)), complete: false))
        #expect(ArticleSource.isValidUTF8Prefix(bytes, complete: false))
        // A whole file may not end inside a character, and a bad byte before the cut still counts.
        #expect(!ArticleSource.isValidUTF8Prefix(Array(bytes.dropLast(1)), complete: true))
        #expect(!ArticleSource.isValidUTF8Prefix([0xE6, 0x9D, 0xFF] + bytes.dropLast(1), complete: false))

        // Read in blocks of 64 bytes, most of which end inside a character: the lines come out whole.
        let dir = try TempDir()
        let lines = (1...20).map { "第\($0)行：紫阳街道辖区未成年人有5000余人。" }
        let path = try dir.file("blocks.txt", lines.joined(separator: "\n") + "\n")
        let (outcome, inputs, problems) = Self.read(path, ArticleSource(mode: .lines, blockSize: 64))
        #expect(outcome == .read)
        #expect(problems.isEmpty)
        #expect(inputs.map(\.text) == lines)
        #expect(inputs.allSatisfy { $0.charset == "UTF-8" })
    }

    @Test func shortFileIsOneArticleWithoutPart() throws {
        let dir = try TempDir()
        let path = try dir.file("a.txt", [0xEF, 0xBB, 0xBF] + Array("标题\r\n正文。\r\n".utf8))
        let (outcome, inputs, _) = Self.read(path)
        #expect(outcome == .read)
        #expect(inputs.count == 1)
        #expect(inputs[0].part == nil)
        #expect(inputs[0].text == "标题\r\n正文。\r\n")
        #expect(inputs[0].charset == "UTF-8")
    }

    @Test func linesModeKeepsEmptyLinesAndStripsCRLF() throws {
        let dir = try TempDir()
        let path = try dir.file("l.txt", "第一行\r\n\r\n第三行\n")
        let (_, inputs, _) = Self.read(path, ArticleSource(mode: .lines))
        #expect(inputs.map(\.text) == ["第一行", "", "第三行"])
        #expect(inputs.map(\.line) == [1, 2, 3])
    }

    @Test func legacyChineseCharsetIsDetected() throws {
        let dir = try TempDir()
        // 杭州市上城区 in GB18030, repeated so the detector has enough evidence.
        let gb: [UInt8] = [0xBA, 0xBC, 0xD6, 0xDD, 0xCA, 0xD0, 0xC9, 0xCF, 0xB3, 0xC7, 0xC7, 0xF8]
        let path = try dir.file("gb.txt", Array([[UInt8]](repeating: gb, count: 20).joined()))
        let (outcome, inputs, _) = Self.read(path)
        #expect(outcome == .read)
        #expect(inputs.first?.charset == "GB18030")
        #expect(inputs.first?.text == String(repeating: "杭州市上城区", count: 20))
    }

    @Test func binaryEmptyAndUndecodableFilesAreReported() throws {
        let dir = try TempDir()
        let binary = try dir.file("x.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        let (o1, i1, p1) = Self.read(binary)
        #expect(o1 == .skipped)
        #expect(i1.isEmpty)
        #expect(p1.map(\.description) == ["\(binary): error: [input] binary file (not text), skipped"])

        let empty = try dir.file("e.txt", " \n\n")
        let (o2, i2, p2) = Self.read(empty)
        #expect(o2 == .read)
        #expect(i2.isEmpty)
        #expect(p2.map(\.severity) == [.note])

        let bad = try dir.file("bad.txt", [0xFF, 0xFF, 0x80, 0xFF, 0x81, 0xFF, 0xFE, 0xFF])
        let (o3, i3, p3) = Self.read(bad)
        #expect(o3 == .failed)
        #expect(i3.isEmpty)
        #expect(p3.map(\.severity) == [.error])
        #expect(p3.first?.stage == "decode")
    }

    @Test func foldersAreWalkedSortedSkippingHiddenFiles() throws {
        let dir = try TempDir()
        _ = try dir.file("b/2.txt", "二")
        _ = try dir.file("a.md", "一")
        _ = try dir.file("a.txt", "一")
        _ = try dir.file(".hidden/3.txt", "三")
        _ = try dir.file("b/.4.txt", "四")
        var problems: [InputProblem] = []
        let files = ArticleSource.expand([dir.url.path, dir.url.path + "/missing"], problems: &problems)
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.txt", "2.txt"])
        #expect(problems.map(\.severity) == [.error])
        // --include widens what a folder contributes; a file named on the command line is always taken.
        problems = []
        let wider = ArticleSource.expand([dir.url.path], include: ["*.txt", "*.md"], problems: &problems)
        #expect(wider.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.md", "a.txt", "2.txt"])
        #expect(ArticleSource.expand([dir.url.path + "/a.md"], problems: &problems).count == 1)
    }

    @Test func folderWalkSkipsSpecialFilesAndStopsLinkLoops() throws {
        let dir = try TempDir()
        let d = dir.url.appendingPathComponent("d")
        _ = try dir.file("d/article.txt", "杭州市上城区")
        _ = try dir.file("d/README.md", "# corpus")
        _ = try dir.file("d/SHA256SUMS", "abc  article.txt")
        #expect(mkfifo(d.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: d.appendingPathComponent("self").path, withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: d.appendingPathComponent("parent").path, withDestinationPath: "../d")
        try fm.createSymbolicLink(atPath: d.appendingPathComponent("same.txt").path, withDestinationPath: "article.txt")
        try fm.createSymbolicLink(atPath: d.appendingPathComponent("gone.txt").path, withDestinationPath: "nowhere.txt")
        var problems: [InputProblem] = []
        let files = ArticleSource.expand([d.path], problems: &problems)
        #expect(files == [d.appendingPathComponent("article.txt").path])
        #expect(problems.contains { $0.path.hasSuffix("pipe.txt") && $0.message.contains("FIFO") && $0.severity == .note })
        #expect(problems.filter { $0.message.contains("already walked") }.count == 2)
        #expect(problems.contains { $0.path.hasSuffix("same.txt") && $0.message.contains("same file as") })
        #expect(problems.contains { $0.path.hasSuffix("gone.txt") && $0.message.contains("broken symbolic link") })
        #expect(!problems.contains { $0.severity == .error })
    }

    @Test func strayControlCharactersKeepTheText() throws {
        let dir = try TempDir()
        let text = "北京市常住人口2185万人。\u{0}\n上海市\u{7}常住人口2487万人。\n"
        let (outcome, inputs, problems) = Self.read(try dir.file("nul.txt", text))
        #expect(outcome == .read)
        #expect(inputs.map(\.text) == [text])
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.message == "2 control characters in the text (first: U+0000 at byte 34), kept as they are")
        // Lines mode: every line, the one with NUL included.
        let (_, lines, _) = Self.read(try dir.file("nul.txt", text), ArticleSource(mode: .lines))
        #expect(lines.count == 2)
        // Binary data stays out, as an error.
        let (o2, i2, p2) = Self.read(try dir.file("image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0xFF, 0xFE]))
        #expect(o2 == .skipped)
        #expect(i2.isEmpty)
        #expect(p2.map(\.severity) == [.error])
    }
}
