/// A section of an article: on a newspaper page, a district's story headed "<place>：<headline>".
/// An article without headings is one section covering the body.
public struct Section: Hashable, Codable, Sendable {
    public var range: TextRange
    /// The heading line (nil for a section without one, e.g. a plain article).
    public var heading: TextRange?
    /// The place the section is about (canonical gazetteer name), when its heading names one.
    public var district: String?
    public var headline: String?
    public var authors: [String]
    public var keywords: [Keyword]
    public var topics: [TopicScore]

    public init(range: TextRange, district: String? = nil, headline: String? = nil, authors: [String] = [],
                keywords: [Keyword] = [], topics: [TopicScore] = [], heading: TextRange? = nil) {
        self.heading = heading
        self.range = range
        self.district = district
        self.headline = headline
        self.authors = authors
        self.keywords = keywords
        self.topics = topics
    }
}
