import Foundation

/// Keywords and key phrases of each section and of the whole document (`Section.keywords`,
/// `Document.keywords`), with raw counts and weights.
///
/// Terms come from the token layer through `TermSequence` (stopwords, numerals, punctuation and
/// lone characters dropped; adjacent tokens that mostly occur together merged into phrases).
///
/// - Several sections (a newspaper page of district stories): the sections are the documents
///   for IDF. weight(t, s) = tf(t, s) × idfLocal(t) × idfBackground(t) × generic(t), where tf is
///   the relative frequency in the section, `idfLocal = log(1 + N/df)` over the N sections,
///   `idfBackground` comes from the background table (`--idf FILE` in jieba's format, else the
///   lexicon's frequencies, see `IDFTable(lexicon:)`), and `generic` is the factor from
///   `stopwords.txt` (1 for ordinary words), times `nameFactor` for names. A document keyword's
///   weight is the sum of its
///   section weights.
/// - One section (no corpus to contrast with): TextRank over a co-occurrence window, with the
///   same prior (background IDF × generic factor × name factor) as teleport vector, and its
///   square root as a final multiplier. Weights are normalised to a maximum of 1.
public struct KeywordExtractor: Stage, Sendable {
    public let name = "keywords"

    public enum Method: String, Sendable, Codable, CaseIterable {
        /// TF-IDF over sections when there are two or more, TextRank otherwise.
        case automatic
        case tfidf
        case textRank
    }

    public struct Options: Sendable {
        public var sectionLimit = 15
        public var documentLimit = 25
        public var method: Method = .automatic
        /// Phrase merging (see `TermSequence`).
        public var minPhrasePairs = 2
        public var minPhraseDice = 0.5
        public var maxPhraseLength = 8
        public var textRank = TextRank()
        /// Factor for names: words the lexicon tags as place, person or organisation names
        /// (ns, nr, nt) and the text of entity mentions. A section's places and people are in the
        /// entity layer already; keywords should say what the section is about.
        public var nameFactor = 0.5
        public init() {}
    }

    public let stopwords: StopwordList
    public let background: IDFTable
    /// Used to recognise names by their tags (optional).
    public let lexicon: Lexicon?
    public var options: Options

    /// Loads `stopwords.txt` from the dictionaries folder. Without a `background` table the
    /// lexicon's word frequencies give the background IDF.
    public init(lexicons: LexiconSet, background: IDFTable? = nil, options: Options = Options()) throws {
        self.stopwords = try StopwordList(directory: lexicons.directory)
        self.background = background ?? IDFTable(lexicon: lexicons.words)
        self.lexicon = lexicons.words
        self.options = options
    }

    public init(stopwords: StopwordList, background: IDFTable, lexicon: Lexicon? = nil, options: Options = Options()) {
        self.stopwords = stopwords
        self.background = background
        self.lexicon = lexicon
        self.options = options
    }

    // MARK: - stage

    public func process(_ document: inout Document) throws {
        let sequence = makeSequence(document)
        let spans = document.sections.isEmpty ? [document.fullRange] : document.sections.map(\.range)
        let counts = sequence.counts(in: spans)
        let vocabulary = sequence.vocabulary
        let names = Set(document.entities.flatMap { e in e.mentions.map { document.folded($0.range) } })
        let prior = vocabulary.map { factor($0, names: names) }

        let useTextRank: Bool
        switch options.method {
        case .automatic: useTextRank = spans.count < 2
        case .tfidf: useTextRank = false
        case .textRank: useTextRank = true
        }

        var documentKeywords: [Keyword]
        var sectionKeywords: [[Keyword]]
        if useTextRank {
            sectionKeywords = []
            for (k, span) in spans.enumerated() {
                let scores = textRank(sequence.terms(in: span), vocabulary.count, prior)
                sectionKeywords.append(top(counts[k].map { ($0.key, $0.value, scores[Int($0.key)]) }, vocabulary, options.sectionLimit))
            }
            let all = sequence.terms(in: document.fullRange)
            let scores = textRank(all, vocabulary.count, prior)
            var total: [Int32: Int] = [:]
            for t in all { total[t, default: 0] += 1 }
            documentKeywords = top(total.map { ($0.key, $0.value, scores[Int($0.key)]) }, vocabulary, options.documentLimit)
        } else {
            var df = [Int](repeating: 0, count: vocabulary.count)
            for c in counts { for t in c.keys { df[Int(t)] += 1 } }
            let n = Double(spans.count)
            var docWeight: [Int32: Double] = [:]
            var docCount: [Int32: Int] = [:]
            sectionKeywords = []
            for c in counts {
                let total = Double(c.values.reduce(0, +))
                var scored: [(Int32, Int, Double)] = []
                scored.reserveCapacity(c.count)
                for (t, k) in c {
                    let local = spans.count >= 2 ? log(1 + n / Double(df[Int(t)])) : 1
                    let w = Double(k) / total * local * prior[Int(t)]
                    scored.append((t, k, w))
                    docWeight[t, default: 0] += w
                    docCount[t, default: 0] += k
                }
                sectionKeywords.append(top(scored, vocabulary, options.sectionLimit))
            }
            documentKeywords = top(docWeight.map { ($0.key, docCount[$0.key] ?? 0, $0.value) }, vocabulary, options.documentLimit)
        }
        document.keywords = documentKeywords
        if !document.sections.isEmpty {
            for k in document.sections.indices { document.sections[k].keywords = sectionKeywords[k] }
        }
    }

