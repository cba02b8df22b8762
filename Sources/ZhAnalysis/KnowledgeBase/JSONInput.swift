import Foundation

/// Reads the JSON that `JSONWriter` writes back into article records, without `Decoder` (several
/// times faster: re-ingest and `zhkb merge` decode every article of a KB). It accepts any JSON
/// layout and key order, skips unknown keys and treats `null` as an absent optional, as the
/// synthesized `Decodable` conformances do; anything else it does not expect (a missing key, a
/// wrong type, invalid UTF-8, an integer written as `1.0`) makes `decodeRecord` fall back to
/// `JSONDecoder`, which then decodes it or names the problem in its own words.
public enum JSONInput {
    /// An article record from its JSON bytes.
    public static func decodeRecord(_ bytes: [UInt8]) throws -> ArticleRecord {
        do {
            return try bytes.withUnsafeBufferPointer { buf -> ArticleRecord in
                var r = JSONReader(buf)
                let record = try ArticleRecord(reading: &r)
                try r.end()
                return record
            }
        } catch let damaged as PackedText.Damaged {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: damaged.description))
        } catch {}
        // JSONDecoder names the problem in its own words; nesting it cannot handle (it recurses)
        // is refused before it sees it.
        if let deep = JSONReader.excessiveNesting(bytes) {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: deep))
        }
        return try JSONDecoder().decode(ArticleRecord.self, from: Data(bytes))
    }

    /// What the KB's views and fact table need of a stored article record, read without building
    /// its text or its quantities' fields (they are checked for their kind, then skipped): the
    /// result has no `text`, `sentenceRanges` or `diagnostics`, and its quantities only their role,
    /// offsets, sentence and section. What does not read so is decoded in full, which names the
    /// problem (or returns the record, if it was only written in an unexpected way).
    public static func decodeForViews(_ bytes: [UInt8]) throws -> ArticleRecord {
        if let record = try? bytes.withUnsafeBufferPointer({ buf -> ArticleRecord in
            var r = JSONReader(buf)
            r.viewsOnly = true
            let record = try ArticleRecord(reading: &r)
            try r.end()
            return record
        }) { return record }
        return try decodeRecord(bytes)
    }

    /// An article record read strictly, as `zhkb merge` reads its inputs: every key must be one
    /// the record format has (no unknown key passes into a KB), and the record must keep
    /// `RecordValidator`'s rules. Errors are `ZhError.invalidRecord` naming what is wrong and
    /// where (byte offset); the caller fills in path and line.
    public static func decodeValidRecord(_ bytes: [UInt8]) throws -> ArticleRecord {
        try decodeValidRecords(bytes, array: false)[0]
    }

    /// Records read strictly (see `decodeValidRecord`) from one object or, with `array`, from a
    /// JSON array of them. Errors name the byte offset, and the element for an array.
    public static func decodeValidRecords(_ bytes: [UInt8], array: Bool) throws -> [ArticleRecord] {
        var element = 0
        let result = bytes.withUnsafeBufferPointer { buf -> Result<[ArticleRecord], JSONReader.Failure> in
            var r = JSONReader(buf)
            r.strict = true
            do {
                let records: [ArticleRecord]
                if array {
                    records = try r.array { r in
                        let record = try ArticleRecord(reading: &r)
                        if let problem = RecordValidator().problem(record) { throw JSONReader.Failure(problem) }
                        element += 1
                        return record
                    }
                } else {
                    let record = try ArticleRecord(reading: &r)
                    if let problem = RecordValidator().problem(record) { throw JSONReader.Failure(problem) }
                    records = [record]
                }
                try r.end()
                return .success(records)
            } catch let failure as JSONReader.Failure {
                var f = failure
                if f.offset == nil { f.offset = r.offset }
                return .failure(f)
            } catch {
                return .failure(JSONReader.Failure("\(error)", at: r.offset))
            }
        }
        switch result {
        case let .success(records): return records
        case let .failure(f):
            let line = f.offset.map { at in bytes[0..<min(at, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
            let reason = array ? "element \(element): \(f.reason)" : f.reason
            throw ZhError.invalidRecord(path: "", line: line, reason: reason)
        }
    }

    /// The head of an article record (source, part, line, hash), other keys skipped.
    public static func decodeHead(_ bytes: ArraySlice<UInt8>) throws -> ArticleHead {
        if let head = try? bytes.withUnsafeBufferPointer({ buf -> ArticleHead in
            var r = JSONReader(buf)
            var source: String?, part: Int?, line: Int?, hash: String?, documentDate: String?, duplicateOf: String?
            try r.object { r, key in
                switch key {
                case "documentDate": documentDate = try r.optional { try $0.string() }
                case "duplicateOf": duplicateOf = try r.optional { try $0.string() }
                case "source": source = try r.string()
                case "part": part = try r.optional { try $0.int() }
                case "line": line = try r.optional { try $0.int() }
                case "hash": hash = try r.string()
                default: try r.skipValue()
                }
            }
            try r.end()
            guard let source, let hash else { throw JSONReader.Failure() }
            return ArticleHead(source: source, part: part, line: line, hash: hash, documentDate: documentDate, duplicateOf: duplicateOf)
        }) { return head }
        if let deep = JSONReader.excessiveNesting(Array(bytes)) {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: deep))
        }
        return try JSONDecoder().decode(ArticleHead.self, from: Data(bytes))
    }
}

