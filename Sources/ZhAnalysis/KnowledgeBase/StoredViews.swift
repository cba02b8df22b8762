import Foundation

/// The KB's own tables in schemas 3 and 4 (`StoredLayout`): entities, facts, keyword and topic views
/// as positional rows. An entity's co-occurring entities are `[index, count]` pairs, the index of
/// the first row of the `entities` table with that type and name (`[type, name, count]` when
/// there is none); the facts table has one row per article with statistics,
/// `[article id, [quantity index…]]`.
enum StoredViews {
    /// The first row of each type and name in the entities table.
    static func entityIndex(_ entities: [EntitySummary]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, e) in entities.enumerated() where index[key(e.type, e.name)] == nil { index[key(e.type, e.name)] = i }
        return index
    }

    static func key(_ type: EntityType, _ name: String) -> String { "\(type.rawValue)\u{0}\(name)" }

    /// Reads the entities table's rows (or objects) and resolves co-occurrence indexes.
    static func readEntities(_ lines: [[UInt8]]) throws -> [EntitySummary] {
        var rows: [(EntitySummary, [(Int, Int)])] = []
        for line in lines {
            rows.append(try line.withUnsafeBufferPointer { buf in
                var r = JSONReader(buf)
                let row = try EntitySummary.read(&r)
                try r.end()
                return row
            })
        }
        return try resolve(rows)
    }

    /// Entities with their co-occurrences given by index filled in.
    static func resolve(_ rows: [(EntitySummary, [(Int, Int)])]) throws -> [EntitySummary] {
        let all = rows.map(\.0)
        return try rows.map { e, pending in
            var e = e
            for (i, count) in pending {
                guard i >= 0, i < all.count else { throw JSONReader.Failure("cooccurring index \(i) is not a row of entities") }
                e.cooccurring.append(Cooccurrence(type: all[i].type, name: all[i].name, count: count))
            }
            return e
        }
    }
}

extension EntitySummary {
    func writeStored(to w: inout JSONWriter, index: [String: Int]) {
        var row = RowWriter(&w)
        row.cell(&w) { $0.code(type.rawValue, in: StoredLayout.entityTypes) }
        row.cell(&w) { $0.string(name) }
        row.cell(&w) { $0.int(mentions) }
        row.cell(&w) { $0.int(articles) }
        row.cell(&w, default: cooccurring.isEmpty) { w in
            w.beginArray()
            for c in cooccurring {
                w.element(); w.beginArray()
                if let i = index[StoredViews.key(c.type, c.name)] {
                    w.element(); w.int(i)
                } else {
                    w.element(); w.code(c.type.rawValue, in: StoredLayout.entityTypes)
                    w.element(); w.string(c.name)
                }
                w.element(); w.int(c.count)
                w.endArray()
            }
            w.endArray()
        }
        row.entityCells(&w, aliases: aliases, level: level, kind: kind, parent: parent, roles: roles)
        row.end(&w)
    }

