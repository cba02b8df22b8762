import Foundation

extension PersonExtractor {
    /// Per-document lookup tables over the analysis text and the token layer (shared with
    /// `OrganizationExtractor`).
    struct Context {
        /// The document's sections (for bylines); the document itself is not kept, as a copy of
        /// it costs a retain and a release of every layer.
        let sections: [Section]
        let a: [Unicode.Scalar]
        let n: Int
        /// Token index covering each position (`Document.tokenIndex`).
        let tokenIndex: [Int32]
        let tokens: [Token]
        /// Positions inside mentions of entities found by earlier stages.
        let blocked: UnsafeBufferPointer<Bool>
        /// `boundary[p]`: a cut is allowed at `p` (`TokenIndex.cuts`).
        let boundary: [Bool]
        /// `single[p]`: the character at `p` is a one-character token or part of a name-candidate token.
        let single: UnsafeBufferPointer<Bool>
        /// `breakBits`, read once a document: each read of the static paid a `swift_once` call,
        /// and `isBreak` is asked ~20 times a document.
        let breaks: ScalarBitSet

        /// `document` is borrowed: an initialiser's parameters are owned by default, which made
        /// every call copy the document (a retain and a release of each of its layers).
        /// `scratch` (twice the text's length, outliving the context) holds `single` and
        /// `blocked`: a caller's temporary buffer instead of two arrays per document. The words
        /// lexicon is not kept: the few look-ups that need it are passed the extractor's (a copy
        /// retained and released its seven arrays, every document).
        init(document: borrowing Document, scratch: UnsafeMutableBufferPointer<Bool>) {
            sections = document.sections
            a = document.analysis
            n = a.count
            tokens = document.tokens
            // One pass over the tokens reading only their ranges and kinds (no Token copies); the
            // position → token table and the allowed cuts are the document's.
            let count = a.count
            let single = UnsafeMutableBufferPointer(rebasing: scratch[..<count])
            single.initialize(repeating: true)
            document.tokens.withUnsafeBufferPointer { tb in
                for k in 0..<tb.count {
                    let r = tb[k].range
                    guard r.end <= count, r.end - r.start > 1, !(tb[k].kind == .word && tb[k].origin == .rule) else { continue }
                    // Two characters (most words) set by hand: the loop alone became a memset call.
                    single[r.start] = false
                    single[r.start + 1] = false
                    for p in (r.start + 2)..<r.end { single[p] = false }
                }
            }
            self.tokenIndex = document.tokenCovering
            self.boundary = document.tokenCuts
            breaks = Self.breakBits
            self.single = UnsafeBufferPointer(single)
            let blocked = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
            blocked.initialize(repeating: false)
            // By index: each entity's type, level and mentions are read, not a copy of it.
            for i in document.entities.indices {
                let (type, level) = (document.entities[i].type, document.entities[i].level)
                // (Each mention's edges read in place: `for m in mentions` copied each one, its text retained.)
                for mi in document.entities[i].mentions.indices {
                    let m = (start: document.entities[i].mentions[mi].start, end: document.entities[i].mentions[mi].end)
                    guard m.end <= n else { continue }
                    // A landmark of two characters (长城, 泰山) may be a given name (蒲长城): the
                    // people stage decides (`PersonExtractor.softPlace`).
                    if PersonExtractor.softPlace(type, level, length: m.end - m.start) { continue }
                    for p in m.start..<m.end { blocked[p] = true }
                }
            }
            self.blocked = UnsafeBufferPointer(blocked)
        }

        /// The entry spelled exactly by `a[s..<e]`, read from the trie without building a String.
        func entry(_ lex: Lexicon, _ s: Int, _ e: Int) -> LexiconEntry? {
            entryIndex(lex, s, e).map { lex.entries[$0] }
        }

        /// The index (into `lex.entries`) of the entry spelled exactly by `a[s..<e]`.
        @inline(__always)
        func entryIndex(_ lex: Lexicon, _ s: Int, _ e: Int) -> Int? {
            guard s >= 0, s < e, e <= n else { return nil }
            return lex.lookupIndex(a, s, e)
        }

        func string(_ s: Int, _ e: Int) -> String { ScalarText.string(a, s, e) }

        /// True when a token boundary lies at `p` (or there are no tokens).
        func isTokenBoundary(_ p: Int) -> Bool {
            if p <= 0 || p >= n { return true }
            return boundary[p] || tokenIndex[p] < 0
        }

