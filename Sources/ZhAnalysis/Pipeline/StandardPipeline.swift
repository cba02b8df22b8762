/// The standard analysis: stages in the order of STYLE.md. Each extractor gets its dictionaries
/// here (injected, never global).
extension Pipeline {
    public static func standard(lexicons: LexiconSet) throws -> Pipeline {
        var stages: [any Stage] = []
        stages.append(try Segmenter(lexicon: lexicons.words, names: NameCandidates(directory: lexicons.directory)))
        // Further stages are appended here in order: structure, places, people, organisations,
        // quantities, keywords, topics.
        return Pipeline(stages: stages)
    }
}
