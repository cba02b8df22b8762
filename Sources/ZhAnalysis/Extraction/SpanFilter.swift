/// The one overlap policy every extractor uses (as spaCy's `filter_spans`): among overlapping
/// candidate spans the longest wins, then the earliest; the survivors come back in text order.
public enum SpanFilter {
    public static func longestThenEarliest<T>(_ candidates: [T], range: (T) -> TextRange) -> [T] {
        // None or one: nothing overlaps (most short texts; no tables built).
        let n = candidates.count
        if n < 2 { return candidates }
        // Already in text order, each ending before the next begins (most lists): every candidate
        // survives in the order given, so the list itself comes back (no tables built, and no
        // candidate copied with its strings).
        var end = Int.min
        for i in 0..<n {
            let r = range(candidates[i])
            if r.start < end { break }
            end = r.end
            if i == n - 1 { return candidates }
        }
        // Each candidate's range read once, by index, into a temporary buffer: iterating the
        // candidates copied each one (retaining its strings), and the sorts asked `range` twice a
        // comparison.
        return withUnsafeTemporaryAllocation(of: TextRange.self, capacity: n) { ranges in
            var base = Int.max, limit = 0
            for i in 0..<n {
                let r = range(candidates[i])
                (ranges.baseAddress! + i).initialize(to: r)
                base = min(base, r.start)
                limit = max(limit, r.end)
            }
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * n) { indices in
                var order = UnsafeMutableBufferPointer(rebasing: indices[..<n])
                let kept = UnsafeMutableBufferPointer(rebasing: indices[n...])
                for i in 0..<n { order[i] = i }
                order.sort { a, b in
                    let ra = ranges[a], rb = ranges[b]
                    if ra.length != rb.length { return ra.length > rb.length }
                    if ra.start != rb.start { return ra.start < rb.start }
                    return a < b
                }
                // Occupied code points, so each candidate costs its own length, not the survivors' count.
                var count = 0
                withUnsafeTemporaryAllocation(of: Bool.self, capacity: limit - base + 1) { occupied in
                    occupied.initialize(repeating: false)
                    for i in order {
                        let r = ranges[i]
                        if (r.start..<r.end).contains(where: { occupied[$0 - base] }) { continue }
                        for k in r.start..<r.end { occupied[k - base] = true }
                        kept[count] = i
                        count += 1
                    }
                }
                // Text order; equal (empty) ranges keep the order they were kept in, which is by index.
                var survivors = UnsafeMutableBufferPointer(rebasing: kept[..<count])
                survivors.sort { a, b in
                    let ra = ranges[a], rb = ranges[b]
                    return ra != rb ? ra < rb : a < b
                }
                return survivors.map { candidates[$0] }
            }
        }
    }
}
