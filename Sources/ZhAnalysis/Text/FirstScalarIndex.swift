/// The words of a list grouped by their first code point, in list order: the only words that can
/// match at a position of a text, so a scan over the text tests a handful of words per position
/// instead of the whole list (period words, financial-year bodies). A search that takes the first
/// matching word of the list gets the same word through `candidates`.
struct FirstScalarIndex: Sendable {
    private var starts = ScalarBitSet()
    private var byFirst: [UInt32: [Int]] = [:]
    /// Empty words match everywhere: they are every position's candidates.
    private var empty: [Int] = []

    init() {}

    init(_ words: some Sequence<[Unicode.Scalar]>) {
        for (i, w) in words.enumerated() {
            guard let c = w.first else { empty.append(i); continue }
            starts.insert(c)
            byFirst[c.value, default: []].append(i)
        }
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
        guard let list = byFirst[v] else { return empty }
        return empty.isEmpty ? list : (list + empty).sorted()
    }
}
