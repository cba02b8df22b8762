/// The position of each key in the order the keys were added (each key added once): the entities
/// of one article by name. Scanned while there are at most `limit` keys, through a dictionary
/// above (linear time however many): most articles name a few, where a dictionary cost an
/// allocation, its growth and a hash of every key looked up.
struct KeyPositions<Key: Hashable> {
    private var keys: [Key] = []
    private var index: [Key: Int] = [:]
    private let limit: Int

    /// Room for `capacity` keys at once.
    init(capacity: Int, limit: Int = EntityCombination.scanLimit) {
        keys.reserveCapacity(capacity)
        self.limit = limit
    }

    /// The position of `key`, nil when it was not added.
    mutating func position(of key: Key) -> Int? {
        if keys.count <= limit { return keys.firstIndex(of: key) }
        if index.isEmpty { for (i, k) in keys.enumerated() { index[k] = i } }
        return index[key]
    }

    /// Adds `key` (not added before) at the next position.
    mutating func append(_ key: Key) {
        if !index.isEmpty { index[key] = keys.count }
        keys.append(key)
    }
}
