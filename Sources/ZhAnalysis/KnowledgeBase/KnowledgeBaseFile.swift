import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing kb.json safely.
///
/// - Writes go to a temporary file in the same directory, are fsync'ed and renamed over the old
///   file (then the directory is fsync'ed): a crash at any moment leaves the old or the new KB.
/// - `withLock` holds an exclusive `flock` on `<kb>.lock` so concurrent ingests serialise their
///   read-merge-write step.
/// - A file that is not a zhkb knowledge base (foreign JSON, corrupt, newer schema) is refused
///   with `KnowledgeBaseFile.Problem`, and callers never overwrite it.
public enum KnowledgeBaseFile {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON(path: String, reason: String)
        case foreign(path: String)
        case newerSchema(path: String, version: Int)
        case corrupt(path: String, reason: String)
        case io(path: String, reason: String)
        /// Another process held the lock longer than the timeout.
        case lockTimeout(path: String, seconds: Double, holder: String)

        public var description: String {
            switch self {
            case let .notJSON(path, reason):
                return "\(DisplayPath.escaped(path)): not a zhkb knowledge base (not valid JSON: \(reason)); refusing to overwrite it"
            case let .foreign(path):
                return "\(DisplayPath.escaped(path)): not a zhkb knowledge base (no \"format\": \"\(KnowledgeBase.formatName)\"); refusing to overwrite it"
            case let .newerSchema(path, version):
                return "\(DisplayPath.escaped(path)): knowledge base schema version \(version) is newer than this zhkb supports (\(KnowledgeBase.currentSchemaVersion)); refusing to overwrite it"
            case let .corrupt(path, reason):
                return "\(DisplayPath.escaped(path)): corrupt knowledge base (\(reason)); refusing to overwrite it"
            case let .io(path, reason):
                return "\(DisplayPath.escaped(path)): \(reason)"
            case let .lockTimeout(path, seconds, holder):
                return "\(DisplayPath.escaped(path)): still locked by \(holder) after \(String(format: "%g", seconds)) s; gave up (nothing written)"
            }
        }
    }

    /// Pretty, sorted keys, Chinese and slashes unescaped: the format of kb.json.
    public static var prettyEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return e
    }

    /// One line per value: the format of JSON Lines.
    public static var compactEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Reads a knowledge base; nil when the file does not exist.
    public static func read(_ url: URL) throws -> KnowledgeBase? {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem.io(path: path, reason: "cannot read the knowledge base")
        }
        return try decode(data, path: path)
    }

    /// Decodes knowledge-base JSON, telling foreign and corrupt files apart. The common case
    /// (a valid KB) parses once; only a failure is parsed again to say what is wrong.
    public static func decode(_ data: Data, path: String) throws -> KnowledgeBase {
        // Foundation's decoders recurse: nesting beyond any KB's is refused before they see it.
        if let deep = JSONReader.excessiveNesting([UInt8](data)) {
            throw Problem.corrupt(path: path, reason: deep)
        }
        // Schema 3 (rows) reads with JSONReader; older schemas (objects) with their Codable types.
        if let kb = try? [UInt8](data).withUnsafeBufferPointer({ buf -> KnowledgeBase in
            var r = JSONReader(buf)
            let kb = try KnowledgeBase(readingStored: &r)
            try r.end()
            return kb
        }) {
            guard kb.format == KnowledgeBase.formatName else { throw Problem.foreign(path: path) }
            return kb
        }
        let decodingError: Error
        do {
            let kb = try JSONDecoder().decode(KnowledgeBase.self, from: data)
            guard kb.format == KnowledgeBase.formatName else { throw Problem.foreign(path: path) }
            if kb.schemaVersion > KnowledgeBase.currentSchemaVersion {
                throw Problem.newerSchema(path: path, version: kb.schemaVersion)
            }
            return kb
        } catch let problem as Problem {
            throw problem
        } catch {
            decodingError = error
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem.notJSON(path: path, reason: data.isEmpty ? "empty file" : describe(decodingError))
        }
        guard let dict = object as? [String: Any], dict["format"] as? String == KnowledgeBase.formatName else {
            throw Problem.foreign(path: path)
        }
        if let version = dict["schemaVersion"] as? Int, version > KnowledgeBase.currentSchemaVersion {
            throw Problem.newerSchema(path: path, version: version)
        }
        throw Problem.corrupt(path: path, reason: describe(decodingError))
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .keyNotFound(key, ctx):
                return "missing \(pathString(ctx.codingPath + [key]))"
            case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx), let .dataCorrupted(ctx):
                // The underlying error says where in the bytes (Foundation puts it there).
                var detail = ctx.debugDescription
                if let underlying = ctx.underlyingError { detail += " (\(underlying.localizedDescription))" }
                let path = pathString(ctx.codingPath)
                return path.isEmpty ? detail : "\(path): \(detail)"
            @unknown default:
                return "\(e)"
            }
        }
        return "\(error)"
    }

    static func pathString(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// Encodes the knowledge base as kb.json bytes (see `stream`).
    public static func encode(_ kb: KnowledgeBase, jobs: Int = 1) throws -> Data {
        var out = Data()
        try stream(kb, jobs: jobs) { out.append(contentsOf: $0) }
        return out
    }

    /// Writes kb.json in pieces: an object with sorted keys, one top-level key per line, and
    /// every element of `articles`, `entities` and `facts` as one compact JSON line (sorted keys,
    /// Chinese unescaped). Elements are encoded on `jobs` threads in batches; the bytes never
    /// depend on `jobs`, and memory stays bounded by a batch.
    public static func stream(_ kb: KnowledgeBase, jobs: Int = 1, _ sink: ([UInt8]) throws -> Void) throws {
        try sink(Array("{\n".utf8))
        try streamArray("articles", kb.articles.map(StoredArticle.init), jobs: jobs, sink)
        try sink(Array(",\n".utf8))
        try streamEntities(kb.entities, jobs: jobs, sink)
        try sink(Array(",\n\"facts\":[".utf8))
        // One row per article with statistics (`StoredViews`), as `KnowledgeBaseAssembler` writes it.
        var first = true
        for article in kb.articles {
            let facts = article.facts()
            if facts.isEmpty { continue }
            var w = JSONWriter(pretty: false)
            w.raw(Array((first ? "\n" : ",\n").utf8))
            Fact.writeStoredRow(facts, to: &w)
            try sink(w.bytes)
            first = false
        }
        try sink(Array((first ? "]" : "\n]").utf8))
        try streamTail(keywords: kb.keywords, series: kb.series, stats: kb.stats, topics: kb.topics, sink)
    }

    /// The small top-level fields after `facts`, and the closing brace.
    static func streamTail(keywords: KeywordViews, series: [Series], stats: CorpusStats, topics: TopicViews,
                           _ sink: ([UInt8]) throws -> Void) throws {
        let encoder = compactEncoder
        func field<T: Encodable>(_ key: String, _ value: T) throws {
            try sink(Array(",\n\"\(key)\":".utf8) + Array(try encoder.encode(value)))
        }
        func stored(_ key: String, _ write: (inout JSONWriter) throws -> Void) throws {
            var w = JSONWriter(pretty: false)
            try write(&w)
            try sink(Array(",\n\"\(key)\":".utf8) + w.bytes)
        }
        try field("format", KnowledgeBase.formatName)
        try stored("keywords") { try keywords.writeStored(to: &$0) }
        try sink(Array(",\n\"layout\":".utf8) + StoredLayout.json)
        try field("offsetUnit", offsetUnitName)
        try field("schemaVersion", KnowledgeBase.currentSchemaVersion)
        try sink(Array(",\n".utf8))
        try streamArray("series", series.map(StoredSeries.init), jobs: 1, sink)
        try field("stats", stats)
        try stored("topics") { try topics.writeStored(to: &$0) }
        try sink(Array("\n}\n".utf8))
    }

    /// The entities table (`StoredViews`: co-occurring entities by row index).
    static func streamEntities(_ entities: [EntitySummary], jobs: Int, _ sink: ([UInt8]) throws -> Void) throws {
        let index = StoredViews.entityIndex(entities)
        try streamArray("entities", entities.map { StoredEntityRow(entity: $0, index: index) }, jobs: jobs, sink)
    }

    private final class EncodedSlots: @unchecked Sendable {
        var slots: [[UInt8]]
        var failure: Error?
        let lock = NSLock()
        init(count: Int) { slots = Array(repeating: [], count: count) }
    }

    static func streamArray<T: Encodable & Sendable>(_ key: String, _ items: [T], jobs: Int, _ sink: ([UInt8]) throws -> Void) throws {
        try sink(Array("\"\(key)\":[".utf8))
        if items.isEmpty { try sink(Array("]".utf8)); return }
        let batch = 512
        let workers = max(1, jobs)
        var first = true
        var start = 0
        while start < items.count {
            let end = min(items.count, start + batch)
            let pieces = min(workers, end - start)
            let slots = EncodedSlots(count: pieces)
            let chunk = Array(items[start..<end])
            let encodePiece: @Sendable (Int) -> Void = { p in
                let encoder = compactEncoder
                var bytes: [UInt8] = []
                let lo = chunk.count * p / pieces, hi = chunk.count * (p + 1) / pieces
                do {
                    for i in lo..<hi {
                        bytes.append(contentsOf: i == 0 ? Array("\n".utf8) : Array(",\n".utf8))
                        if let writable = chunk[i] as? JSONWritable {
                            // Articles, entities and facts: JSONWriter writes the encoder's bytes, faster.
                            var w = JSONWriter(pretty: false)
                            try writable.write(to: &w)
                            bytes.append(contentsOf: w.bytes)
                        } else {
                            bytes.append(contentsOf: try encoder.encode(chunk[i]))
                        }
                    }
                } catch {
                    slots.lock.lock(); slots.failure = error; slots.lock.unlock()
                }
                slots.lock.lock(); slots.slots[p] = bytes; slots.lock.unlock()
            }
            if pieces == 1 { encodePiece(0) } else { DispatchQueue.concurrentPerform(iterations: pieces, execute: encodePiece) }
            if let failure = slots.failure { throw failure }
            for (p, bytes) in slots.slots.enumerated() {
                if !first && p == 0 { try sink(Array(",".utf8)) }
                try sink(bytes)
            }
            first = false
            start = end
        }
        try sink(Array("\n]".utf8))
    }

    /// Writes the knowledge base atomically (temp file + fsync + rename + directory fsync).
    public static func write(_ kb: KnowledgeBase, to url: URL, jobs: Int = 1) throws {
        try writeAtomically(to: url) { write in try stream(kb, jobs: jobs, write) }
    }

    public static func writeAtomically(_ data: Data, to url: URL) throws {
        try writeAtomically(to: url) { write in try write([UInt8](data)) }
    }

    /// Pretty JSON with sorted keys, empty arrays and objects written as `[]` and `{}`.
    public static func pretty<T: Encodable>(_ value: T) throws -> Data {
        collapseEmptyContainers(try prettyEncoder.encode(value))
    }

    /// Foundation writes an empty array as "[", blank line, "]"; this folds it to "[]". JSON
    /// strings never contain a raw line break, so a bracket followed by a line break is structure.
    static func collapseEmptyContainers(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            out.append(b)
            i += 1
            guard (b == UInt8(ascii: "[") || b == UInt8(ascii: "{")), i < n, bytes[i] == 0x0A else { continue }
            let close = b == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            var j = i
            while j < n, bytes[j] == 0x0A || bytes[j] == 0x20 { j += 1 }
            if j < n, bytes[j] == close {
                out.append(close)
                i = j + 1
            }
        }
        return Data(out)
    }

    /// Writes what `produce` hands to its sink into a temporary file next to `url`, fsyncs it and
    /// renames it over `url`; on any error the temporary file is removed and `url` is untouched.
    public static func writeAtomically(to url: URL, _ produce: (([UInt8]) throws -> Void) throws -> Void) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temp = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).tmp.\(getpid())")
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Problem.io(path: temp, reason: "cannot create: \(errnoString())") }
        var ok = false
        var closed = false
        defer {
            if !closed { close(fd) }
            if !ok { unlink(temp) }
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            if !writeAll(fd, buffer) { throw Problem.io(path: temp, reason: "write failed: \(errnoString())") }
            buffer.removeAll(keepingCapacity: true)
        }
        try produce { bytes in
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
        }
        try flush()
        if fsync(fd) != 0 { throw Problem.io(path: temp, reason: "fsync failed: \(errnoString())") }
        close(fd)
        closed = true
        guard rename(temp, path) == 0 else { throw Problem.io(path: path, reason: "rename failed: \(errnoString())") }
        ok = true
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Writes all of `bytes` to `fd` (retrying short and interrupted writes); false on an error
    /// (`errno` says which).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard var p = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = Glibc.write(fd, p, left)
                if n < 0 { if errno == EINTR { continue }; return false }
                left -= n
                p += n
            }
            return true
        }
    }

    /// Removes temporary files a killed writer left next to `url` (".kb.json.tmp.<pid>"). Call it
    /// while holding `withLock`: then no other writer of this KB is running.
    public static func removeStaleTemporaries(for url: URL) {
        let directory = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).tmp."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        for name in names where name.hasPrefix(prefix) && Int32(name.dropFirst(prefix.count)) != getpid() {
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    /// Identity of a file version (device, inode, size, modification time): when it is unchanged,
    /// a knowledge base read earlier need not be read again.
    public struct Fingerprint: Hashable, Sendable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    public static func fingerprint(_ url: URL) -> Fingerprint? {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return nil }
        return Fingerprint(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                           seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec))
    }

    /// Runs `body` holding an exclusive lock on `<kb>.lock`. While another process holds it,
    /// `waiting` is called once with a description of the holder, and after `timeout` seconds
    /// (nil: no limit) `Problem.lockTimeout` is thrown. The holder's process id is written into
    /// the lock file, so a waiting process can name it.
    public static func withLock<T>(_ url: URL, timeout: Double? = nil, waiting: ((String) -> Void)? = nil,
                                   _ body: () throws -> T) throws -> T {
        let lockPath = url.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw Problem.io(path: lockPath, reason: "cannot open lock file: \(errnoString())") }
        defer { close(fd) }
        let started = monotonicSeconds()
        var announced = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK || errno == EAGAIN else {
                throw Problem.io(path: lockPath, reason: "cannot lock: \(errnoString())")
            }
            let holder = lockHolder(fd)
            if !announced { waiting?(holder); announced = true }
            if let timeout, monotonicSeconds() - started >= timeout {
                throw Problem.lockTimeout(path: lockPath, seconds: timeout, holder: holder)
            }
            usleep(50_000)
        }
        defer { _ = flock(fd, LOCK_UN) }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        return try body()
    }

    /// "process N" from the lock file, or "another process".
    static func lockHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0, let pid = Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return "another process"
        }
        return "process \(pid)"
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Checks, before any analysis, that a KB can be written at `url`: its folder exists and a
    /// file can be created there (the KB is replaced by renaming a new file over it). Throws
    /// `Problem.io` naming the folder.
    public static func checkWritable(_ url: URL) throws {
        let directory = url.deletingLastPathComponent().path
        let dir = directory.isEmpty ? "." : directory
        var st = stat()
        guard stat(dir, &st) == 0 else {
            throw Problem.io(path: dir, reason: "cannot write the knowledge base here: \(errnoString())")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw Problem.io(path: dir, reason: "not a folder") }
        var template = Array("\(dir)/.zhkb-write-check.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw Problem.io(path: dir, reason: "cannot write the knowledge base here: \(errnoString())")
        }
        close(fd)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        if FileManager.default.fileExists(atPath: url.path), access(url.path, R_OK) != 0 {
            throw Problem.io(path: url.path, reason: "cannot read the knowledge base: \(errnoString())")
        }
    }

    static func errnoString() -> String { String(cString: strerror(errno)) }
}
