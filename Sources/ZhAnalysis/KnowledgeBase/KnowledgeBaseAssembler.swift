import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What decides an article's place and identity in the KB: the fields of `articleOrder`.
public struct ArticleHead: Codable, Hashable, Sendable {
    public var source: String
    public var part: Int?
    public var line: Int?
    public var hash: String

    public init(source: String, part: Int?, line: Int?, hash: String) {
        self.source = source
        self.part = part
        self.line = line
        self.hash = hash
    }

    public init(_ r: ArticleRecord) {
        self.init(source: r.source, part: r.part, line: r.line, hash: r.hash)
    }

    public var key: ArticleKey { ArticleKey(source: source, part: part, line: line, hash: hash) }

    /// Order of articles in the file: source, part, line, then content hash.
    public func precedes(_ b: ArticleHead) -> Bool {
        if source != b.source { return source < b.source }
        if (part ?? -1) != (b.part ?? -1) { return (part ?? -1) < (b.part ?? -1) }
        if (line ?? -1) != (b.line ?? -1) { return (line ?? -1) < (b.line ?? -1) }
        return hash < b.hash
    }
}

/// An existing kb.json opened for reading without decoding it: where each article's compact
/// JSON line lies and its head. The file stays open, so its articles can be copied even after
/// another writer renamed a new KB over the path.
public final class KnowledgeBaseScan: @unchecked Sendable {
    public struct Article: Sendable {
        public var head: ArticleHead
        public var offset: Int
        public var length: Int
        /// 1-based line in the file (the line layout only).
        public var line: Int? = nil
    }

    public let path: String
    public let fingerprint: KnowledgeBaseFile.Fingerprint?
    public private(set) var articles: [Article] = []
    let fd: Int32

    private init(path: String, fd: Int32, fingerprint: KnowledgeBaseFile.Fingerprint?) {
        self.path = path
        self.fd = fd
        self.fingerprint = fingerprint
    }

    deinit { close(fd) }

