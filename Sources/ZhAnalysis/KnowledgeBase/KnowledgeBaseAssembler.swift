import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The rows of one article in the KB's fact table: compact JSON lines, each preceded by ",\n".
public struct EncodedFacts: Sendable {
    public var bytes: [UInt8]
    public var count: Int

    public init(_ record: ArticleRecord) throws {
        try self.init(writing: record)
    }
}

/// Builds kb.json from article records without holding them: records (as compact JSON) are kept
/// in a temporary file or read from existing KB files, and only their heads and places stay in
/// memory. `write` sorts them, then streams each article through the aggregator in file order
/// and writes the same bytes `KnowledgeBaseFile.stream` writes for `KnowledgeBase(articles:)` of
/// the same records. Article lines are copied as bytes; an article not aggregated when it was
/// added (one copied from a KB file) is read for its views only (`JSONInput.decodeForViews`: its
/// text and most quantity fields are checked and skipped, not decoded), in parallel, a batch at a
/// time.
public final class KnowledgeBaseAssembler: @unchecked Sendable {
    /// What happens when a record's key is already present.
    public enum Collision: Sendable {
        /// The new record replaces the old one.
        case replace
        /// Of two different records, the one whose encoding comes first byte by byte stays
        /// (`KnowledgeBase.normalized`): decided by content, whatever the order of the inputs.
        /// The key is listed in `conflicts`.
        case tieBreak
    }

    private struct Entry {
        var head: ArticleHead
        /// 0: the spool; i > 0: `scans[i - 1]`.
        var file: Int
        var offset: Int
        var length: Int
        /// Set when the record was aggregated as it was added, its fact rows lying in the spool.
        var facts: (offset: Int, length: Int, count: Int)?
    }

    private let spool: Spool
    private var scans: [KnowledgeBaseScan] = []
    private var entries: [ArticleKey: Entry] = [:]
    public let options: AggregationOptions
    /// Views of the records aggregated as they were added (the aggregation is order-independent).
    private var aggregator: Aggregator
    /// Set when an aggregated record was replaced: `write` then aggregates everything again.
    private var stale = false
    /// Keys that two different records had (`Collision.tieBreak`), in the order met.
    public private(set) var conflicts: [ArticleKey] = []

    /// Whether `new` replaces `old` (records with one key) under `collision`, noting a conflict
    /// between different analyses (`KnowledgeBase.prefersFirst`, `KnowledgeBase.conflict`).
    private func replaces(_ old: Entry, _ new: (head: ArticleHead, bytes: [UInt8]), collision: Collision) throws -> Bool {
        guard collision == .tieBreak else { return true }
        let oldBytes = try bytes(old)
        if oldBytes == new.bytes { return false }
        if KnowledgeBase.conflict(old.head, new.head) { conflicts.append(new.head.key) }
        return !KnowledgeBase.prefersFirst(old.head, oldBytes, new.head, new.bytes)
    }

    /// Removes the records of `source` added from analysis or records in this run (not those
    /// copied from a KB file); returns how many.
    @discardableResult
    public func removeAdded(source: String) -> Int {
        let keys = entries.filter { $0.key.source == source && $0.value.file == 0 }
        for (key, e) in keys {
            if e.facts != nil { stale = true }
            entries[key] = nil
        }
        return keys.count
    }

    /// Temporary data goes next to `directory` (the KB's folder).
    public init(directory: URL, options: AggregationOptions = AggregationOptions()) throws {
        spool = try Spool(directory: directory)
        self.options = options
        aggregator = Aggregator(options: options)
    }

    /// Adds an analysed record with its encodings (made on a worker thread): it is aggregated now,
    /// so writing the KB copies its bytes without decoding them again.
    public func add(_ record: ArticleRecord, encoded bytes: [UInt8], facts: EncodedFacts) throws {
        let head = ArticleHead(record)
        if let old = entries[head.key], old.facts != nil { stale = true }
        let offset = try spool.append(bytes)
        let factsOffset = try spool.append(facts.bytes)
        entries[head.key] = Entry(head: head, file: 0, offset: offset, length: bytes.count,
                                  facts: (factsOffset, facts.bytes.count, facts.count))
        aggregator.add(record)
    }

    public var count: Int { entries.count }

    public func contains(_ key: ArticleKey) -> Bool { entries[key] != nil }

    /// Adds a record given as its compact JSON encoding.
    public func add(encoded bytes: [UInt8], head: ArticleHead, collision: Collision = .replace) throws {
        if let old = entries[head.key] {
            if !(try replaces(old, (head, bytes), collision: collision)) { return }
            if old.facts != nil { stale = true }
        }
        let offset = try spool.append(bytes)
        entries[head.key] = Entry(head: head, file: 0, offset: offset, length: bytes.count)
    }

    /// Adds a decoded record. A record whose key is new is aggregated now (as `add(_:encoded:facts:)`
    /// does), so `write` need not decode it again.
    public func add(_ record: ArticleRecord, collision: Collision = .replace) throws {
        let bytes = try JSONOutput.stored(record)
        let head = ArticleHead(record)
        if entries[head.key] == nil {
            try add(record, encoded: bytes, facts: try EncodedFacts(record))
        } else {
            try add(encoded: bytes, head: head, collision: collision)
        }
    }

