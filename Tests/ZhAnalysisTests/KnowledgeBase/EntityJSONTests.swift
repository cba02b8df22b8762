import Foundation
import Testing
@testable import ZhAnalysis

/// An entity goes out and comes back through one key list (`Entity.CodingKeys`): the byte writer,
/// the fast reader and `Codable` agree.
@Suite struct EntityJSONTests {
    static let entity = Entity(type: .person, name: "王书记", aliases: ["王"],
                               mentions: [Mention(range: TextRange(start: 3, end: 6), text: "王书记", sentence: 0),
                                          Mention(range: TextRange(start: 9, end: 10), text: "王")],
                               level: .county, parent: "上城区", kind: "government", partial: true, surname: "王", roles: ["书记"],
                               canonical: "王书记", scope: "上城区")

    @Test func keysAreSortedAndComplete() throws {
        let keys = Entity.CodingKeys.allCases.map(\.rawValue)
        #expect(keys == keys.sorted())
        let object = try JSONSerialization.jsonObject(with: Data(JSONOutput.compact(Self.entity))) as? [String: Any]
        #expect(object.map { Set($0.keys) } == Set(keys))
        #expect(Mention.CodingKeys.allCases.map(\.rawValue) == ["end", "sentence", "start", "text"])
    }

    @Test func writerReaderAndCodableAgree() throws {
        for e in [Self.entity, Entity(type: .place, name: "杭州市")] {
            let written = try JSONOutput.compact(e)
            #expect(written == [UInt8](try KnowledgeBaseFile.compactEncoder.encode(e)))
            let read = try written.withUnsafeBufferPointer { buf -> Entity in
                var reader = JSONReader(buf)
                return try Entity(reading: &reader)
            }
            #expect(read == e)
            #expect(try JSONDecoder().decode(Entity.self, from: Data(written)) == e)
        }
    }
}