    /// Opens and scans a KB; nil when the file does not exist. A KB in the line layout that
    /// `KnowledgeBaseFile.stream` writes is read in pieces (memory stays small whatever its size);
    /// anything else is decoded whole, which also names what is wrong with a foreign or corrupt file.
    public static func open(_ url: URL) throws -> KnowledgeBaseScan? {
        let path = url.path
        let fingerprint = KnowledgeBaseFile.fingerprint(url)
        let fd = Glibc.open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw KnowledgeBaseFile.Problem.io(path: path, reason: "cannot read the knowledge base: \(KnowledgeBaseFile.errnoString())")
        }
        let scan = KnowledgeBaseScan(path: path, fd: fd, fingerprint: fingerprint)
        if try scan.scanLines() { return scan }
        // Not our line layout: decode it whole (throws the precise problem), then keep its records.
        guard let kb = try KnowledgeBaseFile.read(url) else { return nil }
        return try scan.withDecoded(kb)
    }

    /// The bytes of one article line.
    public func bytes(_ a: Article) throws -> [UInt8] {
        if let decoded { return try decoded.read(offset: a.offset, length: a.length) }
        return try Self.pread(fd, offset: a.offset, length: a.length, path: path)
    }

    static func pread(_ fd: Int32, offset: Int, length: Int, path: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var done = 0
        try out.withUnsafeMutableBytes { raw in
            while done < length {
                let n = Glibc.pread(fd, raw.baseAddress! + done, length - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { throw KnowledgeBaseFile.Problem.io(path: path, reason: "read failed: \(KnowledgeBaseFile.errnoString())") }
                done += n
            }
        }
        return out
    }

    /// For a KB not in the line layout: its records re-encoded into a temporary file.
    private var decoded: Spool?

    private func withDecoded(_ kb: KnowledgeBase) throws -> KnowledgeBaseScan {
        let spool = try Spool(directory: URL(fileURLWithPath: path).deletingLastPathComponent())
        articles = []
        for r in kb.articles {
            let bytes = try JSONOutput.compact(r)
            let offset = try spool.append(bytes)
            articles.append(Article(head: ArticleHead(r), offset: offset, length: bytes.count))
        }
        decoded = spool
        return self
    }

    /// Walks the file line by line: `{`, `"articles":[`, one article per line, `],` … and the
    /// `"format"` and `"schemaVersion"` lines. False when the file is not in that layout.
    private func scanLines() throws -> Bool {
        let decoder = JSONDecoder()
        var reader = LineReader(fd: fd, path: path)
        guard let first = try reader.next(), first.bytes == Array("{".utf8) else { return false }
        guard let second = try reader.next() else { return false }
        let open = Array("\"articles\":[".utf8)
        var inArticles: Bool
        if second.bytes == open { inArticles = true } else if second.bytes == open + Array("]".utf8) || second.bytes == open + Array("],".utf8) {
            inArticles = false
        } else { return false }
        var format: String?
        var version: Int?
        while let line = try reader.next() {
            let b = line.bytes
            if inArticles {
                if b.first == UInt8(ascii: "]") { inArticles = false; continue }
                guard b.first == UInt8(ascii: "{") else { return false }
                let length = b.last == UInt8(ascii: ",") ? b.count - 1 : b.count
                guard let head = try? JSONInput.decodeHead(b[0..<length]) else { return false }
                articles.append(Article(head: head, offset: line.offset, length: length, line: reader.count))
                continue
            }
            guard b.first == UInt8(ascii: "\"") else { continue }
            if let value = Self.value(of: "format", in: b) {
                format = try? decoder.decode(String.self, from: Data(value))
            } else if let value = Self.value(of: "schemaVersion", in: b) {
                version = try? decoder.decode(Int.self, from: Data(value))
            }
        }
        guard format == KnowledgeBase.formatName, let version else { return false }
        if version > KnowledgeBase.currentSchemaVersion {
            throw KnowledgeBaseFile.Problem.newerSchema(path: path, version: version)
        }
        return true
    }

    /// The value bytes of a top-level line `"key":value` (a trailing comma dropped).
    static func value(of key: String, in line: [UInt8]) -> ArraySlice<UInt8>? {
        let prefix = Array("\"\(key)\":".utf8)
        guard line.count > prefix.count, line.starts(with: prefix) else { return nil }
        let end = line.last == UInt8(ascii: ",") ? line.count - 1 : line.count
        return line[prefix.count..<end]
    }
}

