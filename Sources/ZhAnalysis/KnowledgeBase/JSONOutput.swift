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

    /// `compact(value)` as `Data` that takes over the writer's memory (no copy).
    public static func compactData<T: JSONWritable>(_ value: T) throws -> Data {
        var w = JSONWriter(pretty: false, capacity: 4096)
        try value.write(to: &w)
        return w.data()
    }

    /// `pretty(value)` as `Data` that takes over the writer's memory (no copy).
    public static func prettyData<T: JSONWritable>(_ value: T) throws -> Data {
        var w = JSONWriter(pretty: true, capacity: 8192)
        try value.write(to: &w)
        return w.data()
    }
}

/// Appends JSON as UTF-8 bytes. Structure calls (`beginObject`, `key`, `element`, `end…`) place
/// the commas, and in pretty mode the line breaks and two-space indentation of `JSONEncoder`'s
/// `.prettyPrinted` (`"key" : value`). Strings are escaped as `JSONEncoder` escapes them with
/// `.withoutEscapingSlashes`: `\"`, `\\`, `\b \f \n \r \t`, other controls as `\u00xx`
/// (lowercase hex); everything else, Chinese included, is written as is.
///
/// The bytes live in memory the writer owns (`malloc`ed, grown by doubling): an append is a
/// capacity test and a store or `memcpy`, without the uniqueness test and call of an
/// `Array` append (byte-at-a-time appends were most of the cost of writing a record). The writer
/// is not copyable; take the result with `bytes` (a copy) or `data()` (no copy, ends the writer).
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0
    private var capacity: Int
    public let pretty: Bool
    private var depth = 0
    /// True until the current container has its first element.
    private var first = true

    public init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        self.capacity = max(64, capacity)
        guard let p = malloc(self.capacity) else { fatalError("JSONWriter: out of memory") }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    /// The bytes written so far (a copy).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written, handing the writer's memory to the `Data` (no copy).
    public consuming func data() -> Data {
        let (p, n) = (base, count)
        discard self
        return Data(bytesNoCopy: p, count: n, deallocator: .free)
    }

    // MARK: bytes

    @inline(__always) private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    @inline(never) private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        guard let p = realloc(base, newCapacity) else { fatalError("JSONWriter: out of memory") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = newCapacity
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) private mutating func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    // MARK: structure

    @inline(__always) public mutating func beginObject() { open(UInt8(ascii: "{")) }
    @inline(__always) public mutating func endObject() { close(UInt8(ascii: "}")) }
    @inline(__always) public mutating func beginArray() { open(UInt8(ascii: "[")) }
    @inline(__always) public mutating func endArray() { close(UInt8(ascii: "]")) }

    @inline(__always) private mutating func open(_ bracket: UInt8) {
        put(bracket)
        depth += 1
        first = true
    }

    @inline(__always) private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty && !first { newline() }
        put(bracket)
        first = false
    }

    /// Before each element of an array (and each key of an object).
    @inline(__always) public mutating func element() {
        if !first { put(UInt8(ascii: ",")) }
        first = false
        if pretty { newline() }
    }

    private mutating func newline() {
        let n = 1 + 2 * depth
        reserve(n)
        base[count] = 0x0A
        (base + count + 1).initialize(repeating: 0x20, count: n - 1)
        count += n
    }

    /// Writes `"name":` (pretty: `"name" : `); `name` must be plain ASCII needing no escape.
    @inline(__always) public mutating func key(_ name: StaticString) {
        keyBytes(name.utf8Start, name.utf8CodeUnitCount)
    }

    /// The element's comma, then `"name":`. Compact output (the common case) takes the comma,
    /// quotes, key and colon in one reservation, and copies the key inline: keys are short, and
    /// a `memmove` call per key cost more than the copy.
    @inline(__always) private mutating func keyBytes(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if pretty {
            element()
            reserve(n + 4)
            base[count] = 0x22
            Self.copy(p, n, to: base + count + 1)
            count += n + 1
            base[count] = 0x22; base[count + 1] = 0x20; base[count + 2] = 0x3A; base[count + 3] = 0x20
            count += 4
            return
        }
        reserve(n + 4)
        var c = count
        if !first { base[c] = 0x2C; c += 1 }
        first = false
        base[c] = 0x22
        Self.copy(p, n, to: base + c + 1)
        c += n + 1
        base[c] = 0x22; base[c + 1] = 0x3A
        count = c + 2
    }

    /// Copies `n` bytes; up to 16 without a call, as (possibly overlapping) 8-, 4- or 1-byte
    /// loads and stores.
    @inline(__always) private static func copy(_ p: UnsafePointer<UInt8>, _ n: Int, to d: UnsafeMutablePointer<UInt8>) {
        let src = UnsafeRawPointer(p), dst = UnsafeMutableRawPointer(d)
        if n >= 8 {
            guard n <= 16 else { d.update(from: p, count: n); return }
            dst.storeBytes(of: src.loadUnaligned(as: UInt64.self), as: UInt64.self)
            (dst + n - 8).storeBytes(of: (src + n - 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
        } else if n >= 4 {
            dst.storeBytes(of: src.loadUnaligned(as: UInt32.self), as: UInt32.self)
            (dst + n - 4).storeBytes(of: (src + n - 4).loadUnaligned(as: UInt32.self), as: UInt32.self)
        } else if n > 0 {
            d[0] = p[0]; d[n >> 1] = p[n >> 1]; d[n - 1] = p[n - 1]
        }
    }

    /// Appends JSON written out in advance: the braces, keys, colons and commas of an object in
    /// compact form, between its values (one copy, where the structure calls wrote them piece by
    /// piece). Leaves the writer as those calls would: within the same container, after a value.
    @inline(__always) mutating func literal(_ json: StaticString) {
        let n = json.utf8CodeUnitCount
        reserve(n)
        Self.copy(json.utf8Start, n, to: base + count)
        count += n
        first = false
    }

    /// Appends one byte as is (between top-level values).
    @inline(__always) public mutating func raw(_ byte: UInt8) { put(byte) }

    /// Appends bytes that are already JSON (a value written elsewhere).
    mutating func raw(_ json: [UInt8]) {
        reserve(json.count)
        json.withUnsafeBufferPointer { b in
            if let p = b.baseAddress { (base + count).update(from: p, count: b.count) }
        }
        count += json.count
    }

    /// Drops what was written after the first `n` bytes (the trailing defaults of a row).
    mutating func truncate(to n: Int) {
        if n < count { count = max(0, n) }
    }

    /// Drops what was written after the first `n` bytes, where a top-level value started (one
    /// that threw half-way), and writes on from there at the top level.
    mutating func rewind(to n: Int) {
        truncate(to: n)
        depth = 0
        first = true
    }

    // MARK: scalars

    public mutating func string(_ s: String) {
        // A native or small string lends its bytes without being copied (no retain).
        if s.utf8.withContiguousStorageIfAvailable({ appendQuoted($0) }) != nil { return }
        var s = s
        s.withUTF8 { appendQuoted($0) }
    }

    private mutating func appendQuoted(_ buf: UnsafeBufferPointer<UInt8>) {
        let n = buf.count
        reserve(n + 2)
        base[count] = 0x22
        count += 1
        guard let p = buf.baseAddress else { base[count] = 0x22; count += 1; return }
        // Most strings need no escape: copy up to the first byte that does as it is found, eight
        // bytes at a time (the space is reserved; no `memmove` call for a short string).
        var i = 0
        let d = base + count
        while i + 8 <= n {
            let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if Self.needsEscape(word) { break }
            UnsafeMutableRawPointer(d + i).storeBytes(of: word, as: UInt64.self)
            i += 8
        }
        // The rest (fewer than eight bytes, when no escape stopped the loop) at once too when it
        // needs no escape: as the eight bytes that end the string (overlapping those copied), or
        // in a string of four to seven bytes as two overlapping fours (most terms are two or three
        // Chinese characters).
        if i < n && i + 8 > n {
            let src = UnsafeRawPointer(p)
            if n >= 8 {
                let word = (src + n - 8).loadUnaligned(as: UInt64.self)
                if !Self.needsEscape(word) {
                    UnsafeMutableRawPointer(d + n - 8).storeBytes(of: word, as: UInt64.self)
                    i = n
                }
            } else if n >= 4 {
                let word = UInt64(src.loadUnaligned(as: UInt32.self))
                    | UInt64((src + n - 4).loadUnaligned(as: UInt32.self)) << 32
                if !Self.needsEscape(word) {
                    Self.copy(p, n, to: d)
                    i = n
                }
            }
        }
        while i < n {
            let b = p[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { break }
            d[i] = b
            i += 1
        }
        count += i
        if i == n {
            base[count] = 0x22
            count += 1
            return
        }
        var run = i
        while i < n {
            // Eight bytes at a time while none of them needs an escape (most text).
            if i + 8 <= n && !Self.needsEscape(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let b = p[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { i += 1; continue }
            if run < i { put(p + run, i - run) }
            escape(b)
            i += 1
            run = i
        }
        if run < n { put(p + run, n - run) }
        put(0x22)
    }

    /// Whether any of the eight bytes of `w` is a control character (< 0x20), a quote or a
    /// backslash (exact as a whole; bytes ≥ 0x80 never count).
    @inline(__always) private static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- 0x20 &* ones) & ~w & highs
        let q = w ^ (0x22 &* ones), bs = w ^ (0x5C &* ones)
        let quote = (q &- ones) & ~q & highs
        let backslash = (bs &- ones) & ~bs & highs
        return (control | quote | backslash) != 0
    }

    /// The escape of a control character, quote or backslash.
    private mutating func escape(_ b: UInt8) {
        reserve(6)
        base[count] = 0x5C
        count += 1
        switch b {
        case 0x22: base[count] = 0x22
        case 0x5C: base[count] = 0x5C
        case 0x08: base[count] = UInt8(ascii: "b")
        case 0x0C: base[count] = UInt8(ascii: "f")
        case 0x0A: base[count] = UInt8(ascii: "n")
        case 0x0D: base[count] = UInt8(ascii: "r")
        case 0x09: base[count] = UInt8(ascii: "t")
        default:
            let hex = Self.hexDigits
            base[count] = UInt8(ascii: "u"); base[count + 1] = 0x30; base[count + 2] = 0x30
            base[count + 3] = hex[Int(b >> 4)]; base[count + 4] = hex[Int(b & 0xF)]
            count += 4
        }
        count += 1
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public mutating func int(_ v: Int) {
        reserve(20)
        // Most numbers written are offsets, counts and indices below 10.
        if UInt(bitPattern: v) < 10 {
            base[count] = 0x30 + UInt8(truncatingIfNeeded: v)
            count += 1
            return
        }
        if v < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var m = v.magnitude
        // The digit count by comparison (no division): 10^19 overflows, so stop at 19 digits.
        var digits = 1
        var power: UInt = 10
        while digits < 19 && m >= power { power &*= 10; digits += 1 }
        if digits == 19 && m >= power { digits = 20 }
        var i = count + digits - 1
        repeat {
            base[i] = 0x30 + UInt8(truncatingIfNeeded: m % 10)
            m /= 10
            i -= 1
        } while m > 0
        count += digits
    }

    public mutating func bool(_ v: Bool) {
        let literal: StaticString = v ? "true" : "false"
        put(literal.utf8Start, literal.utf8CodeUnitCount)
    }

    /// As `JSONEncoder`: the shortest round-trip form (`description`) without a trailing ".0";
    /// non-finite values throw, as they do there.
    public mutating func double(_ v: Double) throws {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, EncodingError.Context(
                codingPath: [], debugDescription: "Unable to encode Double.\(v) directly in JSON."))
        }
        let m = v.magnitude
        // Integral values below 1e15 print as their integer digits (description "N.0"). Below
        // 2^53 the conversions are exact, so `v` is integral when it survives them (no libm call).
        if m < 1e15 {
            let i = Int(v)
            if Double(i) == v {
                if v == 0 && v.sign == .minus { put(UInt8(ascii: "-")) }
                int(i)
                return
            }
        }
        // Values with at most four decimals (weights and shares are stored rounded so) print as
        // those digits: the shortest decimal that reads back as `v`, which is what `description`
        // gives, without building a String.
        if m >= 1e-4 && m < 1e11 {
            // m·10⁴ to the nearest integer, halves up (as `rounded()`), without a libm call:
            // truncating m·10⁴ + 0.5 differs only when that sum is inexact, m·10⁴ then lying half
            // way between integers, where the test below fails either way (description prints it).
            let scaled = Int(m * 10000 + 0.5)
            if Double(scaled) / 10000 == m {
                // (The fraction is not 0: integral values were written above.)
                if scaled < 100_000 {
                    // One integer digit (every weight and share): all in one reservation, in
                    // unsigned arithmetic that cannot overflow here (0 < scaled < 10⁵, at most 7
                    // bytes reserved), without the checks and sign fix-ups of `Int` arithmetic.
                    reserve(7)
                    let p = base + count
                    var c = 0
                    if v < 0 { p[0] = UInt8(ascii: "-"); c = 1 }
                    let u = UInt(truncatingIfNeeded: scaled), fraction = u % 10000
                    let d = (fraction / 1000, fraction / 100 % 10, fraction / 10 % 10, fraction % 10)
                    p[c] = 0x30 &+ UInt8(truncatingIfNeeded: u / 10000)
                    p[c &+ 1] = UInt8(ascii: ".")
                    p[c &+ 2] = 0x30 &+ UInt8(truncatingIfNeeded: d.0)
                    p[c &+ 3] = 0x30 &+ UInt8(truncatingIfNeeded: d.1)
                    p[c &+ 4] = 0x30 &+ UInt8(truncatingIfNeeded: d.2)
                    p[c &+ 5] = 0x30 &+ UInt8(truncatingIfNeeded: d.3)
                    count = count &+ c &+ 3 &+ (d.3 != 0 ? 3 : d.2 != 0 ? 2 : d.1 != 0 ? 1 : 0)
                    return
                }
                if v < 0 { put(UInt8(ascii: "-")) }
                int(scaled / 10000)
                var fraction = scaled % 10000
                var digits = 4
                while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
                reserve(1 + digits)
                base[count] = UInt8(ascii: ".")
                var i = count + digits
                for _ in 0..<digits {
                    base[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: fraction % 10)
                    fraction /= 10
                    i -= 1
                }
                count += 1 + digits
                return
            }
        }
        var s = v.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        s.withUTF8 { put($0.baseAddress!, $0.count) }
    }

    // MARK: conveniences

    // (The elements are written where they are, lent: `forEachLent`.)

    public mutating func strings(_ list: [String]) {
        beginArray()
        list.forEachLent { _, s in element(); string(s) }
        endArray()
    }

    public mutating func array<T: JSONWritable>(_ list: [T]) throws {
        beginArray()
        try list.forEachLent { _, v in element(); try v.write(to: &self) }
        endArray()
    }

    /// Appends a copy of bytes written before (`range` of what is written so far): a value that
    /// is written twice the same way.
    mutating func repeatBytes(_ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        reserve(range.count)
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }
}

extension Array {
    /// Calls `body` with each element in order, where it is, lent by an exclusive (`inout`)
    /// access that `body` must not write through (nothing is made unique: the array may be shared).
    ///
    /// Borrowed from the array or its buffer, an element handed to the writer was copied first,
    /// every string and array in it retained and released after: the writer calls `realloc` and
    /// `memmove`, which could, as far as the compiler knows, change the memory the element lies
    /// in. An exclusive access rules that out.
    @inline(__always) func forEachLent(_ body: (Int, inout Element) throws -> Void) rethrows {
        try withUnsafeBufferPointer { b in
            let lent = UnsafeMutableBufferPointer(mutating: b)
            for i in lent.indices { try body(i, &lent[i]) }
        }
    }
}

// MARK: - the article record and what it contains (keys in sorted order)

extension ArticleRecord: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        try write(to: &w, form: .printed)
    }

    /// The two forms of a record: as `zhkb extract` prints it (tables of objects) and as kb.json
    /// stores it (`StoredLayout`: tables of rows). One key list serves both.
    enum Form { case printed, stored }

    func write(to w: inout JSONWriter, form: Form) throws {
        let stored = form == .stored
        // What stored rows are read against (nothing is read when printing).
        let context = stored ? StoredText(text: text, sentenceRanges: sentenceRanges, sections: sections)
            : StoredText(text: nil, sentenceRanges: nil, sections: [])
        /// A stored table: rows (`write(_:)`). Printed, a table is an array of objects, written
        /// without forming the closures (their captures were retained and released per record).
        func table<T: JSONWritable>(_ list: [T], _ w: inout JSONWriter, row: (T, Int, inout JSONWriter) throws -> Void) throws {
            w.beginArray()
            for (i, v) in list.enumerated() { w.element(); try row(v, i, &w) }
            w.endArray()
        }
        w.beginObject()
        w.key("charset"); w.string(charset)
        if let date { w.key("date"); w.string(date) }
        // Stored: left out at their only or empty value (`StoredLayout`).
        if !(stored && diagnostics.isEmpty) { w.key("diagnostics"); try w.array(diagnostics) }
        if let documentDate { w.key("documentDate"); w.string(documentDate) }
        if let duplicateOf { w.key("duplicateOf"); w.string(duplicateOf) }
        w.key("entities")
        if stored { try table(entities, &w) { e, _, w in e.writeStored(to: &w, context) } } else { try w.array(entities) }
        w.key("hash"); w.string(hash)
        if !(stored && id == ArticleRecord.id(forHash: hash)) { w.key("id"); w.string(id) }
        if let issuer { w.key("issuer"); w.string(issuer) }
        w.key("keywords")
        // Compact: a section with the article's keywords or the first of them (one section, most
        // often) repeats their bytes (pretty output indents them deeper).
        var written: WrittenKeywords?
        if form == .printed && !w.pretty {
            let first = sections.withUnsafeBufferPointer { $0.first?.keywords.count }
            var k = WrittenKeywords(start: w.count, prefixCount: first ?? 0)
            w.beginArray()
            try keywords.forEachLent { i, keyword in
                w.element()
                try keyword.write(to: &w)
                if i + 1 == k.prefixCount { k.prefixEnd = w.count }
            }
            w.endArray()
            k.end = w.count
            written = k
        } else {
            if stored { try table(keywords, &w) { k, _, w in try k.writeStored(to: &w) } } else { try w.array(keywords) }
        }
        w.key("length"); w.int(length)
        if let line { w.key("line"); w.int(line) }
        if !(stored && offsetUnit == offsetUnitName) {
            w.key("offsetUnit")
            // (The unit of every record this program makes, as a literal: no escape scan.)
            if offsetUnit == "codepoint" { w.literal("\"codepoint\"") } else { w.string(offsetUnit) }
        }
        if let part { w.key("part"); w.int(part) }
        w.key("quantities")
        if stored {
            // The closure captures these, not `self` (which would copy the whole record).
            let (entities, quantities) = (self.entities, self.quantities)
            try table(quantities, &w) { q, i, w in
                // A stored period may be `true`: that of the quantity before.
                try q.writeStored(to: &w, context, entities: entities, previousPeriod: i > 0 ? quantities[i - 1].period : nil)
            }
        } else {
            try w.array(quantities)
        }
        if let recordId { w.key("recordId"); w.string(recordId) }
        if let referenceDate {
            w.key("referenceDate"); w.beginObject()
            w.key("date"); w.string(referenceDate.iso)
            w.key("from"); w.string(referenceDate.source.rawValue)
            w.endObject()
        }
        w.key("sections")
        if let written {
            w.beginArray()
            try sections.forEachLent { _, section in
                w.element()
                try section.write(to: &w, articleKeywords: keywords, written: written)
            }
            w.endArray()
        } else if stored {
            // (Made here, where they are read: two empty dictionaries were made for every printed record.)
            var keywordIndex: [String: Int] = [:], topicIndex: [String: Int] = [:]
            if !sections.isEmpty {
                for (i, k) in keywords.enumerated() where keywordIndex[k.term] == nil { keywordIndex[k.term] = i }
                for (i, t) in topics.enumerated() where topicIndex[t.id] == nil { topicIndex[t.id] = i }
            }
            let topics = self.topics  // (captured, not `self`)
            try table(sections, &w) { s, _, w in
                try s.writeStored(to: &w, articleTopics: topics, keywordIndex: keywordIndex, topicIndex: topicIndex)
            }
        } else {
            try w.array(sections)
        }
        if let sentenceRanges {
            w.key("sentenceRanges"); w.beginArray()
            if form == .stored, sentenceRanges.allSatisfy({ $0.count == 2 }) {
                // [gap, length, gap, length…]: the gap from the end of the sentence before.
                var previous = 0
                for r in sentenceRanges {
                    w.element(); w.int(r[0] &- previous)
                    w.element(); w.int(r[1] &- r[0])
                    previous = r[1]
                }
            } else {
                // (Each range lent where it is: `for r in sentenceRanges` retained and released it.)
                sentenceRanges.forEachLent { _, r in
                    w.element(); w.beginArray()
                    r.forEachLent { _, v in w.element(); w.int(v) }
                    w.endArray()
                }
            }
            w.endArray()
        }
        w.key("sentences"); w.int(sentences)
        w.key("source"); w.string(source)
        if let subtitle { w.key("subtitle"); w.string(subtitle) }
        if let text {
            // Stored: compressed (`PackedText`) when that is shorter.
            if stored, let packed = PackedText.pack(text) {
                w.key("textZlib"); w.string(packed)
            } else {
                w.key("text"); w.string(text)
            }
        }
        if let title { w.key("title"); w.string(title) }
        w.key("tokens"); w.int(tokens)
        w.key("topics")
        if stored { try table(topics, &w) { t, _, w in try t.writeStored(to: &w) } } else { try w.array(topics) }
        if let traditional { w.key("traditional"); w.bool(traditional) }
        w.endObject()
    }
}

