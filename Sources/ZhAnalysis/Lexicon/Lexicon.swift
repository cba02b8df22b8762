import Foundation
internal import CZhICU

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
    public private(set) var maxLength = 0
    /// Sum of the frequencies of all entries (for unigram probabilities).
    public private(set) var totalFrequency: Double = 0

    public init() {}

    public var count: Int { entries.count }


    /// Largest frequency a word keeps: far above any corpus count (的 ≈ 3·10⁵ on jieba's scale),
    /// and small enough that no number of such words makes the total infinite (a user word at
    /// 1e308, twice, made every lattice cost infinite and blanked out every CJK token).
    public static let maxFrequency: Double = 1e12

    /// Adds a word, or updates it. A later `.user` entry replaces an earlier entry's frequency
    /// and tag; among bundled entries the larger frequency is kept. Frequencies are clamped to
    /// 0…`maxFrequency` (NaN counts as 0).
    public mutating func insert(_ entry: LexiconEntry) {
        var entry = entry
        entry.frequency = entry.frequency.isNaN ? 0 : min(max(entry.frequency, 0), Self.maxFrequency)
        let logFrequency = Self.logFrequency(entry.frequency)
        var node: Int32 = 0
        var parent: Int32 = 0
        var last: UInt32 = 0
        var length = 0
        // Once a step adds a node, the rest of the word adds a chain of new nodes: no look-up can
        // find their children, and each new edge is made with its final mask (the next scalar's
        // bit) and, at the end, its entry, so no edge is looked up again to be changed.
        var fresh = false
        var scalars = entry.word.unicodeScalars.makeIterator()
        var upcoming = scalars.next()
        while let scalar = upcoming {
            upcoming = scalars.next()
            let edgeIn: (node: Int32, scalar: UInt32)? = length == 0 ? nil : (parent, last)
            length += 1
            parent = node
            last = scalar.value
            if !fresh, let next = edges.get(node, scalar.value) {
                node = next
            } else {
                let next = Int32(terminal.count)
                let ends = upcoming == nil
                terminal.append(ends ? Int32(entries.count) : -1)
                var target = EdgeTable.Target(node: next, terminal: -1, mask: upcoming.map { EdgeTable.bit($0.value) } ?? 0,
                                              logFrequency: 0)
                if ends {
                    target.terminal = entry.origin == .user ? Int32(entries.count) | EdgeTable.Target.userBit : Int32(entries.count)
                    target.logFrequency = Float(logFrequency)
                }
                edges.set(node, scalar.value, target, parent: fresh ? nil : edgeIn)
                node = next
                fresh = true
            }
        }
        guard length > 0 else { return }
        maxLength = max(maxLength, length)
        if fresh {
            entries.append(entry)
            totalFrequency += entry.frequency
            return
        }
        let existing = terminal[Int(node)]
        if existing >= 0 {
            let old = entries[Int(existing)]
            if entry.origin == .user || (old.origin != .user && entry.frequency > old.frequency) {
                totalFrequency += entry.frequency - old.frequency
                var merged = entry
                if merged.tag.isEmpty { merged.tag = old.tag }
                entries[Int(existing)] = merged
                edges.setTerminal(parent, last, existing, user: merged.origin == .user, logFrequency: Float(logFrequency))
            }
        } else {
            terminal[Int(node)] = Int32(entries.count)
            edges.setTerminal(parent, last, Int32(entries.count), user: entry.origin == .user,
                              logFrequency: Float(logFrequency))
            entries.append(entry)
            totalFrequency += entry.frequency
        }
    }

    /// Log of a frequency as the segmenter weighs it, at single precision (the trie's edges carry
    /// it that way, next to the child node, so a match costs no further memory access).
    static func logFrequency(_ frequency: Double) -> Double {
        Double(Float(Foundation.log(max(frequency, 0.5))))
    }

    /// The entry for an exact word.
    public func lookup(_ word: String) -> LexiconEntry? {
        lookupIndex(word).map { entries[$0] }
    }

    public func contains(_ word: String) -> Bool { lookup(word) != nil }

    /// The entry index of an exact word (no String is hashed).
    public func lookupIndex(_ word: String) -> Int? {
        var node: Int32 = 0
        for scalar in word.unicodeScalars {
            guard let next = edges.get(node, scalar.value) else { return nil }
            node = next
        }
        let e = terminal[Int(node)]
        return e >= 0 ? Int(e) : nil
    }

    /// The entry index of the word spelled by `scalars[start..<end]`, without building a String.
    @inline(__always)
    public func lookupIndex(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int? {
        guard end > start, end - start <= maxLength else { return nil }
        var at = EdgeTable.Target.root
        for i in start..<end {
            guard let next = edges.step(at, scalars[i].value) else { return nil }
            at = next
        }
        return at.terminal >= 0 ? at.entry : nil
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

    /// Calls `body(end, entryIndex)` for every word that starts at `start` (index into `entries`).
    @inline(__always)
    public func forEachMatchIndex(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                                  _ body: (Int, Int) -> Void) {
        walk(scalars, from: start, limit: limit) { body($0, $1.entry) }
    }

    /// Calls `body(end, logFrequency, isUser)` for every word that starts at `start`, reading
    /// only the trie (the segmenter's inner loop).
    @inline(__always)
    public func forEachMatchWeight(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                                   _ body: (Int, Double, Bool) -> Void) {
        walk(scalars, from: start, limit: limit) { body($0, Double($1.logFrequency), $1.isUser) }
    }

    /// `forEachMatchWeight`, each word's entry index passed too (the segmenter keeps it for the
    /// token's text), the walk resumed after its first two steps: `steps[0]` and `steps[1]` are
    /// the edges that `prefetchWalks` found for `start` (a hash probe saved per walk).
    @inline(__always)
    func forEachMatchWeightAndEntry(in scalars: [Unicode.Scalar], from start: Int, limit: Int,
                                    steps: UnsafePointer<EdgeTable.Target>, _ body: (Int, Double, Bool, Int32) -> Void) {
        @inline(__always) func report(_ end: Int, _ edge: EdgeTable.Target) {
            body(end, Double(edge.logFrequency), edge.isUser, edge.terminal & ~EdgeTable.Target.userBit)
        }
        let end = min(limit, start + maxLength)
        guard start < end, steps[0].node >= 0 else { return }
        if steps[0].terminal >= 0 { report(start + 1, steps[0]) }
        guard start + 1 < end, steps[1].node >= 0 else { return }
        var at = steps[1]
        var i = start + 2
        if at.terminal >= 0 { report(i, at) }
        while i < end {
            guard let next = edges.step(at, scalars[i].value) else { return }
            at = next
            i += 1
            if next.terminal >= 0 { report(i, next) }
        }
    }

    /// Walks the trie from `start`, calling `body(end, edge)` at every edge where a word ends.
    @inline(__always)
    private func walk(_ scalars: [Unicode.Scalar], from start: Int, limit: Int,
                      _ body: (Int, EdgeTable.Target) -> Void) {
        var at = EdgeTable.Target.root
        var i = start
        let end = min(limit, start + maxLength)
        while i < end {
            guard let next = edges.step(at, scalars[i].value) else { return }
            at = next
            i += 1
            if next.terminal >= 0 { body(i, next) }
        }
    }

    /// The first two steps of the walks from every start in `starts`, reading no further than
    /// `limit`: `steps[2 (i − origin)]` is the root's edge over `scalars[i]`, `steps[2 (i − origin)
    /// + 1]` that edge's child over `scalars[i + 1]` (when `i + 1 < limit`); `EdgeTable.Target.none`
    /// where there is none. The walks resume from them (`forEachMatchWeightAndEntry(…steps:)`).
    /// The edges that the walks take next are loaded meanwhile: the steps are hash probes into a
    /// table larger than the cache, one after another within a walk; asked for a stretch of text
    /// at once, the loads of all its walks are in flight together, where walks one position at a
    /// time each waited for their own. The second steps are taken after all the first ones have
    /// asked for theirs, the third ones asked for after all the second ones.
    func prefetchWalks(_ scalars: [Unicode.Scalar], starts: Range<Int>, limit: Int,
                       into steps: UnsafeMutablePointer<EdgeTable.Target>, origin: Int) {
        guard !starts.isEmpty else { return }
        // Wrapping arithmetic: every index here is below `limit` ≤ `scalars.count` plus at most
        // two, and `starts.lowerBound − origin` is a position in the caller's steps buffer, so
        // none can overflow (the checks were a few hundred instructions per document).
        scalars.withUnsafeBufferPointer { s in
            let upper = min(starts.upperBound, limit)
            let base = steps + 2 &* (starts.lowerBound &- origin)
            var out = base
            var i = starts.lowerBound
            while i < upper {
                let first = edges.step(.root, s[i].value) ?? .none
                out[0] = first
                if first.node >= 0, i &+ 1 < limit, maxLength > 1 { edges.prefetch(first, s[i &+ 1].value) }
                i &+= 1
                out += 2
            }
            out = base
            i = starts.lowerBound
            while i < min(upper, limit &- 1) {
                let second = out[0].node >= 0 ? edges.step(out[0], s[i &+ 1].value) ?? .none : .none
                out[1] = second
                if second.node >= 0, i &+ 2 < limit, maxLength > 2 { edges.prefetch(second, s[i &+ 2].value) }
                i &+= 1
                out += 2
            }
        }
    }

    /// Starts loading the trie edge that a walk from `start` takes second (no effect on results):
    /// a hash probe into a table larger than the cache. The entity tagger asks for it at every
    /// position whose walk will go on, before it walks any (the segmenter asks for whole stretches:
    /// `prefetchWalks`).
    @inline(__always)
    func prefetch(_ scalars: [Unicode.Scalar], from start: Int, limit: Int) {
        guard start + 1 < limit, maxLength > 1, let first = edges.step(.root, scalars[start].value) else { return }
        edges.prefetch(first, scalars[start + 1].value)
    }

    /// The longest word starting at `start`, as (end, entry index); no entry is copied.
    @inline(__always)
    public func longestMatchIndex(in scalars: [Unicode.Scalar], from start: Int, limit: Int) -> (end: Int, index: Int)? {
        var best: (end: Int, index: Int)?
        forEachMatchIndex(in: scalars, from: start, limit: limit) { best = ($0, $1) }
        return best
    }

    /// `classify(tag)` of every entry's tag, in entry order, with `classify` called once per
    /// distinct tag (it must depend on the tag alone). Stages that class the bundled 36,000 words
    /// by tag read them this way: a tag of up to seven bytes (each of jieba's) is found by its
    /// bytes in a small table, where hashing it as a String cost ~300 instructions a word.
    /// Longer tags, and new tags once the table holds 64, go through a dictionary.
    public func mapTags<T>(_ classify: (String) -> T) -> [T] {
        var keys = [UInt64].filled(0, count: 128)
        var slots = [Int].filled(0, count: 128)
        var classes: [T] = []
        var others: [String: T] = [:]
        var result: [T] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            // The tag's bytes and, in the top byte, its length + 1 (so no key is 0, the empty slot).
            var key: UInt64 = 0, length: UInt64 = 0
            for byte in entry.tag.utf8 {
                length += 1
                if length > 7 { break }
                key |= UInt64(byte) << (8 * (length - 1))
            }
            if length <= 7 {
                key |= (length + 1) << 56
                var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 57)
                while keys[i] != 0 && keys[i] != key { i = (i + 1) & 127 }
                if keys[i] == key { result.append(classes[slots[i]]); continue }
                if classes.count < 64 {
                    keys[i] = key
                    slots[i] = classes.count
                    classes.append(classify(entry.tag))
                    result.append(classes[slots[i]])
                    continue
                }
            }
            if let known = others[entry.tag] { result.append(known); continue }
            let c = classify(entry.tag)
            others[entry.tag] = c
            result.append(c)
        }
        return result
    }

    /// The longest word starting at `start`, as (end, entry).
    public func longestMatch(in scalars: [Unicode.Scalar], from start: Int, limit: Int) -> (Int, LexiconEntry)? {
        var best: (Int, LexiconEntry)?
        forEachMatch(in: scalars, from: start, limit: limit) { best = ($0, $1) }
        return best
    }
}

