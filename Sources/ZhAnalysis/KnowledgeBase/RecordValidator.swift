/// The rules an article record must keep before it enters a knowledge base (`docs/kb.schema.json`
/// plus what the schema cannot say): offsets inside the text and ordered, counts not negative
/// and not absurd (so sums over a KB cannot overflow), an id that is the hash's prefix, finite
/// weights and shares in 0…1. `zhkb merge` refuses a record that breaks one, naming file and line.
public struct RecordValidator: Sendable {
    /// Largest count or length a record may carry: 2⁴⁰ code points (a terabyte of text in one
    /// article) is far beyond any real document, and 2²³ such records still sum within `Int`.
    public static let maxCount = 1 << 40

    public init() {}

    /// Throws `ZhError.invalidRecord` (path "", no line: callers add where the record came from).
    public func validate(_ r: ArticleRecord) throws {
        if let problem = problem(r) { throw ZhError.invalidRecord(path: "", line: nil, reason: problem) }
    }

    /// The first rule `r` breaks, nil when it keeps all.
    public func problem(_ r: ArticleRecord) -> String? {
        if r.offsetUnit != offsetUnitName { return "offsetUnit is \"\(r.offsetUnit)\", not \"\(offsetUnitName)\"" }
        if r.hash.utf8.count != 64 || !r.hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            return "hash is not 64 lowercase hex digits"
        }
        if r.id != ArticleRecord.id(forHash: r.hash) { return "id \"\(r.id)\" is not the first 16 digits of the hash" }
        if r.source.isEmpty { return "empty source" }
        if let p = count(r.length, "length") { return p }
        if let p = count(r.tokens, "tokens") { return p }
        if let p = count(r.sentences, "sentences") { return p }
        if let part = r.part, let p = count(part, "part") { return p }
        if let line = r.line, line < 1 || line > Self.maxCount { return "line \(line) is not between 1 and \(Self.maxCount)" }
        let n = r.length
        if let text = r.text, text.unicodeScalars.count != n {
            return "text has \(text.unicodeScalars.count) code points, length says \(n)"
        }
        if let ranges = r.sentenceRanges {
            if r.text == nil { return "sentenceRanges without text" }
            if ranges.count != r.sentences { return "\(ranges.count) sentenceRanges for \(r.sentences) sentences" }
            var previous = 0
            for (i, pair) in ranges.enumerated() {
                guard pair.count == 2 else { return "sentenceRanges[\(i)] is not [start, end]" }
                if let p = range(pair[0], pair[1], n, "sentenceRanges[\(i)]") { return p }
                if pair[0] < previous { return "sentenceRanges[\(i)] starts before the end of the sentence before it" }
                previous = pair[1]
            }
        }
        for (i, e) in r.entities.enumerated() {
            for (j, m) in e.mentions.enumerated() {
                if let p = range(m.start, m.end, n, "entities[\(i)].mentions[\(j)]") { return p }
                if let s = m.sentence, let p = index(s, r.sentences, "entities[\(i)].mentions[\(j)].sentence") { return p }
            }
        }
        for (i, q) in r.quantities.enumerated() {
            if let p = range(q.start, q.end, n, "quantities[\(i)]") { return p }
            if !q.value.isFinite || !(q.upper?.isFinite ?? true) { return "quantities[\(i)]: value not finite" }
            if let s = q.sentence, let p = index(s, r.sentences, "quantities[\(i)].sentence") { return p }
            if let s = q.section, let p = index(s, r.sections.count, "quantities[\(i)].section") { return p }
        }
        for (i, s) in r.sections.enumerated() {
            if let p = range(s.start, s.end, n, "sections[\(i)]") { return p }
            if let p = keywords(s.keywords, "sections[\(i)].keywords") ?? topics(s.topics, "sections[\(i)].topics") { return p }
        }
        if let p = keywords(r.keywords, "keywords") ?? topics(r.topics, "topics") { return p }
        for (i, d) in r.diagnostics.enumerated() {
            if let s = d.start, let p = range(s, d.end ?? s, n, "diagnostics[\(i)]") { return p }
            if d.start == nil, let e = d.end, let p = range(0, e, n, "diagnostics[\(i)]") { return p }
        }
        return nil
    }

    private func count(_ v: Int, _ what: String) -> String? {
        v < 0 || v > Self.maxCount ? "\(what) \(v) is not between 0 and \(Self.maxCount)" : nil
    }

    private func range(_ start: Int, _ end: Int, _ length: Int, _ what: String) -> String? {
        0 <= start && start <= end && end <= length ? nil : "\(what): offsets \(start)..<\(end) not inside the text (0..<\(length))"
    }

    private func index(_ i: Int, _ count: Int, _ what: String) -> String? {
        0 <= i && i < count ? nil : "\(what) \(i) is not below \(count)"
    }

    private func keywords(_ list: [Keyword], _ what: String) -> String? {
        for (i, k) in list.enumerated() {
            if let p = count(k.count, "\(what)[\(i)].count") { return p }
            if !k.weight.isFinite { return "\(what)[\(i)].weight not finite" }
        }
        return nil
    }

    private func topics(_ list: [TopicScore], _ what: String) -> String? {
        for (i, t) in list.enumerated() {
            if let p = count(t.hits, "\(what)[\(i)].hits") { return p }
            if !(0...1).contains(t.share) { return "\(what)[\(i)].share \(t.share) not between 0 and 1" }
        }
        return nil
    }
}
