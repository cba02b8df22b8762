import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct RecordReaderTests {
    static func parse(_ line: String) -> Result<RecordReader.Record, RecordReader.LineError> {
        Result { () throws(RecordReader.LineError) in try RecordReader.parse(Array(line.utf8)[...]) }
    }

    static func read(_ bytes: [UInt8], _ reader: RecordReader = RecordReader()) throws -> (ArticleSource.Outcome, [ArticleInput], [InputProblem]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-rec-\(UUID().uuidString).jsonl")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var problems: [InputProblem] = []
        var inputs: [ArticleInput] = []
        let outcome = try reader.read(url.path, problems: &problems) { inputs.append($0) }
        // Problems name the file: keep only what follows it (":line: …").
        let local = problems.map { p in
            var p = p
            p.path = String(p.path.dropFirst(url.path.count))
            return p
        }
        return (outcome, inputs, local)
    }

    @Test func aRecordKeepsItsTextIdAndDate() throws {
        let r = try Self.parse(#"{"id":"xh-1","source":"https://news.example/1","text":"南京市长江大桥\n通车。","date":"2025-03-05","lang":"zh"}"#).get()
        #expect(r == RecordReader.Record(id: "xh-1", source: "https://news.example/1", text: "南京市长江大桥\n通车。", date: "2025-03-05"))
        // An integer id is written as a string; a time after the date is dropped.
        let n = try Self.parse(#"{"source":"a","id":42,"text":"结婚的和尚未结婚的","date":"2024-02-29T08:00:00+08:00"}"#).get()
        #expect(n.id == "42")
        #expect(n.date == "2024-02-29")
        // null is absent.
        let plain = try Self.parse(#"{"source":"a","text":"研究生命起源","id":null,"date":null}"#).get()
        #expect(plain.id == nil && plain.date == nil)
    }

    @Test(arguments: [
        (#"{"text":"上城区"}"#, #"no "source" (a non-empty string is required)"#),
        (#"{"source":"","text":"上城区"}"#, #"no "source" (a non-empty string is required)"#),
        (#"{"source":"a"}"#, #"no "text""#),
        (#"{"source":"a","text":42}"#, #""text" is not a string"#),
        (#"{"source":["a"],"text":"x"}"#, #""source" is not a string"#),
        (#"{"source":"a","text":"x","id":true}"#, #""id" is not a string or an integer"#),
        (#"{"source":"a","text":"x","date":"2025-02-30"}"#, #""date" is not a date (YYYY-MM-DD): 2025-02-30"#),
        (#"{"source":"a","text":"x","date":"2025年3月5日"}"#, #""date" is not a date (YYYY-MM-DD): 2025年3月5日"#),
        (#"["source","text"]"#, "not a JSON object (or not valid UTF-8)"),
        (#"{"source":"a","text":"x"} trailing"#, "not a JSON object (or not valid UTF-8)"),
    ])
    func badLinesNameTheirProblem(line: String, message: String) {
        #expect(Self.parse(line) == .failure(RecordReader.LineError(message: message)))
    }

    @Test func isoDayChecksTheCalendar() {
        #expect(RecordReader.isoDay("2024-02-29") == "2024-02-29")
        #expect(RecordReader.isoDay("2023-02-29") == nil)
        #expect(RecordReader.isoDay("1900-02-29") == nil)
        #expect(RecordReader.isoDay("2000-02-29 12:00") == "2000-02-29")
        #expect(RecordReader.isoDay("2025-13-01") == nil)
        #expect(RecordReader.isoDay("2025-03-05Z") == nil)
    }

    @Test func badLinesAreSkippedWithTheirLineNumberAndTheRestGoOn() throws {
        let lines = [
            #"{"source":"a/1","text":"杭州市上城区紫阳街道。"}"#,
            "not json",
            "",
            #"{"source":"a/2","text":"萧山区推出共富工坊。","id":"k2"}"# + "\r",
            #"{"source":"a/3","text":5}"#,
            #"{"source":"a/1","text":"第二篇同源文章。","date":"2025-01-02"}"#,
        ]
        let (outcome, inputs, problems) = try Self.read([0xEF, 0xBB, 0xBF] + Array(lines.joined(separator: "\n").utf8))
        #expect(outcome == .failed)
        #expect(inputs.map(\.source) == ["a/1", "a/2", "a/1"])
        #expect(inputs.map(\.text) == ["杭州市上城区紫阳街道。", "萧山区推出共富工坊。", "第二篇同源文章。"])
        #expect(inputs.map(\.id) == [nil, "k2", nil])
        #expect(inputs.map(\.date) == [nil, nil, "2025-01-02"])
        #expect(inputs.allSatisfy { $0.line == nil && $0.part == nil && $0.charset == "UTF-8" })
        #expect(inputs.allSatisfy { $0.hash == SHA256.hex(of: $0.text) && $0.byteCount == $0.text.utf8.count })
        #expect(problems.map(\.description) == [
            ":2: warning: [input] not a JSON object (or not valid UTF-8); line skipped",
            ":5: warning: [input] \"text\" is not a string; line skipped",
        ])
    }

    @Test func aFileOfGoodLinesReadsCompletelyAcrossSmallBlocks() throws {
        let text = "杭州市上城区紫阳街道教育资源相对集中，辖区未成年人有5000余人。"
        let lines = (1...20).map { #"{"source":"s\#($0)","text":"\#(text)"}"# }
        let (outcome, inputs, problems) = try Self.read(Array(lines.joined(separator: "\n").utf8), RecordReader(blockSize: 64))
        #expect(outcome == .read)
        #expect(problems.isEmpty)
        #expect(inputs.map(\.source) == (1...20).map { "s\($0)" })
    }

    @Test func aLongTextIsCutIntoNumberedPartsThatKeepIdAndDate() throws {
        let sentence = "紫阳街道辖区未成年人有5000余人。"
        let text = String(repeating: sentence, count: 30)
        var parts: [ArticleInput] = []
        RecordReader(maxDocumentBytes: 300).documents(of: RecordReader.Record(id: "x", source: "s", text: text, date: "2025-03-05")) {
            parts.append($0)
        }
        #expect(parts.count > 3)
        #expect(parts.map(\.part) == Array(0..<parts.count).map { Optional($0) })
        #expect(parts.map(\.text).joined() == text)
        #expect(parts.allSatisfy { $0.id == "x" && $0.date == "2025-03-05" && $0.byteCount <= 300 })
    }

    @Test func anOverlongLineIsSkippedWithoutHoldingIt() throws {
        let long = #"{"source":"big","text":""# + String(repeating: "长", count: 200) + #""}"#
        let lines = [long, #"{"source":"ok","text":"上城区"}"#]
        let (outcome, inputs, problems) = try Self.read(Array(lines.joined(separator: "\n").utf8),
                                                        RecordReader(maxLineBytes: 100, blockSize: 64))
        #expect(outcome == .failed)
        #expect(inputs.map(\.source) == ["ok"])
        #expect(problems.map(\.description) == [":1: warning: [input] line longer than 100 bytes; line skipped"])
    }

    @Test func autoFormatReadsJSONLinesFilesAsRecords() {
        #expect(InputFormat.auto.readsRecords("news/2025.jsonl"))
        #expect(InputFormat.auto.readsRecords("NEWS.JSONL"))
        #expect(!InputFormat.auto.readsRecords("news/a.txt"))
        #expect(!InputFormat.auto.readsRecords("-"))
        #expect(InputFormat.jsonl.readsRecords("-"))
        #expect(!InputFormat.text.readsRecords("a.jsonl"))
    }

    @Test func theRecordCarriesTheGivenIdAndDocumentDateThroughAnalysisAndJSON() throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        var input: ArticleInput?
        RecordReader().documents(of: RecordReader.Record(id: "xh-7", source: "feed/7", text: "杭州市上城区今年生产总值增长5.5%。", date: "2025-03-05")) {
            input = $0
        }
        let result = ParallelAnalyzer.analyze(try #require(input), pipeline: pipeline, encoding: .compact)
        let record = try #require(result.record)
        #expect(record.recordId == "xh-7")
        #expect(record.id == ArticleRecord.id(forHash: record.hash))
        #expect(record.documentDate == "2025-03-05")
        #expect(record.source == "feed/7")
        #expect(record.line == nil)
        let bytes = try JSONOutput.compact(record)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""documentDate":"2025-03-05""#))
        #expect(try JSONInput.decodeRecord(bytes) == record)
        #expect(try JSONDecoder().decode(ArticleRecord.self, from: Data(bytes)) == record)
    }
}
