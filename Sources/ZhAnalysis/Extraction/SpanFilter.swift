/// The one overlap policy every extractor uses (as spaCy's `filter_spans`): among overlapping
/// candidate spans the longest wins, then the earliest; the survivors come back in text order.
public enum SpanFilter {
    public static func longestThenEarliest<T>(_ candidates: [T], range: (T) -> TextRange) -> [T] {
        // None or one: nothing overlaps (most short texts; no tables built).
        if candidates.count < 2 { return candidates }
        let order = candidates.indices.sorted { a, b in
            let ra = range(candidates[a]), rb = range(candidates[b])
            if ra.length != rb.length { return ra.length > rb.length }
            if ra.start != rb.start { return ra.start < rb.start }
            return a < b
        }
        // Occupied code points, so each candidate costs its own length, not the survivors' count.
        guard !candidates.isEmpty else { return [] }
        let base = candidates.reduce(Int.max) { min($0, range($1).start) }
        let limit = candidates.reduce(0) { max($0, range($1).end) }
        var occupied = [Bool](repeating: false, count: limit - base + 1)
        var kept: [Int] = []
        for i in order {
            let r = range(candidates[i])
            if (r.start..<r.end).contains(where: { occupied[$0 - base] }) { continue }
            for k in r.start..<r.end { occupied[k - base] = true }
            kept.append(i)
        }
        return kept.sorted { range(candidates[$0]) < range(candidates[$1]) }.map { candidates[$0] }
    }
}