extension Entity: JSONWritable {
    // (The keys of `CodingKeys`, written as literals: a case's raw value was made and released
    // for each key. The tests hold the bytes to the encoder's, which reads `CodingKeys`.)
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("aliases"); w.strings(aliases)
        if let canonical { w.key("canonical"); w.string(canonical) }
        if let kind { w.key("kind"); w.string(kind) }
        if let level { w.key("level"); w.string(level.rawValue) }
        w.key("mentions"); try w.array(mentions)
        w.key("name"); w.string(name)
        if let parent { w.key("parent"); w.string(parent) }
        if let partial { w.key("partial"); w.bool(partial) }
        if let roles { w.key("roles"); w.strings(roles) }
        if let scope { w.key("scope"); w.string(scope) }
        if let surname { w.key("surname"); w.string(surname) }
        w.key("type"); w.string(type.rawValue)
        w.endObject()
    }
}

extension Mention: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        guard w.pretty else {
            // Compact (a few for every entity): its structure as literal runs (`JSONWriter.literal`).
            w.literal("{\"end\":"); w.int(end)
            if let sentence { w.literal(",\"sentence\":"); w.int(sentence) }
            w.literal(",\"start\":"); w.int(start)
            w.literal(",\"text\":"); w.string(text)
            w.literal("}")
            return
        }
        w.beginObject()
        w.key("end"); w.int(end)
        if let sentence { w.key("sentence"); w.int(sentence) }
        w.key("start"); w.int(start)
        w.key("text"); w.string(text)
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
        try write(to: &w, articleKeywords: [], written: nil)
    }

    /// - written: where `articleKeywords` were written as this writer writes the section's: when
    ///   the section's keywords are the same or the first of them (to the byte:
    ///   `Keyword.sameBytes`), their bytes are copied from there.
    func write(to w: inout JSONWriter, articleKeywords: [Keyword], written: WrittenKeywords?) throws {
        w.beginObject()
        w.key("authors"); w.strings(authors)
        if let dateline { w.key("dateline"); w.string(dateline) }
        if let district { w.key("district"); w.string(district) }
        w.key("end"); w.int(end)
        if let headline { w.key("headline"); w.string(headline) }
        w.key("keywords")
        if let written, !keywords.isEmpty, Keyword.sameBytes(keywords, articleKeywords) {
            if keywords.count == articleKeywords.count {
                w.repeatBytes(written.start..<written.end)
            } else if keywords.count == written.prefixCount, let end = written.prefixEnd {
                w.repeatBytes(written.start..<end)
                w.raw(UInt8(ascii: "]"))
            } else {
                try w.array(keywords)
            }
        } else {
            try w.array(keywords)
        }
        w.key("start"); w.int(start)
        w.key("topics"); try w.array(topics)
        w.endObject()
    }
}

