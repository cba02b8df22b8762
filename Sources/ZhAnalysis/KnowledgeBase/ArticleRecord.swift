import Foundation

/// One analysed article as `zhkb extract` writes it and as the knowledge base stores it: the text
/// once, its sentences as ranges of it, and every layer except the tokens. Offsets are code points
/// into `text` (`offsetUnit` is always "codepoint"), end exclusive; nothing else repeats the text
/// (a fact's sentence is `text` cut at its sentence's range: `FactRow`).
///
/// The record is self-contained: a knowledge base is a pure function of a set of records, so
/// `zhkb merge` can build from `extract --jsonl` output exactly what `zhkb ingest` builds.
public struct ArticleRecord: Codable, Hashable, Sendable {
    /// First 16 hex digits of `hash`.
    public var id: String
    /// The input path as given on the command line (normalised), or "-" for standard input.
    public var source: String
    /// Index of the piece when a long text was split into documents of bounded size.
    public var part: Int?
    /// 1-based line number with `--lines`.
    public var line: Int?
    /// SHA-256 (hex) of the UTF-8 bytes of the article text.
    public var hash: String
    /// Charset the bytes were read as (UTF-8, GB18030, Big5, UTF-16LE…).
    public var charset: String
    public var title: String?
    public var subtitle: String?
    /// The issuing body of a report or notice (成都市统计局), as written.
    public var issuer: String?
    /// The date line of a report or notice (2024年3月), as written.
    public var date: String?
    /// The document date given with record input (its `date`), `YYYY-MM-DD`.
    public var documentDate: String?
    /// The date relative time words were read against (今年, 去年, 目前) and where it came from:
    /// the text, the record, `--date`, or a work report's title (see `PeriodResolver`).
    public var referenceDate: ReferenceDate?
    /// The `id` given with record input (`RecordReader`): the caller's own key for the article.
    public var recordId: String?
    public var offsetUnit: String
    /// Length of the text in code points.
    public var length: Int
    /// Content tokens (words, numbers, Latin runs).
    public var tokens: Int
    /// Number of sentences.
    public var sentences: Int
    /// The article text as read (after charset decoding; not folded), which every offset counts
    /// into. Absent for a duplicate (its original has the text) and for an article kept from a
    /// schema-1 KB (whose quantities carry their `sentenceText` instead).
    public var text: String?
    /// The sentences, in order, as `[start, end]` code-point ranges of `text` (`sentences` of
    /// them; `sentenceRange(_:)` reads one as a `TextRange`). Absent where `text` is.
    public var sentenceRanges: [[Int]]?
    /// True when the text was Traditional Chinese and folded to Simplified for analysis.
    public var traditional: Bool?
    public var entities: [Entity]
    public var quantities: [QuantityRecord]
    public var sections: [SectionRecord]
    public var keywords: [Keyword]
    public var topics: [TopicScore]
    public var diagnostics: [Diagnostic]
    /// Set when the text is identical to that of an article already in the KB (a copy under
    /// another name, another charset): the source of that article. A duplicate is recorded but
    /// not analysed, so it adds no entities, facts, keywords or topics.
    public var duplicateOf: String?

    /// Identity inside a knowledge base: the same text from the same source is the same article.
    public var key: ArticleKey { ArticleKey(source: source, part: part, line: line, hash: hash) }
}

// (The initialisers are in an extension so that the struct keeps its memberwise initialiser,
// which sets each field once.)
extension ArticleRecord {
    public init(id: String, source: String, part: Int? = nil, line: Int? = nil, hash: String, charset: String,
                title: String? = nil, subtitle: String? = nil, length: Int, tokens: Int = 0, sentences: Int = 0,
                traditional: Bool? = nil, entities: [Entity] = [], quantities: [QuantityRecord] = [],
                sections: [SectionRecord] = [], keywords: [Keyword] = [], topics: [TopicScore] = [],
                diagnostics: [Diagnostic] = []) {
        self.init(id: id, source: source, part: part, line: line, hash: hash, charset: charset, title: title,
                  subtitle: subtitle, offsetUnit: offsetUnitName, length: length, tokens: tokens, sentences: sentences,
                  traditional: traditional, entities: entities, quantities: quantities, sections: sections,
                  keywords: keywords, topics: topics, diagnostics: diagnostics)
    }

