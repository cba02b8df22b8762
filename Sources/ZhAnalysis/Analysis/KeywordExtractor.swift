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
/// - One section with fewer than `minTextRankTerms` term occurrences (a paragraph, a news line):
///   the co-occurrence graph is too sparse to say more than the counts, so tf × prior, normalised
///   to a maximum of 1 — the same ranking at a fraction of the cost.
public struct KeywordExtractor: Stage, Sendable {
    public let name = "keywords"

    public enum Method: String, Sendable, Codable, CaseIterable {
        /// TF-IDF over sections when there are two or more, TextRank otherwise.
        /// (TF-IDF for short single-section documents, see `Options.minTextRankTerms`).
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
        /// With `.automatic`, a single-section document needs this many term occurrences for
        /// TextRank; shorter ones are ranked by tf × prior.
        public var minTextRankTerms = 200
        /// Factor for names: words the lexicon tags as place, person or organisation names
        /// (ns, nr, nt) and the text of entity mentions. A section's places and people are in the
        /// entity layer already; keywords should say what the section is about.
        public var nameFactor = 0.5
        public init() {}
    }

    public let stopwords: StopwordList
    /// The background IDF given (`--idf FILE`); nil when it comes from the lexicon.
    private let givenBackground: IDFTable?
    /// The background IDF: the table given, or the lexicon's (`IDFTable(lexicon:)`, built on
    /// demand: the stage itself reads the lexicon's values through `table`).
    public var background: IDFTable { givenBackground ?? IDFTable(lexicon: lexicon ?? Lexicon()) }
    /// Used to recognise names by their tags (optional).
    public let lexicon: Lexicon?
    public var options: Options
    /// The facts above per word, read by code points.
    let table: TermTable

    /// Loads `stopwords.txt` from the dictionaries folder. Without a `background` table the
    /// lexicon's word frequencies give the background IDF.
    public init(lexicons: LexiconSet, background: IDFTable? = nil, options: Options = Options()) throws {
        self.stopwords = try StopwordList(directory: lexicons.directory)
        self.givenBackground = background
        self.lexicon = lexicons.words
        self.options = options
        if let background {
            self.table = TermTable(stopwords: stopwords, background: background, lexicon: lexicons.words)
        } else {
            let (values, fallback) = IDFTable.lexiconValues(lexicons.words)
            self.table = TermTable(stopwords: stopwords, background: .lexicon(values: values, fallback: fallback),
                                   lexicon: lexicons.words)
        }
    }

    public init(stopwords: StopwordList, background: IDFTable, lexicon: Lexicon? = nil, options: Options = Options()) {
        self.stopwords = stopwords
        self.givenBackground = background
        self.lexicon = lexicon
        self.options = options
        self.table = TermTable(stopwords: stopwords, background: background, lexicon: lexicon)
    }

    // MARK: - stage

    public func process(_ document: inout Document) throws {
        var storage = TermSequence.Storage()
        process(&document, storage: &storage)
    }

    /// `process` document by document, each term sequence built in the arrays of the one before.
    public func process(batch documents: inout [Document], errors: inout [ZhError?]) {
        var storage = TermSequence.Storage()
        for i in documents.indices where errors[i] == nil { process(&documents[i], storage: &storage) }
    }

