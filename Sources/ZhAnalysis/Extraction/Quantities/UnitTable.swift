import Foundation

/// The units and counters of `Dictionaries/units.tsv`
/// (`unit<TAB>kind[<TAB>factor[<TAB>as[<TAB>si]]]`), matched longest-first after a number.
///
/// A unit is reported with multipliers expanded (万亩 → ×10000 亩) and in the table's own form
/// (a script variant such as 戶 is matched as 户; `WrittenUnits` gives a Traditional text its
/// characters back at the end); a convertible unit also knows its SI value (亩 → 10000/15 m²). Rows are matched on folded text and, for mixed-script text that was not
/// folded, on the form the row writes.
public struct UnitTable: Sendable {
    /// The SI value of one reported unit: 亩 is 666.67 m².
    public struct SI: Hashable, Sendable {
        public var factor: Double
        public var unit: String
    }

    /// One unit: 万元 is `money`, factor 10000, reported as 元.
    public struct Unit: Hashable, Sendable {
        public var name: String
        public var kind: String
        /// Multiplier into `base` (万亩: 10000).
        public var factor: Double
        /// The unit reported (万亩 → 亩).
        public var base: String
        /// SI value of one `base`, when convertible.
        public var si: SI?

        public init(name: String, kind: String, factor: Double = 1, base: String? = nil, si: SI? = nil) {
            self.name = name
            self.kind = kind
            self.factor = factor
            self.base = base ?? name
            self.si = si
        }
    }

    public private(set) var units: [String: Unit] = [:]
    private var trie = Lexicon()
    /// Trie entry index → unit (matching reads no String-keyed dictionary).
    private var unitOfEntry: [Unit] = []

    public static let fileName = "units.tsv"

    public init() {}

    /// Reads `units.tsv` from a dictionaries directory.
    public init(directory: URL) throws {
        try self.init(file: DictionaryFile(contentsOf: directory.appendingPathComponent(Self.fileName)))
    }

    public init(file: DictionaryFile) throws {
        var rows: [Unit] = []
        for row in try file.tabRows(minColumns: 2, maxColumns: 5) {
            let f = row.fields
            // Built only when thrown (joining the fields costs more than parsing them).
            func bad() -> ZhError {
                ZhError.malformedLexiconLine(file: file.path, line: row.number, text: f.joined(separator: "\t"))
            }
            guard !f[1].isEmpty else { throw bad() }
            var factor = 1.0
            if f.count >= 3, !f[2].isEmpty {
                guard let v = Self.ratio(f[2]) else { throw bad() }
                factor = v
            }
            let base = f.count >= 4 && !f[3].isEmpty ? f[3] : f[0]
            var si: SI?
            if f.count >= 5, !f[4].isEmpty {
                let parts = f[4].split(separator: " ", maxSplits: 1)
                guard parts.count == 2, let v = Self.ratio(String(parts[0])) else { throw bad() }
                si = SI(factor: v, unit: String(parts[1]))
            }
            rows.append(Unit(name: f[0], kind: f[1], factor: factor, base: base, si: si))
        }
        // A row reported as another unit inherits that unit's SI value (万亩 → 亩 → 10000/15 m²).
        var siOf: [String: SI] = [:]
        for u in rows { if let si = u.si, u.base == u.name { siOf[u.name] = si } }
        // Rows written in folded form first, so that a script variant (個) never replaces the
        // row of its folded form (个).
        let folder = TextFolder()
        for pass in 0..<2 {
            for var u in rows where (folder.fold(u.name) == u.name) == (pass == 0) {
                if u.si == nil { u.si = siOf[u.base] }
                insert(u)
            }
        }
    }

    /// A positive finite decimal or exact ratio `a/b`.
    static func ratio(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let a = Double(parts[0]),
              let b = parts.count == 2 ? Double(parts[1]) : 1 else { return nil }
        let v = a / b
        return v.isFinite && v > 0 ? v : nil
    }

    /// Adds a unit under its folded name and, when folding changes it, under the name as written.
    public mutating func insert(_ unit: Unit) {
        let folded = TextFolder().fold(unit.name)
        if folded == unit.name || units[folded] == nil { add(unit, key: folded) }
        if folded != unit.name { add(unit, key: unit.name) }
    }

    private mutating func add(_ unit: Unit, key: String) {
        units[key] = unit
        trie.insert(LexiconEntry(word: key, frequency: 1))
        let scalars = Array(key.unicodeScalars)
        guard let k = trie.lookupIndex(scalars, 0, scalars.count) else { return }
        if k == unitOfEntry.count { unitOfEntry.append(unit) } else { unitOfEntry[k] = unit }
    }

    /// The longest unit starting at `start`, as (end, unit).
    public func match(in s: [Unicode.Scalar], at start: Int, limit: Int) -> (end: Int, unit: Unit)? {
        guard let (end, k) = matchEntry(in: s, at: start, limit: limit) else { return nil }
        return (end, unitOfEntry[k])
    }

    /// The longest unit starting at `start`, as (end, entry): its fields are then read one by one
    /// (`name(ofEntry:)` …), in place. A unit copied out retained its four strings, and a large
    /// function reading `unitOfEntry[k].kind` itself called the array's getter, which copies.
    @inline(__always) func matchEntry(in s: [Unicode.Scalar], at start: Int, limit: Int) -> (end: Int, entry: Int)? {
        guard let (end, k) = trie.longestMatchIndex(in: s, from: start, limit: limit) else { return nil }
        return (end, k)
    }

    @inline(__always) func name(ofEntry k: Int) -> String { unitOfEntry[k].name }
    @inline(__always) func kind(ofEntry k: Int) -> String { unitOfEntry[k].kind }
    @inline(__always) func base(ofEntry k: Int) -> String { unitOfEntry[k].base }
    @inline(__always) func factor(ofEntry k: Int) -> Double { unitOfEntry[k].factor }
    @inline(__always) func si(ofEntry k: Int) -> SI? { unitOfEntry[k].si }

    /// Whether a unit starts at `start`.
    public func hasUnit(in s: [Unicode.Scalar], at start: Int, limit: Int) -> Bool {
        trie.longestMatchIndex(in: s, from: start, limit: limit) != nil
    }

    public func unit(named name: String) -> Unit? { units[name] }

    /// Units whose first character is a numeral character that belongs to the unit as reported
    /// (千瓦 · 千克 · 千米 · 千瓦时 · 百分点, not 万元 or 万千瓦): a numeral reader must end the number
    /// before them.
    public var numeralLedUnits: [String] {
        units.filter { key, unit in
            guard let c = key.unicodeScalars.first, NumeralCharacters.isNumeralCharacter(c) else { return false }
            return unit.base.unicodeScalars.first == c
        }.keys.sorted()
    }
}
