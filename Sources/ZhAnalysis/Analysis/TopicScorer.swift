import Foundation

/// The topics of `Dictionaries/topics.tsv`: `id<TAB>label<TAB>term,term:2,…`, each term an
/// indicative word of the topic with an optional integer weight (default 1). A term may belong
/// to several topics.
public struct TopicTable: Sendable {
    public struct Topic: Hashable, Sendable {
        public var id: String
        public var label: String
        public var terms: [String: Int]
    }

    public static let fileName = "topics.tsv"

    public private(set) var topics: [Topic] = []
    /// Trie of all terms; an entry's `frequency` is the index into `postings`.
    private var trie = Lexicon()
    private var postings: [[(topic: Int, weight: Int)]] = []

    public init() {}

    /// Loads `topics.tsv` from a dictionaries folder (an empty table when the file is absent).
    public init(directory: URL) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            self.init()
            return
        }
        try self.init(contentsOf: url)
    }

    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        var topics: [Topic] = []
        for row in try file.tabRows(minColumns: 3, maxColumns: 3) {
            let bad = ZhError.malformedLexiconLine(file: file.path, line: row.number, text: row.fields.joined(separator: "\t"))
            var terms: [String: Int] = [:]
            for item in LexiconSet.aliasList(row.fields[2]) {
                let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count <= 2, !parts[0].isEmpty else { throw bad }
                var weight = 1
                if parts.count == 2 {
                    guard let w = Int(parts[1]), w > 0 else { throw bad }
                    weight = w
                }
                terms[String(parts[0])] = weight
            }
            guard !terms.isEmpty, !topics.contains(where: { $0.id == row.fields[0] }) else { throw bad }
            topics.append(Topic(id: row.fields[0], label: row.fields[1].isEmpty ? row.fields[0] : row.fields[1], terms: terms))
        }
        self.init(topics: topics)
    }

    public init(topics: [Topic]) {
        self.topics = topics
        var index: [String: Int] = [:]
        for (t, topic) in topics.enumerated() {
            for (term, weight) in topic.terms.sorted(by: { $0.key < $1.key }) {
                let folded = String(String.UnicodeScalarView(TextFolder().fold(Array(term.unicodeScalars)).scalars))
                let k: Int
                if let existing = index[folded] { k = existing } else {
                    k = postings.count
                    index[folded] = k
                    postings.append([])
                    trie.insert(LexiconEntry(word: folded, frequency: Double(k)))
                }
                postings[k].append((t, weight))
            }
        }
    }

    /// Hits per topic index in `scalars[range]`. A term counts where it matches with at least
    /// one of its ends on a token boundary (so 托育 counts inside 普惠托育 but not across
    /// 依托|育人); matches do not overlap, the longest wins, scanning left to right.
    func hits(in scalars: [Unicode.Scalar], range: TextRange, boundary: [Bool]) -> [Int] {
        var hits = [Int](repeating: 0, count: topics.count)
        var i = range.start
        while i < range.end {
            var best = -1
            var bestEntry = -1
            trie.forEachMatch(in: scalars, from: i, limit: range.end) { end, entry in
                if boundary.isEmpty || boundary[i] || boundary[end] {
                    best = end
                    bestEntry = Int(entry.frequency)
                }
            }
            if best > 0 {
                for p in postings[bestEntry] { hits[p.topic] += p.weight }
                i = best
            } else {
                i += 1
            }
        }
        return hits
    }
}

/// Scores the topics of `topics.tsv` on each section (`Section.topics`) and on the whole
/// document (`Document.topics`): hits of indicative terms, and each topic's share of the span's
/// hits. Only topics with hits are listed, by hits (descending) then id.
public struct TopicScorer: Stage, Sendable {
    public let name = "topics"
    public let table: TopicTable

    public init(lexicons: LexiconSet) throws {
        table = try TopicTable(directory: lexicons.directory)
    }

    public init(table: TopicTable) {
        self.table = table
    }

    public func process(_ document: inout Document) throws {
        let boundary = Self.boundaries(document)
        for k in document.sections.indices {
            document.sections[k].topics = scores(document, range: document.sections[k].range, boundary: boundary)
        }
        document.topics = scores(document, range: document.fullRange, boundary: boundary)
    }

    /// Topic scores of one span of a document.
    public func scores(_ document: Document, range: TextRange) -> [TopicScore] {
        scores(document, range: range, boundary: Self.boundaries(document))
    }

    private func scores(_ document: Document, range: TextRange, boundary: [Bool]) -> [TopicScore] {
        let hits = table.hits(in: document.analysis, range: range, boundary: boundary)
        return Self.scores(hits.enumerated().map { (table.topics[$0.offset].id, table.topics[$0.offset].label, $0.element) })
    }

    /// Token boundaries (empty when there are no tokens: every position counts as a boundary).
    static func boundaries(_ document: Document) -> [Bool] {
        guard !document.tokens.isEmpty else { return [] }
        var b = [Bool](repeating: false, count: document.length + 1)
        for t in document.tokens {
            b[t.range.start] = true
            b[t.range.end] = true
        }
        return b
    }

    static func scores(_ hits: [(id: String, label: String, hits: Int)]) -> [TopicScore] {
        let total = hits.reduce(0) { $0 + $1.hits }
        guard total > 0 else { return [] }
        return hits.filter { $0.hits > 0 }
            .map { TopicScore(id: $0.id, label: $0.label, hits: $0.hits, share: Double($0.hits) / Double(total)) }
            .sorted { $0.hits != $1.hits ? $0.hits > $1.hits : $0.id < $1.id }
    }

    /// Combines the topic scores of several spans (sections of a district, articles of a corpus):
    /// hits add up, shares are recomputed, same order as a single span.
    public static func combine(_ lists: [[TopicScore]]) -> [TopicScore] {
        var hits: [String: Int] = [:]
        var labels: [String: String] = [:]
        for list in lists {
            for t in list {
                hits[t.id, default: 0] += t.hits
                labels[t.id] = t.label
            }
        }
        return scores(hits.map { ($0.key, labels[$0.key] ?? $0.key, $0.value) })
    }
}
