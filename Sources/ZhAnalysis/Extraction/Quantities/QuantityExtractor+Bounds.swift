/// Two bounds written as one range: 大于100并且小于300 · 最多100最少20个 · 不低于20不超过30 ·
/// 在20和30之间 · 介于3%与5%之间.
///
/// A lower bound (over, at_least) and an upper bound (under, at_most, max), in either order,
/// joined by nothing or a `join` word of `quantity-cues.tsv`, become one quantity: value the lower
/// end, upper the upper end, approx the lower end's (exact only for 在…之间, where both ends are
/// exact numbers). The unit is the one written; a bare first end takes the second's unit.
extension QuantityExtractor {
    static let zhijian: [[Unicode.Scalar]] = [scalars("之间"), scalars("之間")]
    static let rangeOpeners: [[Unicode.Scalar]] = [scalars("介于"), scalars("介於"), scalars("在")]

    static func isLowerBound(_ a: Approximation) -> Bool { a == .over || a == .atLeast }
    static func isUpperBound(_ a: Approximation) -> Bool { a == .under || a == .atMost || a == .max }

    func joinBounds(_ found: inout [Candidate], s: [Unicode.Scalar]) {
        guard found.count >= 2 else { return }
        // Most documents have no range of two bounds: look before copying.
        // (By index: an element passed as an argument was copied, every string retained.)
        guard let first = (0..<(found.count - 1)).first(where: { bounds(found, $0, s: s) != nil }) else { return }
        var out: [Candidate] = Array(found[..<first])
        out.reserveCapacity(found.count)
        var k = first
        while k < found.count {
            if k + 1 < found.count, let merged = bounds(found, k, s: s) {
                out.append(merged)
                k += 2
            } else {
                out.append(found[k])
                k += 1
            }
        }
        found = out
    }

    /// `found[k]` and `found[k + 1]` as one range, or nil.
    func bounds(_ found: [Candidate], _ k: Int, s: [Unicode.Scalar]) -> Candidate? {
        // Most pairs fail here, read in place (a year and its month: not statistics); the two are
        // copied only past this test. (Kinds before units: two units of different kinds are told
        // apart by an integer, not by comparing Strings.)
        guard found[k + 1].start - found[k].end <= 4, found[k].upper == nil, found[k + 1].upper == nil,
              found[k].role == .statistic, found[k + 1].role == .statistic,
              found[k].unit.isEmpty || found[k].kind == found[k + 1].kind && found[k].unit == found[k + 1].unit else { return nil }
        // The first read in place (a copy retained its strings), the second copied as the result.
        let b = found[k + 1]
        let a = (start: found[k].start, end: found[k].end, numberStart: found[k].numberStart, value: found[k].value,
                 approx: found[k].approx)
        guard a.end <= b.start else { return nil }
        let gap = b.start - a.end
        let joined = gap == 0 || cues.joinWords.contains { $0.count == gap && Self.matches(s, a.end, $0) }
        var r = b
        r.start = a.start
        r.numberStart = a.numberStart
        if joined, Self.isLowerBound(a.approx), Self.isUpperBound(b.approx), b.value > a.value {
            r.value = a.value; r.upper = b.value; r.approx = a.approx
            return r
        }
        if joined, Self.isUpperBound(a.approx), Self.isLowerBound(b.approx), a.value > b.value {
            r.value = b.value; r.upper = a.value; r.approx = b.approx
            return r
        }
        // 在20和30之间 · 20与30之间.
        if a.approx == .exact, b.approx == .exact, gap == 1, "和与、至到-~與".unicodeScalars.contains(s[a.end]),
           b.value > a.value, let z = Self.zhijian.first(where: { Self.matches(s, b.end, $0) || Self.matches(s, b.end - $0.count, $0) }) {
            r.value = a.value; r.upper = b.value; r.approx = .exact
            if !Self.matches(s, b.end - z.count, z) { r.end = b.end + z.count }
            if let o = Self.rangeOpeners.first(where: { Self.matches(s, a.start - $0.count, $0) }) { r.start = a.start - o.count }
            return r
        }
        return nil
    }
}
