import Foundation

/// A value that writes itself as JSON with `JSONWriter`, producing exactly the bytes
/// `JSONEncoder` produces for its `Codable` form with `[.sortedKeys, .withoutEscapingSlashes]`
/// (plus `.prettyPrinted` in pretty mode, empty containers folded to `[]`/`{}` as
/// `KnowledgeBaseFile.pretty` does). Keys are written in sorted (byte) order by hand; absent
/// optionals are omitted, as synthesized `encodeIfPresent` does.
public protocol JSONWritable {
    func write(to json: inout JSONWriter) throws
}

/// Encodes `JSONWritable` values the way `KnowledgeBaseFile.compactEncoder` / `.pretty` do,
/// without going through `Encoder` (about ten times faster on article records).
public enum JSONOutput {
    /// One compact line, no trailing line break (the bytes of `compactEncoder.encode(value)`).
    public static func compact<T: JSONWritable>(_ value: T) throws -> [UInt8] {
        var w = JSONWriter(pretty: false)
        try value.write(to: &w)
        return w.bytes
    }

    /// Pretty JSON (the bytes of `KnowledgeBaseFile.pretty(value)`).
    public static func pretty<T: JSONWritable>(_ value: T) throws -> [UInt8] {
        var w = JSONWriter(pretty: true)
        try value.write(to: &w)
        return w.bytes
    }
}

/// Appends JSON as UTF-8 bytes. Structure calls (`beginObject`, `key`, `element`, `end…`) place
/// the commas, and in pretty mode the line breaks and two-space indentation of `JSONEncoder`'s
/// `.prettyPrinted` (`"key" : value`). Strings are escaped as `JSONEncoder` escapes them with
/// `.withoutEscapingSlashes`: `\"`, `\\`, `\b \f \n \r \t`, other controls as `\u00xx`
/// (lowercase hex); everything else, Chinese included, is written as is.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public let pretty: Bool
    private var depth = 0
    /// True until the current container has its first element.
    private var first = true

    public init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    // MARK: structure

    @inline(__always) public mutating func beginObject() { open(UInt8(ascii: "{")) }
    @inline(__always) public mutating func endObject() { close(UInt8(ascii: "}")) }
    @inline(__always) public mutating func beginArray() { open(UInt8(ascii: "[")) }
    @inline(__always) public mutating func endArray() { close(UInt8(ascii: "]")) }

    @inline(__always) private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        first = true
    }

    @inline(__always) private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty && !first { newline() }
        bytes.append(bracket)
        first = false
    }

    /// Before each element of an array (and each key of an object).
    @inline(__always) public mutating func element() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        if pretty { newline() }
    }

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<(2 * depth) { bytes.append(0x20) }
    }

    /// Writes `"name":` (pretty: `"name" : `); `name` must be plain ASCII needing no escape.
    @inline(__always) public mutating func key(_ name: StaticString) {
        element()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        if pretty {
            bytes.append(contentsOf: [0x22, 0x20, 0x3A, 0x20])
        } else {
            bytes.append(0x22)
            bytes.append(0x3A)
        }
    }

    /// Writes a type's coding key (plain ASCII, as every key of the types written here).
    @inline(__always) public mutating func key<Key: CodingKey & RawRepresentable>(_ k: Key) where Key.RawValue == String {
        element()
        bytes.append(0x22)
        bytes.append(contentsOf: k.rawValue.utf8)
        if pretty {
            bytes.append(contentsOf: [0x22, 0x20, 0x3A, 0x20])
        } else {
            bytes.append(0x22)
            bytes.append(0x3A)
        }
    }

    /// Appends one byte as is (between top-level values).
    @inline(__always) public mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    /// Appends bytes that are already JSON (a value written elsewhere).
    mutating func raw(_ json: [UInt8]) { bytes.append(contentsOf: json) }

    /// Bytes written so far.
    var count: Int { bytes.count }

    /// Drops what was written after the first `count` bytes (the trailing defaults of a row).
    mutating func truncate(to count: Int) {
        if count < bytes.count { bytes.removeLast(bytes.count - count) }
    }

    // MARK: scalars

    public mutating func string(_ s: String) {
        bytes.append(0x22)
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil {
            let copy = Array(s.utf8)
            copy.withUnsafeBufferPointer { appendEscaped($0) }
        }
        bytes.append(0x22)
    }

    private mutating func appendEscaped(_ buf: UnsafeBufferPointer<UInt8>) {
        var run = 0
        var i = 0
        let n = buf.count
        while i < n {
            let b = buf[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { i += 1; continue }
            if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<i])) }
            bytes.append(0x5C)
            switch b {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
            i += 1
            run = i
        }
        if run < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<n])) }
    }

    public mutating func int(_ v: Int) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        if m < 10 { bytes.append(0x30 + UInt8(m)); return }
        let start = bytes.count
        while m > 0 {
            bytes.append(0x30 + UInt8(m % 10))
            m /= 10
        }
        var lo = start, hi = bytes.count - 1
        while lo < hi {
            bytes.swapAt(lo, hi)
            lo += 1
            hi -= 1
        }
    }

    public mutating func bool(_ v: Bool) {
        if v { bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }

    /// As `JSONEncoder`: the shortest round-trip form (`description`) without a trailing ".0";
    /// non-finite values throw, as they do there.
    public mutating func double(_ v: Double) throws {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, EncodingError.Context(
                codingPath: [], debugDescription: "Unable to encode Double.\(v) directly in JSON."))
        }
        // Integral values below 1e15 print as their integer digits (description "N.0").
        if v == v.rounded(.towardZero) && v.magnitude < 1e15 {
            if v == 0 && v.sign == .minus { bytes.append(UInt8(ascii: "-")) }
            int(Int(v))
            return
        }
        // Values with at most four decimals (weights and shares are stored rounded so) print as
        // those digits: the shortest decimal that reads back as `v`, which is what `description`
        // gives, without building a String.
        let m = v.magnitude
        if m >= 1e-4 && m < 1e11 {
            let k = (m * 10000).rounded()
            if k / 10000 == m {
                let scaled = Int(k)
                if v < 0 { bytes.append(UInt8(ascii: "-")) }
                int(scaled / 10000)
                var fraction = scaled % 10000
                var digits = 4
                while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
                bytes.append(UInt8(ascii: "."))
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 {
                    bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
                    divisor /= 10
                }
                return
            }
        }
        var s = v.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        bytes.append(contentsOf: s.utf8)
    }

    // MARK: conveniences

    public mutating func strings(_ list: [String]) {
        beginArray()
        for s in list { element(); string(s) }
        endArray()
    }

    public mutating func array<T: JSONWritable>(_ list: [T]) throws {
        beginArray()
        for v in list { element(); try v.write(to: &self) }
        endArray()
    }
}

