/// What the keyword stage knows of a word before reading any document — stopword, generic-word
/// factor, background IDF, name tag — in one trie read by code points, so a document's terms are
/// looked up without building or hashing strings. Built once per `KeywordExtractor`.
///
/// The words are those of the stopword list, the background table and the lexicon's names
/// (ns, nr, nt); any other word is an ordinary word with the background table's fallback IDF.
struct TermTable: Sendable {
    struct Info: Sendable {
        var stopword = false
        /// `StopwordList.factor`: 1 for ordinary words.
        var generic = 1.0
        var idf: Double
        /// Tagged as a place, person or organisation name in the lexicon.
        var name = false
    }

    private(set) var infos: [Info] = []
    let fallback: Info
    /// Open addressing: one probe finds a word (key and index side by side). Words of up to
    /// three code points are their own key; longer ones are keyed by a hash and checked
    /// against `pool`.
    private struct Slot: Sendable {
        var key: UInt64
        var index: Int32
        /// Copy of `infos[index].stopword`: the one fact read for every token, in the same line.
        var stopword: Bool
    }
    private var slots: [Slot] = []
    private var pool: [Unicode.Scalar] = []
    private var poolRange: [Range<Int>] = []
    private static let empty = UInt64.max

    init(stopwords: StopwordList, background: IDFTable, lexicon: Lexicon?) {
        fallback = Info(idf: background.fallback)
        var index: [String: Int] = [:]
        var words: [String] = []
        func slot(_ word: String) -> Int {
            if let k = index[word] { return k }
            let k = infos.count
            index[word] = k
            infos.append(Info(idf: background.idf(word)))
            words.append(word)
            return k
        }
        for w in stopwords.stopwords where !w.isEmpty { infos[slot(w)].stopword = true }
        for (w, f) in stopwords.generic where !w.isEmpty { infos[slot(w)].generic = f }
        for w in background.values.keys where !w.isEmpty { _ = slot(w) }
        for entry in lexicon?.entries ?? [] where entry.tag == "ns" || entry.tag == "nr" || entry.tag == "nt" {
            if !entry.word.isEmpty { infos[slot(entry.word)].name = true }
        }
        // Load factor 0.7 (not a power of two: the table stays small enough to share the cache).
        let capacity = max(64, words.count * 10 / 7 + 1)
        slots = [Slot](repeating: Slot(key: Self.empty, index: -1, stopword: false), count: capacity)
        for (k, word) in words.enumerated() {
            let start = pool.count
            pool.append(contentsOf: word.unicodeScalars)
            poolRange.append(start..<pool.count)
            let key = Self.key(pool, start, pool.count)
            var i = Self.slot(key, capacity)
            while slots[i].key != Self.empty { i = i + 1 == capacity ? 0 : i + 1 }
            slots[i] = Slot(key: key, index: Int32(k), stopword: infos[k].stopword)
        }
    }

    @inline(__always) private static func key(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt64 {
        if end - start <= 3 {
            var key: UInt64 = 0
            var shift: UInt64 = 0
            for i in start..<end {
                key |= UInt64(s[i].value) << shift
                shift += 21
            }
            return key
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { h = (h ^ UInt64(s[i].value)) &* 0x0000_0100_0000_01b3 }
        return (h & 0x7FFF_FFFF_FFFF_FFFE) | (1 << 63)
    }

    /// Multiplicative hash mapped onto `0..<capacity` by a multiply-shift.
    @inline(__always) private static func slot(_ key: UInt64, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: (((key &* 0x9E37_79B9_7F4A_7C15) >> 32) &* UInt64(capacity)) >> 32)
    }

    /// Index into `infos` of the word `s[start..<end]`, or -1.
    @inline(__always)
    func index(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int { lookup(s, start, end).index }

    /// Index into `infos` of the word `s[start..<end]` (or -1) and whether it is a stopword.
    @inline(__always)
    func lookup(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> (index: Int, stopword: Bool) {
        guard end > start, !slots.isEmpty else { return (-1, false) }
        let key = Self.key(s, start, end)
        let capacity = slots.count
        var i = Self.slot(key, capacity)
        while true {
            let slot = slots[i]
            if slot.key == Self.empty { return (-1, false) }
            if slot.key == key {
                let k = Int(slot.index)
                if end - start <= 3 || equalsPool(k, s, start, end) { return (k, slot.stopword) }
            }
            i = i + 1 == capacity ? 0 : i + 1
        }
    }

    /// Whether word `k` is spelled `s[start..<end]`.
    @inline(__always) private func equalsPool(_ k: Int, _ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        let r = poolRange[k]
        guard r.count == end - start else { return false }
        var p = r.lowerBound
        for q in start..<end {
            if pool[p] != s[q] { return false }
            p += 1
        }
        return true
    }

    func info(_ k: Int) -> Info { k >= 0 ? infos[k] : fallback }
}
