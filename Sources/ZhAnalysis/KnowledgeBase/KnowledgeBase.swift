import Foundation

/// The knowledge base (kb.json): the analysed articles and views aggregated over them.
///
/// Everything but `articles` is derived: `KnowledgeBase(articles:)` sorts and de-duplicates the
/// records and computes the views as a pure function of that sorted set, so the same articles
/// give a byte-identical file whatever the order they were analysed, merged or ingested in.
public struct KnowledgeBase: Codable, Hashable, Sendable {
    /// Written as `format`; a JSON file without it is not ours and is never overwritten.
    public static let formatName = "zhkb-knowledge-base"
    public static let currentSchemaVersion = 4
    /// The oldest schema `zhkb` reads (and upgrades when it writes: see `docs/kb.schema.json`).
    public static let oldestSchemaVersion = 1

    public var format: String
    public var schemaVersion: Int
    public var offsetUnit: String
    public var stats: CorpusStats
    /// Sorted by source, part, line, hash.
    public var articles: [ArticleRecord]
    /// Entities across articles, sorted by type, name, parent.
    public var entities: [EntitySummary]
    /// One row per statistic, by reference (`Fact`; `factRows()` resolves them), in article
    /// order then text order.
    public var facts: [Fact]
    public var keywords: KeywordViews
    public var topics: TopicViews
    /// Indicators lined up across places and periods (`Series`), sorted by indicator, measure, unit.
    public var series: [Series]

    public init() { self.init(articles: []) }

    enum CodingKeys: String, CodingKey { case format, schemaVersion, offsetUnit, stats, articles, entities, facts, series, keywords, topics }

    /// Reads schema 2, and schema 1, whose fact rows (flat copies of the quantities) are made
    /// again from its articles as schema 2 rows: nothing of them is lost, their quantities and
    /// sentences being in the articles.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        offsetUnit = try c.decode(String.self, forKey: .offsetUnit)
        stats = try c.decode(CorpusStats.self, forKey: .stats)
        articles = try c.decode([ArticleRecord].self, forKey: .articles)
        entities = try c.decode([EntitySummary].self, forKey: .entities)
        keywords = try c.decode(KeywordViews.self, forKey: .keywords)
        topics = try c.decode(TopicViews.self, forKey: .topics)
        // A KB written before the `series` table existed reads with none (it is made again on write).
        series = try c.decodeIfPresent([Series].self, forKey: .series) ?? []
        if schemaVersion >= 2 {
            facts = try c.decode([Fact].self, forKey: .facts)
        } else {
            guard c.contains(.facts) else {
                throw DecodingError.keyNotFound(CodingKeys.facts, .init(codingPath: c.codingPath, debugDescription: "no facts"))
            }
            facts = articles.flatMap { $0.facts() }
        }
    }

    public init(articles records: [ArticleRecord], options: AggregationOptions = AggregationOptions()) {
        format = Self.formatName
        schemaVersion = Self.currentSchemaVersion
        offsetUnit = offsetUnitName
        articles = Self.normalized(records)
        var agg = Aggregator(options: options)
        var facts: [Fact] = []
        for article in articles {
            agg.add(article)
            facts += article.facts()
        }
        self.facts = facts
        (entities, keywords, topics, stats, series) = agg.finish(facts: facts.count)
    }

    /// Sorted, one record per `ArticleKey` (when two inputs disagree about the same key, an
    /// analysed record wins over one in duplicate form, else the record whose JSON encoding comes
    /// first byte by byte, so the choice depends on the content of the records, never on input
    /// order or on which is smaller), with the duplicate rule applied (`DuplicateRule`).
    public static func normalized(_ records: [ArticleRecord]) -> [ArticleRecord] {
        var byKey: [ArticleKey: ArticleRecord] = [:]
        byKey.reserveCapacity(records.count)
        for r in records {
            if let old = byKey[r.key], old != r {
                byKey[r.key] = Self.tieBreak(old, r)
            } else {
                byKey[r.key] = r
            }
        }
        return DuplicateRule.applied(to: byKey.values.sorted(by: Self.articleOrder))
    }

    static func tieBreak(_ a: ArticleRecord, _ b: ArticleRecord) -> ArticleRecord {
        let ea = (try? JSONOutput.stored(a)) ?? []
        let eb = (try? JSONOutput.stored(b)) ?? []
        return prefersFirst(ArticleHead(a), ea, ArticleHead(b), eb) ? a : b
    }

    /// The tie-break between two records with the same key: an analysed record over one in
    /// duplicate form (the duplicate rule then decides what it is), else the one whose encoding
    /// comes first byte by byte (sorted keys, so the first field that differs decides; not the size).
    static func prefersFirst(_ a: ArticleHead, _ ea: [UInt8], _ b: ArticleHead, _ eb: [UInt8]) -> Bool {
        if (a.duplicateOf == nil) != (b.duplicateOf == nil) { return a.duplicateOf == nil }
        return !eb.lexicographicallyPrecedes(ea)
    }

    /// Whether two different records of one article disagree about its analysis (worth a note):
    /// not when either is in duplicate form, which the duplicate rule settles.
    static func conflict(_ a: ArticleHead, _ b: ArticleHead) -> Bool {
        a.duplicateOf == nil && b.duplicateOf == nil
    }

    /// Order of articles in the file: source, part, line, then content hash.
    public static func articleOrder(_ a: ArticleRecord, _ b: ArticleRecord) -> Bool {
        ArticleHead(a).precedes(ArticleHead(b))
    }

    /// This knowledge base with more records added (same key: the new record replaces the old).
    public func adding(_ records: [ArticleRecord]) -> KnowledgeBase {
        var byKey: [ArticleKey: ArticleRecord] = [:]
        for r in articles { byKey[r.key] = r }
        for r in records { byKey[r.key] = r }
        return KnowledgeBase(articles: Array(byKey.values))
    }

    /// Merges several knowledge bases and record sets; the order of the inputs does not matter.
    public static func merging(_ parts: [KnowledgeBase], records: [ArticleRecord] = []) -> KnowledgeBase {
        KnowledgeBase(articles: parts.flatMap(\.articles) + records)
    }
}

