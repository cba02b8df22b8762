import Foundation

/// A dictionary word with its corpus frequency and part-of-speech tag.
public struct LexiconEntry: Hashable, Sendable {
    public var word: String
    public var frequency: Double
    public var tag: String
    public var origin: TokenOrigin

    public init(word: String, frequency: Double, tag: String = "", origin: TokenOrigin = .lexicon) {
        self.word = word
        self.frequency = frequency
        self.tag = tag
        self.origin = origin
    }
}

/// A character trie over folded code points. Immutable once built; matching walks it from a
/// start position and reports every word that ends along the way.
///
/// Nodes are integers; an edge is one hash lookup keyed by (node, code point), which keeps the
/// structure compact (one `[UInt64: Int32]`) and lookups allocation-free.
public struct Lexicon: Sendable {
    private var edges = EdgeTable()
    private var terminal: [Int32] = [-1]      // node → entry index or -1
    public private(set) var entries: [LexiconEntry] = []
    /// Parallel to `entries`: log of the frequency and whether the entry is a user word, so the
    /// segmenter's inner loop touches no strings.
    public private(set) var logFrequencies: [Double] = []
    public private(set) var isUser: [Bool] = []
    public private(set) var maxLength = 0
    /// Sum of the frequencies of all entries (for unigram probabilities).
    public private(set) var totalFrequency: Double = 0

    public init() {}

    public var count: Int { entries.count }


    /// Adds a word, or updates it. A later `.user` entry replaces an earlier entry's frequency
    /// and tag; among bundled entries the larger frequency is kept.
    public mutating func insert(_ entry: LexiconEntry) {
        var node: Int32 = 0
        var length = 0
        for scalar in entry.word.unicodeScalars {
            length += 1
            if let next = edges.get(node, scalar.value) {
                node = next
            } else {
                let next = Int32(terminal.count)
                terminal.append(-1)
                edges.set(node, scalar.value, next)
                node = next
            }
        }
        guard length > 0 else { return }
        maxLength = max(maxLength, length)
        let existing = terminal[Int(node)]
        if existing >= 0 {
            let old = entries[Int(existing)]
            if entry.origin == .user || (old.origin != .user && entry.frequency > old.frequency) {
                totalFrequency += entry.frequency - old.frequency
                var merged = entry
                if merged.tag.isEmpty { merged.tag = old.tag }
                entries[Int(existing)] = merged
                logFrequencies[Int(existing)] = Foundation.log(max(merged.frequency, 0.5))
                isUser[Int(existing)] = merged.origin == .user
            }
        } else {
            terminal[Int(node)] = Int32(entries.count)
            entries.append(entry)
            logFrequencies.append(Foundation.log(max(entry.frequency, 0.5)))
            isUser.append(entry.origin == .user)
            totalFrequency += entry.frequency
        }
    }

    /// The entry for an exact word.
    public func lookup(_ word: String) -> LexiconEntry? {
        var node: Int32 = 0
        for scalar in word.unicodeScalars {
            guard let next = edges.get(node, scalar.value) else { return nil }
            node = next
        }
        let e = terminal[Int(node)]
        return e >= 0 ? entries[Int(e)] : nil
    }

    public func contains(_ word: String) -> Bool { lookup(word) != nil }

    /// The entry index of the word spelled by `scalars[start..<end]`, without building a String.
    @inline(__always)
    public func lookupIndex(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int? {
        guard end > start, end - start <= maxLength else { return nil }
        var node: Int32 = 0
        for i in start..<end {
            guard let next = edges.get(node, scalars[i].value) else { return nil }
            node = next
        }
        let e = terminal[Int(node)]
        return e >= 0 ? Int(e) : nil
    }

    /// Whether `scalars[start..<end]` is a word (no String built).
    @inline(__always)
    public func contains(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        lookupIndex(scalars, start, end) != nil
    }

    /// Calls `body(end, entry)` for every word that starts at `start` and ends at or before `limit`.
    @inline(__always)
    public func forEachMatch(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                             _ body: (Int, LexiconEntry) -> Void) {
        forEachMatchIndex(in: scalars, from: start, limit: limit) { body($0, entries[$1]) }
    }

    /// Calls `body(end, entryIndex)` for every word that starts at `start` (index into `entries`,
    /// `logFrequencies`, `isUser`).
    @inline(__always)
    public func forEachMatchIndex(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                                  _ body: (Int, Int) -> Void) {
        var node: Int32 = 0
        var i = start
        let end = min(limit, start + maxLength)
        while i < end {
            guard let next = edges.get(node, scalars[i].value) else { return }
            node = next
            i += 1
            let e = terminal[Int(node)]
            if e >= 0 { body(i, Int(e)) }
        }
    }

    /// The longest word starting at `start`, as (end, entry index); no entry is copied.
    @inline(__always)
    public func longestMatchIndex(in scalars: [Unicode.Scalar], from start: Int, limit: Int) -> (end: Int, index: Int)? {
        var best: (end: Int, index: Int)?
        forEachMatchIndex(in: scalars, from: start, limit: limit) { best = ($0, $1) }
        return best
    }

    /// The longest word starting at `start`, as (end, entry).
    public func longestMatch(in scalars: [Unicode.Scalar], from start: Int, limit: Int) -> (Int, LexiconEntry)? {
        var best: (Int, LexiconEntry)?
        forEachMatch(in: scalars, from: start, limit: limit) { best = ($0, $1) }
        return best
    }
}

/// The trie's edges, its one hot lookup: children of the root for BMP characters in a direct
/// table, every other edge in an open-addressing hash table whose slots hold key and child
/// together (one cache line per probe) under a multiplicative hash.
struct EdgeTable: Sendable {
    private struct Slot: Sendable {
        var key: UInt64
        var value: Int32
    }
    private var root = [Int32](repeating: -1, count: 0x10000)
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init() {
        slots = [Slot](repeating: Slot(key: Self.empty, value: 0), count: 1024)
        mask = 1023
    }

    @inline(__always) private static func key(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar)
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    @inline(__always) func get(_ node: Int32, _ scalar: UInt32) -> Int32? {
        if node == 0 && scalar < 0x10000 {
            let v = root[Int(scalar)]
            return v >= 0 ? v : nil
        }
        let key = Self.key(node, scalar)
        var i = Self.slot(key, mask)
        while true {
            let s = slots[i]
            if s.key == key { return s.value }
            if s.key == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    mutating func set(_ node: Int32, _ scalar: UInt32, _ value: Int32) {
        if node == 0 && scalar < 0x10000 {
            root[Int(scalar)] = value
            return
        }
        insert(Self.key(node, scalar), value)
    }

    private mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        var i = Self.slot(key, mask)
        while slots[i].key != Self.empty && slots[i].key != key { i = (i + 1) & mask }
        if slots[i].key == Self.empty { count += 1 }
        slots[i] = Slot(key: key, value: value)
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: Self.empty, value: 0), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for s in old where s.key != Self.empty { insert(s.key, s.value) }
    }
}
