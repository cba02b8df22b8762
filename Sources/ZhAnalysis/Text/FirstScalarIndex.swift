/// The words of a list grouped by their first code point, in list order: the only words that can
/// match at a position of a text, so a scan over the text tests a handful of words per position
/// instead of the whole list (period words, financial-year bodies). A search that takes the first
/// matching word of the list gets the same word through `candidates`.
struct FirstScalarIndex: Sendable {
    private var starts = ScalarBitSet()
    /// The groups by first code point in a small open-addressing table (`keys[i]` the code point,
    /// `UInt32.max` empty; `lists[i]` its words): a scan asks at every position that may start a
    /// word, and a `Dictionary` lookup (hashing the key with SipHash) cost more than the rest.
    private var keys: [UInt32] = []
    private var lists: [[Int]] = []
    private var mask = 0
    /// Empty words match everywhere: they are every position's candidates.
    private var empty: [Int] = []
    private static let vacant = UInt32.max

    init() {}

    init(_ words: some Sequence<[Unicode.Scalar]>) {
        var byFirst: [(first: UInt32, words: [Int])] = []
        var slot: [UInt32: Int] = [:]
        for (i, w) in words.enumerated() {
            guard let c = w.first else { empty.append(i); continue }
            starts.insert(c)
            if let k = slot[c.value] {
                byFirst[k].words.append(i)
            } else {
                slot[c.value] = byFirst.count
                byFirst.append((c.value, [i]))
            }
        }
        var capacity = 8
        while capacity < byFirst.count * 2 { capacity *= 2 }
        keys = [UInt32](repeating: Self.vacant, count: capacity)
        lists = [[Int]](repeating: [], count: capacity)
        mask = capacity - 1
        for (first, list) in byFirst {
            var i = Self.home(first, mask)
            while keys[i] != Self.vacant { i = (i + 1) & mask }
            keys[i] = first
            lists[i] = list
        }
    }

    @inline(__always) private static func home(_ v: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(v) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// False when `candidates(at: p, in: s)` is empty, found without building or retaining a list
    /// (most positions of a text start no word).
    @inline(__always) func mayStart(at p: Int, in s: [Unicode.Scalar]) -> Bool {
        guard empty.isEmpty else { return true }
        guard p >= 0, p < s.count else { return false }
        let v = s[p].value
        return v >= 0x10000 || starts.contains(v)
    }

    /// Indices (in list order) of the words that may start at `s[p]`: those whose first code point
    /// is `s[p]`, and empty words.
    @inline(__always) func candidates(at p: Int, in s: [Unicode.Scalar]) -> [Int] {
        guard p >= 0, p < s.count else { return empty }
        let v = s[p].value
        if v < 0x10000 && !starts.contains(v) { return empty }
        guard !keys.isEmpty else { return empty }
        var i = Self.home(v, mask)
        while keys[i] != v {
            if keys[i] == Self.vacant { return empty }
            i = (i + 1) & mask
        }
        return empty.isEmpty ? lists[i] : (lists[i] + empty).sorted()
    }
}
