import Foundation

/// Per-document tables the organisation extractor reads: the analysis code points and, for
/// every position, the token covering it, with the token's edges in flat arrays (the document's
/// own `tokenIndex`; kinds and origins are read from the tokens in place, no `Token` or String
/// copied in the walk).
struct OrganizationContext {
    let a: [Unicode.Scalar]
    let n: Int
    /// Token index covering each position, or −1 (`Document.tokenIndex`).
    let tokenIndex: [Int32]
    /// Token `k`'s start and end (`TokenIndex.start`, `.end`), read with subscripts.
    let tokenStart: Edges
    let tokenEnd: Edges
    /// The document's tokens (their kinds and origins are read in place).
    let tokens: [Token]
    /// True where a cut is allowed (`TokenIndex.cuts`), as in the people stage.
    let boundary: [Bool]

    /// True when `[s, e)` holds a Cantonese function word.
    func hasCantonese(_ s: Int, _ e: Int) -> Bool {
        !cantonese.isEmpty && (s..<e).contains { cantonese[$0] }
    }

    /// Traditional text only: positions holding a Cantonese function word (佢, 喺, 係…), which
    /// end a name (empty for simplified text).
    let cantonese: [Bool]

    /// `document` is borrowed (an initialiser's parameters are owned by default, and passing an
    /// owned document copies it: a retain and a release of each of its layers).
    init(document: borrowing Document) {
        a = document.analysis
        if document.folding.traditional {
            let o = document.scalars
            cantonese = o.indices.map { CharacterClass.isCantoneseFunction(o, at: $0) }
        } else {
            cantonese = []
        }
        let n = a.count
        self.n = n
        tokens = document.tokens
        let index = document.tokenIndex
        tokenIndex = index.covering
        boundary = index.cuts
        tokenStart = Edges(index: index, side: 0)
        tokenEnd = Edges(index: index, side: 1)
    }

    /// One side of the tokens' edges in the document's `TokenIndex` (one table holds both).
    struct Edges {
        let edges: [Int32]
        let side: Int
        init(index: TokenIndex, side: Int) { (edges, self.side) = (index.edges, side) }
        @inline(__always) subscript(k: Int) -> Int32 { edges[2 * k + side] }
    }

    /// True when a token boundary lies at `p` (or there are no tokens).
    @inline(__always)
    func isTokenBoundary(_ p: Int) -> Bool {
        if p <= 0 || p >= n { return true }
        return boundary[p] || tokenIndex[p] < 0
    }

    /// A multi-character token begins before `s` and continues past it.
    @inline(__always)
    func crossesStart(_ s: Int) -> Bool { !isTokenBoundary(s) }

