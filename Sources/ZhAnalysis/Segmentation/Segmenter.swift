import Foundation

/// Word segmentation: ICU's dictionary-based word breaks first, then a lexicon pass that finds
/// the best path through a small lattice per run of ideographs and digits.
///
/// Lattice edges are ICU's own segments, every lexicon word found by the trie, numeric spans
/// from `NumberScanner`, and single characters as the fallback. Edge cost is the unigram cost
/// `log(total) − log(freq)`; ICU segments the lexicon does not know get a modest pseudo-frequency,
/// so ICU's decision stands unless the lexicon has better evidence. Arabic numbers are hard
/// tokens (no boundary inside 13,500 or 2.5万); user-dictionary words carry a bonus so they win
/// whenever they fit.
public struct Segmenter: Stage, Sendable {
    public let name = "segment"
    public let breaker: ICUWordBreaker
    public let lexicon: Lexicon
    public let numbers = NumberScanner()
    public let names: NameCandidates
    public var options: Options

    /// How personal names come out: whole (张梦月, as MSR and extraction want) or split into
    /// surname and given name (张 梦月, the PKU standard).
    public enum NameStyle: String, Sendable, CaseIterable { case whole, split }

    public struct Options: Sendable {
        /// Pseudo-frequency of an ICU multi-character segment missing from the lexicon.
        public var icuWordFrequency: Double = 40
        /// Pseudo-frequency of an ICU single character missing from the lexicon.
        public var icuCharFrequency: Double = 3
        /// Pseudo-frequency of a Chinese-numeral span.
        public var chineseNumberFrequency: Double = 3000
        /// Cost subtracted for every user-dictionary word on a path.
        public var userBonus: Double = 40
        public var nameStyle: NameStyle = .whole
        public init() {}
    }

    public init(lexicon: Lexicon, names: NameCandidates = NameCandidates(), breaker: ICUWordBreaker? = nil,
                options: Options = Options()) throws {
        self.lexicon = lexicon
        self.names = names
        self.breaker = try breaker ?? ICUWordBreaker(kind: .word)
        self.options = options
    }

    public func process(_ document: inout Document) throws {
        document.tokens = try tokens(document.analysis, in: 0..<document.length)
    }

    /// Tokens covering `scalars[range]` without gaps, in order.
    public func tokens(_ s: [Unicode.Scalar], in range: Range<Int>) throws -> [Token] {
        let breaks = try breaker.breaks(s, in: range)
        var tokens: [Token] = []
        tokens.reserveCapacity(breaks.count)
        var chunk: [ICUWordBreaker.Break] = []
        var chunkStart = range.lowerBound
        var start = range.lowerBound
        for b in breaks {
            if Self.joinsChunk(s, start: start, end: b.end, status: b.status) {
                if chunk.isEmpty { chunkStart = start }
                chunk.append(b)
            } else {
                if !chunk.isEmpty {
                    segmentChunk(s, start: chunkStart, breaks: chunk, into: &tokens)
                    chunk.removeAll(keepingCapacity: true)
                }
                tokens.append(Token(range: TextRange(start: start, end: b.end), kind: Self.kindOfOther(s, start, b.end),
                                    origin: .icu, text: Self.string(s, start, b.end)))
            }
            start = b.end
        }
        if !chunk.isEmpty { segmentChunk(s, start: chunkStart, breaks: chunk, into: &tokens) }
        return tokens
    }

    // MARK: - chunks

    static func joinsChunk(_ s: [Unicode.Scalar], start: Int, end: Int, status: Int32) -> Bool {
        if status >= 100 { return true }
        // Signs that belong to numbers or are part of words: % ‰ and the middle dot in names.
        if end - start == 1 {
            let c = s[start]
            return c == "%" || c == "‰" || c == "·" || c == "•"
        }
        return false
    }

    static func kindOfOther(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> TokenKind {
        let first = s[start]
        if first.properties.isWhitespace { return .space }
        switch first.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .punctuation
        case .decimalNumber: return .number
        case .uppercaseLetter, .lowercaseLetter: return .latin
        default: return .symbol
        }
    }