/// A cursor over JSON bytes. Every method throws `Failure` on anything unexpected.
struct JSONReader {
    /// What is wrong, and the byte offset where the reader stood when it is known.
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var offset: Int?
        init(_ reason: String = "malformed JSON", at offset: Int? = nil) {
            self.reason = reason
            self.offset = offset
        }
        var description: String { offset.map { "\(reason) (at byte \($0))" } ?? reason }
    }

    /// Deepest nesting of arrays and objects accepted (a record needs 4).
    static let maxDepth = 256

    private let buf: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// Unknown keys are errors instead of being skipped.
    var strict = false
    /// Reads an article record for the KB's views only (`JSONInput.decodeForViews`): the text and
    /// the sentence ranges are checked and skipped, quantities keep only role, offsets and section.
    var viewsOnly = false

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    var offset: Int { i }

    /// A description of the problem when `bytes` nests arrays and objects deeper than `maxDepth`
    /// (counted outside strings), nil otherwise. One pass, no recursion.
    static func excessiveNesting(_ bytes: [UInt8]) -> String? {
        var depth = 0, inString = false, escaped = false
        for (k, b) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > maxDepth { return "arrays and objects nested deeper than \(maxDepth) (at byte \(k))" }
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        return nil
    }

    /// The value of a key the record format does not have: skipped, or an error when `strict`.
    mutating func unknown(_ key: String) throws {
        if strict { throw Failure("unknown key \"\(key)\"", at: i) }
        try skipValue()
    }

    @inline(__always) private mutating func skipSpace() {
        while i < buf.count {
            let b = buf[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    @inline(__always) private mutating func peek() throws -> UInt8 {
        skipSpace()
        guard i < buf.count else { throw Failure("unexpected end of input", at: i) }
        return buf[i]
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw Failure("expected '\(Character(Unicode.Scalar(byte)))'", at: i) }
        i += 1
    }

    /// Only white space left.
    mutating func end() throws {
        skipSpace()
        guard i == buf.count else { throw Failure("more after the value", at: i) }
    }

    /// Reads an object, handing each key to `member`, which must read (or skip) its value.
    mutating func object(_ member: (inout JSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") { i += 1; return }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            let b = try peek()
            i += 1
            if b == UInt8(ascii: "}") { return }
            guard b == UInt8(ascii: ",") else { throw Failure() }
        }
    }

    mutating func array<T>(_ element: (inout JSONReader) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        var list: [T] = []
        if try peek() == UInt8(ascii: "]") { i += 1; return list }
        while true {
            list.append(try element(&self))
            let b = try peek()
            i += 1
            if b == UInt8(ascii: "]") { return list }
            guard b == UInt8(ascii: ",") else { throw Failure() }
        }
    }

    /// The bytes of the next value, skipped.
    mutating func rawValue() throws -> [UInt8] {
        skipSpace()
        let start = i
        try skipValue()
        return Array(buf[start..<i])
    }

    /// The first byte of the next value (white space skipped), not consumed.
    mutating func nextByte() throws -> UInt8 { try peek() }

    /// Reads a `null` if one comes next; false (nothing read) otherwise.
    mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads an array whose elements are the cells of a positional row, handing each with its index.
    mutating func row(_ cell: (inout JSONReader, Int) throws -> Void) throws {
        var k = 0
        _ = try array { r in
            try cell(&r, k)
            k += 1
        }
    }

    /// nil for `null`, else the value `read` reads.
    mutating func optional<T>(_ read: (inout JSONReader) throws -> T) throws -> T? {
        if try peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try read(&self)
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { throw Failure() }
        for k in 0..<n where buf[i + k] != word.utf8Start[k] { throw Failure() }
        i += n
    }

    mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") { try literal("true"); return true }
        try literal("false")
        return false
    }

    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        while i < buf.count {
            let b = buf[i]
            if b == 0x22 {
                i += 1
                return try Self.validated(UnsafeBufferPointer(rebasing: buf[start..<(i - 1)]))
            }
            if b == 0x5C || b < 0x20 { break }
            i += 1
        }
        // Escapes: collect the bytes.
        var bytes = Array(buf[start..<i])
        while i < buf.count {
            let b = buf[i]
            i += 1
            switch b {
            case 0x22: return try bytes.withUnsafeBufferPointer { try Self.validated($0) }
            case 0x5C:
                guard i < buf.count else { throw Failure() }
                let e = buf[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: bytes.append(e)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var v = try hex4()
                    if (0xD800..<0xDC00).contains(v) {
                        try literal("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(v) else { throw Failure() }
                    bytes.append(contentsOf: String(Character(scalar)).utf8)
                default: throw Failure()
                }
            default:
                guard b >= 0x20 else { throw Failure() }
                bytes.append(b)
            }
        }
        throw Failure()
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= buf.count else { throw Failure() }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = buf[i]
            i += 1
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x61...0x66: d = b - 0x61 + 10
            case 0x41...0x46: d = b - 0x41 + 10
            default: throw Failure()
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    private static func validated(_ bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw Failure("invalid UTF-8 in a string") }
        return s
    }

    /// An integer written as digits (no fraction or exponent), within `Int`.
    mutating func int() throws -> Int {
        _ = try peek()
        var negative = false
        if buf[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        var v = 0
        while i < buf.count, buf[i] >= 0x30, buf[i] <= 0x39 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(buf[i] - 0x30))
            guard !o1, !o2 else { throw Failure("integer out of range", at: start) }
            v = s
            i += 1
        }
        guard i > start else { throw Failure() }
        if i < buf.count, buf[i] == UInt8(ascii: ".") || buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E") {
            throw Failure("not an integer", at: start)
        }
        return negative ? -v : v
    }

    /// A number as JSON writes it (a sign only in front, digits first).
    mutating func double() throws -> Double {
        let first = try peek()
        guard first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else { throw Failure() }
        let start = i
        i += 1
        while i < buf.count, Self.isNumberByte(buf[i]) { i += 1 }
        guard let v = Double(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)),
              v.isFinite else { throw Failure() }
        return v
    }

    @inline(__always) private static func isNumberByte(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    mutating func strings() throws -> [String] { try array { try $0.string() } }

    mutating func enumValue<T: RawRepresentable>(_: T.Type) throws -> T where T.RawValue == String {
        let at = i
        let s = try string()
        guard let v = T(rawValue: s) else { throw Failure("\"\(s)\" is not a \(T.self)", at: at) }
        return v
    }

    /// Skips any value, iteratively (an explicit stack, no recursion), refusing nesting deeper
    /// than `maxDepth`.
    /// The kinds of JSON value `skip(_:)` checks.
    enum Kind { case string, number, array, object }

    /// Skips a value after checking its kind (or null): a string is scanned to its closing quote
    /// without being built. The caller falls back to a full decode to name any other problem.
    mutating func skip(_ kind: Kind) throws {
        let b = try peek()
        if b == UInt8(ascii: "n") { try literal("null"); return }
        switch kind {
        case .string:
            guard b == 0x22 else { throw Failure("expected a string", at: i) }
            i += 1
            while i < buf.count {
                let c = buf[i]
                if c == 0x22 { i += 1; return }
                if c < 0x20 { throw Failure("control character in a string", at: i) }
                i += c == 0x5C ? 2 : 1
            }
            throw Failure("unexpected end of input", at: i)
        case .number:
            guard b == UInt8(ascii: "-") || (0x30...0x39).contains(b) else { throw Failure("expected a number", at: i) }
        case .array:
            guard b == UInt8(ascii: "[") else { throw Failure("expected an array", at: i) }
        case .object:
            guard b == UInt8(ascii: "{") else { throw Failure("expected an object", at: i) }
        }
        try skipValue()
    }

    mutating func skipValue() throws {
        var stack: [Bool] = [] // true: an object
        while true {
            // At a value.
            let b = try peek()
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                let isObject = b == UInt8(ascii: "{")
                i += 1
                stack.append(isObject)
                if stack.count > Self.maxDepth { throw Failure("arrays and objects nested deeper than \(Self.maxDepth)", at: i) }
                if try peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    stack.removeLast()
                } else {
                    if isObject { _ = try string(); try expect(UInt8(ascii: ":")) }
                    continue
                }
            } else {
                switch b {
                case UInt8(ascii: "\""): _ = try string()
                case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
                case UInt8(ascii: "n"): try literal("null")
                default: _ = try double()
                }
            }
            // After a value: close containers, or go on to the next element.
            while true {
                guard let isObject = stack.last else { return }
                let c = try peek()
                i += 1
                if c == UInt8(ascii: ",") {
                    if isObject { _ = try string(); try expect(UInt8(ascii: ":")) }
                    break
                }
                guard c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw Failure() }
                stack.removeLast()
            }
        }
    }
}

