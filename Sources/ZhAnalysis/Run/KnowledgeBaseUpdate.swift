import Foundation

/// The incremental update of a knowledge base file (`zhkb ingest`), and the sink of its run.
///
/// 1. `init` refuses a foreign KB, a newer schema or a file out of the KB's line layout before any
///    work, and remembers the (source, hash) keys of its articles (only their heads are held; their
///    JSON is copied through on write, and read for the views then: a corrupt article body stops
///    the write and leaves the file as it was).
/// 2. During the run, `skip` answers true for a document already in the KB (same source, same
///    text, same document date: a new `--date` or record `date` changes what its periods resolve
///    to, so it is analysed again and replaces the old version) and for a text the KB or the run
///    has analysed under a name that precedes its own in article order (recorded as a duplicate,
///    not analysed: `DuplicateIndex`; `DuplicateRule` settles the rest when the KB is written);
///    `fileRead` records which texts each file holds now; `add` takes new records.
///    After it, `keepOldVersions(ofFailed:)` keeps the KB's version of a file whose new version
///    failed, whole.
/// 3. `commit` takes the KB's lock, merges into what the file holds *now* (another ingest may have
///    written meanwhile), drops the articles of a re-read file whose text is gone (replaced),
///    restores articles skipped as known that the other writer removed, and writes atomically —
///    or leaves the file untouched when nothing changed.
///
/// With `rebuild`, the articles of the KB are ignored: everything is analysed again and only what
/// this run read is written.
public final class KnowledgeBaseUpdate: RecordSink {
    public let url: URL
    /// The path as given (paths of the run are compared with it, normalised).
    public let path: String
    public let rebuild: Bool
    private let existing: KnowledgeBaseScan?
    private let assembler: KnowledgeBaseAssembler
    /// Articles of the KB that a run may keep, with the document date each was analysed with ("" for none).
    private var known: [ArticleKey: String] = [:]
    /// The first source (in article order) of every analysed text, for duplicates (`DuplicateRule`).
    private var texts = DuplicateIndex()
    /// Sources the KB had when opened.
    private var oldSources: Set<String> = []
    private var duplicates = 0
    private var duplicateFailure: (any Error)?
    /// Known articles met again in this run (not analysed).
    private var kept: Set<ArticleKey> = []
    /// Normalised source → the hashes of its documents, for every file read completely.
    private var seen: [String: Set<String>] = [:]
    private var added = 0

    /// What `commit` did.
    public struct Summary: Equatable, Sendable {
        /// Records analysed and added in this run.
        public var added = 0
        /// Articles met again unchanged (not analysed).
        public var unchanged = 0
        /// Old articles of re-read files whose text is gone.
        public var removed = 0
        /// Texts recorded as duplicates of an article under another name.
        public var duplicates = 0
        /// Articles in the KB after the update.
        public var total = 0
        /// False when the file was left as it was (nothing changed).
        public var written = false
    }

    /// Opens the KB at `path` (absent is fine: it will be created). Throws when its folder is not
    /// writable, when the file exists but is not a zhkb knowledge base in its line layout (or in
    /// another layout that does not decode), or when no temporary file can be made next to it.
    public init(path: String, rebuild: Bool = false) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        self.url = url
        self.rebuild = rebuild
        try KnowledgeBaseFile.checkWritable(url)
        // Only the article heads are read here (an unchanged re-ingest reads nothing more); the
        // articles copied into a new version are read for their views, and checked, by `commit`.
        existing = try KnowledgeBaseScan.open(url)
        if let existing {
            // A schema-1 KB stored no article text: its articles met again are analysed again
            // (and so upgraded); the others are kept as they are.
            let upgrading = existing.schemaVersion < 2
            for a in existing.articles {
                oldSources.insert(a.head.source)
                guard !rebuild else { continue }
                if a.head.duplicateOf == nil { texts.note(hash: a.head.hash, source: a.head.source) }
                guard !upgrading else { continue }
                known[a.head.key] = a.head.documentDate ?? ""
            }
        }
        assembler = try KnowledgeBaseAssembler(directory: url.deletingLastPathComponent())
    }

    /// Paths a run must not read: the KB itself and its lock.
    public var excludedPaths: Set<String> {
        let path = ArticleSource.normalizedPath(path)
        return [path, path + ".lock"]
    }

    /// True when the document is in the KB already (it is then kept, not analysed), or when its
    /// text is analysed, in the KB or earlier in this run, under a name that precedes its own: it
    /// is then recorded as a duplicate of that source (`duplicate` gets the source) and not analysed.
    public func skip(_ input: ArticleInput, duplicate: (String) -> Void = { _ in }) -> Bool {
        let key = ArticleKey(source: input.source, part: input.part, line: input.line, hash: input.hash)
        if let date = known[key], date == (input.date ?? "") {
            kept.insert(key)
            return true
        }
        guard let original = texts.original(of: input) else { return false }
        duplicates += 1
        duplicate(original)
        do { try assembler.add(ArticleRecord.duplicate(of: input, original: original)) } catch {
            if duplicateFailure == nil { duplicateFailure = error }
        }
        return true
    }

    /// After the run: a file of the KB whose new version failed (completely or in part) keeps its
    /// previous version whole rather than old and new parts side by side. Returns those sources
    /// with the number of new documents not stored. Throws the first error of recording a
    /// duplicate.
    public func keepOldVersions(ofFailed sources: Set<String>) throws -> [(source: String, dropped: Int)] {
        if let duplicateFailure { throw duplicateFailure }
        var result: [(source: String, dropped: Int)] = []
        for source in sources.sorted() where oldSources.contains(source) && !rebuild {
            seen[source] = nil
            let dropped = assembler.removeAdded(source: source)
            added -= dropped
            result.append((source, dropped))
        }
        return result
    }

    /// A file was read completely and holds documents with these hashes (standard input excepted:
    /// it replaces nothing).
    public func fileRead(_ source: String, hashes: Set<String>) {
        if source != "-" { seen[source, default: []].formUnion(hashes) }
    }

    public func add(_ record: ArticleRecord, encoded: Data?, facts: EncodedFacts?) throws {
        added += 1
        if let encoded, let facts {
            try assembler.add(record, encoded: [UInt8](encoded), facts: facts)
        } else {
            try assembler.add(record)
        }
    }

    /// Merges with the file as it is now and writes it, under its lock (waiting up to
    /// `lockTimeout` seconds for another holder; `waiting` is told who holds it). Throws
    /// `KnowledgeBaseFile.Problem` when the lock cannot be had or the file changed into something
    /// that is not a KB.
    public func commit(jobs: Int = 1, lockTimeout: Double? = nil, waiting: ((String) -> Void)? = nil) throws -> Summary {
        var summary = Summary(added: added, unchanged: kept.count, duplicates: duplicates)
        try KnowledgeBaseFile.withLock(url, timeout: lockTimeout, waiting: waiting) {
            KnowledgeBaseFile.removeStaleTemporaries(for: url)
            let current: KnowledgeBaseScan?
            if let existing, let fingerprint = existing.fingerprint, KnowledgeBaseFile.fingerprint(url) == fingerprint {
                current = existing
            } else {
                current = try KnowledgeBaseScan.open(url)
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
            // A KB of an older schema is written again (upgraded) even when no article changed.
            let unchanged = current.map { $0.schemaVersion == KnowledgeBase.currentSchemaVersion } == true && !rebuild
                && summary.removed == 0 && added == 0 && duplicates == 0 && restored == 0
            if unchanged { return }
            try assembler.write(to: url, jobs: jobs)
            summary.written = true
        }
        return summary
    }
}
