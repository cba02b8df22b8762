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
    /// Per term: one occurrence in `text` (its code points spell the term) and its index in the
    /// `TermTable` (or -1); the term's String is built only when it is asked for (`term(_:)`), for
    /// the few terms that are output.
    struct TermRef {
        var start: Int32
        var end: Int32
        var tableIndex: Int32
    }
    /// The terms by id, `termStore[..<termCount]`, and the items in text order,
    /// `itemStore[..<itemCount]`. The arrays are longer: they are handed on from document to
    /// document and written in place through pointers, not appended to (an append checks that the
    /// array is not shared, once per token).
    private var termStore: [TermRef] = []
    private(set) var termCount = 0
    private var itemStore: [Item] = []
    private(set) var itemCount = 0
    /// Term ids by content: open addressing keyed by the term's `hash`, checked against the term's
    /// occurrence, so a token costs no String and no `Hasher`. A slot is one word, the hash's low
    /// 32 bits (odd) above the id, 0 when empty: the table is made per document, and a table of
    /// zeros is cheaper to make than one of pairs.
    private var slots: [UInt64] = []
    let table: TermTable

    /// The items in text order.
    var items: ArraySlice<Item> { itemStore[..<itemCount] }

    /// "第", the ordinal prefix (第四批).
    private static let ordinalPrefix: UInt32 = 0x7B2C

    /// The arrays a sequence is built in, handed on from one document's sequence to the next
    /// (`init(…storage:)`, `release(into:)`): a batch of documents allocates them once, not three
    /// arrays per document.
    struct Storage {
        fileprivate var terms: [TermRef] = []
        fileprivate var slots: [UInt64] = []
        fileprivate var items: [Item] = []
    }

    init(document: Document, table: TermTable, stopwords: StopwordList, options: Options = Options()) {
        var storage = Storage()
        self.init(text: document.analysis, tokens: document.tokens, table: table, stopwords: stopwords, options: options,
                  storage: &storage)
    }

    /// The terms of `tokens` over the analysis text `s` (the document's layers, without copying
    /// the document), built in the arrays of `storage` (left empty). The tokens and stopwords are
    /// borrowed (an initializer's arguments are otherwise retained by the caller: four retains
    /// and releases per document for values only read here).
    init(text s: [Unicode.Scalar], tokens: borrowing [Token], table: TermTable, stopwords: borrowing StopwordList,
         options: Options = Options(), storage: inout Storage) {
        self.table = table
        self.text = s
        swap(&termStore, &storage.terms)
        swap(&itemStore, &storage.items)
        // The table lookups of all word tokens first, in a tight loop of independent reads: the
        // table is large, and its cache misses overlap here instead of stalling one by one.
        // Per token: its table index (-1: none), or -2 for a stopword (a temporary buffer: no
        // heap allocation for a short text).
        // (The items that hold a term, counted as they are read.)
        let termItems = withUnsafeTemporaryAllocation(of: Int32.self, capacity: tokens.count) { found in
            found.initialize(repeating: -1)
            // The tokens that may become terms (not stopwords, punctuation or spaces): at most as
            // many terms, and they size the term table.
            var candidates = 0
            tokens.withUnsafeBufferPointer { tokens in
                for t in tokens.indices {
                    switch tokens[t].kind {
                    case .word:
                        let r = tokens[t].range
                        let (k, stopword) = table.lookup(s, r.start, r.end)
                        found[t] = stopword ? -2 : Int32(k)
                        if !stopword { candidates += 1 }
                    case .latin, .number:
                        candidates += 1
                    case .punctuation, .space, .symbol:
                        break
                    }
                }
            }
            // Room for an item per token and a term per candidate (grown by doubling, so a batch
            // grows them a few times in all).
            if itemStore.count < tokens.count { itemStore = .filled(Self.noItem, count: max(tokens.count, 2 * itemStore.count)) }
            if termStore.count < candidates { termStore = .filled(Self.noTerm, count: max(candidates, 2 * termStore.count)) }
            var capacity = 16
            while capacity < candidates * 2 { capacity *= 2 }
            // The slots of the last document are cleared and used again when there are enough of
            // them but not so many that clearing them costs more than a new table. (Which slot
            // holds a term does not change its id: ids are numbered in order of occurrence.)
            if storage.slots.count >= capacity, storage.slots.count <= 4 * capacity {
                swap(&slots, &storage.slots)
                slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            } else {
                slots = [UInt64].filled(0, count: capacity)
            }
            return readTokens(tokens, found: UnsafeBufferPointer(found), text: s, table: table, stopwords: stopwords)
        }
        // A pair repeats only where a term does. Every term interned so far stands in `items`, so
        // when there are as many term items as terms (most short texts) no pair can reach
        // `minPairCount` and the first pass would merge nothing.
        // Nor can it with one repeated occurrence: a pair (a, b) twice needs a and b twice each
        // (a three times when a = b).
        guard options.minPairCount < 2 || termItems > termCount + 1 else { return }
        for _ in 0..<options.passes where mergePhrases(options, s) == 0 { break }
    }

    private static let noItem = Item(term: -1, start: 0, end: 0, single: false)
    private static let noTerm = TermRef(start: 0, end: 0, tableIndex: -1)

    /// Hands the sequence's arrays on to `storage`, for the next sequence built in it.
    mutating func release(into storage: inout Storage) {
        swap(&termStore, &storage.terms)
        swap(&slots, &storage.slots)
        swap(&itemStore, &storage.items)
    }

    /// Reads the items of `tokens` into `itemStore` and their terms into `termStore` (room for
    /// both made), given each token's table look-up (`found`); returns how many items hold a term.
    /// `s` is `text` and `table` is `self.table`, passed in: read in the closures below, `self.table`
    /// was retained once per token, and a local copy once per document.
    private mutating func readTokens(_ tokens: [Token], found: UnsafeBufferPointer<Int32>, text s: [Unicode.Scalar],
                                     table: TermTable, stopwords: StopwordList) -> Int {
        var lower: [Unicode.Scalar] = []
        var termItems = 0, n = 0, terms = 0
        // Fields read in place: no token's text string is touched.
        s.withUnsafeBufferPointer { text in
            tokens.withUnsafeBufferPointer { tokens in
                itemStore.withUnsafeMutableBufferPointer { items in
                    termStore.withUnsafeMutableBufferPointer { termStore in
                        slots.withUnsafeMutableBufferPointer { slots in
                            var interner = Interner(text: text, terms: termStore, count: 0, slots: slots)
                            for t in tokens.indices {
                                let r = tokens[t].range
                                var term: Int32 = -1
                                var single = false
                                switch tokens[t].kind {
                                case .word:
                                    let k = found[t]
                                    if k != -2, !table.isNumeralLike(s, r.start, r.end) {
                                        term = interner.intern(r.start, r.end, tableIndex: Int(k))
                                        single = r.length == 1
                                    }
                                case .latin:
                                    if r.length >= 2,
                                       !Self.isLatinStopword(s, r, tokens[t], table: table, stopwords: stopwords, scratch: &lower) {
                                        term = interner.intern(r.start, r.end, tableIndex: table.index(s, r.start, r.end))
                                    }
                                case .number:
                                    // 5G, 3D: a number token that carries letters is a name, not a quantity.
                                    if (r.start..<r.end).contains(where: { Self.isAsciiLetter(text[$0]) }) {
                                        term = interner.intern(r.start, r.end, tableIndex: table.index(s, r.start, r.end))
                                    }
                                case .punctuation, .space, .symbol:
                                    break
                                }
                                if term < 0, n > 0, items[n - 1].term < 0 {
                                    items[n - 1].end = r.end     // collapse runs of breaks
                                    continue
                                }
                                items[n] = Item(term: term, start: r.start, end: r.end, single: single)
                                n += 1
                                if term >= 0 { termItems += 1 }
                            }
                            terms = interner.count
                        }
                    }
                }
            }
        }
        itemCount = n
        termCount = terms
        return termItems
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

    /// The text of a term (the table's String when it has the word).
    func term(_ id: Int32) -> String {
        let t = termStore[Int(id)]
        if t.tableIndex >= 0, let word = table.word(Int(t.tableIndex), spelling: text, Int(t.start), Int(t.end)) { return word }
        return ScalarText.string(text, Int(t.start), Int(t.end))
    }

    /// All terms' texts by id.
    var vocabulary: [String] { (0..<Int32(termCount)).map(term) }

    /// Whether the text of term `a` sorts before that of term `b` (`String`'s order: code points
    /// of the NFC form). Ideographs and Latin text are NFC as they stand (`CharacterClass.isStableNFC`)
    /// and are compared by code points; anything else goes through `String`.
    func termPrecedes(_ a: Int32, _ b: Int32) -> Bool {
        let x = termStore[Int(a)], y = termStore[Int(b)]
        // Code points read through a buffer pointer (no bounds check per read); nil: not NFC as
        // they stand.
        let precedes: Bool? = text.withUnsafeBufferPointer { text in
            var p = Int(x.start), q = Int(y.start)
            let pe = Int(x.end), qe = Int(y.end)
            for i in p..<pe where !CharacterClass.isStableNFC(text[i]) { return nil }
            for i in q..<qe where !CharacterClass.isStableNFC(text[i]) { return nil }
            while p < pe, q < qe {
                let u = text[p].value, v = text[q].value
                if u != v { return u < v }
                p += 1
                q += 1
            }
            return pe - p < qe - q
        }
        return precedes ?? (term(a) < term(b))
    }

    /// The intern table of a sequence, over pointers to its arrays: `terms[..<count]` the terms by
    /// id, `slots` the open-addressing table (a power of two long).
    private struct Interner {
        let text: UnsafeBufferPointer<Unicode.Scalar>
        let terms: UnsafeMutableBufferPointer<TermRef>
        var count: Int
        let slots: UnsafeMutableBufferPointer<UInt64>

        /// The hash of the term spelled by `s[start..<end]`, `k` its index in the table (or -1). A
        /// word of the table is known by its index and length (the table's look-up matches every
        /// code point, but for trailing U+0000s after a word of at most three), so only the few
        /// terms the table lacks hash their code points.
        @inline(__always)
        static func hash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, tableIndex k: Int) -> UInt64 {
            if k >= 0 { return (UInt64(k) << 16 ^ UInt64(end - start)) &* 0x9E37_79B9_7F4A_7C15 | 1 }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in start..<end { h = (h ^ UInt64(s[i].value)) &* 0x0000_0100_0000_01b3 }
            return h | 1
        }

        /// The slot holding term `id` of hash `h`, and the id a slot holds.
        @inline(__always) static func slotValue(_ h: UInt64, _ id: Int32) -> UInt64 { h << 32 | UInt64(UInt32(bitPattern: id)) }
        @inline(__always) static func slotID(_ slot: UInt64) -> Int32 { Int32(truncatingIfNeeded: slot) }

        /// The slot of the term spelled by `s[start..<end]` (table index `k`, hash `h`): where it
        /// is, or the empty slot where it goes.
        @inline(__always)
        func slot(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, _ k: Int, _ h: UInt64) -> Int {
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while slots[i] != 0 {
                if slots[i] >> 32 == h & 0xFFFF_FFFF {
                    let ref = terms[Int(Self.slotID(slots[i]))]
                    let a = Int(ref.start), b = Int(ref.end)
                    if Int(ref.tableIndex) == k, b - a == end - start {
                        if k >= 0 { return i }
                        var same = true
                        var p = a, q = start
                        while q < end { if text[p] != s[q] { same = false; break }; p += 1; q += 1 }
                        if same { return i }
                    }
                }
                i = (i + 1) & mask
            }
            return i
        }

        /// The id of the term spelled by `text[start..<end]`; `tableIndex` is its index in the
        /// table (≥ 0) or -1. The caller makes room: a free place in `terms`, and at least twice as
        /// many slots as terms after it.
        @inline(__always)
        mutating func intern(_ start: Int, _ end: Int, tableIndex k: Int) -> Int32 {
            let h = Self.hash(text, start, end, tableIndex: k)
            let i = slot(text, start, end, k, h)
            if slots[i] != 0 { return Self.slotID(slots[i]) }
            let id = Int32(count)
            terms[count] = TermRef(start: Int32(start), end: Int32(end), tableIndex: Int32(k))
            count += 1
            slots[i] = Self.slotValue(h, id)
            return id
        }
    }

    /// `Interner.intern` on the sequence's arrays, making room first (merged phrases: a few terms
    /// per document, after the tokens are read). `s` is `text`, passed in (`self.text` read here
    /// was retained).
    private mutating func intern(_ start: Int, _ end: Int, tableIndex k: Int, text s: [Unicode.Scalar]) -> Int32 {
        if termCount == termStore.count {
            termStore.append(contentsOf: repeatElement(Self.noTerm, count: max(16, termStore.count)))
        }
        if (termCount + 1) * 2 > slots.count { rehash(into: 2 * slots.count) }
        let count = termCount
        let id = s.withUnsafeBufferPointer { text in
            termStore.withUnsafeMutableBufferPointer { terms in
                slots.withUnsafeMutableBufferPointer { slots in
                    var interner = Interner(text: text, terms: terms, count: count, slots: slots)
                    return interner.intern(start, end, tableIndex: k)
                }
            }
        }
        termCount = max(termCount, Int(id) + 1)
        return id
    }

    /// Builds a table of `capacity` slots (a power of two) holding every term.
    private mutating func rehash(into capacity: Int) {
        slots = [UInt64].filled(0, count: capacity)
        let count = termCount
        text.withUnsafeBufferPointer { text in
            termStore.withUnsafeMutableBufferPointer { terms in
                slots.withUnsafeMutableBufferPointer { slots in
                    let interner = Interner(text: text, terms: terms, count: count, slots: slots)
                    for id in 0..<count {
                        let a = Int(terms[id].start), b = Int(terms[id].end), k = Int(terms[id].tableIndex)
                        let h = Interner.hash(text, a, b, tableIndex: k)
                        slots[interner.slot(text, a, b, k, h)] = Interner.slotValue(h, Int32(id))
                    }
                }
            }
        }
    }

    /// The id of the term spelled by `s[start..<end]`, if the document has it.
    func id(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int32? {
        guard end > start, end <= s.count else { return nil }
        let k = table.index(s, start, end)
        // (Read only: the interner's mutable pointers are not written through here.)
        return s.withUnsafeBufferPointer { s in
            text.withUnsafeBufferPointer { text in
                termStore.withUnsafeBufferPointer { terms in
                    slots.withUnsafeBufferPointer { slots in
                        let interner = Interner(text: text, terms: UnsafeMutableBufferPointer(mutating: terms), count: termCount,
                                                slots: UnsafeMutableBufferPointer(mutating: slots))
                        let i = interner.slot(s, start, end, k, Interner.hash(s, start, end, tableIndex: k))
                        return slots[i] != 0 ? Interner.slotID(slots[i]) : nil
                    }
                }
            }
        }
    }

    func id(of term: String) -> Int32? {
        let s = Array(term.unicodeScalars)
        return id(s, 0, s.count)
    }

    /// The table's facts about a term.
    func info(_ id: Int32) -> TermTable.Info { table.info(Int(termStore[Int(id)].tableIndex)) }

    /// Pure numerals, and a numeral (or 第 + numeral) followed by at most one character.
    static func isNumeralLike(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        var i = start
        if s[i].value == ordinalPrefix { i += 1 }
        let digitsStart = i
        while i < end, NumberScanner.isChineseNumeral(s[i]) || NumberScanner.isDigit(s[i]) { i += 1 }
        return i > digitsStart && end - i <= 1
    }

    private static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// Per term, what a merging pass needs.
    private struct TermFacts {
        var unigram = 0
        var length = 0
        var single = false
    }

    /// One merging pass; returns the number of merges.
    private mutating func mergePhrases(_ options: Options, _ s: [Unicode.Scalar]) -> Int {
        // Adjacent pairs, counted by sorting (cheaper than hashing for a document's few pairs),
        // in a temporary buffer (no array per pass).
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: itemCount) { buffer in
            let n = itemStore.withUnsafeBufferPointer { items in
                var n = 0
                for k in 0..<itemCount where items[k].term >= 0 {
                    if k + 1 < itemCount, items[k + 1].term >= 0, items[k + 1].start == items[k].end {
                        buffer[n] = Self.pairKey(items[k].term, items[k + 1].term)
                        n += 1
                    }
                }
                return n
            }
            guard n > 0 else { return 0 }
            var pairKeys = UnsafeMutableBufferPointer(rebasing: buffer[..<n])
            pairKeys.sort()
            // Most short documents repeat no pair: nothing can merge.
            var repeated = false
            var p = 0
            while p < pairKeys.count {
                var q = p + 1
                while q < pairKeys.count, pairKeys[q] == pairKeys[p] { q += 1 }
                if q - p >= options.minPairCount { repeated = true; break }
                p = q
            }
            guard repeated else { return 0 }
            return withUnsafeTemporaryAllocation(of: TermFacts.self, capacity: termCount) { facts in
                facts.initialize(repeating: TermFacts())
                return merge(options, s, pairKeys: UnsafeBufferPointer(pairKeys), facts: facts)
            }
        }
    }

    /// The merges of a pass given its sorted pair keys (some repeated) and a buffer of facts, one
    /// per term, to fill.
    private mutating func merge(_ options: Options, _ s: [Unicode.Scalar], pairKeys: UnsafeBufferPointer<UInt64>,
                                facts: UnsafeMutableBufferPointer<TermFacts>) -> Int {
        let count = itemCount
        for item in itemStore[..<count] where item.term >= 0 {
            let t = Int(item.term)
            facts[t].unigram += 1
            facts[t].length = item.end - item.start
            if item.single { facts[t].single = true }
        }
        // Accepted pairs in key order (the keys are sorted), found by binary search.
        var accepted: [UInt64] = []
        var acceptedDice: [Double] = []
        var p = 0
        while p < pairKeys.count {
            let key = pairKeys[p]
            var q = p + 1
            while q < pairKeys.count, pairKeys[q] == key { q += 1 }
            let n = q - p
            p = q
            guard n >= options.minPairCount else { continue }
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            guard table.info(Int(termStore[a].tableIndex)).generic >= 1, table.info(Int(termStore[b].tableIndex)).generic >= 1 else { continue }
            let dice = 2 * Double(n) / Double(facts[a].unigram + facts[b].unigram)
            // Two whole words need more evidence than a word and a stray character.
            let compound = !facts[a].single && !facts[b].single
            guard dice >= (compound ? options.minCompoundDice : options.minDice),
                  n >= (compound ? options.minCompoundPairCount : options.minPairCount) else { continue }
            guard facts[a].length + facts[b].length <= options.maxPhraseLength else { continue }
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
            guard k + 1 < count, itemStore[k + 1].term >= 0, itemStore[k + 1].start == itemStore[k].end,
                  let right = dice(Self.pairKey(itemStore[k].term, itemStore[k + 1].term)) else { return false }
            return right > d
        }
        // The merged items are written over the items in place: item `m` is written after the
        // items from `k` ≥ `m` on are read.
        var k = 0, m = 0
        var merges = 0
        while k < count {
            let item = itemStore[k]
            if item.term >= 0, k + 1 < count {
                let next = itemStore[k + 1]
                if next.term >= 0, next.start == item.end, let d = dice(Self.pairKey(item.term, next.term)),
                   !prefersRight(k + 1, over: d) {
                    let id = intern(item.start, next.end, tableIndex: table.index(s, item.start, next.end), text: s)
                    itemStore[m] = Item(term: id, start: item.start, end: next.end, single: false)
                    m += 1
                    k += 2
                    merges += 1
                    continue
                }
            }
            itemStore[m] = item
            m += 1
            k += 1
        }
        itemCount = m
        return merges
    }

    /// Number of term occurrences (single characters left out).
    var occurrenceCount: Int { items.reduce(0) { $0 + ($1.term >= 0 && !$1.single ? 1 : 0) } }

    /// A term and how often it occurs in a span.
    struct TermCount {
        var term: Int32
        var count: Int
    }

    /// Term counts per span in one pass (spans in text order; an item belongs to the last span
    /// that starts at or before it and contains it), in no particular order.
    func counts(in spans: [TextRange]) -> [[TermCount]] {
        guard !spans.isEmpty else { return [] }
        if spans.count == 1 {
            return withUnsafeTemporaryAllocation(of: TermCount.self, capacity: termCount) { buffer in
                [Array(buffer[..<counts(in: spans[0], into: buffer)])]
            }
        }
        var result = [[TermCount]].filled([], count: spans.count)
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
            result[Int(keys[p] >> 32)].append(TermCount(term: Int32(truncatingIfNeeded: keys[p] & 0xFFFF_FFFF), count: q - p))
            p = q
        }
        return result
    }

    /// The term counts of one span (`counts(in: [span])`), in id order, written to `result` (of
    /// at least `termCount` places); returns how many there are. A counter per term, read out in
    /// place.
    func counts(in span: TextRange, into result: UnsafeMutableBufferPointer<TermCount>) -> Int {
        for t in 0..<termCount { result[t] = TermCount(term: Int32(t), count: 0) }
        itemStore.withUnsafeBufferPointer { items in
            for k in 0..<itemCount where items[k].term >= 0 && !items[k].single && items[k].start >= span.start && items[k].start < span.end {
                result[Int(items[k].term)].count += 1
            }
        }
        var n = 0
        for t in 0..<termCount where result[t].count > 0 {
            result[n] = result[t]
            n += 1
        }
        return n
    }

    /// The kept terms of a range in order (for TextRank).
    func terms(in range: TextRange) -> [Int32] {
        items.lazy.filter { $0.term >= 0 && !$0.single && $0.start >= range.start && $0.start < range.end }.map(\.term)
    }
}