extension JSONReader.Failure {
    /// A key that must be present was not.
    static func required<T>(_ value: T?, _ key: String = "a key") throws -> T {
        guard let value else { throw JSONReader.Failure("missing \(key)") }
        return value
    }
}

// MARK: - the article record and what it contains

extension ArticleRecord {
    init(reading r: inout JSONReader) throws {
        var id: String?, source: String?, part: Int?, line: Int?, hash: String?, charset: String?
        var title: String?, subtitle: String?, offsetUnit: String?, length: Int?, tokens: Int?, sentences: Int?
        var traditional: Bool?, entities: [Entity]?, quantities: [QuantityRecord]?, sections: [SectionRecord]?
        var keywords: [Keyword]?, topics: [TopicScore]?, diagnostics: [Diagnostic]?
        var issuer: String?, date: String?, documentDate: String?, duplicateOf: String?, recordId: String?
        var referenceDate: ReferenceDate?
        var text: String?, packedText: String?, sentenceRanges: [[Int]]?
        var fixups = StoredFixups()
        func readQuantityRow(_ r: inout JSONReader, _ k: Int) throws -> QuantityRecord {
            var fix = StoredFixups.Quantity(index: k)
            let q = try QuantityRecord(readingRow: &r, fix: &fix)
            fixups.quantities.append(fix)
            return q
        }
        try r.object { r, key in
            switch key {
            case "duplicateOf": duplicateOf = try r.optional { try $0.string() }
            case "charset": charset = try r.string()
            case "date": date = try r.optional { try $0.string() }
            case "documentDate": documentDate = try r.optional { try $0.string() }
            case "recordId": recordId = try r.optional { try $0.string() }
            case "referenceDate": referenceDate = try r.optional { try ReferenceDate(reading: &$0) }
            case "issuer": issuer = try r.optional { try $0.string() }
            case "diagnostics": diagnostics = try r.array { try Diagnostic(reading: &$0) }
            case "entities":
                entities = try r.table(object: { try Entity(reading: &$0) }, row: { r, k in
                    var flat: [Int]?
                    let e = try Entity(readingRow: &r, flatMentions: &flat)
                    if let flat { fixups.mentions.append((k, flat)) }
                    return e
                })
            case "hash": hash = try r.string()
            case "id": id = try r.string()
            case "keywords": keywords = try r.array { try Keyword(reading: &$0) }
            case "length": length = try r.int()
            case "line": line = try r.optional { try $0.int() }
            case "offsetUnit": offsetUnit = try r.string()
            case "part": part = try r.optional { try $0.int() }
            case "quantities" where !r.viewsOnly: quantities = try r.table(object: { try QuantityRecord(reading: &$0) }, row: readQuantityRow)
            case "sections":
                sections = try r.table(object: { try SectionRecord(reading: &$0) }, row: { r, k in
                    var articleTopics = false
                    let s = try SectionRecord(readingRow: &r, articleTopics: &articleTopics, references: &fixups.sectionRows, section: k)
                    if articleTopics { fixups.sectionTopics.append(k) }
                    return s
                })
            case "sentences": sentences = try r.int()
            case "text" where r.viewsOnly: try r.skip(.string)
            case "diagnostics" where r.viewsOnly: try r.skip(.array); diagnostics = []
            case "quantities": quantities = try r.table(object: { try QuantityRecord(readingForViews: &$0) }, row: readQuantityRow)
            case "sentenceRanges": sentenceRanges = try r.optional { try Self.readSentenceRanges(&$0) }
            case "source": source = try r.string()
            case "text": text = try r.optional { try $0.string() }
            case "textZlib" where r.viewsOnly: try r.skip(.string)
            case "textZlib": packedText = try r.string()
            case "subtitle": subtitle = try r.optional { try $0.string() }
            case "title": title = try r.optional { try $0.string() }
            case "tokens": tokens = try r.int()
            case "topics": topics = try r.array { try TopicScore(reading: &$0) }
            case "traditional": traditional = try r.optional { try $0.bool() }
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        // Stored records leave out the id (the hash's first 16 digits), the offset unit (always
        // code points) and empty diagnostics.
        let articleHash = try F.required(hash, "hash")
        id = id ?? ArticleRecord.id(forHash: articleHash)
        offsetUnit = offsetUnit ?? offsetUnitName
        diagnostics = diagnostics ?? []
        self.init(id: try F.required(id, "id"), source: try F.required(source, "source"), part: part, line: line, hash: articleHash,
                  charset: try F.required(charset, "charset"), title: title, subtitle: subtitle, length: try F.required(length, "length"),
                  tokens: try F.required(tokens, "tokens"), sentences: try F.required(sentences, "sentences"), traditional: traditional,
                  entities: try F.required(entities, "entities"), quantities: try F.required(quantities, "quantities"), sections: try F.required(sections, "sections"),
                  keywords: try F.required(keywords, "keywords"), topics: try F.required(topics, "topics"), diagnostics: try F.required(diagnostics, "diagnostics"))
        self.offsetUnit = try F.required(offsetUnit, "offsetUnit")
        self.issuer = issuer
        self.date = date
        self.documentDate = documentDate
        self.recordId = recordId
        self.referenceDate = referenceDate
        self.duplicateOf = duplicateOf
        if let packedText {
            guard text == nil else { throw PackedText.Damaged("a record has text or textZlib, not both") }
            self.text = try PackedText.unpack(packedText, codePoints: self.length)
        } else {
            self.text = text
        }
        self.sentenceRanges = sentenceRanges
        try fixups.resolve(&self)
    }

    /// Sentence ranges as `[[start, end]…]`, or stored as `[gap, length, gap, length…]`.
    static func readSentenceRanges(_ r: inout JSONReader) throws -> [[Int]] {
        var nested: [[Int]] = [], flat: [Int] = []
        _ = try r.array { r in
            if try r.nextByte() == UInt8(ascii: "[") { nested.append(try r.array { try $0.int() }) } else { flat.append(try r.int()) }
        }
        guard nested.isEmpty || flat.isEmpty, flat.count % 2 == 0 else { throw JSONReader.Failure("sentenceRanges: [[start, end]…] or [gap, length…]") }
        if flat.isEmpty { return nested }
        var ranges: [[Int]] = []
        ranges.reserveCapacity(flat.count / 2)
        var previous = 0
        var k = 0
        while k < flat.count {
            let start = previous &+ flat[k], end = start &+ flat[k + 1]
            ranges.append([start, end])
            previous = end
            k += 2
        }
        return ranges
    }
}

extension Entity {
    init(reading r: inout JSONReader) throws {
        var type: EntityType?, name: String?, aliases: [String]?, level: PlaceLevel?, parent: String?, kind: String?
        var partial: Bool?, surname: String?, roles: [String]?, mentions: [Mention]?
        var canonical: String?, scope: String?
        try r.object { r, key in
            switch CodingKeys(rawValue: key) {
            case .aliases: aliases = try r.strings()
            case .canonical: canonical = try r.optional { try $0.string() }
            case .scope: scope = try r.optional { try $0.string() }
            case .kind: kind = try r.optional { try $0.string() }
            case .level: level = try r.optional { try $0.enumValue(PlaceLevel.self) }
            case .mentions: mentions = try r.array { try Mention(reading: &$0) }
            case .name: name = try r.string()
            case .parent: parent = try r.optional { try $0.string() }
            case .partial: partial = try r.optional { try $0.bool() }
            case .roles: roles = try r.optional { try $0.strings() }
            case .surname: surname = try r.optional { try $0.string() }
            case .type: type = try r.enumValue(EntityType.self)
            case nil: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(type: try F.required(type, "type"), name: try F.required(name, "name"), aliases: try F.required(aliases, "aliases"),
                  mentions: try F.required(mentions, "mentions"), level: level, parent: parent, kind: kind,
                  partial: partial, surname: surname, roles: roles, canonical: canonical, scope: scope)
    }
}

extension Mention {
    init(reading r: inout JSONReader) throws {
        var start: Int?, end: Int?, text: String?, sentence: Int?
        try r.object { r, key in
            switch CodingKeys(rawValue: key) {
            case .end: end = try r.int()
            case .sentence: sentence = try r.optional { try $0.int() }
            case .start: start = try r.int()
            case .text: text = try r.string()
            case nil: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(range: TextRange(start: 0, end: 0), text: try F.required(text, "text"), sentence: sentence)
        self.start = try F.required(start, "start")
        self.end = try F.required(end, "end")
    }
}

extension QuantityRecord {
    /// What the KB's views need of a stored quantity: its role, offsets and section (the fact
    /// table's rows). The other fields are checked for their kind and skipped.
    init(readingForViews r: inout JSONReader) throws {
        var start: Int?, end: Int?, section: Int?, role: QuantityRole?, sentence: Int?
        try r.object { r, key in
            switch key {
            case "end": end = try r.int()
            case "role": role = try r.optional { try $0.enumValue(QuantityRole.self) }
            case "section": section = try r.optional { try $0.int() }
            case "sentence": sentence = try r.optional { try $0.int() }
            case "start": start = try r.int()
            case "approx", "indicator", "measure", "place", "sentenceText", "subject", "text", "time", "unit", "unitKind":
                try r.skip(.string)
            case "qualifiers", "terms": try r.skip(.array)
            case "period", "si": try r.skip(.object)
            case "upper", "value": try r.skip(.number)
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        var q = Quantity(text: "", range: TextRange(start: 0, end: 0), value: 0, unit: "", unitKind: "", subject: "", sentence: sentence)
        q.role = role ?? .statistic
        self.init(quantity: q, section: section)
        self.quantity.start = try F.required(start, "start")
        self.quantity.end = try F.required(end, "end")
    }

    init(reading r: inout JSONReader) throws {
        var text: String?, start: Int?, end: Int?, value: Double?, upper: Double?, approx: Approximation?
        var unit: String?, unitKind: String?, subject: String?, qualifiers: [String]?, place: String?, time: String?
        var sentence: Int?, section: Int?, sentenceText: String?, indicator: String?, measure: Measure?
        var role: QuantityRole?, si: SIValue?, period: Period?, terms: [Double]?
        try r.object { r, key in
            switch key {
            case "approx": approx = try r.enumValue(Approximation.self)
            case "end": end = try r.int()
            case "indicator": indicator = try r.optional { try $0.string() }
            case "measure": measure = try r.optional { try $0.enumValue(Measure.self) }
            case "period": period = try r.optional { try Period(reading: &$0) }
            case "place": place = try r.optional { try $0.string() }
            case "qualifiers": qualifiers = try r.strings()
            case "role": role = try r.optional { try $0.enumValue(QuantityRole.self) }
            case "section": section = try r.optional { try $0.int() }
            case "sentence": sentence = try r.optional { try $0.int() }
            case "sentenceText": sentenceText = try r.optional { try $0.string() }
            case "si": si = try r.optional { try SIValue(reading: &$0) }
            case "start": start = try r.int()
            case "subject": subject = try r.string()
            case "terms": terms = try r.optional { try $0.array { try $0.double() } }
            case "text": text = try r.string()
            case "time": time = try r.optional { try $0.string() }
            case "unit": unit = try r.string()
            case "unitKind": unitKind = try r.string()
            case "upper": upper = try r.optional { try $0.double() }
            case "value": value = try r.double()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        // `double()` reads finite values only, which `init(quantity:)` keeps as they are. Offsets are
        // set after it: a record may hold start > end, which `TextRange` does not allow.
        var q = Quantity(text: try F.required(text, "text"), range: TextRange(start: 0, end: 0),
                         value: try F.required(value, "value"), upper: upper, approx: try F.required(approx, "approx"),
                         unit: try F.required(unit, "unit"), unitKind: try F.required(unitKind, "unitKind"),
                         subject: try F.required(subject, "subject"), qualifiers: try F.required(qualifiers, "qualifiers"),
                         place: place, time: time, sentence: sentence)
        q.role = role ?? .statistic
        q.si = si
        q.period = period
        q.terms = terms
        q.indicator = indicator
        q.measure = measure
        self.init(quantity: q, section: section, sentenceText: sentenceText)
        self.quantity.start = try F.required(start, "start")
        self.quantity.end = try F.required(end, "end")
    }
}

extension SIValue {
    init(reading r: inout JSONReader) throws {
        var unit: String?, value: Double?
        try r.object { r, key in
            switch key {
            case "unit": unit = try r.string()
            case "value": value = try r.double()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(value: try F.required(value, "value"), unit: try F.required(unit, "unit"))
    }
}

extension Period {
    init(reading r: inout JSONReader) throws {
        var text: String?, start: String?, end: String?
        try r.object { r, key in
            switch key {
            case "end": end = try r.string()
            case "start": start = try r.string()
            case "text": text = try r.string()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(text: try F.required(text, "text"), start: try F.required(start, "start"), end: try F.required(end, "end"))
    }
}

extension ReferenceDate {
    init(reading r: inout JSONReader) throws {
        var date: String?, from: String?
        try r.object { r, key in
            switch key {
            case "date": date = try r.string()
            case "from": from = try r.string()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        let text = try F.required(date, "date"), origin = try F.required(from, "from")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard let source = Source(rawValue: origin), (1...3).contains(parts.count), let y = parts[0],
              parts.allSatisfy({ $0 != nil }) else {
            throw JSONReader.Failure("referenceDate: not {date: YYYY[-MM[-DD]], from: text, record, option or title}")
        }
        self.init(year: y, month: parts.count > 1 ? parts[1] : nil, day: parts.count > 2 ? parts[2] : nil, source: source)
    }
}

extension SectionRecord {
    init(reading r: inout JSONReader) throws {
        var district: String?, headline: String?, dateline: String?, authors: [String]?, start: Int?, end: Int?
        var keywords: [Keyword]?, topics: [TopicScore]?
        try r.object { r, key in
            switch key {
            case "authors": authors = try r.strings()
            case "dateline": dateline = try r.optional { try $0.string() }
            case "district": district = try r.optional { try $0.string() }
            case "end": end = try r.int()
            case "headline": headline = try r.optional { try $0.string() }
            case "keywords": keywords = try r.array { try Keyword(reading: &$0) }
            case "start": start = try r.int()
            case "topics": topics = try r.array { try TopicScore(reading: &$0) }
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.district = district
        self.headline = headline
        self.dateline = dateline
        self.authors = try F.required(authors, "authors")
        self.start = try F.required(start, "start")
        self.end = try F.required(end, "end")
        self.keywords = try F.required(keywords, "keywords")
        self.topics = try F.required(topics, "topics")
    }
}

extension Keyword {
    /// An object, or a stored row (`StoredLayout.keywordColumns`).
    init(reading r: inout JSONReader) throws {
        var reference: Int?
        try self.init(reading: &r, reference: &reference, allowed: false)
    }

    /// A section's keyword, whose stored row may give the index of the article's keyword with
    /// the same term instead of the term (`reference`; the term is then left empty).
    init(reading r: inout JSONReader, reference: inout Int?, allowed: Bool = true) throws {
        var term: String?, count: Int?, weight: Double?
        reference = nil
        try r.fields(StoredLayout.keywordColumns, of: "keyword") { r, key in
            switch key {
            case "count": count = try r.int()
            case "term":
                if allowed, try r.nextByte() != 0x22 { reference = try r.int(); term = "" } else { term = try r.string() }
            case "weight": weight = try r.double()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(term: try F.required(term, "term"), count: try F.required(count, "count"), weight: try F.required(weight, "weight"))
    }
}

extension TopicScore {
    /// An object, or a stored row (`StoredLayout.topicColumns`).
    init(reading r: inout JSONReader) throws {
        var reference: Int?
        try self.init(reading: &r, reference: &reference, allowed: false)
    }

    /// A section's topic, whose stored row may be `[index, hits, share]`: the index of the
    /// article's topic it is (`reference`; id and label are then left empty).
    init(reading r: inout JSONReader, reference: inout Int?, allowed: Bool = true) throws {
        var id: String?, label: String?, hits: Int?, share: Double?
        reference = nil
        try r.fields(StoredLayout.topicColumns, of: "topic") { r, key in
            // In a reference row the cells after the index are hits and share.
            let key = reference == nil ? key : key == "label" ? "hits" : key == "hits" ? "share" : "a fourth cell"
            switch key {
            case "hits": hits = try r.int()
            case "id":
                if allowed, try r.nextByte() != 0x22 { reference = try r.int(); id = ""; label = "" } else { id = try r.string() }
            case "label": label = try r.string()
            case "share": share = try r.double()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(id: try F.required(id, "id"), label: try F.required(label, "label"), hits: try F.required(hits, "hits"), share: try F.required(share, "share"))
    }
}

extension Diagnostic {
    init(reading r: inout JSONReader) throws {
        var severity: Severity?, stage: String?, message: String?, start: Int?, end: Int?
        try r.object { r, key in
            switch key {
            case "end": end = try r.optional { try $0.int() }
            case "message": message = try r.string()
            case "severity": severity = try r.enumValue(Severity.self)
            case "stage": stage = try r.string()
            case "start": start = try r.optional { try $0.int() }
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(severity: try F.required(severity, "severity"), stage: try F.required(stage, "stage"), message: try F.required(message, "message"))
        self.start = start
        self.end = end
    }
}
