/// TextRank (Mihalcea & Tarau 2004) over a co-occurrence graph: terms are nodes, two terms are
/// linked with a weight that counts how often they occur within `window` consecutive kept terms.
/// The random walk teleports in proportion to a prior per term (here the background IDF times
/// the generic-word factor), so a single document is ranked without any corpus statistics while
/// very common words still sink.
public struct TextRank: Sendable {
    public var window: Int
    public var damping: Double
    public var iterations: Int
    public var tolerance: Double

    public init(window: Int = 5, damping: Double = 0.85, iterations: Int = 50, tolerance: Double = 1e-7) {
        self.window = window
        self.damping = damping
        self.iterations = iterations
        self.tolerance = tolerance
    }

    /// Scores for the terms of `sequence` (dense ids `0..<termCount`), normalised so the largest
    /// is 1. Terms that do not occur get 0. `prior(id)` must be ≥ 0.
    public func rank(_ sequence: [Int32], termCount: Int, prior: (Int32) -> Double) -> [Double] {
        guard termCount > 0, !sequence.isEmpty else { return [Double].filled(0, count: termCount) }
        // Local ids for the terms present.
        var local = [Int32].filled(-1, count: termCount)
        var globalOf: [Int32] = []
        for t in sequence where local[Int(t)] < 0 {
            local[Int(t)] = Int32(globalOf.count)
            globalOf.append(t)
        }
        let n = globalOf.count
        var edges: [UInt64: Double] = [:]
        for i in 0..<sequence.count {
            let a = local[Int(sequence[i])]
            var j = i + 1
            while j < min(sequence.count, i + window) {
                let b = local[Int(sequence[j])]
                if a != b {
                    let (lo, hi) = a < b ? (a, b) : (b, a)
                    edges[UInt64(UInt32(lo)) << 32 | UInt64(UInt32(hi)), default: 0] += 1
                }
                j += 1
            }
        }
        var adjacency = [[(Int, Double)]].filled([], count: n)
        var strength = [Double].filled(0, count: n)
        for (key, w) in edges {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            adjacency[a].append((b, w))
            adjacency[b].append((a, w))
            strength[a] += w
            strength[b] += w
        }
        var teleport = globalOf.map { max(prior($0), 0) }
        let teleportSum = teleport.reduce(0, +)
        for i in 0..<n { teleport[i] = teleportSum > 0 ? teleport[i] / teleportSum : 1 / Double(n) }

        var score = teleport
        var next = [Double].filled(0, count: n)
        for _ in 0..<iterations {
            var dangling = 0.0
            for i in 0..<n where strength[i] == 0 { dangling += score[i] }
            for i in 0..<n { next[i] = (1 - damping) * teleport[i] + damping * dangling * teleport[i] }
            for i in 0..<n where strength[i] > 0 {
                let share = damping * score[i] / strength[i]
                for (j, w) in adjacency[i] { next[j] += share * w }
            }
            var delta = 0.0
            for i in 0..<n { delta += abs(next[i] - score[i]) }
            swap(&score, &next)
            if delta < tolerance { break }
        }
        let top = score.max() ?? 0
        var result = [Double].filled(0, count: termCount)
        for i in 0..<n { result[Int(globalOf[i])] = top > 0 ? score[i] / top : 0 }
        return result
    }
}