extension KnowledgeBaseFile {
    /// Reads a knowledge base without holding its articles or its fact table: the result has
    /// empty `articles` and `facts`, and every fact row is handed to `fact` in file order. The
    /// line layout is read line by line, every article line decoded as a record (so what this
    /// refuses as corrupt, `zhkb ingest` refuses too: it calls this before analysing); any other
    /// layout is decoded whole. Nil when the file does not exist.
    public static func readViews(_ url: URL, fact: (Fact) throws -> Void) throws -> KnowledgeBase? {
        let path = url.path
        let fd = Glibc.open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw Problem.io(path: path, reason: "cannot read the knowledge base: \(errnoString())")
        }
        defer { close(fd) }
        if let kb = try readViewLines(fd: fd, path: path, fact: fact) { return kb }
        guard var kb = try read(url) else { return nil }
        for f in kb.facts { try fact(f) }
        kb.articles = []
        kb.facts = []
        return kb
    }

    /// The line-layout reader of `readViews`; nil when the first two lines are not those of the
    /// layout (nothing was handed over then). Past them, a line out of place is corruption.
    private static func readViewLines(fd: Int32, path: String, fact: (Fact) throws -> Void) throws -> KnowledgeBase? {
        let decoder = JSONDecoder()
        var reader = LineReader(fd: fd, path: path)
        guard let first = try reader.next(), first.bytes == Array("{".utf8) else { return nil }
        guard let second = try reader.next(), second.bytes.starts(with: Array("\"articles\":[".utf8)) else { return nil }
        var array = second.bytes.last == UInt8(ascii: "[") ? "articles" : ""
        var entities: [EntitySummary] = []
        var fields: [String: ArraySlice<UInt8>] = [:]
        while let line = try reader.next() {
            let b = line.bytes
            if !array.isEmpty {
                if b.first == UInt8(ascii: "]") { array = ""; continue }
                guard b.first == UInt8(ascii: "{") else { throw Problem.corrupt(path: path, reason: "line \(reader.count): \(array): a line that is not an object") }
                let end = b.last == UInt8(ascii: ",") ? b.count - 1 : b.count
                // Every line is checked the same way whoever reads the KB (ingest, merge, stats):
                // articles as records, the views as their types, nesting bounded before decoding.
                if let deep = JSONReader.excessiveNesting(Array(b[0..<end])) {
                    throw Problem.corrupt(path: path, reason: "line \(reader.count): \(array): \(deep)")
                }
                let body = Data(b[0..<end])
                do {
                    if array == "articles" { _ = try JSONInput.decodeRecord(Array(b[0..<end])) }
                    else if array == "entities" { entities.append(try decoder.decode(EntitySummary.self, from: body)) }
                    else if array == "facts" { try fact(try decoder.decode(Fact.self, from: body)) }
                } catch {
                    throw Problem.corrupt(path: path, reason: "line \(reader.count): \(array): \(describe(error))")
                }
                continue
            }
            if b == [UInt8(ascii: "}")] { break }
            guard b.first == UInt8(ascii: "\""), let colon = b.firstIndex(of: UInt8(ascii: ":")), colon >= 2 else {
                throw Problem.corrupt(path: path, reason: "a top-level line that is not \"key\":value")
            }
            let key = String(decoding: b[1..<(colon - 1)], as: UTF8.self)
            var value = b[(colon + 1)...]
            if value.last == UInt8(ascii: ",") { value = value.dropLast() }
            if value == [UInt8(ascii: "[")] { array = key; continue }
            fields[key] = value
        }
        func field<T: Decodable>(_ key: String, _ type: T.Type) throws -> T {
            guard let value = fields[key] else { throw Problem.corrupt(path: path, reason: "missing .\(key)") }
            if let deep = JSONReader.excessiveNesting(Array(value)) { throw Problem.corrupt(path: path, reason: ".\(key): \(deep)") }
            do { return try decoder.decode(type, from: Data(value)) } catch {
                throw Problem.corrupt(path: path, reason: ".\(key): \(describe(error))")
            }
        }
        guard (try? field("format", String.self)) == KnowledgeBase.formatName else { throw Problem.foreign(path: path) }
        let version = try field("schemaVersion", Int.self)
        if version > KnowledgeBase.currentSchemaVersion { throw Problem.newerSchema(path: path, version: version) }
        var kb = KnowledgeBase()
        kb.schemaVersion = version
        kb.entities = entities
        kb.stats = try field("stats", CorpusStats.self)
        kb.keywords = try field("keywords", KeywordViews.self)
        kb.topics = try field("topics", TopicViews.self)
        return kb
    }
}

/// Reads a file as lines (without the line break), remembering where each starts.
struct LineReader {
    let fd: Int32
    let path: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var bufferOffset = 0
    private var eof = false
    /// Lines returned so far (the 1-based number of the last one).
    private(set) var count = 0

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    mutating func next() throws -> (bytes: [UInt8], offset: Int)? {
        while true {
            if let nl = buffer[position...].firstIndex(of: 0x0A) {
                let line = Array(buffer[position..<nl])
                let offset = bufferOffset + position
                position = nl + 1
                count += 1
                return (line, offset)
            }
            if eof {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                let offset = bufferOffset + position
                position = buffer.count
                count += 1
                return (line, offset)
            }
            // Keep the unfinished line, read more after it.
            bufferOffset += position
            buffer.removeFirst(position)
            position = 0
            let chunk = 4 << 20
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let n = buffer.withUnsafeMutableBytes { raw in
                Glibc.pread(fd, raw.baseAddress! + old, chunk, off_t(bufferOffset + old))
            }
            if n < 0 {
                if errno == EINTR { buffer.removeLast(chunk); continue }
                throw KnowledgeBaseFile.Problem.io(path: path, reason: "read failed: \(KnowledgeBaseFile.errnoString())")
            }
            buffer.removeLast(chunk - n)
            if n == 0 { eof = true }
        }
    }
}