    private func process(_ document: inout Document, storage: inout TermSequence.Storage) {
        var sequence = makeSequence(document, storage: &storage)
        // The prior per term lives only in this call: a temporary buffer (on the stack for a
        // short text) instead of an array per document.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: sequence.termCount) { prior in
            process(&document, sequence, prior: prior)
        }
        sequence.release(into: &storage)
    }

    /// `process` given the sequence and a buffer of one prior per term to fill.
    private func process(_ document: inout Document, _ sequence: TermSequence, prior: UnsafeMutableBufferPointer<Double>) {
        let spanCount = max(1, document.sections.count)
        let termCount = sequence.termCount
        // Background IDF × generic-word factor × name factor, per term.
        for k in prior.indices {
            let info = sequence.info(Int32(k))
            let f = info.idf * info.generic
            prior[k] = info.name ? f * options.nameFactor : f
        }
        let s = document.analysis
        // Mentions read in place (a copy of each entity or mention would retain and release its
        // strings).
        for k in document.entities.indices {
            for j in document.entities[k].mentions.indices {
                let start = document.entities[k].mentions[j].start, end = document.entities[k].mentions[j].end
                if let id = sequence.id(s, start, end) {
                    let info = sequence.info(id)
                    prior[Int(id)] = info.idf * info.generic * options.nameFactor
                }
            }
        }

        let useTextRank: Bool
        var normalise = false
        switch options.method {
        case .automatic:
            // (The occurrences are counted only when there are items enough.)
            useTextRank = spanCount < 2 && sequence.itemCount >= options.minTextRankTerms
                && sequence.occurrenceCount >= options.minTextRankTerms
            normalise = spanCount < 2
        case .tfidf: useTextRank = false
        case .textRank: useTextRank = true
        }

        if !useTextRank, spanCount == 1 {
            return processSpan(&document, sequence, prior: UnsafeBufferPointer(prior), normalise: normalise)
        }
        let spans = document.sections.isEmpty ? [document.fullRange] : document.sections.map(\.range)
        let counts = sequence.counts(in: spans)
        var documentKeywords: [Keyword]
        var sectionKeywords: [[Keyword]]
        if useTextRank {
            sectionKeywords = []
            let all = sequence.terms(in: document.fullRange)
            var allScores: [Double]?
            // Without sections the one span is the whole text and only the document list is kept.
            for (k, span) in spans.enumerated() where !document.sections.isEmpty {
                let terms = sequence.terms(in: span)
                let scores = textRank(terms, termCount, UnsafeBufferPointer(prior))
                // A section that holds every term (the one section of most articles) is ranked
                // as the whole document is: the same scores, computed once.
                if terms == all { allScores = scores }
                sectionKeywords.append(top(counts[k].map { Scored(term: $0.term, count: $0.count, weight: scores[Int($0.term)]) },
                                           sequence, options.sectionLimit))
            }
            let scores = allScores ?? textRank(all, termCount, UnsafeBufferPointer(prior))
            var total = [Int].filled(0, count: termCount)
            for t in all { total[Int(t)] += 1 }
            let scored = total.indices.compactMap { t in total[t] > 0 ? Scored(term: Int32(t), count: total[t], weight: scores[t]) : nil }
            documentKeywords = top(scored, sequence, options.documentLimit)
        } else {
            var df = [Int].filled(0, count: termCount)
            for c in counts { for x in c { df[Int(x.term)] += 1 } }
            let n = Double(spans.count)
            var docWeight = [Double].filled(0, count: termCount)
            var docCount = [Int].filled(0, count: termCount)
            sectionKeywords = []
            for c in counts {
                let total = Double(c.reduce(0) { $0 + $1.count })
                var scored: [Scored] = []
                scored.reserveCapacity(c.count)
                for x in c {
                    let t = x.term, k = x.count
                    let local = spans.count >= 2 ? log(1 + n / Double(df[Int(t)])) : 1
                    let w = Double(k) / total * local * prior[Int(t)]
                    scored.append(Scored(term: t, count: k, weight: w))
                    docWeight[Int(t)] += w
                    docCount[Int(t)] += k
                }
                if normalise { scored.withUnsafeMutableBufferPointer { Self.normalise($0) } }
                sectionKeywords.append(top(scored, sequence, options.sectionLimit))
            }
            var docScored = docCount.indices.compactMap { t in
                docCount[t] > 0 ? Scored(term: Int32(t), count: docCount[t], weight: docWeight[t]) : nil
            }
            if normalise { docScored.withUnsafeMutableBufferPointer { Self.normalise($0) } }
            documentKeywords = top(docScored, sequence, options.documentLimit)
        }
        document.keywords = documentKeywords
        if !document.sections.isEmpty {
            for k in document.sections.indices { document.sections[k].keywords = sectionKeywords[k] }
        }
    }

    /// `process` for one span ranked by tf × prior (most documents): the document list is the
    /// span's list, longer (same weights, one sort). Counts and weights stand in temporary buffers
    /// (arrays of them were a tenth of this stage for a short document).
    private func processSpan(_ document: inout Document, _ sequence: TermSequence, prior: UnsafeBufferPointer<Double>,
                             normalise: Bool) {
        // (The first section's range read in place: `sections.first` copies the section.)
        let span = document.sections.isEmpty ? document.fullRange : document.sections[0].range
        var documentKeywords = withUnsafeTemporaryAllocation(of: TermSequence.TermCount.self, capacity: sequence.termCount) { counts in
            let n = sequence.counts(in: span, into: counts)
            var total = 0
            for c in counts[..<n] { total += c.count }
            return withUnsafeTemporaryAllocation(of: Scored.self, capacity: n) { scored in
                for k in 0..<n {
                    let c = counts[k]
                    scored[k] = Scored(term: c.term, count: c.count, weight: prior[Int(c.term)] * (Double(c.count) / Double(total)))
                }
                if normalise { Self.normalise(scored) }
                return top(UnsafeBufferPointer(scored), sequence, max(options.documentLimit, options.sectionLimit))
            }
        }
        if !document.sections.isEmpty {
            // (Shared, not copied, when the list is within a limit: the usual short document.)
            document.sections[0].keywords = documentKeywords.count <= options.sectionLimit ? documentKeywords
                : Array(documentKeywords.prefix(options.sectionLimit))
        }
        if documentKeywords.count > options.documentLimit {
            documentKeywords = Array(documentKeywords.prefix(options.documentLimit))
        }
        document.keywords = documentKeywords
    }

    /// A term with its count and weight.
    struct Scored {
        var term: Int32
        var count: Int
        var weight: Double
    }

    /// Divides the weights by the largest one.
    private static func normalise(_ scored: UnsafeMutableBufferPointer<Scored>) {
        let top = scored.reduce(0) { max($0, $1.weight) }
        guard top > 0 else { return }
        for k in scored.indices { scored[k].weight /= top }
    }

    /// Background IDF × generic-word factor × name factor.
    private func factor(_ term: String, names: Set<String>) -> Double {
        var f = background.idf(term) * stopwords.factor(term)
        if names.contains(term) {
            f *= options.nameFactor
        } else if let tag = lexicon?.lookup(term)?.tag, TermTable.isNameTag(tag) {
            f *= options.nameFactor
        }
        return f
    }

    /// TextRank scores times the prior, normalised to a maximum of 1.
    private func textRank(_ terms: [Int32], _ count: Int, _ prior: UnsafeBufferPointer<Double>) -> [Double] {
        var scores = options.textRank.rank(terms, termCount: count) { prior[Int($0)] }
        for k in scores.indices { scores[k] *= prior[k].squareRoot() }
        let top = scores.max() ?? 0
        if top > 0 { for k in scores.indices { scores[k] /= top } }
        return scores
    }

    private func makeSequence(_ document: Document, storage: inout TermSequence.Storage) -> TermSequence {
        var o = TermSequence.Options()
        o.minPairCount = options.minPhrasePairs
        o.minDice = options.minPhraseDice
        o.maxPhraseLength = options.maxPhraseLength
        return TermSequence(text: document.analysis, tokens: document.tokens, table: table, stopwords: stopwords, options: o,
                            storage: &storage)
    }

    /// Highest weights first; ties by count, then by term.
    /// (Terms are distinct, so the order is total: keeping the best `limit` while scanning gives
    /// the prefix of the full sort without sorting everything.) Term texts are compared by code
    /// points and built only for the keywords returned.
    private func top(_ scored: [Scored], _ sequence: TermSequence, _ limit: Int) -> [Keyword] {
        scored.withUnsafeBufferPointer { top($0, sequence, limit) }
    }

    private func top(_ scored: UnsafeBufferPointer<Scored>, _ sequence: TermSequence, _ limit: Int) -> [Keyword] {
        func before(_ a: Scored, _ b: Scored) -> Bool {
            if a.weight != b.weight { return a.weight > b.weight }
            if a.count != b.count { return a.count > b.count }
            return sequence.termPrecedes(a.term, b.term)
        }
        guard limit > 0 else { return [] }
        // The best so far in order, as indices into `scored` in a temporary buffer (no array per
        // call); when it is full, an insertion pushes the last one out. (Indices: an insertion
        // shifts the ones after it, four bytes each where a `Scored` is 24.)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: limit) { best in
            var count = 0
            for k in scored.indices where scored[k].weight > 0 {
                let x = scored[k]
                if count == limit, !before(x, scored[Int(best[limit - 1])]) { continue }
                // Its place by binary search: the first kept one it comes before.
                var i = 0, end = count
                while i < end {
                    let mid = (i + end) / 2
                    if before(x, scored[Int(best[mid])]) { end = mid } else { i = mid + 1 }
                }
                var j = min(count, limit - 1)
                while j > i {
                    best[j] = best[j - 1]
                    j -= 1
                }
                best[i] = Int32(truncatingIfNeeded: k)
                count = min(count + 1, limit)
            }
            return UnsafeMutableBufferPointer(rebasing: best[..<count]).map {
                let x = scored[Int($0)]
                return Keyword(term: sequence.term(x.term), count: x.count, weight: x.weight)
            }
        }
    }

    // MARK: - pure functions for aggregation

    /// Term statistics of every section (or of the whole text when there are no sections) and of
    /// the document, after stopword filtering and phrase merging — the same terms the stage ranks.
    public func termStatistics(of document: Document) -> (document: TermStatistics, sections: [TermStatistics]) {
        var storage = TermSequence.Storage()
        let sequence = makeSequence(document, storage: &storage)
        let spans = document.sections.isEmpty ? [document.fullRange] : document.sections.map(\.range)
        var all = TermStatistics()
        var sections: [TermStatistics] = []
        for spanCounts in sequence.counts(in: spans) {
            var stats = TermStatistics()
            for c in spanCounts { stats.add(sequence.term(c.term), count: c.count) }
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
