import ArgumentParser
import Foundation
import ZhAnalysis

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        let kbURL = URL(fileURLWithPath: kb)
        // Refuse an unwritable place, a foreign or corrupt KB before doing any work. Only the heads
        // of its articles (source, hash, place) are held; their JSON is copied through when the KB
        // is written.
        let existing: KnowledgeBaseScan?
        do {
            try KnowledgeBaseFile.checkWritable(kbURL)
            existing = try KnowledgeBaseScan.open(kbURL)
            // The whole KB checked as `stats` checks it: what one refuses as corrupt, so does the other.
            if existing != nil { _ = try KnowledgeBaseFile.readViews(kbURL) { _ in } }
        } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        var known: Set<ArticleKey> = []
        var texts = DuplicateIndex()
        if !rebuild, let existing {
            for a in existing.articles {
                known.insert(a.head.key)
                texts.note(hash: a.head.hash, source: a.head.source)
            }
        }
        var oldSources: Set<String> = []
        if let existing { for a in existing.articles { oldSources.insert(a.head.source) } }

        let lexicons = try dictionaries.load()
        let pipeline = try Pipeline.standard(lexicons: lexicons, background: try analysis.backgroundIDF())
        let source = analysis.source(lines: lines)
        var runner = ArticleRunner(pipeline: pipeline, options: analysis, encoding: .knowledgeBase)
        let kbPath = ArticleSource.normalizedPath(kb)
        let assembler: KnowledgeBaseAssembler
        do { assembler = try KnowledgeBaseAssembler(directory: kbURL.deletingLastPathComponent()) } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        var kept: Set<ArticleKey> = []
        var seen: [String: Set<String>] = [:]
        var added = 0
        var duplicates = 0
        var duplicateFailure: Error?
        try runner.run(paths: paths, source: source, format: analysis.inputFormat, records: analysis.records,
                       excluding: [kbPath, kbPath + ".lock"], include: analysis.patterns,
                       skip: { input in
                           let key = ArticleKey(source: input.source, part: input.part, line: input.line, hash: input.hash)
                           if known.contains(key) {
                               kept.insert(key)
                               return true
                           }
                           // The same text under another name: recorded, not analysed.
                           guard let original = texts.original(of: input) else { return false }
                           duplicates += 1
                           Console.warn("\(ArticleRunner.location(input)): note: [input] same text as \(DisplayPath.escaped(original)); recorded as its duplicate")
                           do { try assembler.add(ArticleRecord.duplicate(of: input, original: original)) } catch { duplicateFailure = error }
                           return true
                       },
                       fileDone: { file, hashes in if file != "-" { seen[file, default: []].formUnion(hashes) } },
                       emit: { record, encoded, facts in
                           added += 1
                           if let encoded, let facts {
                               try assembler.add(record, encoded: [UInt8](encoded), facts: facts)
                           } else {
                               try assembler.add(record)
                           }
                       })

        if let duplicateFailure { throw duplicateFailure }
        // A file that failed (in part) keeps its previous version whole, rather than old and new
        // parts side by side.
        for source in runner.failedSources.sorted() where oldSources.contains(source) && !rebuild {
            seen[source] = nil
            let dropped = assembler.removeAdded(source: source)
            added -= dropped
            Console.warn("\(DisplayPath.escaped(source)): warning: [input] its new version failed; kept the version already in the knowledge base"
                         + (dropped > 0 ? " (\(dropped) new document\(dropped == 1 ? "" : "s") not stored)" : ""))
        }
        var summary = (added: added, unchanged: kept.count, removed: 0, total: 0, written: false)
        do {
            try KnowledgeBaseFile.withLock(kbURL, timeout: lockTimeout, waiting: { holder in
                Console.warn("zhkb: \(DisplayPath.escaped(kb)) is locked by \(holder); waiting up to \(String(format: "%g", lockTimeout)) s")
            }) {
                KnowledgeBaseFile.removeStaleTemporaries(for: kbURL)
                // Another ingest may have written meanwhile: merge into what is there now.
                let current: KnowledgeBaseScan?
                if let existing, let fingerprint = existing.fingerprint, KnowledgeBaseFile.fingerprint(kbURL) == fingerprint {
                    current = existing
                } else {
                    current = try KnowledgeBaseScan.open(kbURL)
                }
                var present: Set<ArticleKey> = []
                if !rebuild, let current {
                    for a in current.articles {
                        let key = a.head.key
                        if let hashes = seen[a.head.source], !hashes.contains(a.head.hash) { summary.removed += 1; continue }
                        present.insert(key)
                        if assembler.contains(key) { continue }
                        try assembler.add(a, of: current)
                    }
                }
                // Articles skipped as known but gone from the current KB come from the KB read first.
                var restored = 0
                if let existing, existing !== current {
                    for a in existing.articles where kept.contains(a.head.key) && !present.contains(a.head.key) {
                        try assembler.add(a, of: existing)
                        restored += 1
                    }
                }
                summary.total = assembler.count
                let unchanged = current != nil && !rebuild && summary.removed == 0 && added == 0 && restored == 0
                if unchanged { return }
                try assembler.write(to: kbURL, jobs: analysis.jobs)
                summary.written = true
            }
        } catch let problem as KnowledgeBaseFile.Problem {
            Console.warn("zhkb: error: \(problem)")
            throw ExitCode(2)
        }
        Console.warn("zhkb: \(summary.added) analysed, \(summary.unchanged) unchanged, \(summary.removed) replaced, \(duplicates) duplicate\(duplicates == 1 ? "" : "s"); "
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

    @Option(help: ArgumentHelp("How inputs are read: text (articles), jsonl (records {\"id\"?, \"source\", \"text\", \"date\"?}, one per line), or auto (.jsonl files as records, the rest as text).", valueName: "FORMAT"))
    var inputFormat: InputFormat = .auto

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
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxDocumentKb < 1 { throw ValidationError("--max-document-kb must be at least 1") }
    }

    /// The article source: whole files, or one article per line.
    func source(lines: Bool) -> ArticleSource {
        ArticleSource(mode: lines ? .lines : .article, maxDocumentBytes: maxDocumentKb * 1024)
    }

    /// The reader of record input.
    var records: RecordReader { RecordReader(maxDocumentBytes: maxDocumentKb * 1024) }
}

