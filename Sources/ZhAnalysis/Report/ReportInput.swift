import Foundation

// The only file of the report that knows how the knowledge base lays out facts, article text
// and series. Everything else of Report/ works on the values defined here.

/// One statistic of the knowledge base, flat: the quantity, where it stands (article and index
/// in that article's quantities, which together are the fact id) and its context.
struct ReportFact {
    /// Index of the article in `ReportInput.articles`.
    var article: Int
    /// Index of the quantity in the article's quantities (the fact id is `<article id>#<quantity>`).
    var quantity: Int
    var value: Quantity
    /// The place the figure is about: the quantity's own, else its section's district.
    var place: String?
    /// The sentence in `ReportArticle.text` (code points, end exclusive).
    var sentence: TextRange
}

/// One article as the report shows it.
struct ReportArticle {
    var id: String
    var title: String?
    var source: String
    /// ISO date (`YYYY-MM-DD`) when the record gives one or its date line can be read.
    var date: String?
    var dateLine: String?
    /// The text shown on the article page. When the knowledge base keeps no article text
    /// (schema 1), the sentences of its quantities, one per paragraph.
    var text: String
    /// True when `text` is the whole article.
    var isFullText: Bool
    /// Spans to highlight in `text` (code points), in no particular order.
    var spans: [ReportSpan]
    var duplicateOf: String?
    var traditional: Bool
    var entityCount: Int
    var factCount: Int
}

/// A highlighted stretch of an article.
struct ReportSpan {
    enum Kind: Int {
        case person, place, organization, statistic, time
        /// How the page's data number the kind.
        var number: Int { rawValue }

        init(_ type: EntityType) {
            switch type {
            case .person: self = .person
            case .place: self = .place
            case .organization: self = .organization
            }
        }
    }
    var range: TextRange
    var kind: Kind
    /// Shown on hover: the canonical name of an entity, the period of a time (a statistic's
    /// comes from its fact row on the page).
    var label: String
    /// The quantity index for quantities (anchor of the fact link).
    var quantity: Int?
}

/// A series: facts of one indicator (+ measure, unit) over periods or places.
struct ReportSeriesInput {
    var indicator: String
    var measure: String?
    var unit: String
    var unitKind: String
    /// Indices into `ReportInput.facts`, each with the period it covers.
    var points: [(fact: Int, period: PeriodSpan?)]
}

/// What the report reads from a knowledge base.
struct ReportInput {
    var articles: [ReportArticle] = []
    var facts: [ReportFact] = []
    /// The knowledge base's `series` table, its points pointing into `facts`.
    var series: [ReportSeriesInput] = []

    init(kb: KnowledgeBase) {
        articles.reserveCapacity(kb.articles.count)
        for (a, record) in kb.articles.enumerated() {
            let (article, facts) = Self.read(record, index: a)
            articles.append(article)
            self.facts += facts
        }
        // A KB written before the `series` table existed reads with none: made here as ingest makes it.
        var rows = kb.series
        if rows.isEmpty {
            var builder = SeriesBuilder()
            for record in kb.articles { builder.add(record) }
            rows = builder.series()
        }
        series = Self.series(rows, articles: articles, facts: facts)
    }

    /// The series rows of the knowledge base with each point's fact found among `facts` (a point
    /// whose fact the report does not hold is left out; a row left with no point is dropped).
    private static func series(_ rows: [Series], articles: [ReportArticle], facts: [ReportFact]) -> [ReportSeriesInput] {
        var articleIndex: [String: Int] = [:]
        for (i, a) in articles.enumerated() where articleIndex[a.id] == nil { articleIndex[a.id] = i }
        struct Ref: Hashable { var article: Int; var quantity: Int }
        var factIndex: [Ref: Int] = [:]
        for (i, f) in facts.enumerated() { factIndex[Ref(article: f.article, quantity: f.quantity)] = i }
        return rows.compactMap { row in
            let points = row.points.compactMap { p -> (fact: Int, period: PeriodSpan?)? in
                guard let a = articleIndex[p.article], let f = factIndex[Ref(article: a, quantity: p.quantity)] else { return nil }
                return (f, p.period)
            }
            guard !points.isEmpty else { return nil }
            return ReportSeriesInput(indicator: row.indicator, measure: row.measure?.rawValue, unit: row.unit,
                                     unitKind: row.unitKind, points: points)
        }
    }

