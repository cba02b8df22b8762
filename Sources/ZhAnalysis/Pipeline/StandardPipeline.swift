/// The standard analysis: stages in the order of STYLE.md. Each extractor gets its dictionaries
/// here (injected, never global).
extension Pipeline {
    public static func standard(lexicons: LexiconSet) throws -> Pipeline {
        var stages: [any Stage] = []
        stages.append(try Segmenter(lexicon: lexicons.words, names: NameCandidates(directory: lexicons.directory)))
        stages.append(try ArticleReader(lexicons: lexicons))
        stages.append(try PlaceExtractor(lexicons: lexicons))
        stages.append(try PersonExtractor(lexicons: lexicons))
        stages.append(try OrganizationExtractor(lexicons: lexicons))
        stages.append(try QuantityExtractor(lexicons: lexicons))
        stages.append(try KeywordExtractor(lexicons: lexicons))
        stages.append(try TopicScorer(lexicons: lexicons))
        // Further stages are appended here in order: structure, places, people, organisations,
        // quantities, keywords, topics.
        return Pipeline(stages: stages)
    }
}