    /// Background IDF × generic-word factor × name factor.
    private func factor(_ term: String, names: Set<String>) -> Double {
        var f = background.idf(term) * stopwords.factor(term)
        if names.contains(term) {
            f *= options.nameFactor
        } else if let tag = lexicon?.lookup(term)?.tag, tag == "ns" || tag == "nr" || tag == "nt" {
            f *= options.nameFactor
        }
        return f
    }

    /// TextRank scores times the prior, normalised to a maximum of 1.
    private func textRank(_ terms: [Int32], _ count: Int, _ prior: [Double]) -> [Double] {
        var scores = options.textRank.rank(terms, termCount: count) { prior[Int($0)] }
        for k in scores.indices { scores[k] *= prior[k].squareRoot() }
        let top = scores.max() ?? 0
        if top > 0 { for k in scores.indices { scores[k] /= top } }
        return scores
    }

    private func makeSequence(_ document: Document) -> TermSequence {
        var o = TermSequence.Options()
        o.minPairCount = options.minPhrasePairs
        o.minDice = options.minPhraseDice
        o.maxPhraseLength = options.maxPhraseLength
        return TermSequence(document: document, stopwords: stopwords, options: o)
    }

    /// Highest weights first; ties by count, then by term.
    private func top(_ scored: [(Int32, Int, Double)], _ vocabulary: [String], _ limit: Int) -> [Keyword] {
        let sorted = scored.filter { $0.2 > 0 }.sorted {
            if $0.2 != $1.2 { return $0.2 > $1.2 }
            if $0.1 != $1.1 { return $0.1 > $1.1 }
            return vocabulary[Int($0.0)] < vocabulary[Int($1.0)]
        }
        return sorted.prefix(limit).map { Keyword(term: vocabulary[Int($0.0)], count: $0.1, weight: $0.2) }
    }

    // MARK: - pure functions for aggregation

    /// Term statistics of every section (or of the whole text when there are no sections) and of
    /// the document, after stopword filtering and phrase merging — the same terms the stage ranks.
    public func termStatistics(of document: Document) -> (document: TermStatistics, sections: [TermStatistics]) {
        let sequence = makeSequence(document)
        let spans = document.sections.isEmpty ? [document.fullRange] : document.sections.map(\.range)
        var all = TermStatistics()
        var sections: [TermStatistics] = []
        for spanCounts in sequence.counts(in: spans) {
            var stats = TermStatistics()
            for (t, k) in spanCounts { stats.add(sequence.vocabulary[Int(t)], count: k) }
            all.merge(stats)
            sections.append(stats)
        }
        return (all, sections)
    }

    /// Ranks the terms of one span: tf × idf(documentFrequencies) × background idf × generic
    /// factor × name factor (by lexicon tag). With `documentFrequencies` nil (or counting fewer than two documents) the local
    /// IDF is 1. Use it to aggregate: merge the `TermStatistics` of a district's sections, build
    /// `DocumentFrequencies` over all districts, and rank each district.
    public func rank(_ statistics: TermStatistics, documentFrequencies: DocumentFrequencies? = nil,
                     limit: Int) -> [Keyword] {
        guard statistics.total > 0 else { return [] }
        let total = Double(statistics.total)
        var result: [Keyword] = []
        result.reserveCapacity(statistics.counts.count)
        for (term, k) in statistics.counts where k > 0 {
            let local = documentFrequencies?.idf(term) ?? 1
            let w = Double(k) / total * local * factor(term, names: [])
            if w > 0 { result.append(Keyword(term: term, count: k, weight: w)) }
        }
        result.sort {
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            if $0.count != $1.count { return $0.count > $1.count }
            return $0.term < $1.term
        }
        return Array(result.prefix(limit))
    }
}