/// The trie's edges, its one hot lookup: children of the root for BMP characters in a direct
/// table, every other edge in an open-addressing hash table under a multiplicative hash. An edge
/// carries its child node, the entry that ends there and a 32-bit mask of the child's own
/// children (one bit per hashed code point), so most failing steps — every walk ends with one —
/// are answered from the edge already in hand without probing the table.
struct EdgeTable: Sendable {
    /// A child node; the entry that ends there (-1: none; bit 30 set for a user word) with its
    /// log frequency; and the mask of the child's own children. 16 bytes.
    struct Target: Sendable {
        var node: Int32
        var terminal: Int32
        var mask: UInt32
        var logFrequency: Float
        static let root = Target(node: 0, terminal: -1, mask: ~0, logFrequency: 0)
        static let userBit: Int32 = 1 << 30
        static let none = Target(node: -1, terminal: -1, mask: 0, logFrequency: 0)

        /// The entry index (valid when `terminal >= 0`).
        @inline(__always) var entry: Int { Int(terminal & ~Self.userBit) }
        @inline(__always) var isUser: Bool { terminal & Self.userBit != 0 }
    }
    private struct Slot: Sendable {
        var key: UInt64
        var target: Target
    }
    /// Direct index of the root's BMP children: `rootSlot[scalar]` is the child's place in
    /// `rootTargets` (0: no child). Empty until the root has `directRootThreshold` children
    /// (small lexicons keep every edge in the hash table and stay small). Four bytes per code
    /// point, the edges themselves packed: the ideographs' part stays in the cache, where a table
    /// of the 16-byte edges by code point (1 MB) did not.
    private var rootSlot: [UInt32] = []
    private var rootTargets: [Target] = [Target.none]
    private var rootEdges = 0
    private static let directRootThreshold = 256
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init() {
        slots = [Slot](repeating: Slot(key: Self.empty, target: Target.none), count: 16)
        mask = 15
    }

