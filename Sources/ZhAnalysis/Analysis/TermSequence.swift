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

    private(set) var vocabulary: [String] = []
    /// Per term: its index in the `TermTable`, or -1.
    private(set) var tableIndex: [Int32] = []
    private var ids: [String: Int32] = [:]
    /// Terms found in the table, by table index: a small open-addressing map sized for the
    /// document (key −1: empty), so a token costs no string hashing and no `Hasher`.
    private var localKeys: [Int32] = []
    private var localIds: [Int32] = []
    private var localMask = 0
    private(set) var items: [Item] = []
    let table: TermTable

    /// "第", the ordinal prefix (第四批).
    private static let ordinalPrefix: UInt32 = 0x7B2C

    init(document: Document, table: TermTable, stopwords: StopwordList, options: Options = Options()) {
        self.table = table
        items.reserveCapacity(document.tokens.count)
        var capacity = 16
        while capacity < document.tokens.count * 2 { capacity *= 2 }
        localKeys = [Int32](repeating: -1, count: capacity)
        localIds = [Int32](repeating: -1, count: capacity)
        localMask = capacity - 1
        let s = document.analysis
        let tokens = document.tokens
        // Fields read in place: the token's text string is touched only for a new term.
        for t in tokens.indices {
            let r = tokens[t].range
            var term: Int32 = -1
            var single = false
            switch tokens[t].kind {
            case .word:
                let (k, stopword) = table.lookup(s, r.start, r.end)
                if !stopword, !Self.isNumeralLike(s, r.start, r.end) {
                    term = intern(tokens[t].text, tableIndex: k)
                    single = r.length == 1
                }
            case .latin:
                if r.length >= 2, !stopwords.isStopword(tokens[t].text.lowercased()) {
                    term = intern(tokens[t].text, tableIndex: table.index(s, r.start, r.end))
                }
            case .number:
                // 5G, 3D: a number token that carries letters is a name, not a quantity.
                if (r.start..<r.end).contains(where: { s[$0].properties.isAlphabetic && s[$0].isASCII }) {
                    term = intern(tokens[t].text, tableIndex: table.index(s, r.start, r.end))
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

    /// The id of a term; `tableIndex` is its index in the table (≥ 0) or -1.
    mutating func intern(_ term: @autoclosure () -> String, tableIndex k: Int) -> Int32 {
        var slot = 0
        if k >= 0 {
            slot = localSlot(k)
            if localKeys[slot] >= 0 { return localIds[slot] }
        }
        let text = term()
        if k < 0, let id = ids[text] { return id }
        let id = Int32(vocabulary.count)
        vocabulary.append(text)
        tableIndex.append(Int32(k))
        if k >= 0 {
            if vocabulary.count * 2 > localKeys.count { growLocal() ; slot = localSlot(k) }
            localKeys[slot] = Int32(k)
            localIds[slot] = id
        } else {
            ids[text] = id
        }
        return id
    }

    /// The slot of table index `k`: where it is, or the empty slot where it goes.
    @inline(__always) private func localSlot(_ k: Int) -> Int {
        var i = Int(truncatingIfNeeded: (UInt64(k) &* 0x9E37_79B9_7F4A_7C15) >> 32) & localMask
        while localKeys[i] >= 0 && Int(localKeys[i]) != k { i = (i + 1) & localMask }
        return i
    }

    private mutating func growLocal() {
        let keys = localKeys, values = localIds
        localKeys = [Int32](repeating: -1, count: keys.count * 2)
        localIds = [Int32](repeating: -1, count: keys.count * 2)
        localMask = keys.count * 2 - 1
        for (i, key) in keys.enumerated() where key >= 0 {
            let slot = localSlot(Int(key))
            localKeys[slot] = key
            localIds[slot] = values[i]
        }
    }

    func id(of term: String) -> Int32? {
        if let id = ids[term] { return id }
        let s = Array(term.unicodeScalars)
        let k = table.index(s, 0, s.count)
        guard k >= 0 else { return nil }
        let slot = localSlot(k)
        return localKeys[slot] >= 0 ? localIds[slot] : nil
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
        var unigram = [Int](repeating: 0, count: vocabulary.count)
        var isSingle = [Bool](repeating: false, count: vocabulary.count)
        let mergeable = tableIndex.map { table.info(Int($0)).generic >= 1 }
        // Adjacent pairs, counted by sorting (cheaper than hashing for a document's few pairs).
        var pairKeys: [UInt64] = []
        var termLength = [Int](repeating: 0, count: vocabulary.count)
        for (k, item) in items.enumerated() where item.term >= 0 {
            unigram[Int(item.term)] += 1
            termLength[Int(item.term)] = item.end - item.start
            if item.single { isSingle[Int(item.term)] = true }
            if k + 1 < items.count, items[k + 1].term >= 0, items[k + 1].start == item.end {
                pairKeys.append(Self.pairKey(item.term, items[k + 1].term))
            }
        }
        var accepted: [UInt64: Double] = [:]     // pair → Dice
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
            guard mergeable[a], mergeable[b] else { continue }
            let dice = 2 * Double(n) / Double(unigram[a] + unigram[b])
            // Two whole words need more evidence than a word and a stray character.
            let compound = !isSingle[a] && !isSingle[b]
            guard dice >= (compound ? options.minCompoundDice : options.minDice),
                  n >= (compound ? options.minCompoundPairCount : options.minPairCount) else { continue }
            guard termLength[a] + termLength[b] <= options.maxPhraseLength else { continue }
            accepted[key] = dice
        }
        guard !accepted.isEmpty else { return 0 }
        var merged: [Item] = []
        merged.reserveCapacity(items.count)
        var k = 0
        var count = 0
        while k < items.count {
            let item = items[k]
            if item.term >= 0, k + 1 < items.count {
                let next = items[k + 1]
                if next.term >= 0, next.start == item.end, let dice = accepted[Self.pairKey(item.term, next.term)],
                   !prefersRight(k + 1, over: dice, accepted) {
                    let phrase = vocabulary[Int(item.term)] + vocabulary[Int(next.term)]
                    let id = intern(phrase, tableIndex: table.index(s, item.start, next.end))
                    merged.append(Item(term: id, start: item.start, end: next.end, single: false))
                    k += 2
                    count += 1
                    continue
                }
            }
            merged.append(item)
            k += 1
        }
        items = merged
        return count
    }

    /// Whether the item at `k` binds more strongly to its right neighbour than `dice` (团体 接 单:
    /// 接 goes with 单, not with 团体).
    private func prefersRight(_ k: Int, over dice: Double, _ accepted: [UInt64: Double]) -> Bool {
        guard k + 1 < items.count, items[k + 1].term >= 0, items[k + 1].start == items[k].end,
              let right = accepted[Self.pairKey(items[k].term, items[k + 1].term)] else { return false }
        return right > dice
    }

    /// Number of term occurrences (single characters left out).
    var termCount: Int { items.reduce(0) { $0 + ($1.term >= 0 && !$1.single ? 1 : 0) } }

    /// Term counts of the items starting inside `range` (single characters left out).
    func counts(in range: TextRange) -> [Int32: Int] {
        var result: [Int32: Int] = [:]
        for item in items where item.term >= 0 && !item.single && item.start >= range.start && item.start < range.end {
            result[item.term, default: 0] += 1
        }
        return result
    }

    /// Term counts per span in one pass (spans in text order; an item belongs to the last span
    /// that starts at or before it and contains it).
    func counts(in spans: [TextRange]) -> [[Int32: Int]] {
        var result = [[Int32: Int]](repeating: [:], count: spans.count)
        guard !spans.isEmpty else { return result }
        let starts = spans.map(\.start)
        for item in items where item.term >= 0 && !item.single {
            // Binary search: last span with start <= item.start.
            var lo = 0, hi = starts.count - 1, found = -1
            while lo <= hi {
                let mid = (lo + hi) / 2
                if starts[mid] <= item.start { found = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            if found >= 0, item.start < spans[found].end { result[found][item.term, default: 0] += 1 }
        }
        return result
    }

    /// The kept terms of a range in order (for TextRank).
    func terms(in range: TextRange) -> [Int32] {
        items.lazy.filter { $0.term >= 0 && !$0.single && $0.start >= range.start && $0.start < range.end }.map(\.term)
    }
}