    /// A row of the entities table (or the object of an older schema); co-occurrences given by
    /// index are returned to be resolved against the whole table.
    static func read(_ r: inout JSONReader) throws -> (EntitySummary, [(Int, Int)]) {
        guard try r.nextByte() == UInt8(ascii: "[") else {
            return (try EntitySummary(readingObject: &r), [])
        }
        var type: EntityType?, name: String?, mentions: Int?, articles: Int?, cooccurring: [Cooccurrence] = []
        var pending: [(Int, Int)] = [], aliases: [String] = [], level: PlaceLevel?, kind: String?, parent: String?
        var roles: [String]?
        try r.row { r, k in
            switch k {
            case 0: type = try EntityType.stored(try r.code(in: StoredLayout.entityTypes))
            case 1: name = try r.string()
            case 2: mentions = try r.int()
            case 3: articles = try r.int()
            case 4:
                _ = try r.optional { r in
                    try r.array { r in
                        var cells: [StoredFixups.TextValue] = [], numbers: [Int] = []
                        try r.row { r, _ in
                            if try r.nextByte() == 0x22 { cells.append(.string(try r.string())) } else { numbers.append(try r.int()) }
                        }
                        if cells.isEmpty, numbers.count == 2 {
                            pending.append((numbers[0], numbers[1]))
                        } else if numbers.count == 2, cells.count == 1, case let .string(n) = cells[0] {
                            // [type code, name, count]
                            guard numbers[0] >= 0, numbers[0] < StoredLayout.entityTypes.count else { throw JSONReader.Failure("entity type code") }
                            cooccurring.append(Cooccurrence(type: try EntityType.stored(StoredLayout.entityTypes[numbers[0]]), name: n, count: numbers[1]))
                        } else if numbers.count == 1, cells.count == 2, case let .string(t) = cells[0], case let .string(n) = cells[1] {
                            cooccurring.append(Cooccurrence(type: try EntityType.stored(t), name: n, count: numbers[0]))
                        } else {
                            throw JSONReader.Failure("cooccurring is [index, count] or [type, name, count]")
                        }
                    }
                }
            case 5: aliases = try r.optional { try $0.strings() } ?? []
            case 6:
                level = try r.placeLevel()
            case 7: kind = try r.optional { try $0.string() }
            case 8: parent = try r.optional { try $0.string() }
            case 9: roles = try r.optional { try $0.strings() }
            default: throw JSONReader.Failure("an entities row has \(StoredLayout.entitySummaryColumns.count) columns")
            }
        }
        typealias F = JSONReader.Failure
        let e = EntitySummary(type: try F.required(type, "type"), name: try F.required(name, "name"), level: level, parent: parent,
                              kind: kind, aliases: aliases, roles: roles, mentions: try F.required(mentions, "mentions"),
                              articles: try F.required(articles, "articles"), cooccurring: cooccurring)
        return (e, pending)
    }

