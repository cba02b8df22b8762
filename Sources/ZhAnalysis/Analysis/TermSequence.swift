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
    private var ids: [String: Int32] = [:]
    private(set) var items: [Item] = []

    /// "第", the ordinal prefix (第四批).
    private static let ordinalPrefix: UInt32 = 0x7B2C

    init(document: Document, stopwords: StopwordList, options: Options = Options()) {
        items.reserveCapacity(document.tokens.count)
        let s = document.analysis
        for token in document.tokens {
            let r = token.range
            var term: Int32 = -1
            var single = false
            switch token.kind {
            case .word:
                if !stopwords.isStopword(token.text), !Self.isNumeralLike(s, r.start, r.end) {
                    term = intern(token.text)
                    single = r.length == 1
                }
            case .latin:
                if r.length >= 2, !stopwords.isStopword(token.text.lowercased()) { term = intern(token.text) }
            case .number:
                // 5G, 3D: a number token that carries letters is a name, not a quantity.
                if (r.start..<r.end).contains(where: { s[$0].properties.isAlphabetic && s[$0].isASCII }) {
                    term = intern(token.text)
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
        for _ in 0..<options.passes where mergePhrases(options, stopwords) == 0 { break }
    }

    mutating func intern(_ term: String) -> Int32 {
        if let id = ids[term] { return id }
        let id = Int32(vocabulary.count)
        vocabulary.append(term)
        ids[term] = id
        return id
    }

    func id(of term: String) -> Int32? { ids[term] }

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
    private mutating func mergePhrases(_ options: Options, _ stopwords: StopwordList) -> Int {
        var unigram = [Int](repeating: 0, count: vocabulary.count)
        var isSingle = [Bool](repeating: false, count: vocabulary.count)
        let mergeable = vocabulary.map { stopwords.factor($0) >= 1 }
        var pairs: [UInt64: Int] = [:]
        for (k, item) in items.enumerated() where item.term >= 0 {
            unigram[Int(item.term)] += 1
            if item.single { isSingle[Int(item.term)] = true }
            if k + 1 < items.count, items[k + 1].term >= 0, items[k + 1].start == item.end {
                pairs[Self.pairKey(item.term, items[k + 1].term), default: 0] += 1
            }
        }
        var accepted: [UInt64: Double] = [:]     // pair → Dice
        for (key, n) in pairs where n >= options.minPairCount {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            guard mergeable[a], mergeable[b] else { continue }
            let dice = 2 * Double(n) / Double(unigram[a] + unigram[b])
            // Two whole words need more evidence than a word and a stray character.
            let compound = !isSingle[a] && !isSingle[b]
            guard dice >= (compound ? options.minCompoundDice : options.minDice),
                  n >= (compound ? options.minCompoundPairCount : options.minPairCount) else { continue }
            let length = vocabulary[a].unicodeScalars.count + vocabulary[b].unicodeScalars.count
            guard length <= options.maxPhraseLength else { continue }
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
                    let id = intern(vocabulary[Int(item.term)] + vocabulary[Int(next.term)])
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
