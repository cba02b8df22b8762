/// Computes the knowledge base's views from article records fed one at a time (`add`), so a KB
/// of any size is aggregated without holding its records. The result depends only on the set of
/// records, never on the order they are added in: first-seen choices are replaced by the
/// smallest value, and weights are summed in sorted order.
struct Aggregator {
    var options: AggregationOptions

    init(options: AggregationOptions) { self.options = options }

    // MARK: entities

    private struct EntityKey: Hashable {
        var type: EntityType
        var name: String
        var parent: String
    }

    private struct EntityAccumulator {
        var key: EntityKey
        var level: PlaceLevel?
        var kind: String?
        var aliases: Set<String> = []
        var roles: Set<String> = []
        var mentions = 0
        var articles = 0
        var lastArticle = -1
    }

    /// Entities mentioned in more sentences than this share one bucket too many to pair.
    static let maxEntitiesPerSentence = 300

    private var index: [EntityKey: Int] = [:]
    private var acc: [EntityAccumulator] = []
    private var pairs: [UInt64: Int] = [:]
    private var articleCount = 0
    private var corpusKeywords = KeywordAccumulator()
    private var districtKeywords: [String: KeywordAccumulator] = [:]
    private var corpusTopics = TopicAccumulator()
    private var districtTopics: [String: TopicAccumulator] = [:]
    private var totals = CorpusStats(articles: 0, sources: 0, characters: 0, tokens: 0, sentences: 0, sections: 0,
                                     entities: 0, mentions: 0, entityTypes: [:], facts: 0, districts: [:])
    private var sources: Set<String> = []
    private var series = SeriesBuilder()

    /// Adds the next article (in file order).
    mutating func add(_ article: ArticleRecord) {
        let a = articleCount
        articleCount += 1
        // A copy of another article's text counts as an article from its source, nothing more.
        if article.duplicateOf != nil {
            totals.articles += 1
            sources.insert(article.source)
            return
        }
        series.add(article)
        var buckets: [Int: Set<Int>] = [:]
        for e in article.entities {
            // A scoped short name (省委) without a scope names no body outside its article.
            if e.scope == nil, ScopedName.isScoped(e) { continue }
            // Articles meet on the dictionary name; a scoped name's place is its parent.
            let key = EntityKey(type: e.type, name: e.canonical ?? e.name, parent: e.scope ?? e.parent ?? "")
            let i: Int
            if let existing = index[key] { i = existing } else {
                i = acc.count
                index[key] = i
                acc.append(EntityAccumulator(key: key))
                totals.entityTypes[e.type.rawValue, default: 0] += 1
            }
            if let level = e.level, acc[i].level.map({ level.rawValue < $0.rawValue }) ?? true { acc[i].level = level }
            if let kind = e.kind, acc[i].kind.map({ kind < $0 }) ?? true { acc[i].kind = kind }
            for alias in e.aliases + [e.name] where alias != key.name { acc[i].aliases.insert(alias) }
            for role in e.roles ?? [] { acc[i].roles.insert(role) }
            acc[i].mentions += e.mentions.count
            totals.mentions += e.mentions.count
            if acc[i].lastArticle != a {
                acc[i].lastArticle = a
                acc[i].articles += 1
            }
            for m in e.mentions { buckets[Self.bucket(m, in: article), default: []].insert(i) }
        }
        for (_, members) in buckets where members.count > 1 && members.count <= Self.maxEntitiesPerSentence {
            let list = members.sorted()
            for x in 0..<list.count {
                for y in (x + 1)..<list.count {
                    pairs[UInt64(list[x]) << 32 | UInt64(list[y]), default: 0] += 1
                }
            }
        }
        corpusKeywords.add(article.keywords)
        corpusTopics.add(article.topics)
        for s in article.sections {
            guard let d = s.district, !d.isEmpty else { continue }
            districtKeywords[d, default: KeywordAccumulator()].add(s.keywords)
            districtTopics[d, default: TopicAccumulator()].add(s.topics)
            totals.districts[d, default: 0] += 1
        }
        totals.articles += 1
        sources.insert(article.source)
        // Counts read from input are checked (RecordValidator bounds them); a sum saturates.
        totals.characters = Self.sum(totals.characters, article.length)
        totals.tokens = Self.sum(totals.tokens, article.tokens)
        totals.sentences = Self.sum(totals.sentences, article.sentences)
        totals.sections += article.sections.count
    }

