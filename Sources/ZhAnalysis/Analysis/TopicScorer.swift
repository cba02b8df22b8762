import Foundation

/// The topics of `Dictionaries/topics.tsv`: `id<TAB>label<TAB>term,term:2,…`, each term an
/// indicative word of the topic with an optional integer weight (default 1). A term may belong
/// to several topics.
public struct TopicTable: Sendable, OptionalDictionary {
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
    /// Trie entry index → postings index.
    private var postingOfEntry: [Int] = []
    /// Bit per BMP code point that begins a term: most positions are skipped without touching
    /// the trie (whose tables would otherwise crowd the other stages out of the cache).
    private var startBits = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var startsOutsideBMP = false

    public init() {}

    /// Loads `topics.tsv` from a dictionaries folder (an empty table when the file is absent).
    public init(directory: URL) throws {
        self = try Self.load(directory: directory)
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
        postingOfEntry = trie.entries.map { Int($0.frequency) }
        for entry in trie.entries {
            guard let c = entry.word.unicodeScalars.first?.value else { continue }
            if c < 0x10000 { startBits[Int(c >> 6)] |= 1 << UInt64(c & 63) } else { startsOutsideBMP = true }
        }
    }

    @inline(__always) private func mayStart(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v < 0x10000 ? startBits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 : startsOutsideBMP
    }

    /// Hits per topic index in `scalars[range]`. A term counts where it matches with at least
    /// one of its ends on a token boundary (so 托育 counts inside 普惠托育 but not across
    /// 依托|育人); matches do not overlap, the longest wins, scanning left to right.
    func hits(in scalars: [Unicode.Scalar], range: TextRange, boundary: [Bool]) -> [Int] {
        var hits = [Int](repeating: 0, count: topics.count)
        for m in matches(in: scalars, range: range, boundary: boundary) { add(m.term, to: &hits) }
        return hits
    }

    /// The matches counted by `hits`: (start, end, term index into the postings).
    func matches(in scalars: [Unicode.Scalar], range: TextRange, boundary: [Bool]) -> [(start: Int, end: Int, term: Int)] {
        var result: [(start: Int, end: Int, term: Int)] = []
        var i = range.start
        while i < range.end {
            guard mayStart(scalars[i]) else {
                i += 1
                continue
            }
            var best = -1
            var bestEntry = -1
            trie.forEachMatchIndex(in: scalars, from: i, limit: range.end) { end, entry in
                if boundary.isEmpty || boundary[i] || boundary[end] {
                    best = end
                    bestEntry = postingOfEntry[entry]
                }
            }
            if best > 0 {
                result.append((i, best, bestEntry))
                i = best
            } else {
                i += 1
            }
        }
        return result
    }

    func add(_ term: Int, to hits: inout [Int]) {
        for p in postings[term] { hits[p.topic] += p.weight }
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
        // One scan of the whole text; a section gets the matches inside it. Only when a match
        // straddles a section's start (the scan from the section's start could differ) is that
        // section scanned on its own.
        let matches = table.matches(in: document.analysis, range: document.fullRange, boundary: boundary)
        let sections = document.sections
        let ordered = zip(sections, sections.dropFirst()).allSatisfy { $0.range.end <= $1.range.start }
        var m = 0
        for k in document.sections.indices where !ordered {
            document.sections[k].topics = scores(document, range: document.sections[k].range, boundary: boundary)
        }
        for k in document.sections.indices where ordered {
            let range = document.sections[k].range
            while m < matches.count, matches[m].end <= range.start { m += 1 }
            if m < matches.count, matches[m].start < range.start {
                document.sections[k].topics = scores(document, range: range, boundary: boundary)
                continue
            }
            var hits = [Int](repeating: 0, count: table.topics.count)
            var j = m
            while j < matches.count, matches[j].end <= range.end {
                table.add(matches[j].term, to: &hits)
                j += 1
            }
            if j < matches.count, matches[j].start < range.end {
                // A match runs past the section's end: the section's own scan stops at its end.
                document.sections[k].topics = scores(document, range: range, boundary: boundary)
                continue
            }
            document.sections[k].topics = scores(hits)
        }
        // One section holding every match: the document's list is the section's.
        if ordered, document.sections.count == 1, let first = matches.first, let last = matches.last,
           document.sections[0].range.start <= first.start, last.end <= document.sections[0].range.end {
            document.topics = document.sections[0].topics
            return
        }
        var hits = [Int](repeating: 0, count: table.topics.count)
        for match in matches { table.add(match.term, to: &hits) }
        document.topics = scores(hits)
    }

    /// Topic scores of one span of a document.
    public func scores(_ document: Document, range: TextRange) -> [TopicScore] {
        scores(document, range: range, boundary: Self.boundaries(document))
    }

    private func scores(_ document: Document, range: TextRange, boundary: [Bool]) -> [TopicScore] {
        scores(table.hits(in: document.analysis, range: range, boundary: boundary))
    }

    /// Same list as `Self.scores` on every topic, built from the topics with hits only.
    private func scores(_ hits: [Int]) -> [TopicScore] {
        var total = 0
        var found: [Int] = []
        for (t, n) in hits.enumerated() where n > 0 {
            total += n
            found.append(t)
        }
        guard total > 0 else { return [] }
        found.sort { hits[$0] != hits[$1] ? hits[$0] > hits[$1] : table.topics[$0].id < table.topics[$1].id }
        return found.map { t in
            TopicScore(id: table.topics[t].id, label: table.topics[t].label, hits: hits[t], share: Double(hits[t]) / Double(total))
        }
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
