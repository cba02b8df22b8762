/// What the keyword stage knows of a word before reading any document — stopword, generic-word
/// factor, background IDF, name tag — in one trie read by code points, so a document's terms are
/// looked up without building or hashing strings. Built once per `KeywordExtractor`, and shared
/// (a class of constants: each document's `TermSequence` holds a reference, not a copy retaining
/// every table).
///
/// The words are those of the stopword list, the background table and the lexicon's names
/// (ns, nr, nt); any other word is an ordinary word with the background table's fallback IDF.
final class TermTable: Sendable {
    struct Info: Sendable {
        var stopword = false
        /// `StopwordList.factor`: 1 for ordinary words.
        var generic = 1.0
        var idf: Double
        /// Tagged as a place, person or organisation name in the lexicon.
        var name = false
    }

    let infos: [Info]
    /// Per word the lexicon's String (nil: not a lexicon word): a keyword the lexicon has is
    /// output as the lexicon's String, not built again from the document's code points. (One
    /// array read by word: through the word's entry index into the entries, the read of an
    /// output keyword's String was two cache misses, one waiting on the other.)
    private let words: [String?]
    let fallback: Info
    /// Words `0..<stopwordCount` are the stopwords (they are numbered first).
    private let stopwordCount: Int
    /// Short words — one to three code points, each in 1..<U+10000 — in a compact open-addressing
    /// table: entry = (code points packed 16 bits each) << 16 | word index, `UInt64.max` empty.
    /// Eight bytes a word, so the table mostly stays in the cache; a miss here is final.
    /// Empty when there are too many words for 16-bit indices (then every word is in `slots`).
    private let compact: [UInt64]
    /// The first `hotWords` short words (stopwords, then by frequency) again, same entries, in a
    /// power-of-two table small enough for the first-level cache; a miss here goes on to `compact`.
    private let hot: [UInt64]
    private static let hotCapacity = 4096
    private static let hotWords = 2400
    /// The other words (all of them when `compact` is empty), keyed by code points when they have
    /// at most three, else by a hash checked against `pool` (the word, then a 0 terminator, from
    /// `poolStart`).
    private struct Slot: Sendable {
        var key: UInt64
        var index: Int32
        var poolStart: UInt32
    }
    private let slots: [Slot]
    private let pool: [Unicode.Scalar]
    private static let empty = UInt64.max

    /// The background IDF as the table reads it: a table (`--idf FILE`), or the lexicon's Poisson
    /// estimate per entry (`IDFTable.lexiconValues`: NaN where an entry has none), which spares
    /// building and hashing a String-keyed table of every word at start-up.
    enum Background {
        case table(IDFTable)
        case lexicon(values: [Double], fallback: Double)
    }

    /// The words in the order they are met while the table is built, with what its look-up
    /// tables are made of.
    private struct WordList {
        var infos: [Info] = []
        /// Per word: its lexicon entry (-1: none) and that entry's frequency (0 without one).
        var entryOf: [Int32] = []
        var frequency: [Double] = []
        /// Every word's code points one after another, word `k`'s at
        /// `spelling[spellingStart[k]..<spellingStart[k + 1]]` (not an array per word).
        var spelling: [Unicode.Scalar] = []
        var spellingStart = [0]
        // Words are found again by their lexicon entry where the lexicon knows them (no String
        // is hashed: hashing 30,000 Chinese strings several times each was most of this stage's
        // start-up); the few others (stopwords, words of a custom background) by a dictionary.
        var ofEntry: [Int32]
        var other: [String: Int] = [:]

        init(entryCount: Int, capacity: Int) {
            ofEntry = [Int32].filled(-1, count: entryCount)
            infos.reserveCapacity(capacity)
            entryOf.reserveCapacity(capacity)
            frequency.reserveCapacity(capacity)
            spelling.reserveCapacity(3 * capacity)
            spellingStart.reserveCapacity(capacity + 1)
        }

        /// The number of `word`, lexicon entry `entry` (of `frequency`) if it is one; a new word
        /// is added with the IDF `idf()`.
        mutating func slot(_ word: String, entry: Int?, frequency f: Double, idf: () -> Double) -> Int {
            if let entry, ofEntry[entry] >= 0 { return Int(ofEntry[entry]) }
            if entry == nil, let k = other[word] { return k }
            let k = infos.count
            if let entry { ofEntry[entry] = Int32(k) } else { other[word] = k }
            infos.append(Info(idf: idf()))
            entryOf.append(Int32(entry ?? -1))
            frequency.append(f)
            for c in word.unicodeScalars { spelling.append(c) }
            spellingStart.append(spelling.count)
            return k
        }

        /// `slot` for a word that may or may not be in `lexicon`; `idf(entry)`.
        mutating func slot(_ word: String, _ lexicon: Lexicon?, idf: (Int?) -> Double) -> Int {
            let entry = lexicon?.lookupIndex(word)
            return slot(word, entry: entry, frequency: entry.map { lexicon!.entries[$0].frequency } ?? 0) { idf(entry) }
        }
    }