    /// `a + b`, or `Int.max` where that overflows.
    static func sum(_ a: Int, _ b: Int) -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.min : Int.max) : s
    }

    /// The views of everything added; `facts` is the number of fact rows written.
    func finish(facts: Int) -> (entities: [EntitySummary], keywords: KeywordViews, topics: TopicViews, stats: CorpusStats,
                                series: [Series]) {
        let entities = entitySummaries()
        var stats = totals
        stats.sources = sources.count
        stats.entities = entities.count
        stats.facts = facts
        var districtKeywordViews: [String: [KeywordStat]] = [:]
        for (d, k) in districtKeywords {
            let list = k.stats(limit: options.districtKeywords)
            if !list.isEmpty { districtKeywordViews[d] = list }
        }
        var districtTopicViews: [String: [TopicStat]] = [:]
        for (d, t) in districtTopics {
            let list = t.stats()
            if !list.isEmpty { districtTopicViews[d] = list }
        }
        return (entities,
                KeywordViews(corpus: corpusKeywords.stats(limit: options.corpusKeywords), districts: districtKeywordViews),
                TopicViews(corpus: corpusTopics.stats(), districts: districtTopicViews),
                stats, series.series())
    }

    private func entitySummaries() -> [EntitySummary] {
        var partners = [[(Int, Int)]](repeating: [], count: acc.count)
        for (pair, count) in pairs {
            let x = Int(pair >> 32), y = Int(pair & 0xFFFF_FFFF)
            partners[x].append((y, count))
            partners[y].append((x, count))
        }
        func entityLess(_ a: EntityKey, _ b: EntityKey) -> Bool {
            if a.type != b.type { return a.type.rawValue < b.type.rawValue }
            if a.name != b.name { return a.name < b.name }
            return a.parent < b.parent
        }
        var result: [EntitySummary] = []
        result.reserveCapacity(acc.count)
        for (i, e) in acc.enumerated() {
            let top = partners[i].sorted { p, q in
                if p.1 != q.1 { return p.1 > q.1 }
                return entityLess(acc[p.0].key, acc[q.0].key)
            }.prefix(options.cooccurring)
            result.append(EntitySummary(
                type: e.key.type, name: e.key.name, level: e.level,
                parent: e.key.parent.isEmpty ? nil : e.key.parent, kind: e.kind,
                aliases: e.aliases.sorted(), roles: e.roles.isEmpty ? nil : e.roles.sorted(),
                mentions: e.mentions, articles: e.articles,
                cooccurring: top.map { Cooccurrence(type: acc[$0.0].key.type, name: acc[$0.0].key.name, count: $0.1) }))
        }
        return result.sorted { a, b in
            entityLess(EntityKey(type: a.type, name: a.name, parent: a.parent ?? ""),
                       EntityKey(type: b.type, name: b.name, parent: b.parent ?? ""))
        }
    }

    /// Co-occurrence unit of a mention: its sentence; without sentences its section; else the article.
    static func bucket(_ m: Mention, in article: ArticleRecord) -> Int {
        if let s = m.sentence { return s }
        if let k = article.sections.firstIndex(where: { $0.start <= m.start && m.start < $0.end }) { return -2 - k }
        return -1
    }
}

/// Keyword frequencies over a sequence of keyword lists (articles or sections).
private struct KeywordAccumulator {
    private struct Counts {
        var count = 0
        var documents = 0
        /// Every weight seen, summed in sorted order at the end so the sum is order-independent.
        var weights: [Double] = []
    }
    private var acc: [String: Counts] = [:]
    private var lists = 0

    mutating func add(_ list: [Keyword]) {
        lists += 1
        var seen: Set<String> = []
        for k in list {
            acc[k.term, default: Counts()].count = Aggregator.sum(acc[k.term, default: Counts()].count, k.count)
            acc[k.term]!.weights.append(k.weight)
            if seen.insert(k.term).inserted { acc[k.term]!.documents += 1 }
        }
    }

    func stats(limit: Int) -> [KeywordStat] {
        let n = Double(max(lists, 1))
        let stats = acc.map {
            KeywordStat(term: $0.key, count: $0.value.count, documents: $0.value.documents,
                        weight: StoredRatio.rounded($0.value.weights.sorted().reduce(0, +) / n))
        }
        return Array(stats.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.weight != b.weight { return a.weight > b.weight }
            return a.term < b.term
        }.prefix(limit))
    }
}

/// Topic frequencies over a sequence of topic lists (articles or sections).
private struct TopicAccumulator {
    private var hits: [String: Int] = [:]
    private var documents: [String: Int] = [:]
    private var labels: [String: String] = [:]
    private var total = 0

    mutating func add(_ list: [TopicScore]) {
        var seen: Set<String> = []
        for t in list {
            if labels[t.id].map({ t.label < $0 }) ?? true { labels[t.id] = t.label }
            hits[t.id] = Aggregator.sum(hits[t.id, default: 0], t.hits)
            total = Aggregator.sum(total, t.hits)
            if t.hits > 0, seen.insert(t.id).inserted { documents[t.id, default: 0] += 1 }
        }
    }

    func stats() -> [TopicStat] {
        hits.map { id, h in
            TopicStat(id: id, label: labels[id] ?? id, hits: h, share: total > 0 ? StoredRatio.rounded(Double(h) / Double(total)) : 0,
                      documents: documents[id] ?? 0)
        }.sorted { a, b in a.hits != b.hits ? a.hits > b.hits : a.id < b.id }
    }
}