    /// The record of a text identical to the article from `original`: no analysis, only where
    /// it came from and how long it is.
    public static func duplicate(source: String, part: Int? = nil, line: Int? = nil, hash: String, charset: String,
                                 length: Int, of original: String) -> ArticleRecord {
        var r = ArticleRecord(id: id(forHash: hash), source: source, part: part, line: line, hash: hash, charset: charset,
                              length: length)
        r.duplicateOf = original
        return r
    }

    /// Sentence `i` as a range of `text`; nil when there is no such sentence or its range is not
    /// a valid range of the text.
    public func sentenceRange(_ i: Int) -> TextRange? {
        guard let ranges = sentenceRanges, i >= 0, i < ranges.count, ranges[i].count == 2 else { return nil }
        let r = ranges[i]
        guard 0 <= r[0], r[0] <= r[1], r[1] <= length else { return nil }
        return TextRange(start: r[0], end: r[1])
    }

    /// The id of an article with this content hash.
    public static func id(forHash hash: String) -> String {
        // A hex hash (every hash this program makes): its first 16 bytes, without walking
        // characters. Sixteen characters are sixteen bytes when the first 17 bytes are printable
        // ASCII (no character of those joins the next); anything else takes the general way.
        // The bytes are copied as known ASCII (`String(decoding:)` validated them again).
        var hash = hash
        if let id = hash.withUTF8({ b -> String? in
            guard b.count >= 16, !b.prefix(17).contains(where: { $0 < 0x20 || $0 > 0x7E }) else { return nil }
            return String(copying: UTF8Span(unchecked: UnsafeBufferPointer(rebasing: b.prefix(16)).span, isKnownASCII: true))
        }) { return id }
        return String(hash.prefix(16))
    }

    /// Builds the record of an analysed document, taking over its layers.
    public init(document doc: consuming Document, source: String, charset: String, hash: String? = nil,
                part: Int? = nil, line: Int? = nil) {
        let hash = hash ?? SHA256.hex(of: doc.text)
        self.init(document: doc, id: Self.id(forHash: hash), source: source, charset: charset, hash: hash,
                  part: part, line: line)
    }