/// Where an article's keywords were written (compact), for its sections to copy: the whole list,
/// and the list cut after its first `prefixCount` (a section's list is the first of the
/// article's when both come from one span: `KeywordExtractor`).
struct WrittenKeywords {
    var start: Int
    var end = 0
    var prefixCount: Int
    /// Where keyword `prefixCount - 1` ends; nil when there are fewer.
    var prefixEnd: Int?

    init(start: Int, prefixCount: Int) {
        self.start = start
        self.prefixCount = prefixCount
    }
}

extension Keyword: JSONWritable {
    /// Whether `a` writes as the first `a.count` keywords of `b` do: the same array, or the same
    /// counts, terms (as bytes: `==` on strings is canonical equivalence) and weights (as bits:
    /// 0 and -0 differ).
    static func sameBytes(_ a: [Keyword], _ b: [Keyword]) -> Bool {
        guard a.count <= b.count else { return false }
        if a.count == b.count && a.withUnsafeBufferPointer({ $0.baseAddress }) == b.withUnsafeBufferPointer({ $0.baseAddress }) {
            return true
        }
        for i in a.indices {
            guard a[i].count == b[i].count, a[i].weight.bitPattern == b[i].weight.bitPattern,
                  sameUTF8(a[i].term, b[i].term) else { return false }
        }
        return true
    }