/// Limits of the aggregated views.
public struct AggregationOptions: Hashable, Sendable {
    /// Co-occurring entities kept per entity.
    public var cooccurring = 10
    /// Keywords kept for the whole corpus and per district.
    public var corpusKeywords = 200
    public var districtKeywords = 50
    public init() {}
}

/// Corpus statistics.
public struct CorpusStats: Codable, Hashable, Sendable {
    public var articles: Int
    /// Distinct sources (files; "-" for standard input).
    public var sources: Int
    /// Code points of all articles.
    public var characters: Int
    /// Content tokens of all articles.
    public var tokens: Int
    public var sentences: Int
    public var sections: Int
    /// Distinct entities (`entities` rows) and all their mentions.
    public var entities: Int
    public var mentions: Int
    /// Entities per type (person, place, organization).
    public var entityTypes: [String: Int]
    public var facts: Int
    /// Sections per district, for sections whose heading names one.
    public var districts: [String: Int]
}

/// An entity across the corpus.
public struct EntitySummary: Codable, Hashable, Sendable {
    public var type: EntityType
    public var name: String
    public var level: PlaceLevel?
    public var parent: String?
    public var kind: String?
    /// Other names seen for it (union over articles), sorted.
    public var aliases: [String]
    /// Roles seen next to the mentions (people), sorted.
    public var roles: [String]?
    /// Number of mentions in all articles, and number of articles mentioning it.
    public var mentions: Int
    public var articles: Int
    /// Entities mentioned in the same sentences, most shared first (top `AggregationOptions.cooccurring`).
    public var cooccurring: [Cooccurrence]
}

/// Another entity and the number of sentences both are mentioned in (sections, or whole
/// articles, where sentences were not split).
public struct Cooccurrence: Codable, Hashable, Sendable {
    public var type: EntityType
    public var name: String
    public var count: Int
}

/// Keyword frequencies of the corpus and per district.
public struct KeywordViews: Codable, Hashable, Sendable {
    /// From every article's keywords.
    public var corpus: [KeywordStat]
    /// From the keywords of the sections of each district.
    public var districts: [String: [KeywordStat]]
}

/// A keyword over several articles or sections.
public struct KeywordStat: Codable, Hashable, Sendable {
    public var term: String
    /// Sum of the counts.
    public var count: Int
    /// Articles (corpus) or sections (district) listing it.
    public var documents: Int
    /// Mean weight over all articles or sections of the scope (0 where absent), to 4 decimals
    /// (`StoredRatio`).
    public var weight: Double
}

/// Topic frequencies of the corpus and per district.
public struct TopicViews: Codable, Hashable, Sendable {
    public var corpus: [TopicStat]
    public var districts: [String: [TopicStat]]
}

/// A topic over several articles or sections.
public struct TopicStat: Codable, Hashable, Sendable {
    public var id: String
    public var label: String
    /// Sum of the hits.
    public var hits: Int
    /// hits / all topic hits of the scope, to 4 decimals (`StoredRatio`).
    public var share: Double
    /// Articles or sections where the topic has hits.
    public var documents: Int
}
