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
    /// Per term (folded, distinct): its topics; term `k` is spelled `pool[termStart[k]..<termStart[k + 1]]`.
    private var postings: [[(topic: Int, weight: Int)]] = []
    private var pool: [Unicode.Scalar] = []
    private var termStart: [Int32] = [0]
    /// Terms by their first two code points (a one-character term: its code point and 0) in an
    /// open-addressing table (key 0: empty); a slot's run of `byKey` lists its terms longest
    /// first. A few kilobytes in all: matching stays in the cache.
    private var keys: [UInt64] = []
    private var runs: [(start: Int32, count: Int32)] = []
    private var byKey: [Int32] = []
    private var keyMask = 0
    /// The BMP code points that are one-character terms (`singleOutsideBMP`: any other is).
    private var singleBits = ScalarBitSet()
    private var singleOutsideBMP = false
    /// Bit per hash of the first two code points of a longer term: most positions are skipped
    /// by one read of this 8 KB table.
    private var pairBits = [UInt64](repeating: 0, count: 1 << (pairHashBits - 6))
    /// The first code points of all terms (BMP; `firstOutsideBMP` for any other): most positions
    /// of a text start no term, and one bit says so before the pair hash is taken.
    private var firstBits = ScalarBitSet()
    private var firstOutsideBMP = false
    private static let pairHashBits = 16

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
                let folded = ScalarText.string(TextFolder().fold(Array(term.unicodeScalars)).scalars)
                let k: Int
                if let existing = index[folded] { k = existing } else {
                    k = postings.count
                    index[folded] = k
                    postings.append([])
                    pool.append(contentsOf: folded.unicodeScalars)
                    termStart.append(Int32(pool.count))
                }
                postings[k].append((t, weight))
            }
        }
        var groups: [UInt64: [Int32]] = [:]
        for k in postings.indices where termLength(k) > 0 {
            let a = Int(termStart[k])
            groups[Self.key(pool[a], termLength(k) >= 2 ? pool[a + 1].value : 0), default: []].append(Int32(k))
        }
        var capacity = 16
        while capacity < groups.count * 2 { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        runs = [(start: Int32, count: Int32)](repeating: (0, 0), count: capacity)
        keyMask = capacity - 1
        for (key, list) in groups {
            let i = slot(key)
            keys[i] = key
            runs[i] = (Int32(byKey.count), Int32(list.count))
            byKey.append(contentsOf: list.sorted { termLength(Int($0)) > termLength(Int($1)) })
        }
        for k in postings.indices {
            let word = pool[Int(termStart[k])..<Int(termStart[k + 1])]
            guard let c = word.first else { continue }
            firstBits.insert(c)
            if c.value >= 0x10000 { firstOutsideBMP = true }
            if word.count >= 2 {
                let h = Self.pairHash(c, word[word.startIndex + 1])
                pairBits[h >> 6] |= 1 << UInt64(h & 63)
            } else {
                singleBits.insert(c)
                if c.value >= 0x10000 { singleOutsideBMP = true }
            }
        }
    }

    @inline(__always) private func termLength(_ k: Int) -> Int { Int(termStart[k + 1] - termStart[k]) }

    @inline(__always) private static func key(_ first: Unicode.Scalar, _ second: UInt32) -> UInt64 {
        1 << 63 | UInt64(first.value) << 32 | UInt64(second)
    }

    /// Where `key` is, or the empty slot where it goes.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & keyMask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & keyMask }
        return i
    }

    @inline(__always) private static func pairHash(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        let key = UInt64(a.value) << 21 | UInt64(b.value)
        return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - UInt64(pairHashBits)))
    }

    /// Whether a term may begin at `i` (no term is missed; most other positions say no).
    @inline(__always) private func mayStart(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ end: Int) -> Bool {
        let c = s[i]
        if !(firstBits.contains(c) || c.value >= 0x10000 && firstOutsideBMP) { return false }
        if i + 1 < end {
            let h = Self.pairHash(c, s[i + 1])
            if pairBits[h >> 6] & (1 << UInt64(h & 63)) != 0 { return true }
        }
        return singleBits.contains(c) || c.value >= 0x10000 && singleOutsideBMP
    }

    /// Hits per topic index in `scalars[range]`. A term counts where it matches with at least
    /// one of its ends on a token boundary (so 托育 counts inside 普惠托育 but not across
    /// 依托|育人); matches do not overlap, the longest wins, scanning left to right.
    func hits(in scalars: [Unicode.Scalar], range: TextRange, boundary: UnsafeBufferPointer<Bool>) -> [Int] {
        var hits = [Int].filled(0, count: topics.count)
        hits.withUnsafeMutableBufferPointer { hits in
            forEachMatch(in: scalars, range: range, boundary: boundary) { add(Int($0.term), to: hits) }
        }
        return hits
    }

    /// A match counted by `hits`: its range and its term (index into the postings). 32-bit
    /// fields: a short text's matches fit a temporary buffer on the stack.
    struct Match {
        var start: Int32
        var end: Int32
        var term: Int32
    }

    /// Calls `body` with each match counted by `hits`, in text order (at most one per code point
    /// of `range`).
    @inline(__always)
    func forEachMatch(in scalars: [Unicode.Scalar], range: TextRange, boundary: UnsafeBufferPointer<Bool>,
                      _ body: (Match) -> Void) {
        guard !keys.isEmpty else { return }
        precondition(range.start >= range.end || (range.start >= 0 && range.end <= scalars.count), "range outside the text")
        // Code points read through a buffer pointer: no bounds check per position.
        scalars.withUnsafeBufferPointer { scalars in
            var i = range.start
            while i < range.end {
                guard mayStart(scalars, i, range.end) else {
                    i += 1
                    continue
                }
                // The longest term at i with an end on a token boundary.
                var best = -1
                var bestEntry = -1
                let atBoundary = boundary.isEmpty || boundary[i]
                if i + 1 < range.end {
                    let run = runs[slot(Self.key(scalars[i], scalars[i + 1].value))]
                    for r in Int(run.start)..<Int(run.start + run.count) {
                        let k = Int(byKey[r])
                        let a = Int(termStart[k]), length = termLength(k)
                        guard length >= 2, length <= range.end - i else { continue }
                        var same = true
                        for q in 2..<length where pool[a + q] != scalars[i + q] { same = false; break }
                        if same, atBoundary || boundary[i + length] {
                            best = i + length
                            bestEntry = k
                            break
                        }
                    }
                }
                if best < 0 {
                    let run = runs[slot(Self.key(scalars[i], 0))]
                    if run.count > 0, termLength(Int(byKey[Int(run.start)])) == 1, atBoundary || boundary[i + 1] {
                        best = i + 1
                        bestEntry = Int(byKey[Int(run.start)])
                    }
                }
                if best > 0 {
                    body(Match(start: Int32(i), end: Int32(best), term: Int32(bestEntry)))
                    i = best
                } else {
                    i += 1
                }
            }
        }
    }

    /// Adds the weights of a term's topics to `hits` (one count per topic).
    func add(_ term: Int, to hits: UnsafeMutableBufferPointer<Int>) {
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
        // Token boundaries in a temporary buffer: no heap allocation for a short text. (Written
        // out here, not through a helper taking a closure: such a closure copies `self`.)
        guard !document.tokens.isEmpty else { return process(&document, boundary: Self.noBoundaries) }
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: document.length + 1) { b in
            Self.markBoundaries(of: document.tokens, in: b)
            process(&document, boundary: UnsafeBufferPointer(b))
        }
    }

    private func process(_ document: inout Document, boundary: UnsafeBufferPointer<Bool>) {
        // One scan of the whole text; a section gets the matches inside it. Only when a match
        // straddles a section's start (the scan from the section's start could differ) is that
        // section scanned on its own. The matches and the hits per topic stand in temporary
        // buffers: no array per document. A text has far fewer matches than code points (at most
        // one each): room for `stackMatches` is on the stack, and only a text with more matches
        // than that is scanned again into a buffer of one per code point.
        let found = withUnsafeTemporaryAllocation(of: TopicTable.Match.self, capacity: min(document.length, Self.stackMatches)) {
            process(&document, boundary: boundary, into: $0)
        }
        if !found {
            withUnsafeTemporaryAllocation(of: TopicTable.Match.self, capacity: document.length) {
                _ = process(&document, boundary: boundary, into: $0)
            }
        }
    }

    private static let stackMatches = 64

    /// `process` with the matches gathered in `buffer`; false (and nothing done) when they do not
    /// fit.
    private func process(_ document: inout Document, boundary: UnsafeBufferPointer<Bool>,
                         into buffer: UnsafeMutableBufferPointer<TopicTable.Match>) -> Bool {
        var n = 0
        table.forEachMatch(in: document.analysis, range: document.fullRange, boundary: boundary) {
            if n < buffer.count { buffer[n] = $0 }
            n += 1
        }
        guard n <= buffer.count else { return false }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: table.topics.count) { hits in
            process(&document, matches: UnsafeBufferPointer(rebasing: buffer[..<n]), hits: hits, boundary: boundary)
        }
        return true
    }

    /// `process` given the matches of the whole text and a buffer of one count per topic.
    private func process(_ document: inout Document, matches: UnsafeBufferPointer<TopicTable.Match>,
                         hits: UnsafeMutableBufferPointer<Int>, boundary: UnsafeBufferPointer<Bool>) {
        // No topic word anywhere (many short texts): a section's own scan finds none either (its
        // terms are those of the whole scan ending within it), so every list is empty.
        if matches.isEmpty {
            for k in document.sections.indices { document.sections[k].topics = [] }
            document.topics = []
            return
        }
        var ordered = true
        for k in document.sections.indices.dropFirst() where document.sections[k - 1].range.end > document.sections[k].range.start {
            ordered = false
            break
        }
        var m = 0
        for k in document.sections.indices where !ordered {
            document.sections[k].topics = scores(document, range: document.sections[k].range, boundary: boundary)
        }
        for k in document.sections.indices where ordered {
            let range = document.sections[k].range
            while m < matches.count, Int(matches[m].end) <= range.start { m += 1 }
            if m < matches.count, Int(matches[m].start) < range.start {
                document.sections[k].topics = scores(document, range: range, boundary: boundary)
                continue
            }
            hits.initialize(repeating: 0)
            var j = m
            while j < matches.count, Int(matches[j].end) <= range.end {
                table.add(Int(matches[j].term), to: hits)
                j += 1
            }
            if j < matches.count, Int(matches[j].start) < range.end {
                // A match runs past the section's end: the section's own scan stops at its end.
                document.sections[k].topics = scores(document, range: range, boundary: boundary)
                continue
            }
            document.sections[k].topics = scores(UnsafeBufferPointer(hits))
        }
        // One section holding every match: the document's list is the section's.
        if ordered, document.sections.count == 1, let first = matches.first, let last = matches.last,
           document.sections[0].range.start <= Int(first.start), Int(last.end) <= document.sections[0].range.end {
            document.topics = document.sections[0].topics
            return
        }
        hits.initialize(repeating: 0)
        for match in matches { table.add(Int(match.term), to: hits) }
        document.topics = scores(UnsafeBufferPointer(hits))
    }

    /// Topic scores of one span of a document.
    public func scores(_ document: Document, range: TextRange) -> [TopicScore] {
        guard !document.tokens.isEmpty else { return scores(document, range: range, boundary: Self.noBoundaries) }
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: document.length + 1) { b in
            Self.markBoundaries(of: document.tokens, in: b)
            return scores(document, range: range, boundary: UnsafeBufferPointer(b))
        }
    }

    private func scores(_ document: Document, range: TextRange, boundary: UnsafeBufferPointer<Bool>) -> [TopicScore] {
        table.hits(in: document.analysis, range: range, boundary: boundary).withUnsafeBufferPointer { scores($0) }
    }

    /// Same list as `Self.scores` on every topic, built from the topics with hits only.
    private func scores(_ hits: UnsafeBufferPointer<Int>) -> [TopicScore] {
        var total = 0, count = 0
        for n in hits where n > 0 {
            total += n
            count += 1
        }
        guard total > 0 else { return [] }
        // The closures read the topic list, not `self` (which they would copy whole).
        let topics = table.topics
        // The topics with hits, sorted in a temporary buffer (no array per call).
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { buffer in
            var found = buffer
            var k = 0
            for (t, n) in hits.enumerated() where n > 0 {
                found[k] = t
                k += 1
            }
            found.sort { hits[$0] != hits[$1] ? hits[$0] > hits[$1] : topics[$0].id < topics[$1].id }
            return found.map { t in
                TopicScore(id: topics[t].id, label: topics[t].label, hits: hits[t], share: Double(hits[t]) / Double(total))
            }
        }
    }

    /// The boundaries when there are no tokens: none given, every position counts as one.
    static var noBoundaries: UnsafeBufferPointer<Bool> { UnsafeBufferPointer(start: nil, count: 0) }

    /// Sets `b` (text length + 1) to the token boundaries by offset.
    static func markBoundaries(of tokens: [Token], in b: UnsafeMutableBufferPointer<Bool>) {
        b.initialize(repeating: false)
        // Ranges read in place (a copy of each token would retain and release its text).
        tokens.withUnsafeBufferPointer { tokens in
            for k in tokens.indices {
                b[tokens[k].range.start] = true
                b[tokens[k].range.end] = true
            }
        }
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