    /// Adds an article of a scanned KB (its bytes are copied when the KB is written).
    public func add(_ article: KnowledgeBaseScan.Article, of scan: KnowledgeBaseScan, collision: Collision = .replace) throws {
        let file: Int
        if let i = scans.firstIndex(where: { $0 === scan }) { file = i + 1 } else {
            scans.append(scan)
            file = scans.count
        }
        let entry = Entry(head: article.head, file: file, offset: article.offset, length: article.length)
        if let old = entries[article.head.key] {
            if !(try replaces(old, (article.head, try bytes(entry)), collision: collision)) { return }
            if old.facts != nil { stale = true }
        }
        entries[article.head.key] = entry
    }

    private func bytes(_ e: Entry) throws -> [UInt8] {
        if e.file == 0 { return try spool.read(offset: e.offset, length: e.length) }
        return try scans[e.file - 1].bytes(KnowledgeBaseScan.Article(head: e.head, offset: e.offset, length: e.length))
    }

    private final class Batch: @unchecked Sendable {
        var bytes: [[UInt8]]
        var records: [ArticleRecord?]
        var facts: [[UInt8]]
        var factCounts: [Int]
        var failure: Error?
        let lock = NSLock()
        init(_ bytes: [[UInt8]]) {
            self.bytes = bytes
            records = Array(repeating: nil, count: bytes.count)
            facts = Array(repeating: [], count: bytes.count)
            factCounts = Array(repeating: 0, count: bytes.count)
        }
    }

    /// Writes the knowledge base atomically to `url` (call it holding `KnowledgeBaseFile.withLock`).
    public func write(to url: URL, jobs: Int = 1) throws {
        try spool.flush()
        let sorted = entries.values.sorted { $0.head.precedes($1.head) }
        // The duplicate rule: articles to store as duplicates of another source. An analysed
        // record aggregated as it was added that turns out a duplicate makes the views stale.
        let originals = DuplicateRule.originals(sorted) { $0.head }
        var rewrites: [Int: String] = [:]
        var demoted = false
        if !originals.isEmpty {
            for (i, e) in sorted.enumerated() {
                guard let original = DuplicateRule.rewrite(e.head, originals: originals) else { continue }
                rewrites[i] = original
                if e.facts != nil && e.head.duplicateOf == nil { demoted = true }
            }
        }
        let factSpool = try Spool(directory: url.deletingLastPathComponent())
        let decodeAll = stale || demoted
        var aggregator = decodeAll ? Aggregator(options: options) : self.aggregator
        var factCount = 0
        let workers = max(1, jobs)
        try KnowledgeBaseFile.writeAtomically(to: url) { sink in
            try sink(Array("{\n\"articles\":[".utf8))
            let batchSize = 64 * workers
            var start = 0
            while start < sorted.count {
                let end = min(sorted.count, start + batchSize)
                let batch = Batch(try sorted[start..<end].map { try bytes($0) })
                let n = end - start
                // decode: aggregate now; rewrite: store as a duplicate of that source.
                let decode = sorted[start..<end].map { decodeAll || $0.facts == nil }
                let rewrite = (start..<end).map { rewrites[$0] }
                let pieces = min(workers, n)
                let work: @Sendable (Int) -> Void = { p in
                    for i in (n * p / pieces)..<(n * (p + 1) / pieces) where decode[i] || rewrite[i] != nil {
                        do {
                            var record = try JSONInput.decodeForViews(batch.bytes[i])
                            var encoded: [UInt8]?
                            if let original = rewrite[i] {
                                record = .duplicate(of: record, original: original)
                                encoded = try JSONOutput.stored(record)
                            }
                            let facts = try EncodedFacts(record)
                            batch.lock.lock()
                            if let encoded { batch.bytes[i] = encoded }
                            batch.records[i] = record
                            batch.facts[i] = facts.bytes
                            batch.factCounts[i] = facts.count
                            batch.lock.unlock()
                        } catch {
                            batch.lock.lock(); batch.failure = error; batch.lock.unlock()
                        }
                    }
                }
                if pieces == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) }
                if let failure = batch.failure {
                    throw KnowledgeBaseFile.Problem.corrupt(path: url.path, reason: "an article record does not decode: \(KnowledgeBaseFile.describe(failure))")
                }
                for i in 0..<n {
                    try sink(Array((start + i == 0 ? "\n" : ",\n").utf8))
                    try sink(batch.bytes[i])
                    var lines = batch.facts[i], rows = batch.factCounts[i]
                    if decode[i] {
                        if let record = batch.records[i] { aggregator.add(record) }
                    } else if let f = sorted[start + i].facts, f.count > 0 {
                        lines = try spool.read(offset: f.offset, length: f.length)
                        rows = f.count
                    }
                    if rows > 0 {
                        // The first row of the table starts with a bare line break.
                        _ = try factSpool.append(factCount == 0 ? Array(lines.dropFirst()) : lines)
                        factCount += rows
                    }
                }
                start = end
            }
            try sink(Array((sorted.isEmpty ? "]" : "\n]").utf8))
            let views = aggregator.finish(facts: factCount)
            try sink(Array(",\n".utf8))
            try KnowledgeBaseFile.streamEntities(views.entities, jobs: jobs, sink)
            try sink(Array(",\n\"facts\":[".utf8))
            try factSpool.flush()
            var offset = 0
            while offset < factSpool.size {
                let length = min(4 << 20, factSpool.size - offset)
                try sink(try factSpool.read(offset: offset, length: length))
                offset += length
            }
            try sink(Array((factCount == 0 ? "]" : "\n]").utf8))
            try KnowledgeBaseFile.streamTail(keywords: views.keywords, series: views.series, stats: views.stats, topics: views.topics, sink)
        }
    }
}
