/// Keys looked up among a document's spans, mentions or entities, with the position of each (the
/// first, when a key comes twice): scanned while they are at most `limit` (a document has a
/// handful; no hashing, no table to allocate), through a dictionary above it, so that a hostile
/// document of thousands costs time linear in them, not their product.
struct KeyPositions<Key: Hashable> {
    /// The keys in the order they were added.
    private(set) var keys: [Key]
    /// Filled once the keys pass `limit`, empty before.
    private var index: [Key: Int] = [:]
    private let limit: Int

    /// No keys yet; room for `capacity` at once.
    init(capacity: Int, limit: Int = EntityCombination.scanLimit) {
        keys = []
        // (Reserving room for none would still allocate: the empty array is shared, not unique.)
        if capacity > 0 { keys.reserveCapacity(capacity) }
        self.limit = limit
    }

    /// `keys` in their order.
    init(_ keys: [Key], limit: Int = EntityCombination.scanLimit) {
        self.keys = keys
        self.limit = limit
        if keys.count > limit { fillIndex() }
    }

    /// `index` filled from `keys`, with room for them all at once (each growth rehashes them).
    private mutating func fillIndex() {
        index.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() where index[k] == nil { index[k] = i }
    }

    /// The position of `key`, nil when it was not added.
    func position(of key: Key) -> Int? {
        keys.count <= limit ? keys.firstIndex(of: key) : index[key]
    }

    /// True when `key` was added.
    func contains(_ key: Key) -> Bool { position(of: key) != nil }

    /// Adds `key` at the next position.
    mutating func append(_ key: Key) {
        keys.append(key)
        guard keys.count > limit else { return }
        if index.isEmpty {
            fillIndex()
        } else if index[key] == nil {
            index[key] = keys.count - 1
        }
    }
}

extension KeyPositions where Key == String {
    /// `position(of:)` for names, compared by `ScalarText.equal` while scanned: `==` between two
    /// different Han names took the normalising path (~450 instructions), and most scanned keys
    /// differ from the one asked for.
    func position(of key: String) -> Int? {
        keys.count <= limit ? keys.firstIndex { ScalarText.equal($0, key) } : index[key]
    }

    /// True when `key` was added.
    func contains(_ key: String) -> Bool { position(of: key) != nil }
}

/// Membership among a document's few keys (`KeyPositions` without the positions).
struct FewKeys<Key: Hashable> {
    private let positions: KeyPositions<Key>

    init(_ keys: [Key], limit: Int = EntityCombination.scanLimit) {
        positions = KeyPositions(keys, limit: limit)
    }

    func contains(_ key: Key) -> Bool { positions.contains(key) }
}
