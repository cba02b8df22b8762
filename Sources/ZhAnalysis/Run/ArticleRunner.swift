import Foundation

/// What a run reports besides its records, for the caller to print: the CLI writes problems and
/// diagnostics to stderr and draws a progress line; tests collect them.
public enum RunEvent: Sendable {
    /// The files the paths expanded to, before any is read.
    case files([String])
    /// A file or path could not be read, or was skipped (binary, empty folder…).
    case problem(InputProblem)
    /// A document's analysis failed in a stage; it produced no record.
    case failure(location: String, Diagnostic)
    /// A recoverable finding of a stage on a document (warnings and notes).
    case diagnostic(location: String, Diagnostic)
    /// Bytes of input text read (for progress).
    case read(bytes: Int)
    /// One file was read to its end.
    case fileDone
}

/// Receives the records of a run in input order, with the encodings the workers made (nil when
/// the analyzer was asked for none).
public protocol RecordSink {
    /// Whether the sink needs the records themselves. When it does not and the analyzer encodes,
    /// the workers drop each record once encoded and the sink gets only its bytes (`add(encoded:)`).
    var needsRecords: Bool { get }
    mutating func add(_ record: ArticleRecord, encoded: Data?, facts: EncodedFacts?) throws
    /// An encoded record whose record was not kept (`needsRecords` false).
    mutating func add(encoded: Data) throws
}

extension RecordSink {
    public var needsRecords: Bool { true }

    public mutating func add(encoded: Data) throws {
        throw ZhError.invalidArgument("this sink needs whole records, not their encoding")
    }
}

/// The run of `extract` and `ingest`: `ArticleSource` (paths → documents) → `ParallelAnalyzer`
/// (the pipeline on `jobs` threads) → `ArticleRecord` → a `RecordSink`, in input order. Problems
/// and diagnostics go to an event handler; the run itself never prints.
public struct ArticleRunner {
    public let analyzer: ParallelAnalyzer
    /// True once any file or document failed (an input problem of severity error, or a stage
    /// failure).
    public private(set) var failed = false
    /// Normalised sources of the files that failed completely or in part.
    public private(set) var failedSources: Set<String> = []
    /// The document date of inputs that come without one (`--date`, `YYYY-MM-DD`); a record's own
    /// `date` and a date written in the text win over it (see `PeriodResolver`).
    public var defaultDate: String?

    /// - keepsRecords: false when the sink does not need records (`RecordSink.needsRecords`) and
    ///   takes the encodings alone.
    public init(pipeline: Pipeline, jobs: Int, encoding: ParallelAnalyzer.Encoding = .none, keepsRecords: Bool = true) {
        analyzer = ParallelAnalyzer(pipeline: pipeline, jobs: jobs, encoding: encoding, keepsRecords: keepsRecords)
    }

    /// Reads every path, analyses its documents and hands the records to `sink`.
    /// - excluding: normalised paths never read (the KB file and its lock).
    /// - include: the name patterns of the files a folder contributes (`FolderWalk`).
    /// - skip: asked for every document before analysis; true skips it (already in the KB).
    /// - fileDone: the normalised source and its documents' hashes, for every file read completely
    ///   (nil: the hashes are not collected).
    /// - format, records: how files are read: as text through `source`, or (`format.readsRecords`)
    ///   as JSON Lines records through `records`; with record input `fileDone` is called for every
    ///   record source (possibly several times).
    public mutating func run<Sink: RecordSink>(paths: [String], source: ArticleSource, format: InputFormat = .text,
                                               records: RecordReader = RecordReader(), excluding: Set<String> = [],
                                               include: [String] = FolderWalk.defaultPatterns,
                                               skip: (ArticleInput) -> Bool = { _ in false },
                                               fileDone: ((String, Set<String>) -> Void)? = nil,
                                               events: (RunEvent) -> Void = { _ in },
                                               into sink: inout Sink) throws {
        var problems: [InputProblem] = []
        let files = ArticleSource.expand(paths, excluding: excluding, include: include, problems: &problems)
        report(problems, events)
        events(.files(files))
        var failedNow: Set<String> = []
        func handle(_ result: ParallelAnalyzer.Result) throws {
            if let failure = result.failure {
                failedNow.insert(result.input.source)
                events(.failure(location: Self.location(result.input), failure))
                return
            }
            if !result.diagnostics.isEmpty {
                let location = Self.location(result.input)
                for d in result.diagnostics { events(.diagnostic(location: location, d)) }
            }
            if let record = result.record {
                try sink.add(record, encoded: result.encoded, facts: result.facts)
            } else if let encoded = result.encoded {
                try sink.add(encoded: encoded)
            }
        }
        for file in files {
            var fileProblems: [InputProblem] = []
            var hashes = Set<String>()
            var sources: [String: Set<String>] = [:]
            let asRecords = format.readsRecords(file)
            let read = asRecords ? records.read : source.read
            let defaultDate = self.defaultDate
            func take(_ input: consuming ArticleInput) throws {
                if fileDone != nil {
                    if asRecords { sources[input.source, default: []].insert(input.hash) } else { hashes.insert(input.hash) }
                }
                events(.read(bytes: input.byteCount))
                if skip(input) { return }
                try analyzer.submit(input, emit: handle)
            }
            let outcome = try read(file, &fileProblems) { input in
                // Handed on as it is (moved, not copied), or dated when it gets the default date.
                guard input.date == nil, let d = defaultDate else { return try take(input) }
                var dated = input
                dated.date = d
                dated.dateSource = .option
                try take(dated)
            }
            events(.fileDone)
            report(fileProblems, events)
            if asRecords {
                if outcome == .failed { failed = true }
                for (name, hashes) in sources { fileDone?(name, hashes) }
            } else if outcome == .read {
                fileDone?(ArticleSource.normalizedPath(file), hashes)
            } else if outcome == .failed || fileProblems.contains(where: { $0.severity == .error }) {
                failedSources.insert(ArticleSource.normalizedPath(file))
            }
        }
        if analyzer.jobs == 1 {
            // No worker threads: straight to the sink (collected, each result was copied twice,
            // every string and array of it retained and released).
            try analyzer.finish(emit: handle)
        } else {
            // Collected first: the workers stop even when the sink throws.
            var emitted: [ParallelAnalyzer.Result] = []
            analyzer.finish { emitted.append($0) }
            try ParallelAnalyzer.emitEach(emitted, handle)
        }
        if !failedNow.isEmpty {
            failed = true
            failedSources.formUnion(failedNow)
        }
    }

    private mutating func report(_ problems: [InputProblem], _ events: (RunEvent) -> Void) {
        for p in problems {
            if p.severity == .error { failed = true }
            events(.problem(p))
        }
    }

    /// Where a document came from, printable: `path`, `path:line`, `path (part n)`.
    public static func location(_ input: ArticleInput) -> String {
        var s = DisplayPath.escaped(input.source)
        if let line = input.line { s += ":\(line)" }
        if let part = input.part { s += " (part \(part))" }
        return s
    }
}
