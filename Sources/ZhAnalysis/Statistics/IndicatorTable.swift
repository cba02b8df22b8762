import Foundation

/// Standard statistical indicators (`Dictionaries/indicators.tsv`,
/// `name<TAB>aliases<TAB>kinds<TAB>notes`) and the matching of a statistic's subject to one.
///
/// Names and aliases are compared as *keys*: folded (Traditional → Simplified, NFKC), upper-case
/// Latin, without punctuation, spaces and 的, with the `same` rewrites of `StatisticCues` applied
/// (规模以上 → 规上) and leading scope words dropped (全省, 全年, 实现). A key may also match through
/// its stem, the key without an ending such as 总额 or 增速 (社会消费品零售额 = 社会消费品零售总额).
public struct IndicatorTable: Sendable {
    public struct Indicator: Hashable, Sendable {
        /// The indicator as the National Bureau of Statistics names it (地区生产总值).
        public var name: String
        public var aliases: [String]
        /// Unit kinds the level is stated in (money, mass…); empty when any.
        public var kinds: [String]
        public var notes: String

        public init(name: String, aliases: [String] = [], kinds: [String] = [], notes: String = "") {
            self.name = name
            self.aliases = aliases
            self.kinds = kinds
            self.notes = notes
        }
    }

    public private(set) var indicators: [Indicator] = []
    public let cues: StatisticCues
    /// Key → indicator index. Keys are held as code points in NFC (`canonical`): equal exactly when
    /// the keys are equal `String`s, and cheaper to hash than a `String` (which hashes its
    /// normalised form).
    private var byKey: [[Unicode.Scalar]: Int] = [:]
    /// Stem → indicator index, or -1 when two indicators share the stem (never matched by stem).
    private var byStem: [[Unicode.Scalar]: Int] = [:]
    /// Keys claimed by two indicators (the first keeps them); a test keeps the bundled file free of them.
    public private(set) var ambiguousKeys: [String] = []
    /// Length of the longest key, in code points.
    public private(set) var maxKeyLength = 0
    /// First characters a name can start with, and the last two (or one) characters a text naming
    /// an indicator can end with: a quick test that spares most lookups in running text.
    private var firstScalars: Set<Unicode.Scalar> = []
    private var lastPairs: Set<UInt64> = []
    private var lastSingles: Set<Unicode.Scalar> = []
    private let folder = TextFolder(script: .traditional)
    /// `cues.scope` as code points (read by the statistic classifier's scans too).
    let scopeScalars: [[Unicode.Scalar]]
    private let scopeFirst: Set<Unicode.Scalar>
    private let sameScalars: [(from: [Unicode.Scalar], to: [Unicode.Scalar])]
    private let stemScalars: [[Unicode.Scalar]]
    /// The last code points of the stems: a key ending otherwise has no stem (nil when that cannot
    /// screen: an empty stem, or one ending outside the BMP).
    private let stemLast: ScalarBitSet?
    /// `cues.generic` as keys (`canonical` code points): a subject's key is looked up without
    /// hashing a `String` (which hashes its normalised form) or comparing Strings of ideographs
    /// (each a Unicode comparison) along the probe sequence.
    private let genericKeys: Set<[Unicode.Scalar]>

    public static let fileName = "indicators.tsv"

    public init(indicators: [Indicator], cues: StatisticCues = StatisticCues()) {
        self.cues = cues
        scopeScalars = cues.scope.map { Array($0.unicodeScalars) }
        scopeFirst = Set(cues.scope.compactMap { $0.unicodeScalars.first })
        sameScalars = cues.same.map { (Array($0.from.unicodeScalars), Array($0.to.unicodeScalars)) }
        stemScalars = cues.stems.map { Array($0.unicodeScalars) }
        stemLast = stemScalars.allSatisfy({ ($0.last?.value ?? 0x10000) < 0x10000 }) ? ScalarBitSet(stemScalars.compactMap(\.last)) : nil
        genericKeys = Set(cues.generic.map { Self.canonical(Array($0.unicodeScalars)) })
        firstScalars = scopeFirst
        for indicator in indicators {
            let index = self.indicators.count
            self.indicators.append(indicator)
            for name in [indicator.name] + indicator.aliases {
                let k = keyScalars(name)
                guard !k.isEmpty else { continue }
                let u = Self.canonical(k)
                if let other = byKey[u] {
                    if other != index { ambiguousKeys.append(ScalarText.string(k)) }
                    continue
                }
                byKey[u] = index
                maxKeyLength = max(maxKeyLength, k.count)
            }
        }
        for (k, index) in byKey {
            guard let n = stemLength(k) else { continue }
            let s = Array(k[..<n])
            if let other = byStem[s], other != index { byStem[s] = -1 } else { byStem[s] = index }
        }
        // Texts that can name an indicator: a key, a stem (then maybe with another ending), a key
        // before a share ending (空气质量优良天数 + 比例), a key after 人均.
        var forms = Array(byKey.keys) + Array(byStem.keys)
        let perCapita = Array("人均".unicodeScalars)
        for k in byKey.keys {
            for e in ["比重", "比例", "比率"].map({ Array($0.unicodeScalars) }) where k.count > e.count && k.suffix(e.count).elementsEqual(e) {
                forms.append(Array(k.dropLast(e.count)))
            }
            if k.count > perCapita.count, k.starts(with: perCapita) { forms.append(Array(k.dropFirst(perCapita.count))) }
        }
        for u in forms {
            guard let first = u.first, let last = u.last else { continue }
            firstScalars.insert(first)
            if u.count >= 2 { lastPairs.insert(Self.pair(u[u.count - 2], last)) } else { lastSingles.insert(last) }
        }
        for e in cues.stems {
            let u = Array(e.unicodeScalars)
            if u.count >= 2 { lastPairs.insert(Self.pair(u[u.count - 2], u[u.count - 1])) } else if let c = u.first { lastSingles.insert(c) }
        }
    }

