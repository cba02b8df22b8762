import ArgumentParser
import Foundation
import ZhAnalysis

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Analyse articles and add them to the knowledge base (kb.json).",
        discussion: """
        PATH is a file (always read), a folder or - for standard input. A folder is walked \
        recursively and contributes its regular *.txt files, and *.jsonl files as records unless --input-format text (--include widens that); hidden \
        files, FIFOs, sockets and devices are skipped, symbolic links are followed once. \
        Incremental: an article already in the KB with the same source and content hash is not \
        analysed again; a changed file replaces its old entries (unless its new version fails: \
        then the old one stays). A text identical to one already in the KB under another name is \
        recorded as a duplicate of it, without analysis. Files longer than --max-document-kb are \
        cut into documents of bounded size. The KB is written atomically under a lock \
        (<kb>.lock), so concurrent ingests both land. The output depends only on the input, \
        never on --jobs.

        Exit status: 0 every input was analysed; 1 some input was skipped or failed (the rest \
        was written, each problem named on stderr); 2 nothing could be written (the KB's folder \
        is not writable, the KB is not a zhkb KB, or the lock was not free within --lock-timeout).
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

    @Option(help: ArgumentHelp("Also keep this SQLite database (zhkb export --format sqlite) in step with the KB: changed articles replaced, new ones added, removed ones deleted.", valueName: "DB"))
    var sqlite: String?

    @Option(help: ArgumentHelp("Seconds to wait for another zhkb holding the KB's lock before giving up.", valueName: "SECONDS"))
    var lockTimeout: Double = 60

    @OptionGroup var analysis: AnalysisOptions

    @OptionGroup var dictionaries: DictionaryOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file, folder or -") }
        if lines && analysis.inputFormat == .jsonl { throw ValidationError("--lines reads text: it does not go with --input-format jsonl") }
        if !(lockTimeout >= 0) { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }

    func run() throws {
        // Refuse an unwritable place, a foreign or corrupt KB before doing any work.
        let update: KnowledgeBaseUpdate
        do { update = try KnowledgeBaseUpdate(path: kb, rebuild: rebuild) } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        let lexicons = try dictionaries.load()
        let pipeline = try Pipeline.standard(lexicons: lexicons, background: try analysis.backgroundIDF())
        var runner = ArticleRunner(pipeline: pipeline, jobs: analysis.jobs, encoding: .knowledgeBase)
        runner.defaultDate = analysis.date
        var reporter = RunReporter(verbose: analysis.verbose)
        var sink = update
        try runner.run(paths: paths, source: analysis.source(lines: lines), format: analysis.inputFormat,
                       records: analysis.records, excluding: update.excludedPaths, include: analysis.patterns,
                       skip: { input in
                           update.skip(input) { original in
                               reporter.finish()
                               Console.warn("\(ArticleRunner.location(input)): note: [input] same text as \(DisplayPath.escaped(original)); recorded as its duplicate")
                           }
                       },
                       fileDone: update.fileRead, events: { reporter.report($0) }, into: &sink)
        reporter.finish()
        // A file that failed (in part) keeps its previous version whole.
        for (source, dropped) in try update.keepOldVersions(ofFailed: runner.failedSources) {
            Console.warn("\(DisplayPath.escaped(source)): warning: [input] its new version failed; kept the version already in the knowledge base"
                         + (dropped > 0 ? " (\(dropped) new document\(dropped == 1 ? "" : "s") not stored)" : ""))
        }
        let summary: KnowledgeBaseUpdate.Summary
        do {
            summary = try update.commit(jobs: analysis.jobs, lockTimeout: lockTimeout, waiting: { holder in
                Console.warn("zhkb: \(DisplayPath.escaped(kb)) is locked by \(holder); waiting up to \(String(format: "%g", lockTimeout)) s")
            })
        } catch let problem as KnowledgeBaseFile.Problem {
            Console.warn("zhkb: error: \(problem)")
            throw ExitCode(2)
        }
        let duplicates = summary.duplicates
        Console.warn("zhkb: \(summary.added) analysed, \(summary.unchanged) unchanged, \(summary.removed) replaced, \(duplicates) duplicate\(duplicates == 1 ? "" : "s"); "
                     + "\(kb): \(summary.total) articles\(summary.written ? "" : " (not modified)")")
        if let sqlite {
            do {
                let result = try SQLiteExport(indexer: SentenceIndexer(lexicons: lexicons)).update(kb: URL(fileURLWithPath: kb), db: URL(fileURLWithPath: sqlite))
                Console.warn("zhkb: \(sqlite): \(result.inserted) articles written, \(result.deleted) removed, \(result.unchanged) unchanged")
            } catch {
                Console.warn("zhkb: error: \(error) (\(kb) was written; the database was left as it was)")
                throw ExitCode(1)
            }
        }
        if runner.failed { throw ExitCode(1) }
    }
}

/// Options of the commands that analyse articles (`extract`, `ingest`).
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var workers: JobsOption
    var jobs: Int { workers.jobs }

    @Option(help: ArgumentHelp("Longest document before a text is cut (KiB of UTF-8).", valueName: "KB"))
    var maxDocumentKb: Int = 1024

    @Flag(help: "Also print notes from the analysis stages.")
    var verbose = false

    @Option(help: ArgumentHelp("How inputs are read: text (articles), jsonl (records {\"id\"?, \"source\", \"text\", \"date\"?}, one per line), or auto (.jsonl files as records, the rest as text).", valueName: "FORMAT"))
    var inputFormat: InputFormat = .auto

    @Option(help: ArgumentHelp("The document date of inputs without one (YYYY-MM-DD): today, 去年, 上月 are read against it. A full date written in the article (a dated report head, a date line) wins over it, and so does a record's own date.", valueName: "DATE"))
    var date: String?

    @Option(name: .customLong("include"), help: ArgumentHelp("Also take files matching GLOB from folders (besides *.txt); repeatable.", valueName: "GLOB"))
    var include: [String] = []

    /// The name patterns of the files a folder contributes: `*.txt`, and `*.jsonl` unless the
    /// input is read as text.
    var patterns: [String] { FolderWalk.defaultPatterns + (inputFormat == .text ? [] : ["*.jsonl"]) + include }

    @Option(name: .customLong("idf"), help: ArgumentHelp("Background IDF for keywords in jieba's idf.txt format (word idf); default: from the lexicon's word frequencies.", valueName: "FILE"))
    var idfFile: String?

    /// The `--idf` table, nil without the option.
    func backgroundIDF() throws -> IDFTable? {
        try idfFile.map { try IDFTable(contentsOf: URL(fileURLWithPath: $0)) }
    }

    func validate() throws {
        if maxDocumentKb < 1 { throw ValidationError("--max-document-kb must be at least 1") }
        if let date, ReferenceDate(iso: date, source: .option) == nil {
            throw ValidationError("--date must be a calendar day written YYYY-MM-DD, not \"\(date)\"")
        }
    }

    /// The article source: whole files, or one article per line.
    func source(lines: Bool) -> ArticleSource {
        ArticleSource(mode: lines ? .lines : .article, maxDocumentBytes: maxDocumentKb * 1024)
    }

    /// The reader of record input.
    var records: RecordReader { RecordReader(maxDocumentBytes: maxDocumentKb * 1024) }
}

extension InputFormat: ExpressibleByArgument {}
