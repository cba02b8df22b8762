import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What decides an article's place and identity in the KB (the fields of `articleOrder`), and
/// the document date it was analysed with: the same text given another date is analysed again.
public struct ArticleHead: Codable, Hashable, Sendable {
    public var source: String
    public var part: Int?
    public var line: Int?
    public var hash: String
    /// The document date given with the input (a record's `date` or `--date`).
    public var documentDate: String?
    /// The record's `duplicateOf`: set when it is in duplicate form (not analysed).
    public var duplicateOf: String?

    public init(source: String, part: Int?, line: Int?, hash: String, documentDate: String? = nil, duplicateOf: String? = nil) {
        self.source = source
        self.part = part
        self.line = line
        self.hash = hash
        self.documentDate = documentDate
        self.duplicateOf = duplicateOf
    }

    public init(_ r: ArticleRecord) {
        self.init(source: r.source, part: r.part, line: r.line, hash: r.hash, documentDate: r.documentDate, duplicateOf: r.duplicateOf)
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
    /// The file's schema version (1: its articles have no text; they are written as they are,
    /// and the fact table is made again in the current schema).
    public private(set) var schemaVersion = KnowledgeBase.currentSchemaVersion
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
        if try scan.scanLines() {
            if scan.schemaVersion < KnowledgeBase.currentSchemaVersion { try scan.transcode() }
            return scan
        }
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

    /// The articles of an older schema, read one at a time and written into a temporary file as
    /// the current schema stores them (their heads do not change).
    private func transcode() throws {
        let spool = try Spool(directory: URL(fileURLWithPath: path).deletingLastPathComponent())
        var converted: [Article] = []
        converted.reserveCapacity(articles.count)
        for a in articles {
            let record: ArticleRecord
            do { record = try JSONInput.decodeRecord(try bytes(a)) } catch let problem as KnowledgeBaseFile.Problem {
                throw problem
            } catch {
                throw KnowledgeBaseFile.Problem.corrupt(path: path, reason: "line \(a.line ?? 0): articles: \(KnowledgeBaseFile.describe(error))")
            }
            let stored = try JSONOutput.stored(record)
            let offset = try spool.append(stored)
            converted.append(Article(head: a.head, offset: offset, length: stored.count, line: a.line))
        }
        articles = converted
        decoded = spool
    }

    private func withDecoded(_ kb: KnowledgeBase) throws -> KnowledgeBaseScan {
        let spool = try Spool(directory: URL(fileURLWithPath: path).deletingLastPathComponent())
        articles = []
        for r in kb.articles {
            let bytes = try JSONOutput.stored(r)
            let offset = try spool.append(bytes)
            articles.append(Article(head: ArticleHead(r), offset: offset, length: bytes.count))
        }
        decoded = spool
        schemaVersion = kb.schemaVersion
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
        var layout: [UInt8]?
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
            } else if let value = Self.value(of: "layout", in: b) {
                layout = Array(value)
            }
        }
        guard format == KnowledgeBase.formatName, let version else { return false }
        if version > KnowledgeBase.currentSchemaVersion {
            throw KnowledgeBaseFile.Problem.newerSchema(path: path, version: version)
        }
        if version < KnowledgeBase.oldestSchemaVersion { return false }
        if version >= 3 {
            // Article rows are copied as bytes and read by position: only this zhkb's layout.
            guard let layout else { throw KnowledgeBaseFile.Problem.corrupt(path: path, reason: "missing .layout") }
            if let difference = StoredLayout.difference(layout) {
                throw KnowledgeBaseFile.Problem.corrupt(path: path, reason: ".layout: \(difference)")
            }
        }
        schemaVersion = version
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
    /// empty `articles` and `facts`, and every fact, resolved against its article (`FactRow`),
    /// is handed to `fact` in the order of the fact table. The line layout is read line by line,
    /// every article line decoded as a record and every fact line checked (so what this refuses
    /// as corrupt, `zhkb ingest` refuses too: it calls this before analysing); any other layout
    /// is decoded whole. A schema-1 KB reads the same way (its facts resolved from its articles,
    /// which carry their sentences). Nil when the file does not exist.
    public static func readViews(_ url: URL, fact: ((FactRow) throws -> Void)? = nil) throws -> KnowledgeBase? {
        let path = url.path
        let fd = Glibc.open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw Problem.io(path: path, reason: "cannot read the knowledge base: \(errnoString())")
        }
        defer { close(fd) }
        if let kb = try readViewLines(fd: fd, path: path, fact: fact) { return kb }
        guard var kb = try read(url) else { return nil }
        if let fact { for row in kb.factRows() { try fact(row) } }
        kb.articles = []
        kb.facts = []
        return kb
    }

    /// A line of the fact table as schema 1 wrote it (the quantity flat, with its article, source
    /// and sentence text), read only to check it.
    private struct FactLineV1: Decodable {
        var record: QuantityRecord
        var article: String
        var source: String
        enum CodingKeys: String, CodingKey { case article, source }
        init(from decoder: Decoder) throws {
            record = try QuantityRecord(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            article = try c.decode(String.self, forKey: .article)
            source = try c.decode(String.self, forKey: .source)
        }
    }

    /// The line-layout reader of `readViews`; nil when the first two lines are not those of the
    /// layout (nothing was handed over then). Past them, a line out of place is corruption.
    private static func readViewLines(fd: Int32, path: String, fact: ((FactRow) throws -> Void)?) throws -> KnowledgeBase? {
        let decoder = JSONDecoder()
        var reader = LineReader(fd: fd, path: path)
        guard let first = try reader.next(), first.bytes == Array("{".utf8) else { return nil }
        guard let second = try reader.next(), second.bytes.starts(with: Array("\"articles\":[".utf8)) else { return nil }
        var array = second.bytes.last == UInt8(ascii: "[") ? "articles" : ""
        var entityLines: [[UInt8]] = []
        var series: [Series] = []
        var fields: [String: ArraySlice<UInt8>] = [:]
        // Fact lines of each schema met (the version line comes after the table).
        var factLines = (v1: 0, v2: 0, v3: 0, line: 0)
        while let line = try reader.next() {
            let b = line.bytes
            if !array.isEmpty {
                if b.first == UInt8(ascii: "]") { array = ""; continue }
                guard b.first == UInt8(ascii: "{") || (b.first == UInt8(ascii: "[") && array != "articles") else {
                    throw Problem.corrupt(path: path, reason: "line \(reader.count): \(array): a line that is not an object or a row")
                }
                let end = b.last == UInt8(ascii: ",") ? b.count - 1 : b.count
                // Every line is checked the same way whoever reads the KB (ingest, merge, stats):
                // articles as records, the views as their types, nesting bounded before decoding.
                if let deep = JSONReader.excessiveNesting(Array(b[0..<end])) {
                    throw Problem.corrupt(path: path, reason: "line \(reader.count): \(array): \(deep)")
                }
                let body = Data(b[0..<end])
                do {
                    if array == "articles" {
                        let record = try JSONInput.decodeRecord(Array(b[0..<end]))
                        if let fact { for row in record.factRows() { try fact(row) } }
                    } else if array == "entities" {
                        entityLines.append(Array(b[0..<end]))
                    } else if array == "facts" {
                        if b.first == UInt8(ascii: "[") {
                            _ = try Array(b[0..<end]).withUnsafeBufferPointer { buf in
                                var r = JSONReader(buf)
                                let rows = try Fact.readStoredRow(&r)
                                try r.end()
                                return rows
                            }
                            factLines.v3 += 1
                        } else if (try? decoder.decode(Fact.self, from: body)) != nil { factLines.v2 += 1 } else {
                            _ = try decoder.decode(FactLineV1.self, from: body)
                            factLines.v1 += 1
                        }
                        if factLines.line == 0 { factLines.line = reader.count }
                    } else if array == "series" {
                        series.append(try Array(b[0..<end]).withUnsafeBufferPointer { buf in
                            var r = JSONReader(buf)
                            let row = try StoredSeries.read(&r)
                            try r.end()
                            return row
                        })
                    }
                } catch let problem as Problem {
                    throw problem
                } catch let error as ZhError {
                    throw Problem.corrupt(path: path, reason: "line \(reader.count): \(array): \(error)")
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
        if version < KnowledgeBase.oldestSchemaVersion { throw Problem.corrupt(path: path, reason: "schema version \(version)") }
        if version >= 3 {
            // Rows are read by position: a KB whose columns or codes are not this zhkb's is refused.
            guard let layout = fields["layout"] else { throw Problem.corrupt(path: path, reason: "missing .layout") }
            if let difference = StoredLayout.difference(Array(layout)) {
                throw Problem.corrupt(path: path, reason: ".layout: \(difference)")
            }
        }
        let otherRows = version == 1 ? factLines.v2 + factLines.v3 : version == 2 ? factLines.v1 + factLines.v3 : factLines.v1 + factLines.v2
        if otherRows > 0 {
            throw Problem.corrupt(path: path, reason: "line \(factLines.line): facts: rows of another schema than version \(version)")
        }
        var kb = KnowledgeBase()
        kb.schemaVersion = version
        do { kb.entities = try StoredViews.readEntities(entityLines) } catch {
            throw Problem.corrupt(path: path, reason: "entities: \(describe(error))")
        }
        kb.series = series
        kb.stats = try field("stats", CorpusStats.self)
        func stored<T>(_ key: String, _ read: (inout JSONReader) throws -> T) throws -> T {
            guard let value = fields[key] else { throw Problem.corrupt(path: path, reason: "missing .\(key)") }
            do {
                return try Array(value).withUnsafeBufferPointer { buf in
                    var r = JSONReader(buf)
                    let v = try read(&r)
                    try r.end()
                    return v
                }
            } catch { throw Problem.corrupt(path: path, reason: ".\(key): \(describe(error))") }
        }
        kb.keywords = try stored("keywords") { try KeywordViews(readingStored: &$0) }
        kb.topics = try stored("topics") { try TopicViews(readingStored: &$0) }
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