    @inline(__always) static func pair(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 { UInt64(a.value) << 32 | UInt64(b.value) }

    /// Whether some name may start with `c` (folded).
    @inline(__always) public func mayStart(_ c: Unicode.Scalar) -> Bool { firstScalars.contains(c) }

    /// Whether some name may end at `end` in folded text (false rules every name out).
    public func mayEnd(_ s: [Unicode.Scalar], at end: Int) -> Bool {
        guard end >= 1, end <= s.count else { return false }
        if lastSingles.contains(s[end - 1]) { return true }
        return end >= 2 && lastPairs.contains(Self.pair(s[end - 2], s[end - 1]))
    }


    /// Reads `indicators.tsv`; a line with more than four columns or an empty name throws.
    public init(contentsOf url: URL, cues: StatisticCues) throws {
        let file = try DictionaryFile(contentsOf: url)
        var list: [Indicator] = []
        for row in try file.tabRows(minColumns: 1, maxColumns: 4) {
            let f = row.fields
            list.append(Indicator(name: f[0],
                                  aliases: f.count > 1 ? LexiconSet.aliasList(f[1]) : [],
                                  kinds: f.count > 2 ? LexiconSet.aliasList(f[2]) : [],
                                  notes: f.count > 3 ? f[3] : ""))
        }
        self.init(indicators: list, cues: cues)
    }

    /// Loads `indicators.tsv` and `statistic-cues.tsv` from a dictionary directory; absent files give
    /// an empty table (no statistic gets an indicator).
    public static func load(from directory: URL) throws -> IndicatorTable {
        let cues = try StatisticCues.load(from: directory)
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return IndicatorTable(indicators: [], cues: cues) }
        return try IndicatorTable(contentsOf: url, cues: cues)
    }

    public var isEmpty: Bool { indicators.isEmpty }

    // MARK: keys

    /// The key of a name, alias or subject (see the type's comment).
    public func key(_ text: String) -> String {
        ScalarText.string(keyScalars(text))
    }

    /// `key(_:)` as code points: the table's keys are built from these, with no `String` between
    /// the fold and the key.
    func keyScalars(_ text: String) -> [Unicode.Scalar] {
        let f = folder.fold(Array(text.unicodeScalars)).scalars
        return keyScalars(folded: f, 0, f.count)
    }

    /// Keeps the characters of a key (Han, digits, Latin upper-cased, `.` and `&`; not 的).
    @inline(__always) static func keyScalar(_ c: Unicode.Scalar) -> Unicode.Scalar? {
        switch c.value {
        case 0x61...0x7A: return Unicode.Scalar(c.value - 0x20)
        case 0x30...0x39, 0x41...0x5A, 0x2E, 0x26: return c
        case 0x7684: return nil  // 的
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2FFFF: return c
        default: return nil
        }
    }

    /// The key of folded text (`Document.analysis`): as `key(_:)` without folding again.
    public func key(folded s: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        ScalarText.string(keyScalars(folded: s, start, end))
    }

    /// `key(folded:_:_:)` as code points.
    func keyScalars(folded s: [Unicode.Scalar], _ start: Int, _ end: Int) -> [Unicode.Scalar] {
        var u: [Unicode.Scalar] = []
        u.reserveCapacity(end - start)
        for c in s[start..<end] { if let k = Self.keyScalar(c) { u.append(k) } }
        for (from, to) in sameScalars { u = Self.replacing(from, with: to, in: u) }
        // Leading scope words, keeping at least two characters (全省全年生产总值 → 生产总值).
        var a = 0
        while a < u.count, scopeFirst.contains(u[a]),
              let w = scopeScalars.first(where: { u.count - a - $0.count >= 2 && StatisticCues.matches(u, a, $0) }) {
            a += w.count
        }
        return a == 0 ? u : Array(u[a...])
    }

