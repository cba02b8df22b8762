/// The candidate terms of a document in text order, interned to integer ids, after adjacent
/// tokens that belong together have been merged into key phrases.
///
/// Built from the token layer (never re-segments). A token becomes
/// - a *break* (ends adjacency): punctuation, spaces, symbols, stopwords, pure numerals and
///   numeral + one character (三级, 一批, 第四, 10万), Latin single letters;
/// - *phrase material* only: a single ideograph that is not a stopword (竹, 知, 坊) — it is never
///   a keyword by itself but may join a neighbour into a phrase;
/// - a *term*: every other word or Latin word.
///
/// Phrase merging: a pair of adjacent items (a, b) becomes one item when the pair occurs at
/// least `minPairCount` times and its Dice coefficient `2·n(ab) / (n(a) + n(b))` reaches
/// `minDice` — the two mostly occur together (心理 健康 → 心理健康, 竹 产业 → 竹产业, 知 联 → 知联).
/// When both parts are whole words (a compound such as 青少年 心理健康 rather than a split
/// 知 联) the pair needs `minCompoundPairCount` occurrences and `minCompoundDice`. Generic words
/// (a factor in `stopwords.txt`) never join a phrase. Two passes allow three- and four-part
/// phrases; a phrase is at most `maxPhraseLength` characters.
struct TermSequence {
    struct Item {
        var term: Int32          // -1: break
        var start: Int
        var end: Int
        var single: Bool
    }

    struct Options {
        var minPairCount = 2
        var minDice = 0.5
        /// For two multi-character words (a compound rather than a repaired split).
        var minCompoundPairCount = 3
        var minCompoundDice = 0.6
        var maxPhraseLength = 8
        var passes = 2
    }

    /// The analysis text the terms are read from.
    let text: [Unicode.Scalar]
    /// Per term: one occurrence in `text` (its code points spell the term); the term's String is
    /// built only when it is asked for (`term(_:)`), for the few terms that are output.
    private(set) var termStart: [Int32] = []
    private(set) var termEnd: [Int32] = []
    /// Per term: its index in the `TermTable`, or -1.
    private(set) var tableIndex: [Int32] = []
    /// Term ids by content: open addressing keyed by a hash of the code points (0: empty), checked
    /// against the term's occurrence, so a token costs no String and no `Hasher`.
    private var slotHash: [UInt64] = []
    private var slotId: [Int32] = []
    private var slotMask = 0
    private(set) var items: [Item] = []
    let table: TermTable

    /// "第", the ordinal prefix (第四批).
    private static let ordinalPrefix: UInt32 = 0x7B2C

    init(document: Document, table: TermTable, stopwords: StopwordList, options: Options = Options()) {
        self.table = table
        let s = document.analysis
        self.text = s
        let tokens = document.tokens
        items.reserveCapacity(tokens.count)
        var capacity = 16
        while capacity < tokens.count * 2 { capacity *= 2 }
        slotHash = [UInt64](repeating: 0, count: capacity)
        slotId = [Int32](repeating: -1, count: capacity)
        slotMask = capacity - 1
        var lower: [Unicode.Scalar] = []
        // The table lookups of all word tokens first, in a tight loop of independent reads: the
        // table is large, and its cache misses overlap here instead of stalling one by one.
        var found = [Int32](repeating: -1, count: tokens.count)
        var stop = [Bool](repeating: false, count: tokens.count)
        for t in tokens.indices where tokens[t].kind == .word {
            let r = tokens[t].range
            let (k, stopword) = table.lookup(s, r.start, r.end)
            found[t] = Int32(k)
            stop[t] = stopword
        }
        // Fields read in place: no token's text string is touched.
        for t in tokens.indices {
            let r = tokens[t].range
            var term: Int32 = -1
            var single = false
            switch tokens[t].kind {
            case .word:
                let k = Int(found[t])
                if !stop[t], !Self.isNumeralLike(s, r.start, r.end) {
                    term = intern(r.start, r.end, tableIndex: k)
                    single = r.length == 1
                }
            case .latin:
                if r.length >= 2, !Self.isLatinStopword(s, r, tokens[t], table: table, stopwords: stopwords, scratch: &lower) {
                    term = intern(r.start, r.end, tableIndex: table.index(s, r.start, r.end))
                }
            case .number:
                // 5G, 3D: a number token that carries letters is a name, not a quantity.
                if (r.start..<r.end).contains(where: { Self.isAsciiLetter(s[$0]) }) {
                    term = intern(r.start, r.end, tableIndex: table.index(s, r.start, r.end))
                }
            case .punctuation, .space, .symbol:
                break
            }
            if term < 0, let last = items.last, last.term < 0 {
                items[items.count - 1].end = r.end     // collapse runs of breaks
                continue
            }
            items.append(Item(term: term, start: r.start, end: r.end, single: single))
        }
        for _ in 0..<options.passes where mergePhrases(options, s) == 0 { break }
    }

