/// Position → token for one document: for every code point, the index (into `Document.tokens`)
/// of the token that covers it, or −1 where none does; and every token's start and end in flat
/// arrays. `Document` builds it whenever its tokens are set (the segmenter sets them once), so the
/// extractors read one shared table instead of each building its own:
///
/// ```swift
/// let index = document.tokenIndex
/// if let k = index.token(at: p) { … document.tokens[k] … index.end(k) … }
/// ```
public struct TokenIndex: Sendable {
    /// By code point offset: the covering token's index, or −1.
    public let covering: [Int32]
    /// By token index: its range's start and end (code points).
    public let starts: [Int32]
    public let ends: [Int32]
    /// By offset 0…length: a cut between words is allowed there — at the text's edges, where a
    /// token starts, and anywhere inside a word the segmenter built by rule from single
    /// characters (a name candidate, which extraction may cut again); everywhere when there are
    /// no tokens. Read by the people and organisation stages.
    public let cuts: [Bool]

    /// The index of `tokens` over a text of `length` code points. Tokens must not overlap; a token
    /// reaching past `length` or with an empty range covers nothing.
    public init(tokens: [Token], length: Int) {
        var covering = [Int32].filled(-1, count: length)
        var cuts = [Bool].filled(tokens.isEmpty, count: length + 1)
        cuts[0] = true
        cuts[length] = true
        var starts: [Int32] = [], ends: [Int32] = []
        starts.reserveCapacity(tokens.count)
        ends.reserveCapacity(tokens.count)
        covering.withUnsafeMutableBufferPointer { ti in
            tokens.withUnsafeBufferPointer { tb in
                for k in 0..<tb.count {
                    let r = tb[k].range
                    starts.append(Int32(r.start))
                    ends.append(Int32(r.end))
                    guard r.end <= length, r.start < r.end else { continue }
                    for p in r.start..<r.end { ti[p] = Int32(k) }
                    cuts[r.start] = true
                    if tb[k].kind == .word && tb[k].origin == .rule {
                        for p in r.start..<r.end { cuts[p] = true }
                    }
                }
            }
        }
        self.covering = covering
        self.starts = starts
        self.ends = ends
        self.cuts = cuts
    }

    /// The token covering offset `p`, nil when none does or `p` is outside the text.
    @inline(__always)
    public func token(at p: Int) -> Int? {
        guard p >= 0, p < covering.count else { return nil }
        let k = covering[p]
        return k < 0 ? nil : Int(k)
    }

    /// Start and end of token `k`.
    @inline(__always) public func start(_ k: Int) -> Int { Int(starts[k]) }
    @inline(__always) public func end(_ k: Int) -> Int { Int(ends[k]) }
}