// MARK: - the article record and what it contains (keys in sorted order)

extension ArticleRecord: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("charset"); w.string(charset)
        if let date { w.key("date"); w.string(date) }
        w.key("diagnostics"); try w.array(diagnostics)
        if let documentDate { w.key("documentDate"); w.string(documentDate) }
        if let duplicateOf { w.key("duplicateOf"); w.string(duplicateOf) }
        w.key("entities"); try w.array(entities)
        w.key("hash"); w.string(hash)
        w.key("id"); w.string(id)
        if let issuer { w.key("issuer"); w.string(issuer) }
        w.key("keywords"); try w.array(keywords)
        w.key("length"); w.int(length)
        if let line { w.key("line"); w.int(line) }
        w.key("offsetUnit"); w.string(offsetUnit)
        if let part { w.key("part"); w.int(part) }
        w.key("quantities"); try w.array(quantities)
        if let recordId { w.key("recordId"); w.string(recordId) }
        if let referenceDate {
            w.key("referenceDate"); w.beginObject()
            w.key("date"); w.string(referenceDate.iso)
            w.key("from"); w.string(referenceDate.source.rawValue)
            w.endObject()
        }
        w.key("sections"); try w.array(sections)
        if let sentenceRanges {
            w.key("sentenceRanges"); w.beginArray()
            for r in sentenceRanges {
                w.element(); w.beginArray()
                for v in r { w.element(); w.int(v) }
                w.endArray()
            }
            w.endArray()
        }
        w.key("sentences"); w.int(sentences)
        w.key("source"); w.string(source)
        if let subtitle { w.key("subtitle"); w.string(subtitle) }
        if let text { w.key("text"); w.string(text) }
        if let title { w.key("title"); w.string(title) }
        w.key("tokens"); w.int(tokens)
        w.key("topics"); try w.array(topics)
        if let traditional { w.key("traditional"); w.bool(traditional) }
        w.endObject()
    }
}

extension Entity: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        typealias K = CodingKeys
        w.beginObject()
        w.key(K.aliases); w.strings(aliases)
        if let canonical { w.key(K.canonical); w.string(canonical) }
        if let kind { w.key(K.kind); w.string(kind) }
        if let level { w.key(K.level); w.string(level.rawValue) }
        w.key(K.mentions); try w.array(mentions)
        w.key(K.name); w.string(name)
        if let parent { w.key(K.parent); w.string(parent) }
        if let partial { w.key(K.partial); w.bool(partial) }
        if let roles { w.key(K.roles); w.strings(roles) }
        if let scope { w.key(K.scope); w.string(scope) }
        if let surname { w.key(K.surname); w.string(surname) }
        w.key(K.type); w.string(type.rawValue)
        w.endObject()
    }
}

extension Mention: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        typealias K = CodingKeys
        w.beginObject()
        w.key(K.end); w.int(end)
        if let sentence { w.key(K.sentence); w.int(sentence) }
        w.key(K.start); w.int(start)
        w.key(K.text); w.string(text)
        w.endObject()
    }
}

extension QuantityRecord: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        try w.quantity(quantity, section: section, sentenceText: sentenceText)
    }
}

extension SectionRecord: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("authors"); w.strings(authors)
        if let dateline { w.key("dateline"); w.string(dateline) }
        if let district { w.key("district"); w.string(district) }
        w.key("end"); w.int(end)
        if let headline { w.key("headline"); w.string(headline) }
        w.key("keywords"); try w.array(keywords)
        w.key("start"); w.int(start)
        w.key("topics"); try w.array(topics)
        w.endObject()
    }
}