    /// The article and its statistics: the text with every entity mention and quantity in
    /// place, the facts as `FactRow` resolves them (the one flat row of a fact).
    private static func read(_ r: ArticleRecord, index: Int) -> (ReportArticle, [ReportFact]) {
        guard let text = r.text else { return readSentences(r, index: index) }
        var spans: [ReportSpan] = []
        for (k, q) in r.quantities.enumerated() where q.role == .statistic || q.role == .time {
            guard q.start >= 0, q.start <= q.end else { continue }
            spans.append(ReportSpan(range: q.quantity.range, kind: q.role == .time ? .time : .statistic,
                                    label: q.period.map(ReportData.periodLabel) ?? q.text, quantity: k))
        }
        for e in r.entities {
            for m in e.mentions where m.start >= 0 && m.start <= m.end {
                spans.append(ReportSpan(range: m.range, kind: ReportSpan.Kind(e.type), label: e.name))
            }
        }
        let facts = r.factRows().map { row in
            let start = row.sentenceStart ?? row.quantity.start, end = row.sentenceEnd ?? row.quantity.end
            return ReportFact(article: index, quantity: row.fact.quantity, value: row.quantity,
                              place: row.quantity.place ?? row.district,
                              sentence: TextRange(start: start, end: max(start, end)))
        }
        let article = ReportArticle(
            id: r.id, title: r.title, source: r.source, date: r.documentDate ?? ReportFormat.isoDate(r.date),
            dateLine: r.date, text: text, isFullText: true, spans: spans, duplicateOf: r.duplicateOf,
            traditional: r.traditional ?? false, entityCount: r.entities.count, factCount: facts.count)
        return (article, facts)
    }

    /// An article kept from a schema-1 KB, which stored no text: the page is made of the
    /// sentences of its quantities, each quantity found in its sentence, the entities found by
    /// the names they are written as.
    private static func readSentences(_ r: ArticleRecord, index: Int) -> (ReportArticle, [ReportFact]) {
        var text: [Unicode.Scalar] = []
        var sentenceStart: [String: Int] = [:]
        var spans: [ReportSpan] = []
        var facts: [ReportFact] = []
        for (k, q) in r.quantities.enumerated() {
            guard q.role == .statistic || q.role == .time else { continue }
            let sentence = q.sentenceText ?? q.text
            let start: Int
            if let s = sentenceStart[sentence] { start = s } else {
                if !text.isEmpty { text.append("\n") }
                start = text.count
                sentenceStart[sentence] = start
                text += sentence.unicodeScalars
            }
            let length = sentence.unicodeScalars.count
            let range = TextRange(start: start, end: start + length)
            if let hit = Self.find(q.text, in: sentence) {
                spans.append(ReportSpan(range: TextRange(start: start + hit.start, end: start + hit.end),
                                        kind: q.role == .time ? .time : .statistic,
                                        label: q.period.map(ReportData.periodLabel) ?? q.text, quantity: k))
            }
            guard q.role == .statistic else { continue }
            let district = q.section.flatMap { $0 >= 0 && $0 < r.sections.count ? r.sections[$0].district : nil }
            facts.append(ReportFact(article: index, quantity: k, value: q.quantity, place: q.place ?? district,
                                    sentence: range))
        }
        spans += Self.mentions(of: r.entities, in: text)
        var result = String()
        result.unicodeScalars.append(contentsOf: text)
        let article = ReportArticle(
            id: r.id, title: r.title, source: r.source, date: r.documentDate ?? ReportFormat.isoDate(r.date),
            dateLine: r.date, text: result, isFullText: false, spans: spans, duplicateOf: r.duplicateOf,
            traditional: r.traditional ?? false, entityCount: r.entities.count, factCount: facts.count)
        return (article, facts)
    }

    /// Every occurrence in `text` of the names the entities are written as.
    private static func mentions(of entities: [Entity], in text: [Unicode.Scalar]) -> [ReportSpan] {
        var spans: [ReportSpan] = []
        for e in entities {
            let kind = ReportSpan.Kind(e.type)
            for written in Set(e.mentions.map(\.text)) {
                // One character (滇, 中) would match inside other words: without the article's
                // own offsets only names of two or more characters are looked for.
                let n = Array(written.unicodeScalars)
                guard n.count >= 2, n.count <= text.count else { continue }
                var i = 0
                while i <= text.count - n.count {
                    if text[i] == n[0] && text[i..<(i + n.count)].elementsEqual(n) {
                        spans.append(ReportSpan(range: TextRange(start: i, end: i + n.count), kind: kind, label: e.name))
                        i += n.count
                    } else { i += 1 }
                }
            }
        }
        return spans
    }

    /// Code-point range of `needle` in `haystack`.
    private static func find(_ needle: String, in haystack: String) -> TextRange? {
        let h = Array(haystack.unicodeScalars), n = Array(needle.unicodeScalars)
        guard !n.isEmpty, n.count <= h.count else { return nil }
        for i in 0...(h.count - n.count) where h[i] == n[0] && Array(h[i..<(i + n.count)]) == n {
            return TextRange(start: i, end: i + n.count)
        }
        return nil
    }
}