        /// A multi-character token begins before `s` and continues past it.
        func crossesStart(_ s: Int) -> Bool { !isTokenBoundary(s) }
        /// A multi-character token continues past `e`.
        func crossesEnd(_ e: Int) -> Bool { !isTokenBoundary(e) }
        /// A dictionary word (not a word only ICU knows; `words` is the segmentation lexicon)
        /// continues across `p`.
        func crossesWord(start p: Int, _ words: Lexicon) -> Bool {
            guard !isTokenBoundary(p) else { return false }
            let k = Int(tokenIndex[p])
            let origin = tokens[k].origin
            return origin == .lexicon || origin == .user || tokenWord(k, words) != nil
        }

        /// The `words` entry spelled by token `k` (its text is the analysis text of its range).
        @inline(__always)
        func tokenWord(_ k: Int, _ words: Lexicon) -> Int? {
            let r = tokens[k].range
            return r.end <= n ? entryIndex(words, r.start, r.end) : nil
        }
        func crossesWord(end p: Int, _ words: Lexicon) -> Bool { crossesWord(start: p, words) }

        /// Either edge of `[s, e)` cuts a token.
        func crosses(_ s: Int, _ e: Int) -> Bool { crossesStart(s) || crossesEnd(e) }

        func tokenEnd(_ p: Int) -> Int {
            let k = tokenIndex[p]
            return k < 0 ? p + 1 : max(p + 1, tokens[Int(k)].range.end)
        }

        /// A hard (non-name-candidate) multi-character token starting at `s` ends inside `(s, e)`.
        func tokenEndWithin(_ s: Int, _ e: Int) -> Bool {
            let k = tokenIndex[s]
            guard k >= 0 else { return false }
            // Fields read in place: a copy of the token retains and releases its text.
            let (kind, origin, r) = (tokens[Int(k)].kind, tokens[Int(k)].origin, tokens[Int(k)].range)
            if kind == .word && origin == .rule { return false }
            return r.start == s && r.end > s + 1 && r.end < e
        }

        /// Every token inside `[s, e)` is one character long.
        func allSingles(_ s: Int, _ e: Int) -> Bool {
            for p in s..<e where !single[p] { return false }
            return true
        }

        /// `isBreak` for every BMP character, one bit each (Han characters are never breaks).
        static let breakBits = ScalarBitSet(where: isBreakScalar, outside: ScalarBitSet.letterBlocks)

        /// Punctuation, whitespace or a text edge at `p`.
        @inline(__always)
        func isBreak(_ p: Int) -> Bool {
            if p < 0 || p >= n { return true }
            let v = a[p].value
            if v < 0x10000 { return breaks.contains(v) }
            return Self.isBreakScalar(a[p])
        }

        static func isBreakScalar(_ s: Unicode.Scalar) -> Bool {
            if CharacterClass.isWhitespace(s) { return true }
            switch s.properties.generalCategory {
            case .otherPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
                 .dashPunctuation, .connectorPunctuation:
                return true
            default:
                return false
            }
        }

        func longestMatch(_ lex: Lexicon, at p: Int) -> Int {
            guard p >= 0, p < n else { return 0 }
            var best = 0
            lex.forEachMatchIndex(in: a, from: p, limit: n) { end, _ in best = end - p }
            return best
        }

        /// Length of the longest match at `p` (0 when none).
        func matchLength(_ lex: Lexicon, at p: Int) -> Int { longestMatch(lex, at: p) }

        /// The longest cue that ends exactly at `e` and starts on a token boundary.
        func cueEnding(at e: Int, _ lex: Lexicon) -> String? {
            guard e > 0 else { return nil }
            var best = 0
            let maxLen = min(lex.maxLength, e)
            if maxLen < 1 { return nil }
            for len in 1...maxLen {
                let s = e - len
                if lex.lookupIndex(a, s, e) != nil, isTokenBoundary(s) || len >= 2 { best = len }
            }
            return best > 0 ? string(e - best, e) : nil
        }

        /// The role next to a mention: a title right before or right after.
        func role(_ s: Int, _ e: Int, _ table: PersonLexicon) -> String? {
            if let t = cueEnding(at: s, table.titles) { return t }
            let after = longestMatch(table.titles, at: e)
            return after >= 2 ? string(e, e + after) : nil
        }
    }
}
