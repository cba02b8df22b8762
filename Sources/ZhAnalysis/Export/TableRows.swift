import Foundation

/// JSON text of list-valued cells (qualifiers, aliases, authors…): compact, Chinese unescaped.
enum TableJSON {
    static func strings(_ list: [String]) -> TableValue {
        var w = JSONWriter(pretty: false, capacity: 64)
        w.strings(list)
        return .text(String(decoding: w.bytes, as: UTF8.self))
    }

    static func numbers(_ list: [Double]) -> TableValue {
        var w = JSONWriter(pretty: false, capacity: 64)
        w.beginArray()
        for v in list { w.element(); (try? w.double(v)) ?? w.int(0) }
        w.endArray()
        return .text(String(decoding: w.bytes, as: UTF8.self))
    }

    static func array<T: JSONWritable>(_ list: [T]) -> TableValue {
        var w = JSONWriter(pretty: false, capacity: 128)
        (try? w.array(list)) ?? w.strings([])
        return .text(String(decoding: w.bytes, as: UTF8.self))
    }
}

/// The rows of the exported tables, from article records and from the KB's views.
public enum TableRows {
    /// The table keys of a KB's articles, in KB order: an article's KB id, unless another article
    /// of the KB has that id too (a copy of its text under another name, recorded as a duplicate;
    /// identical lines of one file). Of those, the first analysed one (not a duplicate) keeps the
    /// bare id — so its facts' ids stay `<article id>#<quantity>` — and the others get the id, `-`
    /// and 8 hex digits of the SHA-256 of their source, part and line.
    public static func keys(of heads: [(head: ArticleHead, duplicate: Bool)]) -> [String] {
        var owner: [String: Int] = [:]
        for (i, h) in heads.enumerated() {
            let id = ArticleRecord.id(forHash: h.head.hash)
            if let o = owner[id], !heads[o].duplicate || h.duplicate { continue }
            owner[id] = i
        }
        return heads.enumerated().map { i, h in
            let id = ArticleRecord.id(forHash: h.head.hash)
            guard owner[id] != i else { return id }
            let place = "\(h.head.source)\u{0}\(h.head.part.map(String.init) ?? "")\u{0}\(h.head.line.map(String.init) ?? "")"
            return id + "-" + SHA256.hex(of: place).prefix(8)
        }
    }

    /// Every row that belongs to one article: the article, its sections, mentions, facts, and its
    /// own and its sections' keywords and topics.
    public static func rows(of a: ArticleRecord, key: String) -> [TableRow] {
        var rows: [TableRow] = []
        rows.append(TableRow(.articles, [
            .text(key), .text(a.id), .text(a.source), TableValue(a.part), TableValue(a.line), .text(a.hash),
            .text(a.charset), TableValue(a.title), TableValue(a.subtitle), TableValue(a.issuer), TableValue(a.date),
            TableValue(a.documentDate), TableValue(a.recordId), .integer(a.length), .integer(a.tokens),
            .integer(a.sentences), TableValue(a.traditional), TableValue(a.duplicateOf), TableJSON.array(a.diagnostics),
        ]))
        for (i, s) in a.sections.enumerated() {
            rows.append(TableRow(.sections, [
                .text(key), .integer(i), TableValue(s.district), TableValue(s.headline), TableValue(s.dateline),
                TableJSON.strings(s.authors), .integer(s.start), .integer(s.end),
            ]))
        }
        for e in a.entities {
            let entity = entityKey(type: e.type, name: e.name, parent: e.parent)
            for m in e.mentions {
                rows.append(TableRow(.mentions, [
                    .text(key), .text(entity), .text(e.type.rawValue), .text(e.name), .integer(m.start), .integer(m.end),
                    .text(m.text), TableValue(m.sentence), TableValue(e.partial), TableValue(e.surname),
                ]))
            }
        }
        rows += FactTable.rows(of: a, key: key)
        rows += keywordRows(a.keywords, scope: .article, district: nil, article: key, section: nil)
        rows += topicRows(a.topics, scope: .article, district: nil, article: key, section: nil)
        for (i, s) in a.sections.enumerated() {
            rows += keywordRows(s.keywords, scope: .section, district: s.district, article: key, section: i)
            rows += topicRows(s.topics, scope: .section, district: s.district, article: key, section: i)
        }
        return rows
    }

    /// The entity key shared by `entities` and `mentions`: `type:name`, and `@parent` when the
    /// entity has one (the KB aggregates entities by type, name and parent).
    public static func entityKey(type: EntityType, name: String, parent: String?) -> String {
        "\(type.rawValue):\(name)" + (parent.map { $0.isEmpty ? "" : "@\($0)" } ?? "")
    }

    /// The rows of the KB's views: entities, corpus and district keywords and topics.
    public static func viewRows(entities: [EntitySummary], keywords: KeywordViews, topics: TopicViews) -> [TableRow] {
        var rows: [TableRow] = []
        for e in entities {
            rows.append(TableRow(.entities, [
                .text(entityKey(type: e.type, name: e.name, parent: e.parent)), .text(e.type.rawValue), .text(e.name),
                TableValue(e.level?.rawValue), TableValue(e.parent), TableValue(e.kind), TableJSON.strings(e.aliases),
                e.roles.map(TableJSON.strings) ?? .null, .integer(e.mentions), .integer(e.articles),
                TableJSON.array(e.cooccurring),
            ]))
        }
        for (i, k) in keywords.corpus.enumerated() {
            rows.append(TableRow(.keywords, [.text(ViewScope.corpus.rawValue), .null, .null, .null, .integer(i + 1),
                                             .text(k.term), .integer(k.count), .integer(k.documents), .real(k.weight)]))
        }
        for d in keywords.districts.keys.sorted() {
            for (i, k) in keywords.districts[d]!.enumerated() {
                rows.append(TableRow(.keywords, [.text(ViewScope.district.rawValue), .text(d), .null, .null, .integer(i + 1),
                                                 .text(k.term), .integer(k.count), .integer(k.documents), .real(k.weight)]))
            }
        }
        for (i, t) in topics.corpus.enumerated() {
            rows.append(TableRow(.topics, [.text(ViewScope.corpus.rawValue), .null, .null, .null, .integer(i + 1),
                                           .text(t.id), .text(t.label), .integer(t.hits), .real(t.share), .integer(t.documents)]))
        }
        for d in topics.districts.keys.sorted() {
            for (i, t) in topics.districts[d]!.enumerated() {
                rows.append(TableRow(.topics, [.text(ViewScope.district.rawValue), .text(d), .null, .null, .integer(i + 1),
                                               .text(t.id), .text(t.label), .integer(t.hits), .real(t.share), .integer(t.documents)]))
            }
        }
        return rows
    }

    static func keywordRows(_ list: [Keyword], scope: ViewScope, district: String?, article: String, section: Int?) -> [TableRow] {
        list.enumerated().map { i, k in
            TableRow(.keywords, [.text(scope.rawValue), TableValue(district), .text(article), TableValue(section),
                                 .integer(i + 1), .text(k.term), .integer(k.count), .null, .real(k.weight)])
        }
    }

    static func topicRows(_ list: [TopicScore], scope: ViewScope, district: String?, article: String, section: Int?) -> [TableRow] {
        list.enumerated().map { i, t in
            TableRow(.topics, [.text(scope.rawValue), TableValue(district), .text(article), TableValue(section),
                               .integer(i + 1), .text(t.id), .text(t.label), .integer(t.hits), .real(t.share), .null])
        }
    }
}
