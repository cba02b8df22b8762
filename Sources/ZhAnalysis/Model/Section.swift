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
    /// The news dateline opening the section's first paragraph, as written: 本报讯,
    /// 新华社北京3月5日电 (nil when there is none).
    public var dateline: String?
    public var keywords: [Keyword]
    public var topics: [TopicScore]

    public init(range: TextRange, district: String? = nil, headline: String? = nil, authors: [String] = [],
                keywords: [Keyword] = [], topics: [TopicScore] = [], heading: TextRange? = nil,
                dateline: String? = nil) {
        self.heading = heading
        self.dateline = dateline
        self.range = range
        self.district = district
        self.headline = headline
        self.authors = authors
        self.keywords = keywords
        self.topics = topics
    }
}
