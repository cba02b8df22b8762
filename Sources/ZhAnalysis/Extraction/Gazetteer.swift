import Foundation

/// The place gazetteer (`Dictionaries/places.tsv`, `name<TAB>level<TAB>parent<TAB>aliases`):
/// canonical names with administrative level, parent and aliases, and a trie over the folded
/// names and aliases for matching in `Document.analysis`.
///
/// Names may repeat under different parents (朝阳区 in 北京市 and in 长春市); every key therefore
/// maps to a list of places, and callers choose by context (`PlaceExtractor`).
public struct Gazetteer: Sendable {
    public struct Place: Hashable, Sendable {
        public var name: String
        public var level: PlaceLevel
        public var parent: String?
        public var aliases: [String]

        public init(name: String, level: PlaceLevel, parent: String? = nil, aliases: [String] = []) {
            self.name = name
            self.level = level
            self.parent = parent
            self.aliases = aliases
        }
    }

    /// How a key names a place.
    public struct Reference: Hashable, Sendable {
        public var place: Int
        /// True when the key is an alias, not the canonical name.
        public var isAlias: Bool
    }

    public private(set) var places: [Place] = []
    private var keys = Lexicon()
    /// By key index (the entry index in `keys`): what `references(forKey:)` gives for that key.
    private var keyReferences: [[Reference]] = []
    private var byName: [String: [Int]] = [:]
    /// Index of the resolved parent of each place (nil for roots or unknown parents).
    public private(set) var parentIndex: [Int?] = []

    public static let fileName = "places.tsv"

    /// An empty gazetteer.
    public init() {}

    /// Builds a gazetteer from places (tests and custom data).
    public init(places: [Place]) {
        let folder = TextFolder(script: .simplified)
        self.places.reserveCapacity(places.count)
        byName.reserveCapacity(places.count)
        for place in places {
            let index = self.places.count
            self.places.append(place)
            byName[place.name, default: []].append(index)
            addKey(folder.fold(place.name), Reference(place: index, isAlias: false))
            for alias in place.aliases { addKey(folder.fold(alias), Reference(place: index, isAlias: true)) }
        }
        parentIndex = self.places.indices.map { i in
            // The places named `parent` are found through the trie of keys, which hashes no String
            // (`byName` hashed the Han name, ~1 K instructions a place): they are the references
            // by name under its fold, in place order (the lists are sorted only below).
            guard let parent = self.places[i].parent, let k = keys.lookupIndex(folder.fold(parent)) else { return nil }
            // The parent is the candidate of a higher level; the first one when several qualify.
            return keyReferences[k].first { r in
                !r.isAlias && r.place != i && self.places[r.place].level < self.places[i].level
                    && self.places[r.place].name == parent
            }?.place
        }
        // In place, and only where a key has several places (most have one: a sorted copy of
        // every list was thousands of arrays to build and free).
        for k in keyReferences.indices where keyReferences[k].count > 1 {
            keyReferences[k].sort { !$0.isAlias && $1.isAlias }
        }
    }

    /// The places of a `places.tsv` file in order. Malformed lines (wrong column count, unknown
    /// level) throw.
    static func places(in file: DictionaryFile) throws -> [Place] {
        try file.tabRows(minColumns: 2, maxColumns: 4).map { row in
            guard let level = PlaceLevel(rawValue: row.fields[1]) else {
                throw ZhError.malformedLexiconLine(file: file.path, line: row.number,
                                                   text: row.fields.joined(separator: "\t"))
            }
            let parent = row.fields.count > 2 && !row.fields[2].isEmpty ? row.fields[2] : nil
            let aliases = row.fields.count > 3 ? LexiconSet.aliasList(row.fields[3]) : []
            return Place(name: row.fields[0], level: level, parent: parent, aliases: aliases)
        }
    }

    /// Adds a reference under a key (numbered by the trie, which hashes no String).
    private mutating func addKey(_ key: String, _ reference: Reference) {
        guard !key.isEmpty else { return }
        guard let k = keys.lookupIndex(key) else {
            keys.insert(LexiconEntry(word: key, frequency: 1, tag: "ns"))
            keyReferences.append([reference])
            return
        }
        if !keyReferences[k].contains(where: { $0.place == reference.place }) { keyReferences[k].append(reference) }
    }

    public var isEmpty: Bool { places.isEmpty }

    /// Places a folded key (name or alias) refers to, canonical names first.
    public func references(forKey key: String) -> [Reference] {
        keys.lookupIndex(key).map { keyReferences[$0] } ?? []
    }

    /// The number of distinct keys (names and aliases); key indices run over `0..<keyCount`.
    public var keyCount: Int { keyReferences.count }

    /// The folded key with this index.
    public func key(at index: Int) -> String { keys.entries[index].word }

    /// Places the key with this index refers to, canonical names first (as `references(forKey:)`).
    @inline(__always)
    public func references(atKey index: Int) -> [Reference] { keyReferences[index] }

    /// The index of the key spelled by `scalars[start..<end]`, without building a String.
    @inline(__always)
    public func keyIndex(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int? {
        keys.lookupIndex(scalars, start, end)
    }

    /// Calls `body(end, keyIndex)` for every name or alias starting at `start` in folded scalars.
    @inline(__always)
    public func forEachMatchIndex(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                                  _ body: (Int, Int) -> Void) {
        keys.forEachMatchIndex(in: scalars, from: start, limit: limit, body)
    }

    /// Places with this canonical name.
    public func indices(named name: String) -> [Int] { byName[name] ?? [] }

    /// Calls `body(end, key)` for every name or alias starting at `start` in folded scalars.
    @inline(__always)
    public func forEachMatch(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                             _ body: (Int, String) -> Void) {
        keys.forEachMatch(in: scalars, from: start, limit: limit) { end, entry in body(end, entry.word) }
    }

    /// The chain of ancestors of a place, nearest first.
    public func ancestors(of index: Int) -> [Int] {
        var chain: [Int] = []
        var current = parentIndex[index]
        while let p = current, !chain.contains(p), p != index {
            chain.append(p)
            current = parentIndex[p]
        }
        return chain
    }

    /// True when `ancestor` lies on the parent chain of `index`.
    public func isAncestor(_ ancestor: Int, of index: Int) -> Bool { ancestors(of: index).contains(ancestor) }

    /// The best place for a key with no context: canonical names before aliases, then the
    /// higher administrative level, then file order.
    public func defaultReference(forKey key: String) -> Reference? {
        references(forKey: key).min { a, b in
            if a.isAlias != b.isAlias { return !a.isAlias }
            let la = places[a.place].level, lb = places[b.place].level
            if la != lb { return la < lb }
            return a.place < b.place
        }
    }
}