    @inline(__always) private static func key(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar)
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    @inline(__always) static func bit(_ scalar: UInt32) -> UInt32 {
        1 << ((scalar &* 0x9E37_79B1) >> 27)
    }

    /// The child reached from `from` over `scalar`. The edges are read without bounds checks:
    /// `rootSlot` holds only places in `rootTargets`, and a hash slot is masked into `slots`
    /// (every walk's steps, the lexicon's hot path, paid two compares and a load each).
    @inline(__always) func step(_ from: Target, _ scalar: UInt32) -> Target? {
        if from.node == 0 && Int(scalar) < rootSlot.count {
            let k = rootSlot[Int(scalar)]
            return k != 0 ? rootTargets.withUnsafeBufferPointer { $0[Int(k)] } : nil
        }
        if from.mask & Self.bit(scalar) == 0 { return nil }
        let key = Self.key(from.node, scalar)
        var i = Self.slot(key, mask)
        return slots.withUnsafeBufferPointer { table in
            while true {
                let s = table[i]
                if s.key == key { return s.target }
                if s.key == Self.empty { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    /// Prefetches the hash slot that `step(from, scalar)` would read first.
    @inline(__always) func prefetch(_ from: Target, _ scalar: UInt32) {
        if from.mask & Self.bit(scalar) == 0 { return }
        let i = Self.slot(Self.key(from.node, scalar), mask)
        slots.withUnsafeBufferPointer { zh_prefetch($0.baseAddress! + i) }
    }

    /// The child node of `node` over `scalar` (exact, without masks).
    func get(_ node: Int32, _ scalar: UInt32) -> Int32? {
        if node == 0 && Int(scalar) < rootSlot.count {
            let k = rootSlot[Int(scalar)]
            return k != 0 ? rootTargets[Int(k)].node : nil
        }
        return find(Self.key(node, scalar)).map { slots[$0].target.node }
    }

    private func find(_ key: UInt64) -> Int? {
        var i = Self.slot(key, mask)
        while slots[i].key != Self.empty {
            if slots[i].key == key { return i }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Changes the target of the existing edge `node –scalar→`.
    private mutating func update(_ node: Int32, _ scalar: UInt32, _ change: (inout Target) -> Void) {
        if node == 0 && Int(scalar) < rootSlot.count {
            let k = Int(rootSlot[Int(scalar)])
            if k != 0 { change(&rootTargets[k]) }
        } else if let i = find(Self.key(node, scalar)) {
            change(&slots[i].target)
        }
    }

    /// Adds the edge `node –scalar→ target`; `parent` is the edge that leads to `node` when its
    /// mask must learn the new child (nil for the root, or a node made with its mask).
    mutating func set(_ node: Int32, _ scalar: UInt32, _ target: Target, parent: (node: Int32, scalar: UInt32)?) {
        if let parent {
            let b = Self.bit(scalar)
            update(parent.node, parent.scalar) { $0.mask |= b }
        }
        if node == 0 {
            rootEdges += 1
            if rootSlot.isEmpty && rootEdges >= Self.directRootThreshold { makeDirectRoot() }
            if Int(scalar) < rootSlot.count {
                rootSlot[Int(scalar)] = UInt32(rootTargets.count)
                rootTargets.append(target)
                return
            }
        }
        insert(Slot(key: Self.key(node, scalar), target: target))
    }

    /// Moves the root's BMP children into the direct table (their hash slots stay, unread: the
    /// direct table is consulted first for them from now on).
    private mutating func makeDirectRoot() {
        rootSlot = [UInt32](repeating: 0, count: 0x10000)
        for s in slots where s.key != Self.empty && s.key >> 21 == 0 && s.key < 0x10000 {
            rootSlot[Int(s.key)] = UInt32(rootTargets.count)
            rootTargets.append(s.target)
        }
    }

    /// Records the entry that ends at the child of the existing edge `node –scalar→`.
    mutating func setTerminal(_ node: Int32, _ scalar: UInt32, _ terminal: Int32, user: Bool, logFrequency: Float) {
        update(node, scalar) {
            $0.terminal = user ? terminal | Target.userBit : terminal
            $0.logFrequency = logFrequency
        }
    }

    private mutating func insert(_ slot: Slot) {
        // Load factor up to 0.7: the table is the trie's largest part, and a smaller one keeps
        // more of the edges that text reaches in the cache (probes are rare: see `mask`).
        if (count + 1) * 10 > slots.count * 7 { grow() }
        var i = Self.slot(slot.key, mask)
        while slots[i].key != Self.empty && slots[i].key != slot.key { i = (i + 1) & mask }
        if slots[i].key == Self.empty { count += 1 }
        slots[i] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: Self.empty, target: Target.none), count: old.count * 2)
        let mask = slots.count - 1
        self.mask = mask
        // The keys are distinct and the table has room: each goes to its first free slot, with
        // neither the load check nor key comparisons of `insert` (the count stays).
        slots.withUnsafeMutableBufferPointer { table in
            for s in old where s.key != Self.empty {
                var i = Self.slot(s.key, mask)
                while table[i].key != Self.empty { i = (i + 1) & mask }
                table[i] = s
            }
        }
    }
}
