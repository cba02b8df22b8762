import Foundation
import Testing
@testable import ZhAnalysis

/// `zhkb merge` reads records in every format zhkb writes, told apart by their first bytes.
@Suite struct RecordFileTests {
    static let records = [KBFixtures.page(), KBFixtures.note(source: "c.txt")]

    @Test func everyWrittenFormatReadsBack() throws {
        let lines = try Self.records.map { String(decoding: try JSONOutput.compact($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
        #expect(try RecordFile.records(in: Data(lines.utf8), path: "x.jsonl") == Self.records)
        let array = try JSONEncoder().encode(Self.records)
        #expect(try RecordFile.records(in: array, path: "x.json") == Self.records)
        let one = Data(try JSONOutput.pretty(Self.records[0]))
        #expect(try RecordFile.records(in: one, path: "x.json") == [Self.records[0]])
        let kb = try KnowledgeBaseFile.encode(KnowledgeBase(articles: Self.records))
        #expect(try Set(RecordFile.records(in: kb, path: "kb.json").map(\.key)) == Set(Self.records.map(\.key)))
        #expect(try RecordFile.records(in: Data(" \n\t".utf8), path: "empty").isEmpty)
    }

    /// A bad line in JSON Lines is located by its number.
    @Test func badLineIsNamed() throws {
        let good = String(decoding: try JSONOutput.compact(Self.records[0]), as: UTF8.self)
        let text = good + "\n\n{\"not\": \"a record\"}\n"
        #expect(throws: (any Error).self) { _ = try RecordFile.records(in: Data(text.utf8), path: "x.jsonl") }
        do { _ = try RecordFile.records(in: Data(text.utf8), path: "x.jsonl") } catch let error as ZhError {
            guard case .invalidArgument(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.hasPrefix("line 3: not an article record"))
        }
    }
}
