/// The one overlap policy every extractor uses (as spaCy's `filter_spans`): among overlapping
/// candidate spans the longest wins, then the earliest; the survivors come back in text order.
public enum SpanFilter {
    public static func longestThenEarliest<T>(_ candidates: [T], range: (T) -> TextRange) -> [T] {
        let order = candidates.indices.sorted { a, b in
            let ra = range(candidates[a]), rb = range(candidates[b])
            if ra.length != rb.length { return ra.length > rb.length }
            if ra.start != rb.start { return ra.start < rb.start }
            return a < b
        }
        var taken: [TextRange] = []
        var kept: [Int] = []
        for i in order {
            let r = range(candidates[i])
            if taken.contains(where: { $0.overlaps(r) }) { continue }
            taken.append(r)
            kept.append(i)
        }
        return kept.sorted { range(candidates[$0]) < range(candidates[$1]) }.map { candidates[$0] }
    }
}
