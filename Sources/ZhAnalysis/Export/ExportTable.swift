/// The tables `zhkb export` writes (docs/tables.md documents every column). Per-article tables
/// (`articles`, `sections`, `mentions`, `facts`, and the article and section rows of `keywords`
/// and `topics`) come from the KB's article records one at a time; `entities`, `series` and the
/// corpus and district rows of `keywords` and `topics` from its aggregated views.
public enum ExportTable: String, CaseIterable, Sendable {
    case articles, sections, entities, mentions, facts, series, keywords, topics

    public var schema: TableSchema {
        switch self {
        case .articles:
            return TableSchema(name: rawValue, columns: [
                TableColumn("key", .text), TableColumn("id", .text), TableColumn("source", .text),
                TableColumn("part", .integer, nullable: true), TableColumn("line", .integer, nullable: true),
                TableColumn("hash", .text), TableColumn("charset", .text),
                TableColumn("title", .text, nullable: true), TableColumn("subtitle", .text, nullable: true),
                TableColumn("issuer", .text, nullable: true), TableColumn("date", .text, nullable: true),
                TableColumn("document_date", .text, nullable: true), TableColumn("record_id", .text, nullable: true),
                TableColumn("length", .integer), TableColumn("tokens", .integer), TableColumn("sentences", .integer),
                TableColumn("traditional", .integer, nullable: true), TableColumn("duplicate_of", .text, nullable: true),
                TableColumn("diagnostics", .json),
            ], primaryKey: ["key"], indexes: [["source"], ["id"]])
        case .sections:
            return TableSchema(name: rawValue, columns: [
                TableColumn("article", .text), TableColumn("section", .integer),
                TableColumn("district", .text, nullable: true), TableColumn("headline", .text, nullable: true),
                TableColumn("dateline", .text, nullable: true), TableColumn("authors", .json),
                TableColumn("start", .integer), TableColumn("end", .integer),
            ], primaryKey: ["article", "section"], foreignKeys: [("article", .articles)], indexes: [["district"]])
        case .entities:
            return TableSchema(name: rawValue, columns: [
                TableColumn("entity", .text), TableColumn("type", .text), TableColumn("name", .text),
                TableColumn("level", .text, nullable: true), TableColumn("parent", .text, nullable: true),
                TableColumn("kind", .text, nullable: true), TableColumn("aliases", .json),
                TableColumn("roles", .json, nullable: true), TableColumn("mentions", .integer),
                TableColumn("articles", .integer), TableColumn("cooccurring", .json),
            ], primaryKey: ["entity"], indexes: [["name"], ["type", "name"]])
        case .mentions:
            return TableSchema(name: rawValue, columns: [
                TableColumn("article", .text), TableColumn("entity", .text), TableColumn("type", .text),
                TableColumn("name", .text), TableColumn("start", .integer), TableColumn("end", .integer),
                TableColumn("text", .text), TableColumn("sentence", .integer, nullable: true),
                TableColumn("partial", .integer, nullable: true), TableColumn("surname", .text, nullable: true),
            ], primaryKey: [], foreignKeys: [("article", .articles)],
            indexes: [["article"], ["entity"], ["name"]])
        case .facts:
            return TableSchema(name: rawValue, columns: FactTable.columns, primaryKey: ["id"],
                               foreignKeys: [("article", .articles)],
                               indexes: [["article"], ["place"], ["district"], ["indicator"], ["unit_kind"],
                                         ["period_start", "period_end"]])
        case .series:
            return TableSchema(name: rawValue, columns: [
                TableColumn("series", .text), TableColumn("indicator", .text), TableColumn("measure", .text, nullable: true),
                TableColumn("unit", .text), TableColumn("unit_kind", .text), TableColumn("point", .integer),
                TableColumn("fact", .text), TableColumn("article", .text), TableColumn("quantity", .integer),
                TableColumn("period_start", .text, nullable: true), TableColumn("period_end", .text, nullable: true),
                TableColumn("place", .text, nullable: true), TableColumn("value", .real),
                TableColumn("upper", .real, nullable: true), TableColumn("approx", .text),
            ], primaryKey: ["series", "point"], foreignKeys: [("fact", .facts)], indexes: [["indicator"], ["place"]])
        case .keywords:
            return TableSchema(name: rawValue, columns: [
                TableColumn("scope", .text), TableColumn("district", .text, nullable: true),
                TableColumn("article", .text, nullable: true), TableColumn("section", .integer, nullable: true),
                TableColumn("rank", .integer), TableColumn("term", .text), TableColumn("count", .integer),
                TableColumn("documents", .integer, nullable: true), TableColumn("weight", .real),
            ], primaryKey: [], foreignKeys: [("article", .articles)], indexes: [["term"], ["article"], ["district"]])
        case .topics:
            return TableSchema(name: rawValue, columns: [
                TableColumn("scope", .text), TableColumn("district", .text, nullable: true),
                TableColumn("article", .text, nullable: true), TableColumn("section", .integer, nullable: true),
                TableColumn("rank", .integer), TableColumn("topic", .text), TableColumn("label", .text),
                TableColumn("hits", .integer), TableColumn("share", .real), TableColumn("documents", .integer, nullable: true),
            ], primaryKey: [], foreignKeys: [("article", .articles)], indexes: [["topic"], ["article"], ["district"]])
        }
    }

    /// Tables whose rows belong to one article (replaced with it by `ingest --sqlite`).
    public static let perArticle: [ExportTable] = [.articles, .sections, .mentions, .facts, .keywords, .topics]
}

/// The scopes of `keywords` and `topics` rows.
public enum ViewScope: String, Sendable {
    case corpus, district, article, section
}
