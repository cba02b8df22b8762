import Foundation

/// Term frequencies of one span (a section, an article, a district, a corpus): how often each
/// kept term occurs and how many kept term occurrences there are in all.
///
/// Pure value; statistics of several spans combine with `merge` (counts add up), which is what a
/// knowledge base does to aggregate sections into districts and articles into a corpus.
public struct TermStatistics: Hashable, Codable, Sendable {
    public private(set) var counts: [String: Int]
    /// Sum of all counts.
    public private(set) var total: Int

    public init(counts: [String: Int] = [:]) {
        self.counts = counts
        self.total = counts.values.reduce(0, +)
    }

    public var isEmpty: Bool { total == 0 }

    public subscript(term: String) -> Int { counts[term] ?? 0 }

    /// Relative frequency of a term (0 when the span is empty).
    public func frequency(_ term: String) -> Double {
        total > 0 ? Double(self[term]) / Double(total) : 0
    }

    public mutating func add(_ term: String, count: Int = 1) {
        guard count > 0 else { return }
        counts[term, default: 0] += count
        total += count
    }

    public mutating func merge(_ other: TermStatistics) {
        for (term, n) in other.counts { counts[term, default: 0] += n }
        total += other.total
    }

    public static func merged(_ list: [TermStatistics]) -> TermStatistics {
        var result = TermStatistics()
        for s in list { result.merge(s) }
        return result
    }
}

/// Document frequencies: in how many documents (sections, articles…) each term occurs.
/// Build one by `add`ing each document's statistics, then turn it into an `IDFTable`.
public struct DocumentFrequencies: Hashable, Codable, Sendable {
    public private(set) var documents: Int = 0
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public init<S: Sequence>(_ documents: S) where S.Element == TermStatistics {
        for d in documents { add(d) }
    }

    /// Counts one document: every term it contains, once.
    public mutating func add(_ document: TermStatistics) {
        documents += 1
        for (term, n) in document.counts where n > 0 { counts[term, default: 0] += 1 }
    }

    public mutating func merge(_ other: DocumentFrequencies) {
        documents += other.documents
        for (term, n) in other.counts { counts[term, default: 0] += n }
    }

    public subscript(term: String) -> Int { counts[term] ?? 0 }

    /// Smoothed inverse document frequency `log(1 + N / df)`; a term seen nowhere counts as seen
    /// in one document. With fewer than two documents there is no contrast and every term gets 1.
    public func idf(_ term: String) -> Double {
        guard documents >= 2 else { return 1 }
        return log(1 + Double(documents) / Double(max(self[term], 1)))
    }

    /// The same values as a table (terms never seen get the value of a term seen once).
    public var idfTable: IDFTable {
        var values: [String: Double] = [:]
        values.reserveCapacity(counts.count)
        for term in counts.keys { values[term] = idf(term) }
        return IDFTable(values: values, fallback: documents >= 2 ? log(1 + Double(documents)) : 1)
    }
}

/// Inverse document frequencies: `word → idf`, with a fallback for words the table lacks.
///
/// Three sources: jieba's `idf.txt` format (`word idf` per line, `--idf FILE`), a
/// `DocumentFrequencies` count, or the segmentation lexicon's word frequencies read through a
/// Poisson document model (see `init(lexicon:documentLength:)`).
public struct IDFTable: Hashable, Sendable {
    public private(set) var values: [String: Double]
    /// Value for words not in the table (jieba uses the median, and so do the loaders here).
    public var fallback: Double

    public init(values: [String: Double], fallback: Double? = nil) {
        self.values = values
        self.fallback = fallback ?? Self.median(Array(values.values)) ?? 1
    }

    public subscript(term: String) -> Double { values[term] ?? fallback }
    public func idf(_ term: String) -> Double { values[term] ?? fallback }
    public func contains(_ term: String) -> Bool { values[term] != nil }
    public var count: Int { values.count }

    /// Reads jieba's `idf.txt` format: `word idf`, separated by spaces or a tab; `#` comments.
    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        var values: [String: Double] = [:]
        for line in file.lines {
            let fields = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, let v = Double(fields[1]), v.isFinite, v >= 0 else {
                throw ZhError.malformedLexiconLine(file: file.path, line: line.number, text: String(line.text))
            }
            values[String(fields[0])] = v
        }
        self.init(values: values)
    }

    /// Background IDF estimated from the lexicon's word frequencies.
    ///
    /// A word with corpus frequency `f` out of `T` occurs in a document of `L` tokens on average
    /// `λ = L·f/T` times; if occurrences are Poisson, the share of documents containing it is
    /// `1 − e^(−λ)` and its IDF is `−log(1 − e^(−λ))`. Very common words (的, 工作) get values
    /// near 0–1, rare ones grow like `log(T / (L·f))`. User-dictionary words and words without a
    /// frequency are left out (they get the fallback, the median of the table).
    public init(lexicon: Lexicon, documentLength: Double = 400) {
        let (perEntry, fallback) = Self.lexiconValues(lexicon, documentLength: documentLength)
        var values: [String: Double] = [:]
        values.reserveCapacity(lexicon.count)
        for (e, v) in perEntry.enumerated() where !v.isNaN { values[lexicon.entries[e].word] = v }
        self.init(values: values, fallback: fallback)
    }

    /// The values of `init(lexicon:documentLength:)` by lexicon entry (NaN for an entry left
    /// out), and their median: what the keyword stage reads, without a String-keyed table.
    static func lexiconValues(_ lexicon: Lexicon, documentLength: Double = 400) -> (values: [Double], fallback: Double) {
        let total = max(lexicon.totalFrequency, 1)
        var values = [Double](repeating: .nan, count: lexicon.entries.count)
        var present: [Double] = []
        present.reserveCapacity(lexicon.entries.count)
        // Fields read in place (a copy of each entry would retain and release its two strings).
        for e in lexicon.entries.indices where lexicon.entries[e].origin != .user && lexicon.entries[e].frequency > 0 {
            let v = poissonIDF(frequency: lexicon.entries[e].frequency, total: total, documentLength: documentLength)
            values[e] = v
            present.append(v)
        }
        return (values, median(present) ?? 1)
    }

    static func poissonIDF(frequency: Double, total: Double, documentLength: Double) -> Double {
        let lambda = documentLength * frequency / total
        let share = -expm1(-lambda)           // 1 − e^(−λ), accurate for small λ
        return max(-log(max(share, 1e-12)), 0)
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