    /// A key's code points in NFC, the form the tables hold: two keys are equal `String`s exactly
    /// when these are equal. Keys of ASCII and BMP ideographs, nearly all, are NFC as they stand
    /// (`CharacterClass.isStableNFC`) and come back unchanged.
    static func canonical(_ u: [Unicode.Scalar]) -> [Unicode.Scalar] {
        u.allSatisfy(CharacterClass.isStableNFC) ? u : Array(ScalarText.string(u).precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    static func replacing(_ from: [Unicode.Scalar], with to: [Unicode.Scalar], in u: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let f = from.first, u.count >= from.count, u.contains(f) else { return u }
        var out: [Unicode.Scalar] = []
        var i = 0
        var changed = false
        while i < u.count {
            if u[i] == f, StatisticCues.matches(u, i, from) { out += to; i += from.count; changed = true } else { out.append(u[i]); i += 1 }
        }
        return changed ? out : u
    }

    /// The length of key `u` without its stem ending: the first ending (longest first) that leaves
    /// at least two characters; nil when none does.
    func stemLength(_ u: [Unicode.Scalar]) -> Int? {
        guard let last = u.last, stemLast.map({ $0.contains(last) }) ?? true,
              let e = stemScalars.first(where: { u.count - $0.count >= 2 && StatisticCues.matches(u, u.count - $0.count, $0) })
        else { return nil }
        return u.count - e.count
    }

    /// The indicator a key (as code points) names: the key itself, else its stem against the keys
    /// and the stems of the names.
    func lookup(scalars: [Unicode.Scalar]) -> Int? {
        let u = Self.canonical(scalars)
        if u.isEmpty { return nil }
        if let i = byKey[u] { return i }
        guard let n = stemLength(u) else { return nil }
        let s = Array(u[..<n])
        if let i = byKey[s] { return i }
        if let i = byStem[s], i >= 0 { return i }
        return nil
    }

    /// `lookup(scalars:)` for a key given as a string (`key(_:)`).
    public func lookup(key k: String) -> Int? { lookup(scalars: Array(k.unicodeScalars)) }

    /// The indicator a subject names (as written, any script). The whole subject first; else its
    /// longest ending that is a name, when what stands before it only places the figure: scope
    /// words or a place (`placePrefix` gives the length of the place name a folded head starts
    /// with, 0 when none).
    public func match(subject: String, placePrefix: ([Unicode.Scalar]) -> Int = { _ in 0 }) -> Int? {
        match(key: key(subject), placePrefix: placePrefix)
    }

    /// `match(subject:placePrefix:)` on a subject's key.
    public func match(key k: String, placePrefix: ([Unicode.Scalar]) -> Int = { _ in 0 }) -> Int? {
        match(keyScalars: Array(k.unicodeScalars), placePrefix: placePrefix)
    }

    /// `match(key:placePrefix:)` on a key as code points (`keyScalars`).
    func match(keyScalars scalars: [Unicode.Scalar], placePrefix: ([Unicode.Scalar]) -> Int = { _ in 0 }) -> Int? {
        guard mayEnd(scalars, at: scalars.count) else { return nil }
        if let i = lookup(scalars: scalars) { return i }
        guard scalars.count > 2 else { return nil }
        for cut in 1...(scalars.count - 2) where firstScalars.contains(scalars[cut]) {
            guard let i = lookup(scalars: Array(scalars[cut...])) else { continue }
            if onlyPlaces(Array(scalars[..<cut]), placePrefix: placePrefix) { return i }
            return nil
        }
        return nil
    }

    /// Whether `head` is made of scope words and places only (郑州, 全省, 河南省全年).
    func onlyPlaces(_ head: [Unicode.Scalar], placePrefix: ([Unicode.Scalar]) -> Int) -> Bool {
        var s = head[...]
        while !s.isEmpty {
            if let w = scopeScalars.first(where: { s.starts(with: $0) }) { s = s.dropFirst(w.count); continue }
            let n = placePrefix(Array(s))
            guard n > 0 else { return false }
            s = s.dropFirst(n)
        }
        return true
    }

    /// Whether a subject key says too little by itself (总量, 收入, one or two characters).
    public func isGeneric(_ subject: String) -> Bool { isGeneric(key: key(subject)) }

    public func isGeneric(key k: String) -> Bool { isGeneric(keyScalars: Array(k.unicodeScalars)) }

    /// `isGeneric(key:)` of a key as code points (`keyScalars`).
    func isGeneric(keyScalars u: [Unicode.Scalar]) -> Bool { u.count <= 2 || genericKeys.contains(Self.canonical(u)) }

    /// Unit kinds that may state any indicator: changes and shares, and a bare number.
    static let rateKinds: Set<String> = ["percent", "permille", "percentage_point", "multiple", ""]
    /// Unit kinds that go together (a count of people or of things; physical measures).
    static func family(_ kind: String) -> Int {
        switch kind {
        case "count", "person", "person_time", "household": return 1
        case "money": return 2
        case "mass", "area", "volume", "length", "energy", "power", "degree", "speed", "temperature", "data": return 3
        case "duration", "age": return 4
        default: return 0
        }
    }

    /// Whether a figure in `unitKind` (with `unit` as written) can state the indicator.
    public func fits(_ index: Int, unitKind: String, unit: String) -> Bool {
        let kinds = indicators[index].kinds
        if kinds.isEmpty || unit.isEmpty || Self.rateKinds.contains(unitKind) || kinds.contains(unitKind) { return true }
        let f = Self.family(unitKind)
        return f != 0 && kinds.contains { Self.family($0) == f }
    }
}
