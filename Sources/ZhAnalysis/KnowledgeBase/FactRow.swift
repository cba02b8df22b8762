import Foundation

/// A row of the knowledge base's `facts` table (schema 2): one statistic, by reference. The
/// statistic itself lives once, in its article's `quantities`; the row names the article and the
/// index there, and adds only what the article does not state next to the quantity (the district
/// of the section it lies in). `FactRow(resolving:in:)` turns it into the flat row analysts want.
public struct Fact: Codable, Hashable, Sendable {
    /// The article's id (first 16 hex digits of its content hash).
    public var article: String
    /// Index of the statistic in that article's `quantities`.
    public var quantity: Int
    /// District of the section the statistic lies in.
    public var district: String?

    public init(article: String, quantity: Int, district: String? = nil) {
        self.article = article
        self.quantity = quantity
        self.district = district
    }

    /// The fact's id: `"<article id>#<quantity index>"`.
    public var id: String { "\(article)#\(quantity)" }
}

/// A fact resolved against its article: the statistic's fields (they read through:
/// `row.value`, `row.unit`), where it comes from, and the text of its sentence with the sentence's
/// range in the article text. This is the denormalised row `zhkb export`, `zhkb stats` and
/// `zhkb report` show; the KB stores it normalised (`Fact` + the article).
@dynamicMemberLookup
public struct FactRow: Hashable, Sendable {
    public var fact: Fact
    public var quantity: Quantity
    /// Of the article: source, part and line (its identity with the hash), title, date line as
    /// written, document date given with record input.
    public var source: String
    public var part: Int?
    public var line: Int?
    public var title: String?
    public var date: String?
    public var documentDate: String?
    /// Index of the section the statistic lies in, and that section's district.
    public var section: Int?
    public var district: String?
    /// The statistic's sentence (a window around it when the sentence is longer than
    /// `ArticleRecord.maxContextLength`, or sentences were not split), as written in the article.
    public var sentenceText: String
    /// Range of `sentenceText` in the article text, in code points; nil for an article kept from
    /// a schema-1 KB, which stored the sentence but not the text.
    public var sentenceStart: Int?
    public var sentenceEnd: Int?

    /// `"<article id>#<quantity index>"`.
    public var id: String { fact.id }
    /// The article's id.
    public var article: String { fact.article }

    public subscript<T>(dynamicMember path: KeyPath<Quantity, T>) -> T { quantity[keyPath: path] }

    /// Resolves `fact` against `article` (the record whose id it names): the one place a fact row
    /// is made flat. Throws `ZhError.unresolvedFact` when the article is another one or has no
    /// statistic at that index.
    public init(resolving fact: Fact, in article: ArticleRecord) throws {
        try self.init(resolving: fact, in: article, text: ArticleText(article))
    }

    init(resolving fact: Fact, in article: ArticleRecord, text: ArticleText) throws {
        guard fact.article == article.id else {
            throw ZhError.unresolvedFact(id: fact.id, reason: "the article given is \(article.id)")
        }
        guard fact.quantity >= 0, fact.quantity < article.quantities.count else {
            throw ZhError.unresolvedFact(id: fact.id, reason: "the article has \(article.quantities.count) quantities")
        }
        let q = article.quantities[fact.quantity]
        self.fact = fact
        quantity = q.quantity
        source = article.source
        part = article.part
        line = article.line
        title = article.title
        date = article.date
        documentDate = article.documentDate
        section = q.section
        district = fact.district ?? q.section.flatMap { $0 >= 0 && $0 < article.sections.count ? article.sections[$0].district : nil }
        if article.text == nil {
            sentenceText = q.sentenceText ?? q.text
        } else {
            let range = ArticleRecord.contextRange(of: q.quantity, sentence: q.sentence, sentences: text.sentences, in: text.scalars)
            sentenceText = ScalarText.string(text.scalars, range.start, range.end)
            sentenceStart = range.start
            sentenceEnd = range.end
        }
    }
}

/// An article's text as code points and its sentence ranges, made once for resolving all its facts.
struct ArticleText {
    let scalars: [Unicode.Scalar]
    let sentences: [TextRange]

    init(_ article: ArticleRecord) {
        let scalars = article.text.map { Array($0.unicodeScalars) } ?? []
        self.scalars = scalars
        sentences = (article.sentenceRanges ?? []).map { r in
            r.count == 2 && 0 <= r[0] && r[0] <= r[1] && r[1] <= scalars.count ? TextRange(start: r[0], end: r[1]) : TextRange(start: 0, end: 0)
        }
    }
}

extension ArticleRecord {
    /// The rows of this article's `facts` table: its statistics in text order.
    public func facts() -> [Fact] {
        let statistics = quantities.indices.filter { quantities[$0].role == .statistic }
            .sorted { a, b in
                let qa = quantities[a], qb = quantities[b]
                if qa.start != qb.start { return qa.start < qb.start }
                if qa.end != qb.end { return qa.end < qb.end }
                return a < b
            }
        return statistics.map { i in
            let district = quantities[i].section.flatMap { $0 >= 0 && $0 < sections.count ? sections[$0].district : nil }
            return Fact(article: id, quantity: i, district: district)
        }
    }

    /// This article's facts resolved (`FactRow(resolving:in:)`), the text decoded once.
    public func factRows() -> [FactRow] {
        let text = ArticleText(self)
        // `facts()` makes only rows that resolve against this record.
        return facts().compactMap { try? FactRow(resolving: $0, in: self, text: text) }
    }
}

extension KnowledgeBase {
    /// Every fact of the KB resolved, in the order of the `facts` table.
    public func factRows() -> [FactRow] { articles.flatMap { $0.factRows() } }
}

// MARK: - JSON

extension Fact: JSONWritable {
    public func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("article"); w.string(article)
        if let district { w.key("district"); w.string(district) }
        w.key("quantity"); w.int(quantity)
        w.endObject()
    }
}

extension FactRow: Encodable, JSONWritable {
    /// One flat object: the quantity's keys and the row's (article, district, id, source, title,
    /// sentenceText, sentenceStart…), sorted.
    public func write(to w: inout JSONWriter) throws {
        try w.quantity(quantity, row: self)
    }

    enum CodingKeys: String, CodingKey {
        case article, date, district, documentDate, id, line, part, quantityIndex = "quantity", section, sentenceEnd,
             sentenceStart, sentenceText, source, title
    }

    public func encode(to encoder: Encoder) throws {
        try quantity.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(article, forKey: .article)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encodeIfPresent(district, forKey: .district)
        try c.encodeIfPresent(documentDate, forKey: .documentDate)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(part, forKey: .part)
        try c.encode(fact.quantity, forKey: .quantityIndex)
        try c.encodeIfPresent(section, forKey: .section)
        try c.encodeIfPresent(sentenceEnd, forKey: .sentenceEnd)
        try c.encodeIfPresent(sentenceStart, forKey: .sentenceStart)
        try c.encode(sentenceText, forKey: .sentenceText)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(title, forKey: .title)
    }
}
