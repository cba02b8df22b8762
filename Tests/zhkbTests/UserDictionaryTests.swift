import Foundation
import Testing

/// A `--dict` user dictionary (jieba format) reaches the entity stages: `nr` words are people,
/// `ns` words places, `nt` words organisations — through the built binary.
@Suite struct UserDictionaryTests {
    static let text = "记者从云栖未来实验室获悉，实验室主任沐晨曦在凤起桥头接受采访。\n"

    static func entities(_ extra: [String]) throws -> [String] {
        let result = try BinaryTests.run(["extract", "--jsonl"] + extra + ["-"], stdin: text)
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let entities = object?["entities"] as? [[String: Any]] ?? []
        return entities.map { e in
            let mentions = (e["mentions"] as? [[String: Any]] ?? []).map { "\($0["start"] ?? "")-\($0["end"] ?? "")" }
            return "\(e["type"] ?? ""):\(e["name"] ?? "") \(mentions.joined(separator: ","))"
        }.sorted()
    }

    @Test func taggedUserWordsBecomeEntities() throws {
        // Without the dictionary the invented person and place are missed or cut wrong (the
        // laboratory is found whole: the tagger's name holds the rules' 未来实验室 and ends with it).
        let plain = try Self.entities([])
        #expect(!plain.contains("person:沐晨曦 18-21"))
        #expect(!plain.contains("place:凤起桥头 22-26"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-userdict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dict = dir.appendingPathComponent("user.txt")
        try Data("# names of a local newsroom\n沐晨曦 100 nr\n凤起桥头 ns\n云栖未来实验室 100 nt\n".utf8).write(to: dict)
        #expect(try Self.entities(["--dict", dict.path]) == [
            "organization:云栖未来实验室 3-10", "person:沐晨曦 18-21", "place:凤起桥头 22-26",
        ])
    }
}