    /// The object form of schema 1 and 2.
    init(readingObject r: inout JSONReader) throws {
        var type: EntityType?, name: String?, mentions: Int?, articles: Int?, cooccurring: [Cooccurrence]?
        var aliases: [String]?, level: PlaceLevel?, kind: String?, parent: String?, roles: [String]?
        try r.object { r, key in
            switch key {
            case "type": type = try r.enumValue(EntityType.self)
            case "name": name = try r.string()
            case "mentions": mentions = try r.int()
            case "articles": articles = try r.int()
            case "cooccurring":
                cooccurring = try r.array { r in
                    var t: EntityType?, n: String?, c: Int?
                    try r.object { r, key in
                        switch key {
                        case "type": t = try r.enumValue(EntityType.self)
                        case "name": n = try r.string()
                        case "count": c = try r.int()
                        default: try r.unknown(key)
                        }
                    }
                    typealias F = JSONReader.Failure
                    return Cooccurrence(type: try F.required(t, "type"), name: try F.required(n, "name"), count: try F.required(c, "count"))
                }
            case "aliases": aliases = try r.strings()
            case "level": level = try r.optional { try $0.enumValue(PlaceLevel.self) }
            case "kind": kind = try r.optional { try $0.string() }
            case "parent": parent = try r.optional { try $0.string() }
            case "roles": roles = try r.optional { try $0.strings() }
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        self.init(type: try F.required(type, "type"), name: try F.required(name, "name"), level: level, parent: parent, kind: kind,
                  aliases: try F.required(aliases, "aliases"), roles: roles, mentions: try F.required(mentions, "mentions"),
                  articles: try F.required(articles, "articles"), cooccurring: try F.required(cooccurring, "cooccurring"))
    }
}

extension EntityType {
    static func stored(_ s: String) throws -> EntityType {
        guard let v = EntityType(rawValue: s) else { throw JSONReader.Failure("\"\(s)\" is not an entity type") }
        return v
    }
}

/// The stored entities table: rows encoded with the table's co-occurrence index.
struct StoredEntityRow: Encodable, Sendable, JSONWritable {
    let entity: EntitySummary
    let index: [String: Int]
    func write(to w: inout JSONWriter) throws { entity.writeStored(to: &w, index: index) }
    func encode(to encoder: Encoder) throws { try entity.encode(to: encoder) }
}

/// An article record as kb.json stores it (`write(to:form: .stored)`).
struct StoredArticle: Encodable, Sendable, JSONWritable {
    let record: ArticleRecord
    func write(to w: inout JSONWriter) throws { try record.write(to: &w, form: .stored) }
    func encode(to encoder: Encoder) throws { try record.encode(to: encoder) }
}

// MARK: - keyword and topic views

/// The corpus and per-district lists of the keyword and topic views, rows written by `row`, read
/// (rows or the objects of older schemas) by `stat`.
enum StoredScopes {
    static func write<T>(corpus: [T], districts: [String: [T]], to w: inout JSONWriter,
                         row: (T, inout JSONWriter) throws -> Void) rethrows {
        func rows(_ list: [T]) throws {
            w.beginArray()
            for v in list { w.element(); try row(v, &w) }
            w.endArray()
        }
        w.beginObject()
        w.key("corpus"); try rows(corpus)
        w.key("districts"); w.beginObject()
        for d in districts.keys.sorted() { w.element(); w.string(d); w.raw(UInt8(ascii: ":")); try rows(districts[d]!) }
        w.endObject()
        w.endObject()
    }

    static func read<T>(_ r: inout JSONReader, stat: (inout JSONReader) throws -> T) throws -> (corpus: [T], districts: [String: [T]]) {
        var corpus: [T]?, districts: [String: [T]] = [:], sawDistricts = false
        try r.object { r, key in
            switch key {
            case "corpus": corpus = try r.array(stat)
            case "districts":
                sawDistricts = true
                try r.object { r, d in districts[d] = try r.array(stat) }
            default: try r.unknown(key)
            }
        }
        guard sawDistricts else { throw JSONReader.Failure("missing districts") }
        return (try JSONReader.Failure.required(corpus, "corpus"), districts)
    }
}

extension KeywordViews {
    func writeStored(to w: inout JSONWriter) throws {
        try StoredScopes.write(corpus: corpus, districts: districts, to: &w) { k, w in
            w.beginArray()
            w.element(); w.string(k.term)
            w.element(); w.int(k.count)
            w.element(); w.int(k.documents)
            w.element(); try w.double(k.weight)
            w.endArray()
        }
    }

    /// The stored form, or the objects of schema 1 and 2.
    init(readingStored r: inout JSONReader) throws {
        let (corpus, districts) = try StoredScopes.read(&r) { r -> KeywordStat in
            var term: String?, count: Int?, documents: Int?, weight: Double?
            try r.fields(StoredLayout.keywordStatColumns, of: "keyword") { r, key in
                switch key {
                case "term": term = try r.string()
                case "count": count = try r.int()
                case "documents": documents = try r.int()
                case "weight": weight = try r.double()
                default: try r.unknown(key)
                }
            }
            typealias F = JSONReader.Failure
            return KeywordStat(term: try F.required(term, "term"), count: try F.required(count, "count"),
                               documents: try F.required(documents, "documents"), weight: try F.required(weight, "weight"))
        }
        self.init(corpus: corpus, districts: districts)
    }
}

extension TopicViews {
    func writeStored(to w: inout JSONWriter) throws {
        try StoredScopes.write(corpus: corpus, districts: districts, to: &w) { t, w in
            w.beginArray()
            w.element(); w.string(t.id)
            w.element(); w.string(t.label)
            w.element(); w.int(t.hits)
            w.element(); try w.double(t.share)
            w.element(); w.int(t.documents)
            w.endArray()
        }
    }

    init(readingStored r: inout JSONReader) throws {
        let (corpus, districts) = try StoredScopes.read(&r) { r -> TopicStat in
            var id: String?, label: String?, hits: Int?, share: Double?, documents: Int?
            try r.fields(StoredLayout.topicStatColumns, of: "topic") { r, key in
                switch key {
                case "id": id = try r.string()
                case "label": label = try r.string()
                case "hits": hits = try r.int()
                case "share": share = try r.double()
                case "documents": documents = try r.int()
                default: try r.unknown(key)
                }
            }
            typealias F = JSONReader.Failure
            return TopicStat(id: try F.required(id, "id"), label: try F.required(label, "label"), hits: try F.required(hits, "hits"),
                             share: try F.required(share, "share"), documents: try F.required(documents, "documents"))
        }
        self.init(corpus: corpus, districts: districts)
    }
}

// MARK: - facts

extension Fact {
    /// The facts of one article as a row of the stored facts table, `[article, [quantity…]]`.
    static func writeStoredRow(_ facts: [Fact], to w: inout JSONWriter) {
        w.beginArray()
        w.element(); w.string(facts[0].article)
        w.element(); w.beginArray()
        for f in facts { w.element(); w.int(f.quantity) }
        w.endArray()
        w.endArray()
    }

    /// A row of the stored facts table: the article's id and its statistics' indexes.
    static func readStoredRow(_ r: inout JSONReader) throws -> [Fact] {
        var article: String?, indexes: [Int] = []
        try r.row { r, k in
            switch k {
            case 0: article = try r.string()
            case 1: indexes = try r.array { try $0.int() }
            default: throw JSONReader.Failure("a facts row is [article, [quantity…]]")
            }
        }
        let a = try JSONReader.Failure.required(article, "article")
        return indexes.map { Fact(article: a, quantity: $0) }
    }
}

// MARK: - the whole file

extension KnowledgeBase {
    /// Reads a schema-3 or schema-4 KB in any JSON layout (the line layout is read in pieces by
    /// `KnowledgeBaseScan` and `KnowledgeBaseFile.readViews`); its fact table is checked and made
    /// again from the articles. Throws for any other schema version.
    init(readingStored r: inout JSONReader) throws {
        var format: String?, version: Int?, offsetUnit: String?, articles: [ArticleRecord]?, entityRows: [(EntitySummary, [(Int, Int)])]?
        var keywords: KeywordViews?, topics: TopicViews?, stats: [UInt8]?, series: [UInt8]?, sawFacts = false
        try r.object { r, key in
            switch key {
            case "format": format = try r.string()
            case "schemaVersion": version = try r.int()
            case "offsetUnit": offsetUnit = try r.string()
            case "articles": articles = try r.array { try ArticleRecord(reading: &$0) }
            case "entities": entityRows = try r.array { try EntitySummary.read(&$0) }
            case "facts":
                sawFacts = true
                _ = try r.array { try Fact.readStoredRow(&$0) }
            case "keywords": keywords = try KeywordViews(readingStored: &r)
            case "topics": topics = try TopicViews(readingStored: &r)
            case "layout":
                let at = r.offset
                if let difference = StoredLayout.difference(try r.rawValue()) { throw JSONReader.Failure("layout: \(difference)", at: at) }
            case "stats": stats = try r.rawValue()
            case "series": series = try r.rawValue()
            default: try r.unknown(key)
            }
        }
        typealias F = JSONReader.Failure
        // Schema 3 stores the same rows (its texts are all plain `text`).
        guard let version, (3...KnowledgeBase.currentSchemaVersion).contains(version), sawFacts else {
            throw F("not a schema-3 to \(KnowledgeBase.currentSchemaVersion) knowledge base")
        }
        self.init()
        self.format = try F.required(format, "format")
        schemaVersion = version
        self.offsetUnit = try F.required(offsetUnit, "offsetUnit")
        self.articles = try F.required(articles, "articles")
        let rows = try F.required(entityRows, "entities")
        entities = try StoredViews.resolve(rows)
        facts = self.articles.flatMap { $0.facts() }
        self.keywords = try F.required(keywords, "keywords")
        self.topics = try F.required(topics, "topics")
        self.stats = try JSONDecoder().decode(CorpusStats.self, from: Data(try F.required(stats, "stats")))
        self.series = try series.map { bytes in
            try bytes.withUnsafeBufferPointer { buf in
                var r = JSONReader(buf)
                let list = try r.array { try StoredSeries.read(&$0) }
                try r.end()
                return list
            }
        } ?? []
    }
}

// MARK: - series

/// A row of the stored series table: `[indicator, measure, unit, unitKind, points]`, a point
/// `[article, quantity, period, place, value, approx, upper, conflict]` (its fact id is
/// `<article>#<quantity>`; period one ISO 8601 string as in quantities). A series whose points do
/// not fit the row (a fact id that is not article#quantity) is written as its object.
struct StoredSeries: Encodable, Sendable, JSONWritable {
    let series: Series

    func encode(to encoder: Encoder) throws { try series.encode(to: encoder) }

    func write(to w: inout JSONWriter) throws {
        let s = series
        let periods = s.points.map { p in p.period.map { StoredLayout.compactPeriod(start: $0.start, end: $0.end) } }
        guard s.points.allSatisfy({ $0.fact == "\($0.article)#\($0.quantity)" }), !periods.contains(where: { $0 != nil && $0! == nil }) else {
            w.raw(Array(try KnowledgeBaseFile.compactEncoder.encode(s)))
            return
        }
        var row = RowWriter(&w)
        row.cell(&w) { $0.string(s.indicator) }
        row.cell(&w) { $0.code(s.measure?.rawValue ?? "", in: StoredLayout.measures) }
        row.cell(&w) { $0.string(s.unit) }
        row.cell(&w) { $0.code(s.unitKind, in: StoredLayout.unitKinds) }
        try row.cell(&w) { w in
            w.beginArray()
            for (p, period) in zip(s.points, periods) {
                w.element()
                var point = RowWriter(&w)
                point.cell(&w) { $0.string(p.article) }
                point.cell(&w) { $0.int(p.quantity) }
                point.cell(&w, default: period == nil) { w in if let period, let text = period { w.string(text) } else { w.null() } }
                point.cell(&w, default: p.place == nil) { w in if let place = p.place { w.string(place) } else { w.null() } }
                try point.cell(&w) { try $0.double(p.value) }
                point.cell(&w, default: p.approx == .exact) { $0.code(p.approx.rawValue, in: StoredLayout.approximations) }
                try point.cell(&w, default: p.upper == nil) { w in if let upper = p.upper { try w.double(upper) } else { w.null() } }
                point.cell(&w, default: p.conflict == nil) { w in if let c = p.conflict { w.bool(c) } else { w.null() } }
                point.end(&w)
            }
            w.endArray()
        }
        row.end(&w)
    }

    /// A row of the series table, or the object of schema 2.
    static func read(_ r: inout JSONReader) throws -> Series {
        guard try r.nextByte() == UInt8(ascii: "[") else {
            return try JSONDecoder().decode(Series.self, from: Data(try r.rawValue()))
        }
        typealias F = JSONReader.Failure
        var indicator: String?, measure: Measure?, unit: String?, unitKind: String?, points: [SeriesPoint] = []
        try r.row { r, k in
            switch k {
            case 0: indicator = try r.string()
            case 1:
                let m = try r.code(in: StoredLayout.measures)
                measure = m.isEmpty ? nil : try Measure.stored(m)
            case 2: unit = try r.string()
            case 3: unitKind = try r.code(in: StoredLayout.unitKinds)
            case 4:
                points = try r.array { r in
                    var article: String?, quantity: Int?, period: PeriodSpan?, place: String?, value: Double?
                    var approx = Approximation.exact, upper: Double?, conflict: Bool?
                    try r.row { r, k in
                        switch k {
                        case 0: article = try r.string()
                        case 1: quantity = try r.int()
                        case 2: period = try r.optional { r in
                            guard let d = StoredLayout.expandPeriod(try r.string()) else { throw F("period") }
                            return PeriodSpan(start: d.start, end: d.end)
                        }
                        case 3: place = try r.optional { try $0.string() }
                        case 4: value = try r.double()
                        case 5: if !(try r.null()) { approx = try Approximation.stored(try r.code(in: StoredLayout.approximations)) }
                        case 6: upper = try r.optional { try $0.double() }
                        case 7: conflict = try r.optional { try $0.bool() }
                        default: throw F("a series point has 8 columns")
                        }
                    }
                    return SeriesPoint(article: try F.required(article, "article"), quantity: try F.required(quantity, "quantity"),
                                       period: period, place: place, value: try F.required(value, "value"), upper: upper,
                                       approx: approx, conflict: conflict)
                }
            default: throw F("a series row has 5 columns")
            }
        }
        return Series(indicator: try F.required(indicator, "indicator"), measure: measure, unit: try F.required(unit, "unit"),
                      unitKind: try F.required(unitKind, "unitKind"), points: points)
    }
}