/// Drives reading, analysis and reporting for `ingest` and `extract`: streams every input
/// through `ArticleSource`, analyses on `jobs` threads, prints problems to stderr and a
/// progress line when stderr is a terminal.
struct ArticleRunner {
    let analyzer: ParallelAnalyzer
    let verbose: Bool
    /// True when any file or document failed.
    var failed = false
    /// Normalised sources of the files that failed completely or in part.
    var failedSources: Set<String> = []
    var progress: ProgressLine

    init(pipeline: Pipeline, options: AnalysisOptions, encoding: ParallelAnalyzer.Encoding = .none) {
        analyzer = ParallelAnalyzer(pipeline: pipeline, jobs: options.jobs, encoding: encoding)
        verbose = options.verbose
        progress = ProgressLine()
    }

    /// - skip: called for every document before analysis; return true to skip it.
    /// - fileDone: called with the normalised source and its document hashes for every file read
    ///   completely; with record input, for every record source (possibly several times).
    /// - emit: receives every analysed record, in input order, with the encodings the workers made.
    mutating func run(paths: [String], source: ArticleSource, format: InputFormat = .text,
                      records: RecordReader = RecordReader(), excluding: Set<String> = [],
                      include: [String] = FolderWalk.defaultPatterns,
                      skip: (ArticleInput) -> Bool = { _ in false },
                      fileDone: (String, Set<String>) -> Void = { _, _ in },
                      emit: (ArticleRecord, Data?, EncodedFacts?) throws -> Void) throws {
        var problems: [InputProblem] = []
        let files = ArticleSource.expand(paths, excluding: excluding, include: include, problems: &problems)
        report(problems)
        progress.start(files: files)
        var handled: [(ArticleRecord, Data?, EncodedFacts?)] = []
        func handle(_ result: ParallelAnalyzer.Result, _ runner: inout ArticleRunner) throws {
            let where_ = Self.location(result.input)
            if let failure = result.failure {
                runner.failed = true
                runner.failedSources.insert(result.input.source)
                runner.progress.clear()
                Console.warn("\(where_): error: [\(failure.stage)] \(failure.message)")
                return
            }
            guard let record = result.record else { return }
            for d in record.diagnostics where d.severity != .note || runner.verbose {
                runner.progress.clear()
                Console.warn("\(where_): \(d.severity.rawValue): [\(d.stage)] \(DisplayPath.escaped(d.message))")
            }
            handled.append((record, result.encoded, result.facts))
        }
        for file in files {
            var fileProblems: [InputProblem] = []
            var hashes = Set<String>()
            var sources: [String: Set<String>] = [:]
            let asRecords = format.readsRecords(file)
            let read = asRecords ? records.read : source.read
            let outcome = try read(file, &fileProblems) { input in
                if asRecords { sources[input.source, default: []].insert(input.hash) } else { hashes.insert(input.hash) }
                progress.advance(bytes: input.byteCount)
                if skip(input) { return }
                var emitted: [ParallelAnalyzer.Result] = []
                analyzer.submit(input) { emitted.append($0) }
                for r in emitted { try handle(r, &self) }
                for (r, data, facts) in handled { try emit(r, data, facts) }
                handled.removeAll()
            }
            progress.fileDone()
            report(fileProblems)
            if asRecords {
                if outcome == .failed { failed = true }
                for (name, hashes) in sources { fileDone(name, hashes) }
            } else if outcome == .read {
                fileDone(ArticleSource.normalizedPath(file), hashes)
            } else if outcome == .failed || fileProblems.contains(where: { $0.severity == .error }) {
                failedSources.insert(ArticleSource.normalizedPath(file))
            }
        }
        var emitted: [ParallelAnalyzer.Result] = []
        analyzer.finish { emitted.append($0) }
        for r in emitted { try handle(r, &self) }
        for (r, data, facts) in handled { try emit(r, data, facts) }
        progress.clear()
    }

    mutating func report(_ problems: [InputProblem]) {
        for p in problems {
            if p.severity == .error { failed = true }
            progress.clear()
            Console.warn(p.description)
        }
    }

    static func location(_ input: ArticleInput) -> String {
        var s = DisplayPath.escaped(input.source)
        if let line = input.line { s += ":\(line)" }
        if let part = input.part { s += " (part \(part))" }
        return s
    }
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

extension InputFormat: ExpressibleByArgument {}
