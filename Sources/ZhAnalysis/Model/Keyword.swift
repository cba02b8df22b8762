/// A keyword or key phrase with its raw count and its weight (TF-IDF or TextRank, see the producer).
public struct Keyword: Hashable, Codable, Sendable {
    public var term: String
    public var count: Int
    public var weight: Double

    public init(term: String, count: Int, weight: Double) {
        self.term = term
        self.count = count
        self.weight = weight
    }
}

/// A topic from `Dictionaries/topics.tsv` scored on a span of text.
public struct TopicScore: Hashable, Codable, Sendable {
    public var id: String
    public var label: String
    /// Number of indicative-term hits.
    public var hits: Int
    /// hits / all topic hits in the same span (0…1; shares of a span sum to 1 when it has hits).
    public var share: Double

    public init(id: String, label: String, hits: Int, share: Double) {
        self.id = id
        self.label = label
        self.hits = hits
        self.share = share
    }
}
