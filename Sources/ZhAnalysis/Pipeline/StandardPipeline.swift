/// The standard analysis: stages in the order of STYLE.md. Each extractor gets its dictionaries
/// here (injected, never global).
extension Pipeline {
    /// Choices for `standard(lexicons:options:background:)`.
    public struct StandardOptions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Leave out the keyword and topic stages (to measure what they cost, or when only
        /// entities and quantities are wanted).
        public static let noKeywords = StandardOptions(rawValue: 1 << 0)
    }

    /// `background`: the keyword stage's background IDF (`--idf FILE`, jieba's `idf.txt` format);
    /// nil uses the lexicon's word frequencies.
    public static func standard(lexicons: LexiconSet, options: StandardOptions = [],
                                background: IDFTable? = nil) throws -> Pipeline {
        var stages: [any Stage] = []
        stages.append(try Segmenter(lexicon: lexicons.words, names: NameCandidates(directory: lexicons.directory)))
        stages.append(try ArticleReader(lexicons: lexicons))
        stages.append(try PlaceExtractor(lexicons: lexicons))
        stages.append(try PersonExtractor(lexicons: lexicons))
        stages.append(try OrganizationExtractor(lexicons: lexicons))
        stages.append(try QuantityExtractor(lexicons: lexicons))
        if !options.contains(.noKeywords) {
            stages.append(try KeywordExtractor(lexicons: lexicons, background: background))
            stages.append(try TopicScorer(lexicons: lexicons))
        }
        // Further stages are appended here in order: structure, places, people, organisations,
        // quantities, keywords, topics.
        return Pipeline(stages: stages)
    }
}
