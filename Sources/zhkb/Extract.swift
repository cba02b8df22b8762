import ArgumentParser
import Foundation
import ZhAnalysis

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
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
        ProcessLifetime.keep(pipeline)
        var sink = JSONRecordSink(format: jsonl ? .lines : .pretty, output: .standardOutput)
        var runner = ArticleRunner(pipeline: pipeline, jobs: analysis.jobs, encoding: sink.encoding,
                                   keepsRecords: sink.needsRecords)
        runner.defaultDate = analysis.date
        var reporter = RunReporter(verbose: analysis.verbose)
        try runner.run(paths: paths.isEmpty ? ["-"] : paths, source: analysis.source(lines: lines),
                       format: analysis.inputFormat, records: analysis.records, include: analysis.patterns,
                       events: { reporter.report($0) }, into: &sink)
        reporter.finish()
        sink.finish()
        if runner.failed { throw ExitCode(1) }
    }
}