    convenience init(stopwords: StopwordList, background: IDFTable, lexicon: Lexicon?) {
        self.init(stopwords: stopwords, background: .table(background), lexicon: lexicon)
    }

    init(stopwords: StopwordList, background: Background, lexicon: Lexicon?) {
        let backgroundFallback: Double
        switch background {
        case .table(let t): backgroundFallback = t.fallback
        case .lexicon(_, let f): backgroundFallback = f
        }
        fallback = Info(idf: backgroundFallback)
        let entries = lexicon?.entries ?? []
        /// The background IDF of a word, lexicon entry `entry` if it is one (the fallback for a
        /// word the background lacks).
        func backgroundIDF(_ word: String, entry: Int?) -> Double {
            switch background {
            case .table(let t): return t.idf(word)
            case .lexicon(let values, let f):
                if let e = entry, e < values.count, !values[e].isNaN { return values[e] }
                return f
            }
        }
        var list = WordList(entryCount: lexicon?.count ?? 0,
                            capacity: (lexicon?.count ?? 0) + stopwords.stopwords.count + stopwords.generic.count)
        for w in stopwords.stopwords where !w.isEmpty {
            list.infos[list.slot(w, lexicon) { backgroundIDF(w, entry: $0) }].stopword = true
        }
        let stopwordCount = list.infos.count
        self.stopwordCount = stopwordCount
        for (w, f) in stopwords.generic where !w.isEmpty {
            list.infos[list.slot(w, lexicon) { backgroundIDF(w, entry: $0) }].generic = f
        }
        switch background {
        case .table(let t):
            for (w, v) in t.values where !w.isEmpty { _ = list.slot(w, lexicon) { _ in v } }
        case .lexicon(let values, _):
            if let lexicon {
                for (e, v) in values.enumerated() where !v.isNaN && !lexicon.entries[e].word.isEmpty {
                    _ = list.slot(lexicon.entries[e].word, entry: e, frequency: lexicon.entries[e].frequency) { v }
                }
            }
        }
        if let lexicon {
            for e in lexicon.entries.indices where Self.isNameTag(lexicon.entries[e].tag) && !lexicon.entries[e].word.isEmpty {
                let word = lexicon.entries[e].word
                let k = list.slot(word, entry: e, frequency: lexicon.entries[e].frequency) { backgroundIDF(word, entry: e) }
                list.infos[k].name = true
            }
        }
        // Renumbered after the stopwords by the lexicon's frequency, most frequent first: the
        // facts of the words most documents use share a few cache lines. (`order[k]`: the word
        // numbered `k` until now.)
        var order = Array(0..<list.infos.count)
        if lexicon != nil, list.infos.count > stopwordCount + 1 {
            // Sorted as integers: the frequency at single precision (≥ 0, so its bits order as
            // its values), complemented for most frequent first, then the index. (Frequencies a
            // float cannot tell apart keep their index order: the order only places data.)
            var keys = (stopwordCount..<list.infos.count).map { k in
                UInt64(~Float(list.frequency[k]).bitPattern) << 32 | UInt64(k)
            }
            keys.sort()
            for (k, key) in keys.enumerated() { order[stopwordCount + k] = Int(key & 0xFFFF_FFFF) }
        }
        let infos = order.map { list.infos[$0] }
        self.infos = infos
        words = order.map { k in list.entryOf[k] >= 0 ? entries[Int(list.entryOf[k])].word : nil }
        let useCompact = infos.count < 0xFFFF
        var short: [(key: UInt64, index: Int)] = []
        short.reserveCapacity(infos.count)
        var long: [Int] = []
        for k in infos.indices {
            let o = order[k]
            if useCompact, let key = Self.compactKey(list.spelling, list.spellingStart[o], list.spellingStart[o + 1]) {
                short.append((key, k))
            } else {
                long.append(k)
            }
        }
        var hot: [UInt64] = [], compact: [UInt64] = []
        if useCompact {
            // The most frequent short words again in a table that fits the first-level cache.
            hot = [UInt64](repeating: Self.empty, count: Self.hotCapacity)
            for (key, k) in short.prefix(Self.hotWords) {
                var i = Self.hotSlot(key)
                while hot[i] != Self.empty { i = (i + 1) & (Self.hotCapacity - 1) }
                hot[i] = key << 16 | UInt64(k)
            }
            let capacity = max(64, short.count * 10 / 6 + 1)
            compact = [UInt64](repeating: Self.empty, count: capacity)
            for (key, k) in short {
                var i = Self.slot(key, capacity)
                while compact[i] != Self.empty { i = i + 1 == capacity ? 0 : i + 1 }
                compact[i] = key << 16 | UInt64(k)
            }
        }
        self.hot = hot
        self.compact = compact
        // Load factor 0.7 (not a power of two: the table stays small enough to share the cache).
        let capacity = max(64, long.count * 10 / 7 + 1)
        var slots = [Slot](repeating: Slot(key: Self.empty, index: -1, poolStart: 0), count: capacity)
        var pool: [Unicode.Scalar] = []
        for k in long {
            let start = pool.count
            let o = order[k]
            pool.append(contentsOf: list.spelling[list.spellingStart[o]..<list.spellingStart[o + 1]])
            pool.append(Unicode.Scalar(0))
            let key = Self.key(pool, start, pool.count - 1)
            var i = Self.slot(key, capacity)
            while slots[i].key != Self.empty { i = i + 1 == capacity ? 0 : i + 1 }
            slots[i] = Slot(key: key, index: Int32(k), poolStart: UInt32(start))
        }
        self.slots = slots
        self.pool = pool
        // `NumberScanner.isChineseNumeral`'s table read once (the static is reached through a
        // lazy-initialisation check on every call), not 65,536 times.
        var numeralBits = [UInt64](repeating: 0, count: 0x10000 / 64)
        let numerals = NumeralCharacters.all
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v), numerals.contains(v) || NumberScanner.isDigit(c) else { continue }
            numeralBits[Int(v >> 6)] |= 1 << UInt64(v & 63)
        }
        self.numeralBits = numeralBits
    }

    /// Whether a lexicon tag marks a place, person or organisation name (ns, nr, nt). Read as
    /// bytes: `==` on strings calls a comparison routine for every tag that is not the one asked.
    static func isNameTag(_ tag: String) -> Bool {
        let u = tag.utf8
        guard u.count == 2, u.first == UInt8(ascii: "n"), let last = u.last else { return false }
        return last == UInt8(ascii: "s") || last == UInt8(ascii: "r") || last == UInt8(ascii: "t")
    }

    /// The compact key of a word of one to three code points in 1..<U+10000, else nil.
    @inline(__always) private static func compactKey(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt64? {
        guard end > start, end - start <= 3 else { return nil }
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for i in start..<end {
            let v = s[i].value
            guard v != 0, v < 0x10000 else { return nil }
            key |= UInt64(v) << shift
            shift += 16
        }
        return key
    }

    /// Bit per BMP code point that is a numeral (Arabic digit or Chinese numeral character).
    private let numeralBits: [UInt64]

    /// Pure numerals, and a numeral (or 第 + numeral) followed by at most one character (the same
    /// answer as `TermSequence.isNumeralLike`, by bit table).
    @inline(__always)
    func isNumeralLike(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        var i = start
        if s[i].value == 0x7B2C { i += 1 }
        let digitsStart = i
        while i < end, isNumeral(s[i]) { i += 1 }
        return i > digitsStart && end - i <= 1
    }

    @inline(__always) private func isNumeral(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        guard v < 0x10000 else { return NumberScanner.isChineseNumeral(c) || NumberScanner.isDigit(c) }
        return numeralBits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0
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

    @inline(__always) private static func hotSlot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52)
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
        if !compact.isEmpty, let key = Self.compactKey(s, start, end) {
            var h = Self.hotSlot(key)
            while true {
                let entry = hot[h]
                if entry == Self.empty { break }
                if entry >> 16 == key {
                    let k = Int(entry & 0xFFFF)
                    return (k, k < stopwordCount)
                }
                h = (h + 1) & (Self.hotCapacity - 1)
            }
            let capacity = compact.count
            var i = Self.slot(key, capacity)
            while true {
                let entry = compact[i]
                if entry == Self.empty { return (-1, false) }
                if entry >> 16 == key {
                    let k = Int(entry & 0xFFFF)
                    return (k, k < stopwordCount)
                }
                i = i + 1 == capacity ? 0 : i + 1
            }
        }
        return lookupLarge(s, start, end)
    }

    /// `lookup` among the words outside the compact table.
    private func lookupLarge(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> (index: Int, stopword: Bool) {
        guard end > start, !slots.isEmpty else { return (-1, false) }
        let key = Self.key(s, start, end)
        let capacity = slots.count
        var i = Self.slot(key, capacity)
        while true {
            let slot = slots[i]
            if slot.key == Self.empty { return (-1, false) }
            if slot.key == key {
                let k = Int(slot.index)
                if end - start <= 3 || equalsPool(Int(slot.poolStart), s, start, end) { return (k, k < stopwordCount) }
            }
            i = i + 1 == capacity ? 0 : i + 1
        }
    }

    /// Whether the pool word at `p` is spelled `s[start..<end]`.
    @inline(__always) private func equalsPool(_ p: Int, _ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        var p = p
        for q in start..<end {
            if pool[p] != s[q] { return false }
            p += 1
        }
        return pool[p].value == 0
    }

    func info(_ k: Int) -> Info { k >= 0 ? infos[k] : fallback }

    /// The lexicon's String for word `k` — the index `lookup` gave for `s[start..<end]` — or nil
    /// when the word is not in the lexicon or not spelled by as many UTF-8 bytes. (A word of at
    /// most three code points outside the compact table is matched by its key alone, which a
    /// trailing U+0000 does not change; every other match compares all code points.)
    func word(_ k: Int, spelling s: [Unicode.Scalar], _ start: Int, _ end: Int) -> String? {
        guard let word = words[k] else { return nil }
        var bytes = 0
        for i in start..<end { bytes += UTF8.width(s[i]) }
        return word.utf8.count == bytes ? word : nil
    }
}
