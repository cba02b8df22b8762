import Foundation

/// A unit kind (`units.tsv`'s second column, or one the quantity extractor decides: year, date,
/// label …) by number. The extractor asks a candidate's kind many times; `==` of two different
/// Strings is a call into the standard library's comparison, of two numbers one instruction.
/// `UnitTable.name(of:)` gives the String back for the output.
struct UnitKind: Equatable, Sendable {
    let code: Int

    /// The kinds the extractor names, numbered in this order (the constants below); a table's
    /// other kinds are numbered after them.
    static let builtInNames = [
        "count", "percent", "permille", "percentage_point", "fraction", "money", "duration", "year", "date", "decade",
        "clock", "ordinal", "label", "phone", "ratio", "plan", "degree", "length", "mass", "energy",
        "power", "voltage", "data", "person", "person_time", "household", "age",
    ]
    static let count = UnitKind(code: 0), percent = UnitKind(code: 1), permille = UnitKind(code: 2),
               percentagePoint = UnitKind(code: 3), fraction = UnitKind(code: 4), money = UnitKind(code: 5),
               duration = UnitKind(code: 6), year = UnitKind(code: 7), date = UnitKind(code: 8), decade = UnitKind(code: 9),
               clock = UnitKind(code: 10), ordinal = UnitKind(code: 11), label = UnitKind(code: 12), phone = UnitKind(code: 13),
               ratio = UnitKind(code: 14), plan = UnitKind(code: 15), degree = UnitKind(code: 16), length = UnitKind(code: 17),
               mass = UnitKind(code: 18), energy = UnitKind(code: 19), power = UnitKind(code: 20), voltage = UnitKind(code: 21),
               data = UnitKind(code: 22), person = UnitKind(code: 23), personTime = UnitKind(code: 24),
               household = UnitKind(code: 25), age = UnitKind(code: 26)
}

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
    /// Trie entry index → the unit's kind by number.
    private var kindOfEntry: [UnitKind] = []
    /// Trie entry index → `QuantityExtractor.soleScalar` of the unit's name and of its base,
    /// found once here: per match it cost ~100 instructions and a retain of the name.
    private var soleScalarOfEntry: [(name: Unicode.Scalar?, base: Unicode.Scalar?)] = []
    /// The names of the kinds by number: `UnitKind.builtInNames`, then the table's other kinds.
    private var kindNames = UnitKind.builtInNames

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
        let kind = UnitKind(code: kindNames.firstIndex(of: unit.kind) ?? kindNames.count)
        if kind.code == kindNames.count { kindNames.append(unit.kind) }
        let sole = (QuantityExtractor.soleScalar(unit.name), QuantityExtractor.soleScalar(unit.base))
        if k == unitOfEntry.count {
            unitOfEntry.append(unit)
            kindOfEntry.append(kind)
            soleScalarOfEntry.append(sole)
        } else {
            unitOfEntry[k] = unit
            kindOfEntry[k] = kind
            soleScalarOfEntry[k] = sole
        }
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
    @inline(__always) func kind(ofEntry k: Int) -> UnitKind { kindOfEntry[k] }
    @inline(__always) func base(ofEntry k: Int) -> String { unitOfEntry[k].base }
    @inline(__always) func factor(ofEntry k: Int) -> Double { unitOfEntry[k].factor }
    @inline(__always) func si(ofEntry k: Int) -> SI? { unitOfEntry[k].si }
    /// `QuantityExtractor.soleScalar(name(ofEntry: k))`.
    @inline(__always) func nameScalar(ofEntry k: Int) -> Unicode.Scalar? { soleScalarOfEntry[k].name }
    /// `QuantityExtractor.soleScalar(base(ofEntry: k))`.
    @inline(__always) func baseScalar(ofEntry k: Int) -> Unicode.Scalar? { soleScalarOfEntry[k].base }

    /// Whether a unit starts at `start`.
    public func hasUnit(in s: [Unicode.Scalar], at start: Int, limit: Int) -> Bool {
        trie.longestMatchIndex(in: s, from: start, limit: limit) != nil
    }

    public func unit(named name: String) -> Unit? { units[name] }

    /// The name of a kind (what `Quantity.unitKind` reports).
    @inline(__always) func name(of kind: UnitKind) -> String { kindNames[kind.code] }

    /// The number of the kind of a unit of the table (`count` for a kind the table does not
    /// know). For the few units taken whole (`unit(named:)`, `match`): matching reads
    /// `kind(ofEntry:)`.
    func kind(of unit: Unit) -> UnitKind {
        kindNames.firstIndex(of: unit.kind).map(UnitKind.init(code:)) ?? .count
    }

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
