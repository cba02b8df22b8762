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

/// Prints a run's events: problems and stage failures always, warnings always and notes with
/// `--verbose`, as `path: severity: [stage] message` on stderr, and the progress line.
struct RunReporter {
    let verbose: Bool
    var progress = ProgressLine()

    init(verbose: Bool) { self.verbose = verbose }

    mutating func report(_ event: RunEvent) {
        switch event {
        case .files(let files): progress.start(files: files)
        case .problem(let p):
            progress.clear()
            Console.warn(p.description)
        case .failure(let location, let d):
            progress.clear()
            Console.warn("\(location): error: [\(d.stage)] \(d.message)")
        case .diagnostic(let location, let d):
            guard d.severity != .note || verbose else { return }
            progress.clear()
            Console.warn("\(location): \(d.severity.rawValue): [\(d.stage)] \(d.message)")
        case .read(let bytes): progress.advance(bytes: bytes)
        case .fileDone: progress.fileDone()
        }
    }

    mutating func finish() { progress.clear() }
}

/// "files 3/10, 12.5 MB, 4.2 MB/s, ETA 0:03" on stderr, redrawn at most 4 times a second, only
/// when stderr is a terminal.
struct ProgressLine {
    let enabled = isatty(2) != 0
    var totalBytes = 0
    var files = 0
    var filesDone = 0
    var bytes = 0
    var started = 0.0
    var lastDraw = 0.0
    var shown = false

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    mutating func start(files list: [String]) {
        guard enabled else { return }
        files = list.count
        totalBytes = list.reduce(0) { sum, path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return sum + ((attributes?[.size] as? Int) ?? 0)
        }
        started = Self.now()
    }

    mutating func advance(bytes n: Int) {
        guard enabled else { return }
        bytes += n
        draw()
    }

    mutating func fileDone() {
        guard enabled else { return }
        filesDone += 1
        draw()
    }

    mutating func draw() {
        let t = Self.now()
        guard t - lastDraw >= 0.25 else { return }
        lastDraw = t
        let mb = Double(bytes) / 1_048_576
        let rate = mb / max(t - started, 0.001)
        var line = "zhkb: files \(filesDone)/\(files), \(String(format: "%.1f", mb)) MB, \(String(format: "%.1f", rate)) MB/s"
        if totalBytes > bytes, rate > 0 {
            let eta = Int(Double(totalBytes - bytes) / 1_048_576 / rate)
            line += ", ETA \(eta / 60):\(String(format: "%02d", eta % 60))"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    mutating func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
