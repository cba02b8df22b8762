import Foundation

/// The units and counters of `Dictionaries/units.tsv` (`unit<TAB>kind<TAB>factor<TAB>base`),
/// matched longest-first after a number on folded text.
public struct UnitTable: Sendable {
    /// One unit: 万元 is `money`, factor 10000, base 元.
    public struct Unit: Hashable, Sendable {
        public var name: String
        public var kind: String
        public var factor: Double
        public var base: String
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
        for row in try file.tabRows(minColumns: 2, maxColumns: 4) {
            let f = row.fields
            let bad = ZhError.malformedLexiconLine(file: file.path, line: row.number, text: f.joined(separator: "\t"))
            guard !f[1].isEmpty else { throw bad }
            var factor = 1.0
            if f.count >= 3, !f[2].isEmpty {
                // A number or an exact ratio (亩: 10000/15).
                let parts = f[2].split(separator: "/", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), let a = Double(parts[0]),
                      let b = parts.count == 2 ? Double(parts[1]) : 1 else { throw bad }
                let v = a / b
                guard v.isFinite, v > 0 else { throw bad }
                factor = v
            }
            let base = f.count >= 4 && !f[3].isEmpty ? f[3] : f[0]
            insert(Unit(name: f[0], kind: f[1], factor: factor, base: base))
        }
    }

    public mutating func insert(_ unit: Unit) {
        let key = TextFolder().fold(unit.name)
        units[key] = unit
        trie.insert(LexiconEntry(word: key, frequency: 1))
        let scalars = Array(key.unicodeScalars)
        guard let k = trie.lookupIndex(scalars, 0, scalars.count) else { return }
        if k == unitOfEntry.count { unitOfEntry.append(unit) } else { unitOfEntry[k] = unit }
    }

    /// The longest unit starting at `start`, as (end, unit).
    public func match(in s: [Unicode.Scalar], at start: Int, limit: Int) -> (end: Int, unit: Unit)? {
        guard let (end, k) = trie.longestMatchIndex(in: s, from: start, limit: limit) else { return nil }
        return (end, unitOfEntry[k])
    }

    /// Whether a unit starts at `start`.
    public func hasUnit(in s: [Unicode.Scalar], at start: Int, limit: Int) -> Bool {
        trie.longestMatchIndex(in: s, from: start, limit: limit) != nil
    }

    public func unit(named name: String) -> Unit? { units[name] }
}
