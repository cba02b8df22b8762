/// The flat row of one statistic: the quantity's fields as typed columns beside its article,
/// section, district, place level and parent, and sentence.
///
/// The one place that reads a fact out of an article record for export.
public enum FactTable {
    public static let columns: [TableColumn] = [
        TableColumn("id", .text), TableColumn("article", .text), TableColumn("quantity", .integer),
        TableColumn("source", .text), TableColumn("title", .text, nullable: true),
        TableColumn("date", .text, nullable: true), TableColumn("document_date", .text, nullable: true),
        TableColumn("section", .integer, nullable: true), TableColumn("district", .text, nullable: true),
        TableColumn("text", .text), TableColumn("start", .integer), TableColumn("end", .integer),
        TableColumn("value", .real), TableColumn("upper", .real, nullable: true), TableColumn("approx", .text),
        TableColumn("unit", .text), TableColumn("unit_kind", .text),
        TableColumn("si_value", .real, nullable: true), TableColumn("si_unit", .text, nullable: true),
        TableColumn("subject", .text), TableColumn("qualifiers", .json),
        TableColumn("place", .text, nullable: true), TableColumn("place_level", .text, nullable: true),
        TableColumn("place_parent", .text, nullable: true), TableColumn("time", .text, nullable: true),
        TableColumn("indicator", .text, nullable: true), TableColumn("measure", .text, nullable: true),
        TableColumn("period_text", .text, nullable: true), TableColumn("period_start", .text, nullable: true),
        TableColumn("period_end", .text, nullable: true), TableColumn("terms", .json, nullable: true),
        TableColumn("sentence", .integer, nullable: true), TableColumn("sentence_text", .text),
        TableColumn("sentence_start", .integer, nullable: true), TableColumn("sentence_end", .integer, nullable: true),
    ]

    /// The id of a fact: its article's key and its index in the article's quantities.
    public static func id(article: String, quantity: Int) -> String { "\(article)#\(quantity)" }

    /// The statistics of an article in text order, each with its index in `article.quantities`
    /// (the order and content of the KB's `facts` rows for this article).
    public static func statistics(of article: ArticleRecord) -> [(index: Int, record: QuantityRecord)] {
        article.quantities.enumerated().filter { $0.element.role == .statistic }
            .sorted { a, b in
                let x = a.element, y = b.element
                return x.start != y.start ? x.start < y.start : (x.end != y.end ? x.end < y.end : a.offset < b.offset)
            }
            .map { (index: $0.offset, record: $0.element) }
    }

    /// The fact rows of one article whose table key is `key`.
    public static func rows(of article: ArticleRecord, key: String) -> [TableRow] {
        guard article.duplicateOf == nil else { return [] }
        var places: [String: Entity] = [:]
        for e in article.entities where e.type == .place {
            if places[e.name] == nil { places[e.name] = e }
            for alias in e.aliases where places[alias] == nil { places[alias] = e }
        }
        return statistics(of: article).map { index, r in
            let q = r.quantity
            let district = r.section.flatMap { $0 >= 0 && $0 < article.sections.count ? article.sections[$0].district : nil }
            let place = q.place.flatMap { places[$0] }
            return TableRow(.facts, [
                .text(id(article: key, quantity: index)), .text(key), .integer(index),
                .text(article.source), TableValue(article.title), TableValue(article.date), TableValue(article.documentDate),
                TableValue(r.section), TableValue(district),
                .text(q.text), .integer(q.start), .integer(q.end),
                .real(q.value), TableValue(q.upper), .text(q.approx.rawValue),
                .text(q.unit), .text(q.unitKind), TableValue(q.si?.value), TableValue(q.si?.unit),
                .text(q.subject), TableJSON.strings(q.qualifiers),
                TableValue(q.place), TableValue(place?.level?.rawValue), TableValue(place?.parent), TableValue(q.time),
                TableValue(q.indicator), TableValue(q.measure?.rawValue),
                TableValue(q.period?.text), TableValue(q.period?.start), TableValue(q.period?.end),
                q.terms.map(TableJSON.numbers) ?? .null,
                TableValue(q.sentence), .text(r.sentenceText ?? q.text), .null, .null,
            ])
        }
    }
}
