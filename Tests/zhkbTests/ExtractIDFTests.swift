import Foundation
import Testing

/// `zhkb extract --idf FILE`: a background IDF table in jieba's format changes keyword ranking.
@Suite struct ExtractIDFTests {
    static let text = "深入推进乡村振兴，粮食产量稳定在80万吨以上，农村居民人均可支配收入增长7.1%。实施科技创新引领工程，研发投入强度达到3.2%。\n"

    static func keywords(_ extra: [String]) throws -> [String] {
        let result = try BinaryTests.run(["extract", "--jsonl"] + extra + ["-"], stdin: text)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let list = try #require(object["keywords"] as? [[String: Any]])
        return list.compactMap { $0["term"] as? String }
    }

    @Test func idfFileChangesTheRanking() throws {
        let plain = try Self.keywords([])
        let last = try #require(plain.last)
        #expect(plain.count >= 3 && plain.first != last)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-idf-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        let lines = plain.map { $0 == last ? "\($0) 100" : "\($0) 0.1" }
        try ("# background\n" + lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let ranked = try Self.keywords(["--idf", url.path])
        #expect(ranked.first == last, "\(ranked)")
        // A malformed file is an error, not a silent default.
        try "乡村振兴 abc\n".write(to: url, atomically: true, encoding: .utf8)
        let bad = try BinaryTests.run(["extract", "--idf", url.path, "-"], stdin: Self.text)
        #expect(bad.status != 0)
    }
}
