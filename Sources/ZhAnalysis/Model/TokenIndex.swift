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
    /// By token index `k`: its range's start at `2k` and end at `2k + 1` (code points). One
    /// array, not one for starts and one for ends: each array made per document costs an
    /// allocation and a fill (~300 instructions), more than a short document's table.
    let edges: [Int32]
    /// By offset 0…length: a cut between words is allowed there — at the text's edges, where a
    /// token starts, and anywhere inside a word the segmenter built by rule from single
    /// characters (a name candidate, which extraction may cut again); everywhere when there are
    /// no tokens. Read by the people and organisation stages.
    public let cuts: [Bool]

    /// The index of `tokens` over a text of `length` code points. Tokens must not overlap; a token
    /// reaching past `length` or with an empty range covers nothing.
    public init(tokens: [Token], length: Int) {
        // No tokens (every `Document` starts so): nothing to write, and the empty arrays stay the
        // shared empty buffer (made writable below, each was allocated for nothing).
        guard !tokens.isEmpty else {
            covering = .filled(-1, count: length)
            edges = []
            cuts = .filled(true, count: length + 1)
            return
        }
        var covering = [Int32].filled(-1, count: length)
        var cuts = [Bool].filled(false, count: length + 1)
        var edges = [Int32].filled(0, count: 2 * tokens.count)
        // All three written through pointers in one pass: appending and subscripting the captured
        // arrays paid a uniqueness check per write.
        covering.withUnsafeMutableBufferPointer { ti in
            cuts.withUnsafeMutableBufferPointer { cut in
                edges.withUnsafeMutableBufferPointer { ed in
                    cut[0] = true
                    cut[length] = true
                    tokens.withUnsafeBufferPointer { tb in
                        for k in 0..<tb.count {
                            let r = tb[k].range
                            ed[2 * k] = Int32(r.start)
                            ed[2 * k + 1] = Int32(r.end)
                            guard r.end <= length, r.start < r.end else { continue }
                            for p in r.start..<r.end { ti[p] = Int32(k) }
                            cut[r.start] = true
                            if tb[k].kind == .word && tb[k].origin == .rule {
                                for p in r.start..<r.end { cut[p] = true }
                            }
                        }
                    }
                }
            }
        }
        self.covering = covering
        self.edges = edges
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
    @inline(__always) public func start(_ k: Int) -> Int { Int(edges[2 * k]) }
    @inline(__always) public func end(_ k: Int) -> Int { Int(edges[2 * k + 1]) }
}