    static func string(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[start..<end])
        return String(v)
    }

    private struct Edge {
        var end: Int
        var cost: Double
        var kind: TokenKind
        var origin: TokenOrigin
        var split: Int = -1
    }

    private func segmentChunk(_ s: [Unicode.Scalar], start: Int, breaks: [ICUWordBreaker.Break], into tokens: inout [Token]) {
        let end = breaks.last!.end
        let n = end - start
        let logTotal = log(max(lexicon.totalFrequency, 1_000_000))
        @inline(__always) func cost(_ f: Double) -> Double { logTotal - log(max(f, 0.5)) }

        // Hard spans: Arabic numbers. No edge may start or end strictly inside one.
        var blocked = [Bool](repeating: false, count: n + 1)
        var numberAt = [NumberScanner.Match?](repeating: nil, count: n)
        var i = start
        while i < end {
            if let m = numbers.match(in: s, at: i, limit: end) {
                numberAt[i - start] = m
                if m.arabic {
                    for k in (i + 1)..<m.end { blocked[k - start] = true }
                    i = m.end
                    continue
                }
            }
            i += 1
        }
        var icuAt = [Int](repeating: -1, count: n)   // ICU segment end starting at position
        var icuStatus = [Int32](repeating: 0, count: n)
        var p = start
        for b in breaks {
            icuAt[p - start] = b.end
            icuStatus[p - start] = b.status
            p = b.end
        }
        // singleUntil[pos]: end of the run of one-character ideographic ICU segments from pos.
        var singleUntil = [Int](repeating: 0, count: n + 1)
        singleUntil[n] = end
        if !names.isEmpty {
            func isSingle(_ k: Int) -> Bool { icuAt[k] == start + k + 1 && icuStatus[k] >= 400 && numberAt[k] == nil }
            for k in stride(from: n - 1, through: 0, by: -1) {
                if isSingle(k) {
                    singleUntil[k] = k + 1 < n && isSingle(k + 1) ? singleUntil[k + 1] : start + k + 1
                } else {
                    singleUntil[k] = start + k
                }
            }
        }

        var best = [Double](repeating: .infinity, count: n + 1)
        var back = [Int](repeating: -1, count: n + 1)
        var backKind = [TokenKind](repeating: .word, count: n + 1)
        var backOrigin = [TokenOrigin](repeating: .icu, count: n + 1)
        var backSplit = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        var edges: [Edge] = []
        edges.reserveCapacity(16)
        for pos in 0..<n where best[pos] < .infinity && !blocked[pos] {
            let at = start + pos
            edges.removeAll(keepingCapacity: true)
            let icuEnd = icuAt[pos]
            var icuCovered = false
            lexicon.forEachMatch(in: s, from: at, limit: end) { wEnd, entry in
                guard !blocked[wEnd - start] else { return }
                var c = cost(entry.frequency)
                if entry.origin == .user { c -= options.userBonus }
                if wEnd == icuEnd { icuCovered = true }
                edges.append(Edge(end: wEnd, cost: c, kind: .word, origin: entry.origin == .user ? .user : .lexicon))
            }
            if let m = numberAt[pos] {
                let c = m.arabic ? -20.0 : cost(options.chineseNumberFrequency * Double(m.end - at))
                edges.append(Edge(end: m.end, cost: c, kind: .number, origin: .rule))
            }
            if icuEnd > 0, !icuCovered, !blocked[icuEnd - start] {
                let status = icuStatus[pos]
                let len = icuEnd - at
                let kind: TokenKind = (100..<200).contains(status) ? .number : (200..<300).contains(status) ? .latin : .word
                let f = len >= 2 ? options.icuWordFrequency : options.icuCharFrequency
                edges.append(Edge(end: icuEnd, cost: cost(f), kind: kind, origin: .icu))
            }
            if !names.isEmpty, singleUntil[pos] - at >= 2 {
                for c in names.candidates(in: s, at: at, singleUntil: singleUntil[pos]) {
                    let split = options.nameStyle == .split ? (c.surnameEnd ?? -1) : -1
                    edges.append(Edge(end: c.end, cost: cost(c.frequency), kind: .word, origin: .rule, split: split))
                }
            }
            // Fallback: one code point (always possible unless it lands inside a hard span).
            if !blocked[pos + 1] {
                edges.append(Edge(end: at + 1, cost: cost(0.5), kind: .word, origin: .icu))
            }
            for e in edges {
                let j = e.end - start
                let c = best[pos] + e.cost
                if c < best[j] {
                    best[j] = c
                    back[j] = pos
                    backKind[j] = e.kind
                    backOrigin[j] = e.origin
                    backSplit[j] = e.split
                }
            }
        }
        // Walk back.
        var cuts: [(Int, Int, TokenKind, TokenOrigin)] = []
        var j = n
        while j > 0 {
            let i = back[j]
            if i < 0 { break }
            if backSplit[j] > 0 {
                cuts.append((backSplit[j] - start, j, backKind[j], backOrigin[j]))
                cuts.append((i, backSplit[j] - start, backKind[j], backOrigin[j]))
            } else {
                cuts.append((i, j, backKind[j], backOrigin[j]))
            }
            j = i
        }
        for (a, b, kind, origin) in cuts.reversed() {
            var k = kind
            if k == .word, (start + a..<start + b).allSatisfy({ s[$0].isASCII && s[$0].properties.isAlphabetic }) { k = .latin }
            tokens.append(Token(range: TextRange(start: start + a, end: start + b), kind: k, origin: origin,
                                text: Self.string(s, start + a, start + b)))
        }
    }
}
