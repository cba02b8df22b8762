import ArgumentParser
import Foundation
import ZhAnalysis

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse articles and print one JSON document per article.",
        discussion: """
        Default output: pretty JSON, one object for one article, an array for several. --jsonl: \
        one compact object per line, streamed. Offsets are Unicode code points, end exclusive \
        ("offsetUnit": "codepoint"). Keys are sorted; Chinese is written unescaped.
        """
    )

    @Argument(help: "Files, folders, or - for standard input (default).")
    var paths: [String] = []

    @Flag(help: "Every input line is its own document (empty lines included), in order.")
    var lines = false

    @Flag(help: "One compact JSON object per line.")
    var jsonl = false

    @Flag(help: "Leave out keywords and topics (faster when only entities and quantities are wanted).")
    var noKeywords = false

    @OptionGroup var analysis: AnalysisOptions

    @OptionGroup var dictionaries: DictionaryOptions

    func validate() throws {
        if lines && analysis.inputFormat == .jsonl { throw ValidationError("--lines reads text: it does not go with --input-format jsonl") }
    }

    func run() throws {
        let lexicons = try dictionaries.load()
        let pipeline = try Pipeline.standard(lexicons: lexicons, options: noKeywords ? [.noKeywords] : [],
                                             background: try analysis.backgroundIDF())
        let source = analysis.source(lines: lines)
        var runner = ArticleRunner(pipeline: pipeline, options: analysis, encoding: jsonl ? .compact : .pretty)
        var writer = RecordWriter(jsonl: jsonl)
        try runner.run(paths: paths.isEmpty ? ["-"] : paths, source: source, format: analysis.inputFormat,
                       records: analysis.records, include: analysis.patterns) { record, encoded, _ in
            try writer.write(record, encoded: encoded)
        }
        try writer.finish()
        if runner.failed { throw ExitCode(1) }
    }
}

/// Writes records as JSON Lines, or as one pretty object / a pretty array.
struct RecordWriter {
    let jsonl: Bool
    var out = OutputBuffer()
    var held: Data?
    var count = 0

    init(jsonl: Bool) { self.jsonl = jsonl }

    mutating func write(_ record: ArticleRecord, encoded: Data?) throws {
        count += 1
        if jsonl {
            let data = try encoded ?? Data(JSONOutput.compact(record))
            out.write(String(decoding: data, as: UTF8.self))
            out.write("\n")
            return
        }
        let data = try encoded ?? Data(JSONOutput.pretty(record))
        if count == 1 { held = data; return }
        if let first = held {
            out.write("[\n")
            out.write(Self.indented(first))
            held = nil
        }
        out.write(",\n")
        out.write(Self.indented(data))
    }

    mutating func finish() throws {
        if !jsonl {
            if count == 0 { out.write("[]\n") }
            else if let first = held { out.write(String(decoding: first, as: UTF8.self)); out.write("\n") }
            else { out.write("\n]\n") }
        }
        out.flush()
    }

    /// Indents pretty JSON by two spaces (JSON strings never contain a raw line break).
    static func indented(_ data: Data) -> String {
        var bytes: [UInt8] = [0x20, 0x20]
        bytes.reserveCapacity(data.count + data.count / 4)
        for b in data {
            bytes.append(b)
            if b == 0x0A { bytes.append(0x20); bytes.append(0x20) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