    /// The record of `doc`, whose id is made already (`ParallelAnalyzer` made it for the document).
    /// Every field is set once; the document's layers are moved out of it (swapped: a copy
    /// retained each array, and emptying the document's released it), its keywords and topics
    /// rounded in their own arrays, its quantities and sections moved into their records, and a
    /// section whose keywords or topics are the article's (one section) shares their stored array.
    init(document doc: consuming Document, id: String, source: String, charset: String, hash: String,
         part: Int?, line: Int?) {
        var keywords: [Keyword] = [], textSections: [Section] = [], taken: [Quantity] = [], topics: [TopicScore] = []
        var entities: [Entity] = [], diagnostics: [Diagnostic] = [], sentences: [Sentence] = []
        swap(&keywords, &doc.keywords)
        swap(&textSections, &doc.sections)
        swap(&taken, &doc.quantities)
        swap(&topics, &doc.topics)
        swap(&entities, &doc.entities)
        swap(&diagnostics, &doc.diagnostics)
        swap(&sentences, &doc.sentences)
        // Each quantity moved into its record, in order (popped from the reversed array: not
        // copied when the array is not shared). The array of records is made by code specialised
        // for it (`init(unsafeUninitializedCapacity:)` went through a generic entry point).
        var quantities: [QuantityRecord] = []
        if !taken.isEmpty {
            quantities.reserveCapacity(taken.count)
            taken.withUnsafeMutableBufferPointer { $0.reverse() }  // (swaps by moves)
            while let q = taken.popLast() {
                let section = Self.sectionIndex(of: q.start, in: textSections)
                quantities.append(QuantityRecord(quantity: q, section: section))
            }
        }
        let n = textSections.count
        let sections = withUnsafeTemporaryAllocation(of: (keywords: Bool, topics: Bool).self, capacity: n) { shares in
            // The sections that share the article's keyword or topic array let go of it, so that
            // it is rounded in place (not copied) and stored once for both.
            let articleKeywords = keywords.withUnsafeBufferPointer { $0.baseAddress }
            let articleTopics = topics.isEmpty ? nil : topics.withUnsafeBufferPointer { $0.baseAddress }
            textSections.withUnsafeMutableBufferPointer { b in
                for i in b.indices {
                    shares[i].keywords = b[i].keywords.withUnsafeBufferPointer { $0.baseAddress } == articleKeywords
                    if shares[i].keywords { b[i].keywords = [] }
                    shares[i].topics = articleTopics != nil
                        && b[i].topics.withUnsafeBufferPointer { $0.baseAddress } == articleTopics
                    if shares[i].topics { b[i].topics = [] }
                }
            }
            Self.round(&keywords)
            Self.round(&topics)
            // Each section moved into its record, in order (as the quantities).
            var sections: [SectionRecord] = []
            guard n > 0 else { return sections }
            sections.reserveCapacity(n)
            textSections.withUnsafeMutableBufferPointer { $0.reverse() }
            while let s = textSections.popLast() {
                let i = sections.count
                sections.append(SectionRecord(taking: s, keywords: shares[i].keywords ? keywords : nil,
                                              topics: shares[i].topics ? topics : nil))
            }
            return sections
        }
        // (The kinds of `Token.isContent`, read alone: the getter copied each token, its text
        // retained and released.)
        let contentTokens = doc.tokens.withUnsafeBufferPointer { b in
            var count = 0
            for i in b.indices {
                switch b[i].kind {
                case .word, .number, .latin: count += 1
                case .punctuation, .space, .symbol: break
                }
            }
            return count
        }
        self.init(id: id, source: source, part: part, line: line, hash: hash, charset: charset, title: doc.title.take(),
                  subtitle: doc.subtitle.take(), issuer: doc.issuer.take(), date: doc.date.take(),
                  referenceDate: doc.referenceDate.take(), offsetUnit: offsetUnitName, length: doc.length,
                  tokens: contentTokens, sentences: sentences.count, text: doc.text,
                  sentenceRanges: sentences.map { [$0.range.start, $0.range.end] },
                  traditional: doc.folding.traditional ? true : nil, entities: entities, quantities: quantities,
                  sections: sections, keywords: keywords, topics: topics, diagnostics: diagnostics)
    }

