import ArgumentParser
import Foundation
import ZhAnalysis

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse articles and add them to the knowledge base (kb.json).",
        discussion: """
        PATH is a file, a folder (walked recursively; hidden files and binary files are skipped) \
        or - for standard input. Incremental: an article already in the KB with the same source \
        and content hash is not analysed again; a changed file replaces its old entries. Files \
        longer than --max-document-kb are cut into documents of bounded size. The KB is written \
        atomically under a lock (<kb>.lock), so concurrent ingests both land. The output depends \
        only on the input, never on --jobs.
        """
    )

    @Argument(help: "Files, folders, or - for standard input.")
    var paths: [String]

    @Option(help: ArgumentHelp("The knowledge base file.", valueName: "FILE"))
    var kb: String = "kb.json"

    @Flag(help: "Ignore the articles in the KB and start over.")
    var rebuild = false

    @Flag(help: "Every input line is its own article.")
    var lines = false

    @OptionGroup var analysis: AnalysisOptions

    @OptionGroup var dictionaries: DictionaryOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file, folder or -") }
    }

    func run() throws {
        // Refuse a foreign or corrupt KB before doing any work.
        let update: KnowledgeBaseUpdate
        do { update = try KnowledgeBaseUpdate(path: kb, rebuild: rebuild) } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        let lexicons = try dictionaries.load()
        let pipeline = try Pipeline.standard(lexicons: lexicons, background: try analysis.backgroundIDF())
        var runner = ArticleRunner(pipeline: pipeline, jobs: analysis.jobs, encoding: .knowledgeBase)
        var reporter = RunReporter(verbose: analysis.verbose)
        var sink = update
        try runner.run(paths: paths, source: analysis.source(lines: lines), excluding: update.excludedPaths,
                       skip: update.skip, fileDone: update.fileRead, events: { reporter.report($0) }, into: &sink)
        reporter.finish()
        let summary: KnowledgeBaseUpdate.Summary
        do { summary = try update.commit(jobs: analysis.jobs) } catch let problem as KnowledgeBaseFile.Problem {
            Console.warn("zhkb: error: \(problem)")
            throw ExitCode(2)
        }
        Console.warn("zhkb: \(summary.added) analysed, \(summary.unchanged) unchanged, \(summary.removed) replaced; "
                     + "\(kb): \(summary.total) articles\(summary.written ? "" : " (not modified)")")
        if runner.failed { throw ExitCode(1) }
    }
}

/// Options of the commands that analyse articles (`extract`, `ingest`).
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Worker threads (default: active processors).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Longest document before a text is cut (KiB of UTF-8).", valueName: "KB"))
    var maxDocumentKb: Int = 1024

    @Flag(help: "Also print notes from the analysis stages.")
    var verbose = false

    @Option(name: .customLong("idf"), help: ArgumentHelp("Background IDF for keywords in jieba's idf.txt format (word idf); default: from the lexicon's word frequencies.", valueName: "FILE"))
    var idfFile: String?

    /// The `--idf` table, nil without the option.
    func backgroundIDF() throws -> IDFTable? {
        try idfFile.map { try IDFTable(contentsOf: URL(fileURLWithPath: $0)) }
    }

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxDocumentKb < 1 { throw ValidationError("--max-document-kb must be at least 1") }
    }

    /// The article source: whole files, or one article per line.
    func source(lines: Bool) -> ArticleSource {
        ArticleSource(mode: lines ? .lines : .article, maxDocumentBytes: maxDocumentKb * 1024)
    }
}