/// An unlinked temporary file that grows by appends and is read back by offset.
final class Spool: @unchecked Sendable {
    let fd: Int32
    private(set) var size = 0
    private var pending: [UInt8] = []
    private var pendingOffset = 0

    init(directory: URL) throws {
        var dir = directory.path
        if dir.isEmpty { dir = "." }
        var template = Array("\(dir)/.zhkb-spool.XXXXXX".utf8CString)
        var fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            let tmp = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            template = Array("\(tmp)/.zhkb-spool.XXXXXX".utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        }
        guard fd >= 0 else { throw KnowledgeBaseFile.Problem.io(path: dir, reason: "cannot create a temporary file: \(KnowledgeBaseFile.errnoString())") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends bytes; returns their offset.
    func append(_ bytes: [UInt8]) throws -> Int {
        let offset = size
        pending.append(contentsOf: bytes)
        size += bytes.count
        if pending.count >= 1 << 20 { try flush() }
        return offset
    }

    func flush() throws {
        var done = 0
        while done < pending.count {
            let n = pending.withUnsafeBytes { raw in
                Glibc.pwrite(fd, raw.baseAddress! + done, pending.count - done, off_t(pendingOffset + done))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw KnowledgeBaseFile.Problem.io(path: "temporary file", reason: "write failed: \(KnowledgeBaseFile.errnoString())") }
            done += n
        }
        pendingOffset += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    func read(offset: Int, length: Int) throws -> [UInt8] {
        if offset + length > pendingOffset { try flush() }
        return try KnowledgeBaseScan.pread(fd, offset: offset, length: length, path: "temporary file")
    }
}

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
/// (decoding in parallel, a batch at a time) and writes the same bytes `KnowledgeBaseFile.stream`
/// writes for `KnowledgeBase(articles:)` of the same records.
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

    /// Whether `new` replaces `old` under `collision` (noting a conflict between different records).
    private func replaces(_ old: [UInt8], _ new: [UInt8], key: ArticleKey, collision: Collision) -> Bool {
        guard collision == .tieBreak else { return true }
        if old == new { return false }
        conflicts.append(key)
        return !KnowledgeBase.prefersFirst(old, new)
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
            if !replaces(try self.bytes(old), bytes, key: head.key, collision: collision) { return }
            if old.facts != nil { stale = true }
        }
        let offset = try spool.append(bytes)
        entries[head.key] = Entry(head: head, file: 0, offset: offset, length: bytes.count)
    }

    /// Adds a decoded record. A record whose key is new is aggregated now (as `add(_:encoded:facts:)`
    /// does), so `write` need not decode it again.
    public func add(_ record: ArticleRecord, collision: Collision = .replace) throws {
        let bytes = try JSONOutput.compact(record)
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
            if !replaces(try bytes(old), try bytes(entry), key: article.head.key, collision: collision) { return }
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
        let factSpool = try Spool(directory: url.deletingLastPathComponent())
        var aggregator = stale ? Aggregator(options: options) : self.aggregator
        let decodeAll = stale
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
                let decode = sorted[start..<end].map { decodeAll || $0.facts == nil }
                let pieces = min(workers, n)
                let work: @Sendable (Int) -> Void = { p in
                    for i in (n * p / pieces)..<(n * (p + 1) / pieces) where decode[i] {
                        do {
                            let record = try JSONInput.decodeRecord(batch.bytes[i])
                            let facts = try EncodedFacts(record)
                            batch.lock.lock()
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
            try KnowledgeBaseFile.streamArray("entities", views.entities, jobs: jobs, sink)
            try sink(Array(",\n\"facts\":[".utf8))
            try factSpool.flush()
            var offset = 0
            while offset < factSpool.size {
                let length = min(4 << 20, factSpool.size - offset)
                try sink(try factSpool.read(offset: offset, length: length))
                offset += length
            }
            try sink(Array((factCount == 0 ? "]" : "\n]").utf8))
            try KnowledgeBaseFile.streamTail(keywords: views.keywords, stats: views.stats, topics: views.topics, sink)
        }
    }
}