    func string(_ s: Int, _ e: Int) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: a[s..<e])
        return String(v)
    }

    /// `a[s..<e]` as a name: without the layout breaks (whitespace runs holding a line break)
    /// that a repaired paragraph keeps inside it (紫阳\n\n街道妇联 → 紫阳街道妇联).
    func name(_ s: Int, _ e: Int) -> String { Self.withoutLayoutBreaks(a[s..<e]) }

    /// `text` without whitespace runs that hold a line break: `text` itself when it has no line
    /// break (most names), with no String rebuilt.
    static func withoutLayoutBreaks(_ text: String) -> String {
        CharacterClass.mayHold(text, CharacterClass.lineBreakBytes) && text.unicodeScalars.contains(where: CharacterClass.isLineBreak)
            ? withoutLayoutBreaks(text.unicodeScalars) : text
    }

    /// The characters without whitespace runs that hold a line break (other spaces stay).
    static func withoutLayoutBreaks<C: Collection>(_ chars: C) -> String where C.Element == Unicode.Scalar {
        guard chars.contains(where: CharacterClass.isLineBreak) else { return ScalarText.string(chars) }
        var v = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        var breaks = false
        for c in chars {
            if CharacterClass.isWhitespace(c) {
                run.append(c)
                if CharacterClass.isLineBreak(c) { breaks = true }
                continue
            }
            if !breaks { v.append(contentsOf: run) }
            run.removeAll()
            breaks = false
            v.append(c)
        }
        if !breaks { v.append(contentsOf: run) }
        return String(v)
    }

    /// Punctuation, whitespace or a text edge at `p`.
    func isBreak(_ p: Int) -> Bool {
        if p < 0 || p >= n { return true }
        let s = a[p]
        if CharacterClass.isWhitespace(s) { return true }
        switch s.properties.generalCategory {
        case .otherPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .dashPunctuation, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Letters other than Han characters (5G); ASCII answered without Unicode properties.
    @inline(__always)
    func isNonHanLetter(_ p: Int) -> Bool {
        let v = a[p].value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        return a[p].properties.isAlphabetic && !CharacterClass.isHan(a[p])
    }
}

/// Word classes of the segmentation lexicon's entries, computed once from their tags and
/// frequencies so the name walk reads one byte per word instead of comparing tag strings.
struct OrganizationWordClasses: Sendable {
    static let hardStop: UInt16 = 1      // p, c, u, y, e, uj, ul, ud, uz, r
    static let numeral: UInt16 = 2       // m
    static let measure: UInt16 = 4       // q
    static let verb: UInt16 = 8          // v
    static let frequentVerb: UInt16 = 16 // v with frequency ≥ 10 000
    static let proper: UInt16 = 32       // proper-noun tags
    static let noun: UInt16 = 64         // noun-like tags (nounTags or any n…)
    static let verbalNoun: UInt16 = 128  // vn
    static let function: UInt16 = 256   // PersonExtractor.functionTags (a name may end before it)
    static let attributive: UInt16 = 512 // b (高能, 国有, 私人: attributive words that only modify nouns)

    let classes: [UInt16]

    init(words: Lexicon, hardStopTags: Set<String>, properTags: Set<String>, nounTags: Set<String>,
         functionTags: Set<String>) {
        // Once per distinct tag (a few dozen), not per word.
        var classes = words.mapTags { tag in
            var c: UInt16 = 0
            if hardStopTags.contains(tag) { c |= Self.hardStop }
            if tag == "m" { c |= Self.numeral }
            if tag == "q" { c |= Self.measure }
            if tag == "v" { c |= Self.verb }
            if properTags.contains(tag) { c |= Self.proper }
            if nounTags.contains(tag) || tag.hasPrefix("n") { c |= Self.noun }
            if tag == "vn" { c |= Self.verbalNoun }
            if tag == "b" { c |= Self.attributive }
            if functionTags.contains(tag) { c |= Self.function }
            return c
        }
        for (i, e) in words.entries.enumerated() where classes[i] & Self.verb != 0 && e.frequency >= 10_000 {
            classes[i] |= Self.frequentVerb
        }
        self.classes = classes
    }
}

/// Which of up to eight lexicons may have a word starting at a position, answered from small
/// tables: the characters of one-character words (a 64K-bit set), and the hashed first pairs of
/// longer words, once as a 64K-bit set (8 KB, stays in the first-level cache; most positions end
/// here) and once as one byte per slot with a bit per lexicon. A set bit may be a false positive
/// (the trie decides); a clear bit is exact, so most positions never touch a trie.
struct StartFilter: Sendable {
    private var singles = [UInt64](repeating: 0, count: 1024)
    /// Lexicons that have one-character words (reported whenever `singles` hits).
    private var singleMask: UInt8 = 0
    private var anyPair = [UInt64](repeating: 0, count: 1024)
    private var pairs = [UInt8](repeating: 0, count: 1 << 16)

    init() {}

    /// Lexicon `k` sets bit `k`; its words shorter than its minimum length are left out.
    init(_ lexicons: [(lexicon: Lexicon, minLength: Int)]) {
        for (k, item) in lexicons.enumerated() {
            let bit = UInt8(1) << UInt8(k)
            for entry in item.lexicon.entries {
                // The first two scalars, and no more of the word than its minimum length asks
                // (counting every scalar was most of this loop).
                var scalars = entry.word.unicodeScalars.makeIterator()
                guard let first = scalars.next() else { continue }
                let second = scalars.next()
                var length = second == nil ? 1 : 2
                while length < item.minLength, scalars.next() != nil { length += 1 }
                guard length >= item.minLength else { continue }
                if let second {
                    let h = Self.pair(first.value, second.value)
                    pairs[h] |= bit
                    anyPair[h >> 6] |= 1 << UInt64(h & 63)
                } else {
                    let h = Int(first.value & 0xFFFF)
                    singles[h >> 6] |= 1 << UInt64(h & 63)
                    singleMask |= bit
                }
            }
        }
    }

    @inline(__always)
    private static func pair(_ a: UInt32, _ b: UInt32) -> Int {
        Int(((a &* 0x9E37_79B1) ^ (b &* 0x85EB_CA77)) >> 16)
    }

    /// Bit `k` set when lexicon `k` may have a word starting at `p` (`n` = end of the text).
    /// The tables are read without bounds checks: `s` and `h` are below 2¹⁶, the tables' size.
    @inline(__always)
    func candidates(_ a: UnsafeBufferPointer<Unicode.Scalar>, _ p: Int, _ n: Int) -> UInt8 {
        let v = a[p].value
        let s = Int(v & 0xFFFF)
        var bits: UInt8 = singles.withUnsafeBufferPointer { $0[s >> 6] } & (1 << UInt64(s & 63)) != 0 ? singleMask : 0
        if p + 1 < n {
            let h = Self.pair(v, a[p + 1].value)
            if anyPair.withUnsafeBufferPointer({ $0[h >> 6] }) & (1 << UInt64(h & 63)) != 0 {
                bits |= pairs.withUnsafeBufferPointer { $0[h] }
            }
        }
        return bits
    }
}
