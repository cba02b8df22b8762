/// The columns of the `facts` table: a resolved fact (`FactRow`) as typed columns — the
/// quantity's fields beside its article, section, district, place level and parent, and sentence.
public enum FactTable {
    public static let columns: [TableColumn] = [
        TableColumn("id", .text), TableColumn("article", .text), TableColumn("quantity", .integer),
        TableColumn("source", .text), TableColumn("part", .integer, nullable: true), TableColumn("line", .integer, nullable: true),
        TableColumn("title", .text, nullable: true),
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

    /// The fact rows of one article whose table key is `key`: the KB's facts of the article,
    /// resolved (`ArticleRecord.factRows()`, the one flat row), with the level and parent of
    /// their place from the article's entities.
    public static func rows(of article: ArticleRecord, key: String) -> [TableRow] {
        guard article.duplicateOf == nil else { return [] }
        var places: [String: Entity] = [:]
        for e in article.entities where e.type == .place {
            if places[e.name] == nil { places[e.name] = e }
            for alias in e.aliases where places[alias] == nil { places[alias] = e }
        }
        return article.factRows().map { r in
            let q = r.quantity
            let place = q.place.flatMap { places[$0] }
            return TableRow(.facts, [
                .text(id(article: key, quantity: r.fact.quantity)), .text(key), .integer(r.fact.quantity),
                .text(r.source), TableValue(r.part), TableValue(r.line), TableValue(r.title), TableValue(r.date), TableValue(r.documentDate),
                TableValue(r.section), TableValue(r.district),
                .text(q.text), .integer(q.start), .integer(q.end),
                .real(q.value), TableValue(q.upper), .text(q.approx.rawValue),
                .text(q.unit), .text(q.unitKind), TableValue(q.si?.value), TableValue(q.si?.unit),
                .text(q.subject), TableJSON.strings(q.qualifiers),
                TableValue(q.place), TableValue(place?.level?.rawValue), TableValue(place?.parent), TableValue(q.time),
                TableValue(q.indicator), TableValue(q.measure?.rawValue),
                TableValue(q.period?.text), TableValue(q.period?.start), TableValue(q.period?.end),
                q.terms.map(TableJSON.numbers) ?? .null,
                TableValue(q.sentence), .text(r.sentenceText), TableValue(r.sentenceStart), TableValue(r.sentenceEnd),
            ])
        }
    }
}
