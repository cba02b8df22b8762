/// Computes the knowledge base's views from sorted article records (pure functions: the result
/// depends only on the records and their order, which `KnowledgeBase.normalized` fixes).
struct Aggregator: Sendable {
    var options: AggregationOptions

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

    func entities(_ articles: [ArticleRecord]) -> [EntitySummary] {
        var index: [EntityKey: Int] = [:]
        var acc: [EntityAccumulator] = []
        var pairs: [UInt64: Int] = [:]
        for (a, article) in articles.enumerated() {
            var buckets: [Int: Set<Int>] = [:]
            for e in article.entities {
                let key = EntityKey(type: e.type, name: e.name, parent: e.parent ?? "")
                let i: Int
                if let existing = index[key] { i = existing } else {
                    i = acc.count
                    index[key] = i
                    acc.append(EntityAccumulator(key: key))
                }
                if acc[i].level == nil { acc[i].level = e.level }
                if acc[i].kind == nil { acc[i].kind = e.kind }
                for alias in e.aliases where alias != e.name { acc[i].aliases.insert(alias) }
                for role in e.roles ?? [] { acc[i].roles.insert(role) }
                acc[i].mentions += e.mentions.count
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
        }
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

    // MARK: facts

    func facts(_ articles: [ArticleRecord]) -> [Fact] {
        var rows: [Fact] = []
        for article in articles {
            let quantities = article.quantities.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
            for q in quantities {
                let district = q.section.flatMap { $0 >= 0 && $0 < article.sections.count ? article.sections[$0].district : nil }
                rows.append(Fact(
                    article: article.id, source: article.source, section: q.section, district: district,
                    text: q.text, subject: q.subject, value: q.value, upper: q.upper, approx: q.approx,
                    unit: q.unit, unitKind: q.unitKind, qualifiers: q.qualifiers, time: q.time, place: q.place,
                    sentence: q.sentence, sentenceText: q.sentenceText ?? q.text, start: q.start, end: q.end))
            }
        }
        return rows
    }

    // MARK: keywords and topics

    private struct KeywordAccumulator {
        var count = 0
        var documents = 0
        var weight = 0.0
    }

    func keywordStats(_ lists: [[Keyword]], limit: Int) -> [KeywordStat] {
        var acc: [String: KeywordAccumulator] = [:]
        for list in lists {
            var seen: Set<String> = []
            for k in list {
                acc[k.term, default: KeywordAccumulator()].count += k.count
                acc[k.term]!.weight += k.weight
                if seen.insert(k.term).inserted { acc[k.term]!.documents += 1 }
            }
        }
        let n = Double(max(lists.count, 1))
        let stats = acc.map { KeywordStat(term: $0.key, count: $0.value.count, documents: $0.value.documents, weight: $0.value.weight / n) }
        return Array(stats.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.weight != b.weight { return a.weight > b.weight }
            return a.term < b.term
        }.prefix(limit))
    }

    func topicStats(_ lists: [[TopicScore]]) -> [TopicStat] {
        var hits: [String: Int] = [:]
        var documents: [String: Int] = [:]
        var labels: [String: String] = [:]
        var total = 0
        for list in lists {
            var seen: Set<String> = []
            for t in list {
                if labels[t.id] == nil { labels[t.id] = t.label }
                hits[t.id, default: 0] += t.hits
                total += t.hits
                if t.hits > 0, seen.insert(t.id).inserted { documents[t.id, default: 0] += 1 }
            }
        }
        return hits.map { id, h in
            TopicStat(id: id, label: labels[id] ?? id, hits: h, share: total > 0 ? Double(h) / Double(total) : 0,
                      documents: documents[id] ?? 0)
        }.sorted { a, b in a.hits != b.hits ? a.hits > b.hits : a.id < b.id }
    }

    private func sectionsByDistrict(_ articles: [ArticleRecord]) -> [String: [SectionRecord]] {
        var result: [String: [SectionRecord]] = [:]
        for a in articles {
            for s in a.sections {
                guard let d = s.district, !d.isEmpty else { continue }
                result[d, default: []].append(s)
            }
        }
        return result
    }

    func keywords(_ articles: [ArticleRecord]) -> KeywordViews {
        let corpus = keywordStats(articles.map(\.keywords), limit: options.corpusKeywords)
        let districts = sectionsByDistrict(articles).mapValues { keywordStats($0.map(\.keywords), limit: options.districtKeywords) }
        return KeywordViews(corpus: corpus, districts: districts.filter { !$0.value.isEmpty })
    }

    func topics(_ articles: [ArticleRecord]) -> TopicViews {
        let corpus = topicStats(articles.map(\.topics))
        let districts = sectionsByDistrict(articles).mapValues { topicStats($0.map(\.topics)) }
        return TopicViews(corpus: corpus, districts: districts.filter { !$0.value.isEmpty })
    }

    // MARK: statistics

    func stats(_ articles: [ArticleRecord], entityCount: Int, factCount: Int) -> CorpusStats {
        var types: [String: Int] = [:]
        var mentions = 0
        var districts: [String: Int] = [:]
        var seenTypes: Set<String> = []
        for a in articles {
            for e in a.entities {
                mentions += e.mentions.count
                let key = "\(e.type.rawValue)\u{1}\(e.name)\u{1}\(e.parent ?? "")"
                if seenTypes.insert(key).inserted { types[e.type.rawValue, default: 0] += 1 }
            }
            for s in a.sections { if let d = s.district, !d.isEmpty { districts[d, default: 0] += 1 } }
        }
        return CorpusStats(
            articles: articles.count,
            sources: Set(articles.map(\.source)).count,
            characters: articles.reduce(0) { $0 + $1.length },
            tokens: articles.reduce(0) { $0 + $1.tokens },
            sentences: articles.reduce(0) { $0 + $1.sentences },
            sections: articles.reduce(0) { $0 + $1.sections.count },
            entities: entityCount, mentions: mentions, entityTypes: types, facts: factCount, districts: districts)
    }
}