extension Keyword: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("count"); w.int(count)
        w.key("term"); w.string(term)
        w.key("weight"); try w.double(weight)
        w.endObject()
    }
}

extension TopicScore: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("hits"); w.int(hits)
        w.key("id"); w.string(id)
        w.key("label"); w.string(label)
        w.key("share"); try w.double(share)
        w.endObject()
    }
}

extension Diagnostic: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        if let end { w.key("end"); w.int(end) }
        w.key("message"); w.string(message)
        w.key("severity"); w.string(severity.rawValue)
        w.key("stage"); w.string(stage)
        if let start { w.key("start"); w.int(start) }
        w.endObject()
    }
}

// MARK: - the knowledge base's views

extension EntitySummary: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("aliases"); w.strings(aliases)
        w.key("articles"); w.int(articles)
        w.key("cooccurring"); try w.array(cooccurring)
        if let kind { w.key("kind"); w.string(kind) }
        if let level { w.key("level"); w.string(level.rawValue) }
        w.key("mentions"); w.int(mentions)
        w.key("name"); w.string(name)
        if let parent { w.key("parent"); w.string(parent) }
        if let roles { w.key("roles"); w.strings(roles) }
        w.key("type"); w.string(type.rawValue)
        w.endObject()
    }
}

extension Cooccurrence: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("count"); w.int(count)
        w.key("name"); w.string(name)
        w.key("type"); w.string(type.rawValue)
        w.endObject()
    }
}

extension JSONWriter {
    /// A numeric fact: a `Quantity`'s keys and the context its container adds (an article's
    /// `QuantityRecord`: section and, from a schema-1 KB, sentence text; a resolved `FactRow`:
    /// article, source, sentence…), merged in sorted order. The one list of keys of both.
    mutating func quantity(_ q: Quantity, section: Int?, sentenceText: String?) throws {
        try quantity(q, section: section, sentenceText: sentenceText, row: nil)
    }

    mutating func quantity(_ q: Quantity, row: FactRow) throws {
        try quantity(q, section: row.section, sentenceText: row.sentenceText, row: row)
    }

    private mutating func quantity(_ q: Quantity, section: Int?, sentenceText: String?, row: FactRow?) throws {
        beginObject()
        key("approx"); string(q.approx.rawValue)
        if let row {
            key("article"); string(row.article)
            if let date = row.date { key("date"); string(date) }
            if let district = row.district { key("district"); string(district) }
            if let documentDate = row.documentDate { key("documentDate"); string(documentDate) }
        }
        key("end"); int(q.end)
        if let row { key("id"); string(row.id) }
        if let indicator = q.indicator { key("indicator"); string(indicator) }
        if let line = row?.line { key("line"); int(line) }
        if let measure = q.measure { key("measure"); string(measure.rawValue) }
        if let part = row?.part { key("part"); int(part) }
        if let p = q.period {
            key("period"); beginObject()
            key("end"); string(p.end)
            key("start"); string(p.start)
            key("text"); string(p.text)
            endObject()
        }
        if let place = q.place { key("place"); string(place) }
        key("qualifiers"); strings(q.qualifiers)
        if let row { key("quantity"); int(row.fact.quantity) }
        key("role"); string(q.role.rawValue)
        if let section { key("section"); int(section) }
        if let sentence = q.sentence { key("sentence"); int(sentence) }
        if let end = row?.sentenceEnd { key("sentenceEnd"); int(end) }
        if let start = row?.sentenceStart { key("sentenceStart"); int(start) }
        if let sentenceText { key("sentenceText"); string(sentenceText) }
        if let si = q.si {
            key("si"); beginObject()
            key("unit"); string(si.unit)
            key("value"); try double(si.value)
            endObject()
        }
        if let source = row?.source { key("source"); string(source) }
        key("start"); int(q.start)
        key("subject"); string(q.subject)
        if let terms = q.terms {
            key("terms"); beginArray()
            for t in terms { element(); try double(t) }
            endArray()
        }
        key("text"); string(q.text)
        if let time = q.time { key("time"); string(time) }
        if let title = row?.title { key("title"); string(title) }
        key("unit"); string(q.unit)
        key("unitKind"); string(q.unitKind)
        if let upper = q.upper { key("upper"); try double(upper) }
        key("value"); try double(q.value)
        endObject()
    }
}

extension EncodedFacts {
    /// The KB's fact table row of `record` (`ArticleRecord.facts()`, stored as one row per
    /// article: `StoredViews`), preceded by ",\n"; no bytes for an article without statistics.
    public init(writing record: ArticleRecord) throws {
        let rows = record.facts()
        var w = JSONWriter(pretty: false, capacity: 32 + 4 * rows.count)
        if !rows.isEmpty {
            w.raw(0x2C)
            w.raw(0x0A)
            Fact.writeStoredRow(rows, to: &w)
        }
        self.bytes = w.bytes
        self.count = rows.count
    }
}
