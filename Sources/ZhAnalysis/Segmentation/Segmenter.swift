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
    /// The trained model that decides boundaries inside ideographic runs; nil: the lexicon lattice.
    public let model: SegmentationModel?
    /// Work arrays of finished calls, for the next ones (any thread).
    let workspaces = ReusePool<Workspace>(keep: { $0.isKept })

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
        /// With a model: numbers written with digits join their measure word when the model's
        /// standard does (MSR: 5000余人, 3个). Off by default: extraction wants 5000 as its own token.
        public var numbersFollowStandard = false
        /// With a model: a lexicon word of three or more characters the model split into smaller
        /// words comes out whole (紫阳街道, 长江大桥, 教育资源), as extraction wants place names
        /// and terms. Off for output that must follow a standard strictly (SIGHAN scoring).
        public var lexiconCompounds = true
        /// With a model: a word only the model vouches for (not in the lexicon, not ICU's, no
        /// name candidate) that the lexicon spells as several words comes out as those words
        /// (意大利队 → 意大利 队), as the extractors expect heads apart. Off for strict output.
        public var lexiconParts = true
        public init() {}
    }

    /// Positions whose trie walks are prefetched together (`Lexicon.prefetchWalks`): a line's
    /// chunk at once; a long chunk a stretch ahead of the lattice. A power of two (the lattice
    /// tests `pos & (prefetchStretch − 1)`).
    static let prefetchStretch = 64

    /// Longest span a number token is scanned for from one start (Arabic numbers excepted).
    static let maxNumberLength = 64

    public init(lexicon: Lexicon, names: NameCandidates = NameCandidates(), breaker: ICUWordBreaker? = nil,
                options: Options = Options(), model: SegmentationModel? = nil) throws {
        self.lexicon = lexicon
        self.model = model
        self.names = names
        self.breaker = try breaker ?? ICUWordBreaker(kind: .word)
        self.options = options
    }

    public func process(_ document: inout Document) throws {
        document.tokens = try tokens(document.analysis, in: 0..<document.length)
    }

    /// ICU's breaks of all the documents first, then the lattices. Each of the two reads a table
    /// larger than the processor's cache at scattered places (ICU's dictionary, the lexicon's
    /// trie); going from one to the other for every one-line document, each found its part of
    /// the cache taken by the other.
    public func process(batch documents: inout [Document], errors: inout [ZhError?]) {
        guard model == nil, documents.count > 1 else { return processEach(batch: &documents, errors: &errors) }
        var work = workspaces.take() ?? Workspace()
        defer { workspaces.put(work) }
        work.scratch.costs = LatticeCosts(self)
        // Taken out of the workspace while it is filled: a copy left there made the first append
        // allocate a new array (as large as the last batch's) for every batch.
        var all = work.batchBreaks
        work.batchBreaks = []
        all.removeAll(keepingCapacity: true)
        var ends = [Int].filled(0, count: documents.count + 1)
        // One ICU iterator for the batch; each document's breaks go straight into `all`. ICU's
        // dictionary is read into the cache first: the batch's other stages pushed it out.
        do {
            let iterator = try breaker.take()
            breaker.warm()
            defer { breaker.put(iterator) }
            for i in documents.indices {
                if errors[i] == nil {
                    do {
                        try breaker.appendBreaks(documents[i].analysis, in: 0..<documents[i].length, iterator: iterator,
                                                 buffers: &work.buffers, to: &all)
                    } catch {
                        errors[i] = Pipeline.failure(error, in: self)
                    }
                }
                ends[i + 1] = all.count
            }
        } catch {
            for i in documents.indices where errors[i] == nil { errors[i] = Pipeline.failure(error, in: self) }
        }
        for i in documents.indices where errors[i] == nil {
            documents[i].tokens = tokens(documents[i].analysis, in: 0..<documents[i].length, text: true,
                                         breaks: all[ends[i]..<ends[i + 1]], work: &work)
        }
        work.batchBreaks = all
    }

    /// Tokens covering `scalars[range]` without gaps, in order.
    public func tokens(_ s: [Unicode.Scalar], in range: Range<Int>) throws -> [Token] {
        try tokens(s, in: range, text: true)
    }

    /// `tokens(_:in:)`; with `text` false the tokens' `text` is left empty (callers that read the
    /// scalars by range save making a String per token).
    func tokens(_ s: [Unicode.Scalar], in range: Range<Int>, text: Bool) throws -> [Token] {
        // Work arrays come from a pool and go back to it: a line of a few dozen characters cost
        // more in allocating a dozen arrays than in segmenting it.
        var work = workspaces.take() ?? Workspace()
        defer { workspaces.put(work) }
        if model == nil { work.scratch.costs = LatticeCosts(self) }
        try breaker.breaks(s, in: range, buffers: &work.buffers, into: &work.breaks)
        return tokens(s, in: range, text: text, breaks: work.breaks[...], work: &work)
    }

    /// The tokens of `s[range]` from ICU's `breaks` of it. A chunk is passed on as a slice of
    /// them (copying each into a work array and clearing it after cost more than its lattice's
    /// bookkeeping). The caller has set `work.scratch.costs` (once for a batch).
    private func tokens(_ s: [Unicode.Scalar], in range: Range<Int>, text: Bool, breaks: ArraySlice<ICUWordBreaker.Break>,
                        work: inout Workspace) -> [Token] {
        work.scratch.makeText = text
        work.modelScratch.makeText = text
        var tokens: [Token] = []
        tokens.reserveCapacity(breaks.count)
        let line = model.map { ModelLine(model: $0, lexicon: lexicon, s, range: range, breaks: breaks, storage: &work.lineStorage) }
        func segmentChunk(_ s: [Unicode.Scalar], start: Int, breaks: ArraySlice<ICUWordBreaker.Break>, into tokens: inout [Token]) {
            // `model` is tested, not `line`: unwrapping `line` copied the whole (absent) ModelLine
            // for every chunk.
            if model == nil {
                self.segmentChunk(s, start: start, breaks: breaks, scratch: work.scratch, into: &tokens)
            } else if let line {
                line.segment(s, start: start, breaks: breaks, segmenter: self, scratch: &work.modelScratch, into: &tokens)
            }
        }
        // The chunk is breaks[chunkFirst..<k]: the joining breaks since the last other one.
        var chunkFirst = breaks.startIndex
        var chunkStart = range.lowerBound
        var start = range.lowerBound
        for k in breaks.indices {
            let b = breaks[k]
            if Self.joinsChunk(s, start: start, end: b.end, status: b.status) {
                if chunkFirst == k { chunkStart = start }
            } else {
                if chunkFirst < k { segmentChunk(s, start: chunkStart, breaks: breaks[chunkFirst..<k], into: &tokens) }
                chunkFirst = k + 1
                tokens.append(Token(range: TextRange(start: start, end: b.end), kind: Self.kindOfOther(s, start, b.end),
                                    origin: .icu, text: text ? self.text(s, start, b.end) : ""))
            }
            start = b.end
        }
        if chunkFirst < breaks.endIndex { segmentChunk(s, start: chunkStart, breaks: breaks[chunkFirst...], into: &tokens) }
        if let line { work.lineStorage = line.storage }
        return tokens
    }

    /// The work arrays of one `tokens` call.
    struct Workspace: Sendable {
        fileprivate var scratch = Scratch()
        var modelScratch = ModelLine.Scratch()
        var lineStorage = ModelLine.Storage()
        var buffers = ICUWordBreaker.Buffers()
        var breaks: [ICUWordBreaker.Break] = []
        /// The breaks of all the documents of a batch, one after another.
        var batchBreaks: [ICUWordBreaker.Break] = []

        /// Small enough to keep for the next call (a huge text's arrays are let go).
        var isKept: Bool {
            breaks.capacity <= 1 << 16 && scratch.capacity <= 1 << 16 && lineStorage.icu.capacity <= 1 << 18
                && batchBreaks.capacity <= 1 << 18
        }
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
        let v = first.value
        // Fast paths for ASCII and the common CJK punctuation; Unicode properties otherwise.
        if v == 32 || (9...13).contains(v) || v == 0x3000 { return .space }
        if v < 0x80 {
            if v >= 48 && v <= 57 { return .number }
            if (v | 0x20) >= 97 && (v | 0x20) <= 122 { return .latin }
            switch v {
            case 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3B,
                 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5F, 0x7B, 0x7D:   // !"#%&'()*,-./:;?@[\]_{}
                return .punctuation
            default:
                return .symbol
            }
        }
        if (0x3001...0x3003).contains(v) || (0x3008...0x3011).contains(v) || (0x3014...0x301F).contains(v)
            || (0x2010...0x2027).contains(v) { return .punctuation }
        return kindByProperties(first)
    }

    /// `kindOfOther` past its fast paths, out of line: the Unicode properties' type metadata was
    /// looked up on every call, fast path or not.
    @inline(never)
    private static func kindByProperties(_ first: Unicode.Scalar) -> TokenKind {
        if CharacterClass.isWhitespace(first) { return .space }
        switch first.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .punctuation
        case .decimalNumber: return .number
        case .uppercaseLetter, .lowercaseLetter: return .latin
        default: return .symbol
        }
    }

    @inline(__always) static func isASCIILetter(_ v: UInt32) -> Bool {
        (v | 0x20) >= 97 && (v | 0x20) <= 122
    }

    /// The text of the token `s[start..<end]`: the lexicon entry's own word when the token is one
    /// (the trie is keyed by its code points, so the bytes are the same), else built from the
    /// code points. A walk of the token's few characters costs a tenth of building a String,
    /// whose UTF-8 the standard library validates again; most tokens are lexicon words, most
    /// others single code points.
    @inline(__always)
    func text(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        if end - start == 1, let t = Self.punctuationText(s[start]) { return t }
        if let e = lexicon.lookupIndex(s, start, end) { return lexicon.entries[e].word }
        return Self.builtText(s, start, end)
    }

    /// The text of `s[start..<end]` built from its code points, for a token that is no lexicon
    /// entry's word (or whose entry is not at hand: the bytes are the same either way).
    static func builtText(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        if end - start == 1 {
            // One code point (punctuation, a character no word takes): its UTF-8 is valid by construction.
            return punctuationText(s[start]) ?? String(s[start])
        }
        return ScalarText.string(s, start, end)
    }

    /// The text of a one-code-point token of ASCII, General Punctuation (— … “ ”) or CJK Symbols
    /// and Punctuation (，。、「」), made once: the punctuation of a line is a sixth of its tokens,
    /// and a String built per token cost a hundred instructions. (The same bytes as the lexicon's
    /// entry, when one is.)
    @inline(__always)
    static func punctuationText(_ c: Unicode.Scalar) -> String? {
        let v = Int(c.value)
        let k = v < 0x80 ? v : (0x2000..<0x2070).contains(v) ? v - 0x2000 + 0x80 : (0x3000..<0x3040).contains(v) ? v - 0x3000 + 0xF0 : -1
        return k < 0 ? nil : punctuationTexts[k]
    }

    private static let punctuationTexts: [String] = (Array(0..<0x80) + Array(0x2000..<0x2070) + Array(0x3000..<0x3040)).map {
        String(Unicode.Scalar(UInt32($0))!)
    }

    /// Per-call work arrays, reused across the chunks of one call (chunks are short; allocating
    /// ten arrays per chunk dominated the run time). Plain memory read and written through
    /// pointers: the lattice's inner loop pays no bounds or uniqueness checks. One caller at a
    /// time (the segmenter's pool hands a workspace to one call).
    fileprivate final class Scratch: @unchecked Sendable {
        private(set) var capacity = 0
        /// Whether tokens get their `text`.
        var makeText = true
        /// The lattice's fixed costs, set once per call (four logarithms per chunk were a
        /// thousand instructions per one-line document).
        var costs = LatticeCosts()
        private(set) var blocked = UnsafeMutablePointer<Bool>.allocate(capacity: 0)
        private(set) var numberAt = UnsafeMutablePointer<NumberScanner.Match?>.allocate(capacity: 0)
        private(set) var best = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        /// The best edge into each position (one array: the lattice's loop keeps one pointer in a
        /// register, where six arrays' pointers were reloaded from the stack at every edge).
        private(set) var back = UnsafeMutablePointer<BackEdge>.allocate(capacity: 0)
        /// The positions of the best path, from its end back (the tokens are appended in order).
        private(set) var path = UnsafeMutablePointer<Int>.allocate(capacity: 0)
        /// The first two trie steps of the walk from each position (`Lexicon.prefetchWalks`), two
        /// per position.
        private(set) var steps = UnsafeMutablePointer<EdgeTable.Target>.allocate(capacity: 0)

        deinit { release() }

        private func release() {
            blocked.deallocate(); numberAt.deallocate(); best.deallocate(); back.deallocate(); path.deallocate()
            steps.deallocate()
        }

        /// Resets what is read before it is written: `best`. The number scan writes `blocked` and
        /// `numberAt` at every position; the back edges are written together with `best` and read
        /// only where `best` is finite, the path and the steps only where they were written, so
        /// those only need the capacity.
        func reset(_ size: Int) {
            if capacity < size {
                let c = max(size, capacity * 2)
                release()
                func make<T>(_ value: T, perPosition: Int = 1) -> UnsafeMutablePointer<T> {
                    let p = UnsafeMutablePointer<T>.allocate(capacity: c * perPosition)
                    p.initialize(repeating: value, count: c * perPosition)
                    return p
                }
                blocked = make(false)
                numberAt = make(nil)
                best = make(.infinity)
                back = make(BackEdge(from: -1, split: -1, entry: -1, kind: .word, origin: .icu))
                path = make(0)
                steps = make(EdgeTable.Target.none, perPosition: 2)
                capacity = c
                return
            }
            best.update(repeating: .infinity, count: size)
        }
    }

    /// The lattice edge kept for a position: where it starts, its token's kind and origin, where
    /// a split name's given name starts (-1: not split) and the lexicon entry whose word it is
    /// (-1: none; the token's text is the entry's word, found without walking the trie again).
    fileprivate struct BackEdge {
        var from: Int
        var split: Int
        var entry: Int32
        var kind: TokenKind
        var origin: TokenOrigin
    }

    /// The edge costs that depend only on the lexicon and the options: `log(total) − log(freq)`.
    fileprivate struct LatticeCosts {
        var logTotal = 0.0, icuWord = 0.0, icuChar = 0.0, fallback = 0.0

        init() {}

        init(_ segmenter: Segmenter) {
            let logTotal = log(max(segmenter.lexicon.totalFrequency, 1_000_000))
            func cost(_ f: Double) -> Double { logTotal - log(max(f, 0.5)) }
            self.logTotal = logTotal
            icuWord = cost(segmenter.options.icuWordFrequency)
            icuChar = cost(segmenter.options.icuCharFrequency)
            fallback = cost(0.5)
        }
    }

    /// The number scan of the chunk `s[start..<end]`: `numberAt[i − start]` is the number that
    /// starts at `i` (nil: none), and `blocked[i − start]` whether `i` lies strictly inside an
    /// Arabic number (a hard span: no edge may start or end there). Every offset `0..<end − start`
    /// of both is written (the scratch arrays are not cleared between chunks). A scan looks at
    /// most `maxNumberLength` characters ahead (numbers start at every character of a run of
    /// Chinese numerals: unbounded, 10⁵ × 一 was quadratic); an Arabic number that reaches that
    /// far is scanned to its end once, and skipped over. Out of line, the characters read through
    /// a pointer and the common offsets wrapping: inside the lattice's function the loop kept its
    /// values on the stack and checked every index (~38 instructions a character, now ~28).
    @inline(never)
    private static func scanNumbers(_ s: [Unicode.Scalar], start: Int, end: Int, numbers: NumberScanner,
                                    blocked: UnsafeMutablePointer<Bool>,
                                    numberAt: UnsafeMutablePointer<NumberScanner.Match?>) {
        let numerals = NumeralCharacters.all
        s.withUnsafeBufferPointer { sp in
            // (`start..<end` lies in `s`: the offsets and the index wrap.)
            var i = start
            while i < end {
                guard NumberScanner.mayStart(sp[i].value, numerals: numerals) else {
                    blocked[i &- start] = false
                    numberAt[i &- start] = nil
                    i &+= 1
                    continue
                }
                blocked[i - start] = false
                var found = numbers.match(in: s, at: i, limit: min(end, i + maxNumberLength), numerals: numerals)
                if let m = found, m.arabic, m.end >= i + maxNumberLength { found = numbers.match(in: s, at: i, limit: end) }
                numberAt[i - start] = found
                if let m = found, m.arabic {
                    for k in (i + 1)..<m.end {
                        blocked[k - start] = true
                        numberAt[k - start] = nil
                    }
                    i = m.end
                    continue
                }
                i += 1
            }
        }
    }

    private func segmentChunk(_ s: [Unicode.Scalar], start: Int, breaks: ArraySlice<ICUWordBreaker.Break>,
                              scratch: Scratch, into tokens: inout [Token]) {
        let end = breaks.last!.end
        let n = end - start
        scratch.reset(n + 1)
        let blocked = scratch.blocked, numberAt = scratch.numberAt, best = scratch.best, back = scratch.back
        let steps = scratch.steps
        let costs = scratch.costs
        let logTotal = costs.logTotal
        @inline(__always) func cost(_ f: Double) -> Double { logTotal - log(max(f, 0.5)) }
        let icuWordCost = costs.icuWord, icuCharCost = costs.icuChar, fallbackCost = costs.fallback
        // The closures below read these locals, not `self`: capturing `self` copied the whole
        // segmenter (a dozen references retained and released) for every chunk.
        let userBonus = options.userBonus, chineseNumberFrequency = options.chineseNumberFrequency
        let splitNames = options.nameStyle == .split
        let hasNames = !names.isEmpty

        // The first steps of the lattice's first walks are taken, and the trie edges of the next
        // ones asked for, before the arrays below are filled, so their loads overlap that work
        // (see `Lexicon.prefetchWalks`).
        lexicon.prefetchWalks(s, starts: start..<min(end, start + Self.prefetchStretch), limit: end, into: steps, origin: start)

        // Hard spans: Arabic numbers (`scanNumbers`).
        Self.scanNumbers(s, start: start, end: end, numbers: numbers, blocked: blocked, numberAt: numberAt)
        blocked[n] = false

        // ICU's segments are read in step with the lattice: `segmentStart` is the start of the
        // first segment that starts at or after the position, `b[nextBreak]` its break (`b`: the
        // breaks through a pointer, `b[0]` is `breaks.first`; no index read is past the last
        // break, whose end is `end`, past every position: the slice's checks cost ~1,000
        // instructions per document). `singleRunEnd`: the end of the last run of one-character
        // ideographic ICU segments in which no number starts (where name candidates are looked
        // for) that a position found. The lattice's index arithmetic wraps (`&+`, `&-`): every
        // position is in `start...end` ⊆ `0...s.count`, every offset in `0...n`, a break index in
        // `b`'s indices, so no sum or difference of two of them can overflow (the checks were
        // about a thousand instructions per document).
        breaks.withUnsafeBufferPointer { b in
            var nextBreak = 0
            var segmentStart = start
            var singleRunEnd = start
            best[0] = 0
            for pos in 0..<n {
                // The next stretch's walks are begun a stretch ahead.
                if pos & (Self.prefetchStretch &- 1) == 0, start &+ pos &+ Self.prefetchStretch < end {
                    let ahead = start &+ pos &+ Self.prefetchStretch
                    lexicon.prefetchWalks(s, starts: ahead..<(ahead &+ Self.prefetchStretch), limit: end, into: steps,
                                          origin: start)
                }
                guard best[pos] < .infinity && !blocked[pos] else { continue }
                let at = start &+ pos
                let here = best[pos]
                // Relax one edge straight into the DP arrays (no intermediate edge list).
                @inline(__always) func relax(_ edgeEnd: Int, _ c: Double, _ kind: TokenKind, _ origin: TokenOrigin, _ split: Int = -1,
                                             entry: Int32 = -1) {
                    let j = edgeEnd &- start
                    let total = here + c
                    if total < best[j] {
                        best[j] = total
                        back[j] = BackEdge(from: pos, split: split, entry: entry, kind: kind, origin: origin)
                    }
                }
                // A position inside an ICU segment starts none (segmentStart > at; its end -1).
                while segmentStart < at {
                    segmentStart = b[nextBreak].end
                    nextBreak &+= 1
                }
                let icuEnd = segmentStart == at ? b[nextBreak].end : -1
                var icuCovered = false
                lexicon.forEachMatchWeightAndEntry(in: s, from: at, limit: end,
                                                   steps: steps + 2 &* pos) { wEnd, logFrequency, user, entry in
                    guard !blocked[wEnd &- start] else { return }
                    var c = logTotal - logFrequency
                    if user { c -= userBonus }
                    if wEnd == icuEnd { icuCovered = true }
                    relax(wEnd, c, .word, user ? .user : .lexicon, entry: entry)
                }
                if let m = numberAt[pos] {
                    let c = m.arabic ? -20.0 : cost(chineseNumberFrequency * Double(m.end &- at))
                    relax(m.end, c, .number, .rule)
                }
                if icuEnd > 0, !icuCovered, !blocked[icuEnd &- start] {
                    let status = b[nextBreak].status
                    let len = icuEnd &- at
                    let kind: TokenKind = (100..<200).contains(status) ? .number : (200..<300).contains(status) ? .latin : .word
                    relax(icuEnd, len >= 2 ? icuWordCost : icuCharCost, kind, .icu)
                }
                // Names span a run of one-character ideographic segments (no number starting in
                // them); the run's end is found once, at its first position the lattice reaches.
                if hasNames, icuEnd == at &+ 1, b[nextBreak].status >= 400, numberAt[pos] == nil {
                    if singleRunEnd <= at {
                        var e = at + 1, k = nextBreak + 1
                        while k < b.count, b[k].end == e + 1, b[k].status >= 400, numberAt[e - start] == nil {
                            e += 1
                            k += 1
                        }
                        singleRunEnd = e
                    }
                    if singleRunEnd - at >= 2 {
                        names.forEachCandidate(in: s, at: at, singleUntil: singleRunEnd) { c in
                            let split = splitNames ? (c.surnameEnd ?? -1) : -1
                            relax(c.end, cost(c.frequency), .word, .rule, split)
                        }
                    }
                }
                // Fallback: one code point (always possible unless it lands inside a hard span).
                if !blocked[pos &+ 1] {
                    relax(at &+ 1, fallbackCost, .word, .icu)
                }
            }
        }
        // The best path, walked back from the end, then its tokens appended in order (appended
        // backwards and reversed, each swap retained and released both tokens' texts).
        let path = scratch.path
        var count = 0, splits = 0
        var j = n
        while j > 0 {
            let from = back[j].from
            if from < 0 { break }
            if back[j].split > 0 { splits += 1 }
            path[count] = j
            count += 1
            j = from
        }
        // Room for the path's tokens (a split name is two).
        tokens.reserveForAppending(count + splits)
        let makeText = scratch.makeText
        while count > 0 {
            count -= 1
            let j = path[count]
            let edge = back[j]
            // A token per edge; a split name two, surname and given name, neither an entry's word.
            // (Appended in one place: a function called from three was kept out of line.)
            var a = edge.from, b = edge.split > 0 ? edge.split - start : j
            let entry = edge.split > 0 ? -1 : edge.entry
            while true {
                var kind = edge.kind
                if kind == .word, s[start + a].value < 0x80 {
                    var latin = true
                    for q in (start + a)..<(start + b) where !Self.isASCIILetter(s[q].value) { latin = false; break }
                    if latin { kind = .latin }
                }
                // An edge that is not a word's (ICU's, a number's, a name's, one code point) is one
                // the walk found no word for, or one whose word has the same bytes: its text is
                // built without walking the trie again.
                let word = !makeText ? "" : entry >= 0 ? lexicon.entries[Int(entry)].word : Self.builtText(s, start + a, start + b)
                tokens.append(Token(range: TextRange(start: start + a, end: start + b), kind: kind, origin: edge.origin, text: word))
                if b == j { break }
                a = b
                b = j
            }
        }
    }
}
