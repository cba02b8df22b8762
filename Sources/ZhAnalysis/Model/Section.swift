/// A section of an article: on a newspaper page, a district's story headed "<place>：<headline>".
/// An article without headings is one section covering the body.
public struct Section: Hashable, Codable, Sendable {
    public var range: TextRange
    /// The heading line (nil for a section without one, e.g. a plain article).
    public var heading: Optional<TextRange>
    /// The place the section is about (canonical gazetteer name), when its heading names one.
    public var district: Optional<String>
    public var headline: Optional<String>
    public var authors: [String]
    /// The news dateline opening the section's first paragraph, as written: 本报讯,
    /// 新华社北京3月5日电 (nil when there is none).
    public var dateline: Optional<String>
    public var keywords: [Keyword]
    public var topics: [TopicScore]
    // (The optionals are spelled `Optional<…>`: such a property takes no default in the implicit
    // memberwise initialiser, so that no call of the public one also fits it.)
}

extension Section {
    /// Calls the implicit memberwise initialiser: one that assigns the properties one by one
    /// built the section twice and copied it on return (a retain and a release of every string
    /// and array; Swift 6.3).
    public init(range: TextRange, district: String? = nil, headline: String? = nil, authors: [String] = [],
                keywords: [Keyword] = [], topics: [TopicScore] = [], heading: TextRange? = nil,
                dateline: String? = nil) {
        self.init(range: range, heading: heading, district: district, headline: headline, authors: authors,
                  dateline: dateline, keywords: keywords, topics: topics)
    }
}
