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
        // Nodes are the terms present, numbered in order of first occurrence (the order every
        // sum below runs in); `path` is the sequence in node ids.
        var node = [Int32].filled(-1, count: termCount)
        var termOf: [Int32] = []
        var path = [Int32].filled(0, count: sequence.count)
        for (k, t) in sequence.enumerated() {
            if node[Int(t)] < 0 {
                node[Int(t)] = Int32(termOf.count)
                termOf.append(t)
            }
            path[k] = node[Int(t)]
        }
        let n = termOf.count
        let graph = Graph(path: path, nodeCount: n, window: window)
        let priors = termOf.map { max(prior($0), 0) }
        let priorSum = priors.reduce(0, +)
        let teleport = priors.map { priorSum > 0 ? $0 / priorSum : 1 / Double(n) }

        var result = [Double].filled(0, count: termCount)
        // The scores, the next ones and what each node passes on per unit of link weight, in one
        // temporary buffer: the iteration allocates nothing.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { buffer in
            var score = UnsafeMutableBufferPointer(rebasing: buffer[0..<n])
            var next = UnsafeMutableBufferPointer(rebasing: buffer[n..<2 * n])
            let share = UnsafeMutableBufferPointer(rebasing: buffer[2 * n..<3 * n])
            _ = score.initialize(from: teleport)
            graph.links.withUnsafeBufferPointer { links in
                for _ in 0..<iterations {
                    var dangling = 0.0
                    for i in 0..<n {
                        if graph.strength[i] == 0 {
                            dangling += score[i]
                        } else {
                            share[i] = damping * score[i] / graph.strength[i]
                        }
                    }
                    // Each node gathers from its neighbours in ascending order: the order in which
                    // spreading node by node (`next[j] += share[i] × w` for i = 0, 1, …) adds to
                    // it, so either way the sums are the same.
                    var delta = 0.0
                    for j in 0..<n {
                        var x = (1 - damping) * teleport[j] + damping * dangling * teleport[j]
                        for e in graph.offsets[j]..<graph.offsets[j + 1] { x += share[Int(links[e].node)] * links[e].weight }
                        next[j] = x
                        delta += abs(x - score[j])
                    }
                    swap(&score, &next)
                    if delta < tolerance { break }
                }
            }
            let top = score.max() ?? 0
            for i in 0..<n { result[Int(termOf[i])] = top > 0 ? score[i] / top : 0 }
        }
        return result
    }

    /// The co-occurrence graph in compressed form: node `j`'s links are
    /// `links[offsets[j]..<offsets[j + 1]]`, neighbours in ascending order — flat arrays, so the
    /// power iteration walks them without allocating or counting references.
    struct Graph {
        struct Link {
            var node: Int32
            var weight: Double
        }
        let offsets: [Int]
        let links: [Link]
        /// Sum of a node's link weights (0: no neighbours).
        let strength: [Double]

        /// The graph of `path` (node ids in text order): two nodes are linked with a weight that
        /// counts their pairs less than `window` positions apart.
        init(path: [Int32], nodeCount n: Int, window: Int) {
            var offsets = [Int].filled(0, count: n + 1)
            var strength = [Double].filled(0, count: n)
            var links: [Link] = []
            let capacity = 2 * path.count * max(0, min(window, path.count) - 1)
            // The keys and a second buffer to sort them through, temporary.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * capacity) { buffer in
                let keys = UnsafeMutableBufferPointer(rebasing: buffer[0..<capacity])
                let byFrom = UnsafeMutableBufferPointer(rebasing: buffer[capacity..<2 * capacity])
                // Every pair as two directed links, keyed (to, from) in one integer.
                var count = 0
                for i in path.indices {
                    let a = UInt64(UInt32(path[i]))
                    var j = i + 1
                    while j < min(path.count, i + window) {
                        let b = UInt64(UInt32(path[j]))
                        if a != b {
                            keys[count] = a << 32 | b
                            keys[count + 1] = b << 32 | a
                            count += 2
                        }
                        j += 1
                    }
                }
                // Sorted by two stable counting passes, by `from` and then by `to` (linear in the
                // links: no comparison sort, no hash table). Runs of equal keys are then the
                // links, their lengths the weights.
                withUnsafeTemporaryAllocation(of: Int.self, capacity: n + 1) { start in
                    Self.sort(UnsafeMutableBufferPointer(rebasing: keys[..<count]), into: byFrom, start) { Int($0 & 0xFFFF_FFFF) }
                    Self.sort(UnsafeMutableBufferPointer(rebasing: byFrom[..<count]), into: keys, start) { Int($0 >> 32) }
                }
                // Room for the distinct links only: in a long text most pairs repeat, and the
                // directed pairs' count would reserve several times the memory used.
                var distinct = 0
                for p in 0..<count where p == 0 || keys[p] != keys[p - 1] { distinct += 1 }
                links.reserveCapacity(distinct)
                offsets.withUnsafeMutableBufferPointer { offsets in
                    strength.withUnsafeMutableBufferPointer { strength in
                        var p = 0
                        while p < count {
                            var q = p + 1
                            while q < count, keys[q] == keys[p] { q += 1 }
                            let to = Int(keys[p] >> 32), weight = Double(q - p)
                            links.append(Link(node: Int32(truncatingIfNeeded: keys[p]), weight: weight))
                            offsets[to + 1] += 1
                            // A sum of small whole numbers: exact.
                            strength[to] += weight
                            p = q
                        }
                    }
                }
            }
            for j in 0..<n { offsets[j + 1] += offsets[j] }
            self.offsets = offsets
            self.links = links
            self.strength = strength
        }

        /// `source` stably sorted by `key` (in `0..<start.count - 1`) into `target`; `start` is
        /// scratch.
        private static func sort(_ source: UnsafeMutableBufferPointer<UInt64>, into target: UnsafeMutableBufferPointer<UInt64>,
                                 _ start: UnsafeMutableBufferPointer<Int>, key: (UInt64) -> Int) {
            start.initialize(repeating: 0)
            for x in source { start[key(x) + 1] += 1 }
            for b in 0..<start.count - 1 { start[b + 1] += start[b] }
            for x in source {
                target[start[key(x)]] = x
                start[key(x)] += 1
            }
        }
    }
}