    /// Whether two strings are the same bytes (compared in place when both have them at hand).
    private static func sameUTF8(_ a: String, _ b: String) -> Bool {
        let inPlace = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        return (inPlace ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    public func write(to w: inout JSONWriter) throws {
        guard w.pretty else {
            // Compact (a dozen an article): its structure as literal runs (`JSONWriter.literal`).
            w.literal("{\"count\":"); w.int(count)
            w.literal(",\"term\":"); w.string(term)
            w.literal(",\"weight\":"); try w.double(weight)
            w.literal("}")
            return
        }
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
        try quantity(q, section: section, sentenceText: sentenceText, row: .none)
    }

    mutating func quantity(_ q: Quantity, row: FactRow) throws {
        try quantity(q, section: row.section, sentenceText: row.sentenceText, row: FactFields(row))
    }

    /// The keys a `FactRow` adds to its quantity's, all nil for an article's quantity (read from
    /// a plain struct: each look into an optional `FactRow` copied the whole row, quantity and all).
    private struct FactFields {
        var article, id, date, district, documentDate, source, title: String?
        var quantity, line, part, sentenceStart, sentenceEnd: Int?

        /// An article's quantity's: one value for all (one made for each was destroyed after it).
        static let none = FactFields()

        init() {}

        init(_ row: FactRow) {
            (article, id, date, district, documentDate) = (row.article, row.id, row.date, row.district, row.documentDate)
            (source, title, quantity, line, part) = (row.source, row.title, row.fact.quantity, row.line, row.part)
            (sentenceStart, sentenceEnd) = (row.sentenceStart, row.sentenceEnd)
        }
    }

    private mutating func quantity(_ q: Quantity, section: Int?, sentenceText: String?, row: FactFields) throws {
        beginObject()
        key("approx"); string(q.approx.rawValue)
        if let article = row.article {
            key("article"); string(article)
            if let date = row.date { key("date"); string(date) }
            if let district = row.district { key("district"); string(district) }
            if let documentDate = row.documentDate { key("documentDate"); string(documentDate) }
        }
        key("end"); int(q.end)
        if let id = row.id { key("id"); string(id) }
        if let indicator = q.indicator { key("indicator"); string(indicator) }
        if let line = row.line { key("line"); int(line) }
        if let measure = q.measure { key("measure"); string(measure.rawValue) }
        if let part = row.part { key("part"); int(part) }
        if let p = q.period {
            key("period"); beginObject()
            key("end"); string(p.end)
            key("start"); string(p.start)
            key("text"); string(p.text)
            endObject()
        }
        if let place = q.place { key("place"); string(place) }
        key("qualifiers"); strings(q.qualifiers)
        if let n = row.quantity { key("quantity"); int(n) }
        key("role"); string(q.role.rawValue)
        if let section { key("section"); int(section) }
        if let sentence = q.sentence { key("sentence"); int(sentence) }
        if let end = row.sentenceEnd { key("sentenceEnd"); int(end) }
        if let start = row.sentenceStart { key("sentenceStart"); int(start) }
        if let sentenceText { key("sentenceText"); string(sentenceText) }
        if let si = q.si {
            key("si"); beginObject()
            key("unit"); string(si.unit)
            key("value"); try double(si.value)
            endObject()
        }
        if let source = row.source { key("source"); string(source) }
        key("start"); int(q.start)
        key("subject"); string(q.subject)
        if let terms = q.terms {
            key("terms"); beginArray()
            for t in terms { element(); try double(t) }
            endArray()
        }
        key("text"); string(q.text)
        if let time = q.time { key("time"); string(time) }
        if let title = row.title { key("title"); string(title) }
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