    @inline(__always) static func isAsciiLetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
    }

    /// Whether a Latin token, lowercased, is a stopword. ASCII tokens (all of them, in practice)
    /// are lowercased into `scratch` and looked up in the table; others go through String.
    static func isLatinStopword(_ s: [Unicode.Scalar], _ r: TextRange, _ token: Token, table: TermTable,
                                stopwords: StopwordList, scratch: inout [Unicode.Scalar]) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        for p in r.start..<r.end {
            let v = s[p].value
            guard v < 0x80 else { return stopwords.isStopword(token.text.lowercased()) }
            scratch.append(Unicode.Scalar(UInt8(v >= 65 && v <= 90 ? v + 32 : v)))
        }
        return table.lookup(scratch, 0, scratch.count).stopword
    }

    /// Number of distinct terms (ids are `0..<count`).
    var termCount: Int { termStart.count }

    /// The text of a term.
    func term(_ id: Int32) -> String { ScalarText.string(text, Int(termStart[Int(id)]), Int(termEnd[Int(id)])) }

    /// All terms' texts by id.
    var vocabulary: [String] { (0..<Int32(termCount)).map(term) }

    @inline(__always) private static func hash(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { h = (h ^ UInt64(s[i].value)) &* 0x0000_0100_0000_01b3 }
        return h | 1
    }

    /// The slot of the term spelled by `s[start..<end]` (hash `h`): where it is, or the empty slot
    /// where it goes.
    @inline(__always) private func slot(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, _ h: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32) & slotMask
        while slotHash[i] != 0 {
            if slotHash[i] == h {
                let id = Int(slotId[i])
                let a = Int(termStart[id]), b = Int(termEnd[id])
                if b - a == end - start {
                    var same = true
                    var p = a, q = start
                    while q < end { if text[p] != s[q] { same = false; break }; p += 1; q += 1 }
                    if same { return i }
                }
            }
            i = (i + 1) & slotMask
        }
        return i
    }

    /// The id of the term spelled by `text[start..<end]`; `tableIndex` is its index in the table
    /// (≥ 0) or -1.
    mutating func intern(_ start: Int, _ end: Int, tableIndex k: Int) -> Int32 {
        let h = Self.hash(text, start, end)
        let i = slot(text, start, end, h)
        if slotHash[i] != 0 { return slotId[i] }
        let id = Int32(termStart.count)
        termStart.append(Int32(start))
        termEnd.append(Int32(end))
        tableIndex.append(Int32(k))
        if termStart.count * 2 > slotHash.count {
            grow()
        } else {
            slotHash[i] = h
            slotId[i] = id
        }
        return id
    }

    private mutating func grow() {
        slotHash = [UInt64](repeating: 0, count: slotHash.count * 2)
        slotId = [Int32](repeating: -1, count: slotId.count * 2)
        slotMask = slotHash.count - 1
        for id in termStart.indices {
            let a = Int(termStart[id]), b = Int(termEnd[id])
            let h = Self.hash(text, a, b)
            let i = slot(text, a, b, h)
            slotHash[i] = h
            slotId[i] = Int32(id)
        }
    }

    /// The id of the term spelled by `s[start..<end]`, if the document has it.
    func id(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int32? {
        guard end > start, end <= s.count else { return nil }
        let i = slot(s, start, end, Self.hash(s, start, end))
        return slotHash[i] != 0 ? slotId[i] : nil
    }

    func id(of term: String) -> Int32? {
        let s = Array(term.unicodeScalars)
        return id(s, 0, s.count)
    }

    /// The table's facts about a term.
    func info(_ id: Int32) -> TermTable.Info { table.info(Int(tableIndex[Int(id)])) }

    /// Pure numerals, and a numeral (or 第 + numeral) followed by at most one character.
    static func isNumeralLike(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        var i = start
        if s[i].value == ordinalPrefix { i += 1 }
        let digitsStart = i
        while i < end, NumberScanner.isChineseNumeral(s[i]) || NumberScanner.isDigit(s[i]) { i += 1 }
        return i > digitsStart && end - i <= 1
    }

    private static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// One merging pass; returns the number of merges.
    private mutating func mergePhrases(_ options: Options, _ s: [Unicode.Scalar]) -> Int {
        let count = termCount
        var unigram = [Int](repeating: 0, count: count)
        var isSingle = [Bool](repeating: false, count: count)
        // Adjacent pairs, counted by sorting (cheaper than hashing for a document's few pairs).
        var pairKeys: [UInt64] = []
        var termLength = [Int](repeating: 0, count: count)
        for k in items.indices where items[k].term >= 0 {
            let item = items[k]
            unigram[Int(item.term)] += 1
            termLength[Int(item.term)] = item.end - item.start
            if item.single { isSingle[Int(item.term)] = true }
            if k + 1 < items.count, items[k + 1].term >= 0, items[k + 1].start == item.end {
                pairKeys.append(Self.pairKey(item.term, items[k + 1].term))
            }
        }
        guard !pairKeys.isEmpty else { return 0 }
        // Accepted pairs in key order (the keys are sorted), found by binary search.
        var accepted: [UInt64] = []
        var acceptedDice: [Double] = []
        pairKeys.sort()
        var p = 0
        while p < pairKeys.count {
            let key = pairKeys[p]
            var q = p + 1
            while q < pairKeys.count, pairKeys[q] == key { q += 1 }
            let n = q - p
            p = q
            guard n >= options.minPairCount else { continue }
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            guard table.info(Int(tableIndex[a])).generic >= 1, table.info(Int(tableIndex[b])).generic >= 1 else { continue }
            let dice = 2 * Double(n) / Double(unigram[a] + unigram[b])
            // Two whole words need more evidence than a word and a stray character.
            let compound = !isSingle[a] && !isSingle[b]
            guard dice >= (compound ? options.minCompoundDice : options.minDice),
                  n >= (compound ? options.minCompoundPairCount : options.minPairCount) else { continue }
            guard termLength[a] + termLength[b] <= options.maxPhraseLength else { continue }
            accepted.append(key)
            acceptedDice.append(dice)
        }
        guard !accepted.isEmpty else { return 0 }
        func dice(_ key: UInt64) -> Double? {
            var lo = 0, hi = accepted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if accepted[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            return lo < accepted.count && accepted[lo] == key ? acceptedDice[lo] : nil
        }
        /// Whether the item at `k` binds more strongly to its right neighbour than `d` (团体 接 单:
        /// 接 goes with 单, not with 团体).
        func prefersRight(_ k: Int, over d: Double) -> Bool {
            guard k + 1 < items.count, items[k + 1].term >= 0, items[k + 1].start == items[k].end,
                  let right = dice(Self.pairKey(items[k].term, items[k + 1].term)) else { return false }
            return right > d
        }
        var merged: [Item] = []
        merged.reserveCapacity(items.count)
        var k = 0
        var merges = 0
        while k < items.count {
            let item = items[k]
            if item.term >= 0, k + 1 < items.count {
                let next = items[k + 1]
                if next.term >= 0, next.start == item.end, let d = dice(Self.pairKey(item.term, next.term)),
                   !prefersRight(k + 1, over: d) {
                    let id = intern(item.start, next.end, tableIndex: table.index(s, item.start, next.end))
                    merged.append(Item(term: id, start: item.start, end: next.end, single: false))
                    k += 2
                    merges += 1
                    continue
                }
            }
            merged.append(item)
            k += 1
        }
        items = merged
        return merges
    }

    /// Number of term occurrences (single characters left out).
    var occurrenceCount: Int { items.reduce(0) { $0 + ($1.term >= 0 && !$1.single ? 1 : 0) } }

    /// Term counts per span in one pass (spans in text order; an item belongs to the last span
    /// that starts at or before it and contains it), as (term, count) in no particular order.
    func counts(in spans: [TextRange]) -> [[(term: Int32, count: Int)]] {
        var result = [[(term: Int32, count: Int)]](repeating: [], count: spans.count)
        guard !spans.isEmpty else { return result }
        // (span, term) of every kept item, sorted: runs of equal keys are the counts.
        var keys: [UInt64] = []
        keys.reserveCapacity(items.count)
        for item in items where item.term >= 0 && !item.single {
            // Binary search: last span with start <= item.start.
            var lo = 0, hi = spans.count - 1, found = -1
            while lo <= hi {
                let mid = (lo + hi) / 2
                if spans[mid].start <= item.start { found = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            if found >= 0, item.start < spans[found].end { keys.append(UInt64(found) << 32 | UInt64(UInt32(item.term))) }
        }
        keys.sort()
        var p = 0
        while p < keys.count {
            var q = p + 1
            while q < keys.count, keys[q] == keys[p] { q += 1 }
            result[Int(keys[p] >> 32)].append((Int32(truncatingIfNeeded: keys[p] & 0xFFFF_FFFF), q - p))
            p = q
        }
        return result
    }

    /// The kept terms of a range in order (for TextRank).
    func terms(in range: TextRange) -> [Int32] {
        items.lazy.filter { $0.term >= 0 && !$0.single && $0.start >= range.start && $0.start < range.end }.map(\.term)
    }
}