    /// Keyword weights as records store them, in place: finite and rounded (`StoredRatio`).
    static func round(_ keywords: inout [Keyword]) {
        guard !keywords.isEmpty else { return }  // (the empty array is shared: made unique, it was copied)
        keywords.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i].weight = StoredRatio.rounded(b[i].weight) }
        }
    }

    /// Topic shares as records store them, in place: finite and rounded (`StoredRatio`).
    static func round(_ topics: inout [TopicScore]) {
        guard !topics.isEmpty else { return }
        topics.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i].share = StoredRatio.rounded(b[i].share) }
        }
    }

    static func sectionIndex(of offset: Int, in sections: [Section]) -> Int? {
        // Sections are in text order; binary search, falling back to a scan if they overlap.
        var lo = 0, hi = sections.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = sections[mid].range
            if offset < r.start { hi = mid - 1 } else if offset >= r.end { lo = mid + 1 } else { return mid }
        }
        return sections.firstIndex { $0.range.start <= offset && offset < $0.range.end }
    }

    /// Longest context kept for a fact: the sentence, or a window around the quantity when the
    /// sentence is longer than this (or sentences were not split).
    public static let maxContextLength = 240

    /// The range of a fact's context in the text (`scalars`): its sentence (`sentence`, an index
    /// into `sentences`) when that holds the quantity and is at most `maxContextLength` long, else
    /// a window of about that length around it that never crosses a line break; white space
    /// trimmed at both ends.
    static func contextRange(of q: Quantity, sentence: Int?, sentences: [TextRange], in scalars: [Unicode.Scalar]) -> TextRange {
        let n = scalars.count
        let qs = min(max(q.start, 0), n), qe = min(max(q.end, qs), n)
        var range = TextRange(start: qs, end: qe)
        if let s = sentence ?? sentences.firstIndex(where: { $0.start <= qs && qs < $0.end }), s >= 0, s < sentences.count {
            let r = sentences[s]
            if r.start <= qs && qe <= r.end && r.end <= n { range = r }
        }
        if range.length > maxContextLength || range.length == qe - qs {
            let spare = max(0, maxContextLength - (qe - qs)) / 2
            var start = max(0, qs - spare), end = min(n, qe + spare)
            // Keep inside the line: a window never crosses a line break.
            var i = qs
            while i > start { if scalars[i - 1] == "\n" { start = i; break }; i -= 1 }
            i = qe
            while i < end { if scalars[i] == "\n" || scalars[i] == "\r" { end = i; break }; i += 1 }
            range = TextRange(start: start, end: max(start, end))
        }
        return trimmed(range, in: scalars)
    }

    /// `range` without leading and trailing white space: the characters
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` removes, found on code points instead of
    /// through NSString (which cost more than encoding the whole record).
    static func trimmed(_ range: TextRange, in scalars: [Unicode.Scalar]) -> TextRange {
        var start = range.start, end = range.end
        while start < end && CharacterClass.isTrimmedSpace(scalars[start]) { start += 1 }
        while end > start && CharacterClass.isTrimmedSpace(scalars[end - 1]) { end -= 1 }
        return TextRange(start: start, end: end)
    }
}

/// Computed ratios written to the output (keyword weights, topic shares, and their means and
/// shares over the corpus) are rounded to `places` decimal places where records and aggregates
/// are built: `0.1235` instead of `0.12345678901234566`. A non-finite value is stored as 0.
/// Shares rounded one by one still sum to 1 within `n × 0.00005` for `n` topics.
public enum StoredRatio {
    public static let places = 4
    static let scale = 10_000.0

    /// `value` to `places` decimals: the nearest `Double` to an integer over 10⁴, which prints in
    /// at most `places` decimals.
    public static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        let scaled = roundedHalfAway(value * scale)
        return scaled.isFinite ? scaled / scale : value
    }

    /// `x.rounded()` (to nearest, halves away from zero), without its call to the C library's
    /// `round` (one per keyword weight and topic share of every record). Below 2⁵² in magnitude the
    /// truncation through `Int64` and the fraction `x - t` are exact, so the fraction decides; from
    /// 2⁵² on (and for infinities and NaN) every value is integral already. The sign is `x`'s, as
    /// `round` keeps it (-0.3 gives -0).
    @inline(__always) static func roundedHalfAway(_ x: Double) -> Double {
        guard x.magnitude < 0x1p52 else { return x }
        let t = Double(Int64(x))
        let f = x - t
        let r = f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t
        return Double(signOf: x, magnitudeOf: r)
    }
}

/// Identity of an article inside a knowledge base.
///
/// Part and line belong to it: identical lines of one file (`--lines`) or identical pieces of a
/// long file are separate articles, each with its facts.
public struct ArticleKey: Hashable, Sendable, Comparable {
    public var source: String
    public var part: Int?
    public var line: Int?
    public var hash: String
    public init(source: String, part: Int? = nil, line: Int? = nil, hash: String) {
        self.source = source
        self.part = part
        self.line = line
        self.hash = hash
    }
    public static func < (a: ArticleKey, b: ArticleKey) -> Bool {
        if a.source != b.source { return a.source < b.source }
        if (a.part ?? -1) != (b.part ?? -1) { return (a.part ?? -1) < (b.part ?? -1) }
        if (a.line ?? -1) != (b.line ?? -1) { return (a.line ?? -1) < (b.line ?? -1) }
        return a.hash < b.hash
    }
}

/// A numeric fact of one article: the `Quantity` itself, with the section it lies in and the text
/// of its sentence so that the knowledge base's fact table needs no article text. The quantity's
/// fields read through (`record.value`); JSON writes them flat, beside `section` and `sentenceText`.
@dynamicMemberLookup
public struct QuantityRecord: Codable, Hashable, Sendable {
    // (Declared in this order, with the optionals spelled `Optional<…>`, so that the implicit
    // memberwise initialiser, `init(section:sentenceText:quantity:)` without defaults, is
    // distinct from the public one.)
    public var section: Optional<Int>
    public var sentenceText: Optional<String>
    public var quantity: Quantity

    public subscript<T>(dynamicMember path: WritableKeyPath<Quantity, T>) -> T {
        get { quantity[keyPath: path] }
        set { quantity[keyPath: path] = newValue }
    }

    enum CodingKeys: String, CodingKey { case section, sentenceText }

    public func encode(to encoder: Encoder) throws {
        try quantity.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(section, forKey: .section)
        try c.encodeIfPresent(sentenceText, forKey: .sentenceText)
    }
}

// (The initialisers are in an extension so that the struct keeps its memberwise initialiser.)
extension QuantityRecord {
    /// Calls the implicit memberwise initialiser: one that assigns the properties one by one
    /// built the record twice and copied it on return (a retain and a release of every string
    /// and array of the quantity, for each quantity of each record; Swift 6.3).
    public init(quantity q: consuming Quantity, section: Int? = nil, sentenceText: String? = nil) {
        if !q.value.isFinite { q.value = 0 }
        q.upper = q.upper.flatMap { $0.isFinite ? $0 : nil }
        // (The value read in place: binding `si` copied it, unit string and all.)
        if let value = q.si?.value, !value.isFinite { q.si = nil }
        self.init(section: section, sentenceText: sentenceText, quantity: q)
    }

    public init(from decoder: Decoder) throws {
        let quantity = try Quantity(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(section: try c.decodeIfPresent(Int.self, forKey: .section),
                  sentenceText: try c.decodeIfPresent(String.self, forKey: .sentenceText), quantity: quantity)
    }
}

/// A section of one article.
public struct SectionRecord: Codable, Hashable, Sendable {
    public var district: String?
    public var headline: String?
    /// The news dateline opening the section (本报讯, 新华社北京3月5日电), as written.
    public var dateline: String?
    public var authors: [String]
    public var start: Int
    public var end: Int
    public var keywords: [Keyword]
    public var topics: [TopicScore]
}

// (The initialisers are in an extension so that the struct keeps its memberwise initialiser,
// which builds the record once: assigning the properties one by one built it twice and copied
// it on return; Swift 6.3.)
extension SectionRecord {
    public init(section s: Section) {
        self.init(taking: s, keywords: nil, topics: nil)
    }

    /// The record of `s`, its layers moved out of it; `keywords`, `topics`: the section's as
    /// stored, when made already (the article's, which the section shares).
    init(taking s: consuming Section, keywords: [Keyword]?, topics: [TopicScore]?) {
        var ownKeywords: [Keyword] = [], ownTopics: [TopicScore] = [], authors: [String] = []
        if let keywords { ownKeywords = keywords } else {
            swap(&ownKeywords, &s.keywords)
            ArticleRecord.round(&ownKeywords)
        }
        if let topics { ownTopics = topics } else {
            swap(&ownTopics, &s.topics)
            ArticleRecord.round(&ownTopics)
        }
        swap(&authors, &s.authors)
        self.init(district: s.district.take(), headline: s.headline.take(), dateline: s.dateline.take(), authors: authors,
                  start: s.range.start, end: s.range.end, keywords: ownKeywords, topics: ownTopics)
    }
}
