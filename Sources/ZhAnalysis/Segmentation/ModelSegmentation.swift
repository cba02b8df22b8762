import Foundation

/// The segmenter's model layer: inside each run of ideographs, digits and letters that ICU
/// found, the trained model (`SegmentationModel`) decides the boundaries, under hard constraints:
/// a user-dictionary word is always one token, an Arabic number (13,500 · 2.5万 · 30% · 1998年)
/// is one token, a Chinese numeral (一万五千, 百分之三十) is never cut, and ICU's Latin and
/// digit segments are never cut. With `Options.lexiconCompounds` (extraction), a lexicon word
/// of three or more characters that the model split into smaller words is joined again
/// (紫阳 街道 → 紫阳街道): boundaries are only removed, never added.
///
/// One `ModelLine` holds the per-character inputs of the model's features for one call of
/// `Segmenter.tokens` (ICU tags, lexicon spans), computed once for the whole line so a run sees
/// the same context as in training.
struct ModelLine {
    let model: SegmentationModel
    let lexicon: Lexicon
    let range: Range<Int>
    var icu: [UInt8]
    var lexBegin: [UInt8]
    var lexEnd: [UInt8]
    /// End of the longest user word starting at each character (0: none).
    var userEnd: [Int32]
    /// The model's inputs padded for `SegmentationFeatures.PaddedLine` (n + 4 entries each).
    var padChars: [UInt32]
    var padBytes: [UInt8]

    /// The per-character arrays, kept by the segmenter between lines (taken by `init`, given
    /// back through `storage`), so a line allocates none.
    struct Storage: Sendable {
        var icu: [UInt8] = []
        var lexBegin: [UInt8] = []
        var lexEnd: [UInt8] = []
        var userEnd: [Int32] = []
        var padChars: [UInt32] = []
        var padBytes: [UInt8] = []
    }

    var storage: Storage {
        Storage(icu: icu, lexBegin: lexBegin, lexEnd: lexEnd, userEnd: userEnd, padChars: padChars, padBytes: padBytes)
    }

    init(model: SegmentationModel, lexicon: Lexicon, _ s: [Unicode.Scalar], range: Range<Int>, breaks: some Sequence<ICUWordBreaker.Break>,
         storage: inout Storage) {
        self.model = model
        self.lexicon = lexicon
        self.range = range
        let n = range.count
        func zeros<T: FixedWidthInteger>(_ a: inout [T], _ count: Int) -> [T] {
            var taken: [T] = []
            swap(&taken, &a)
            taken.removeAll(keepingCapacity: true)
            taken.append(contentsOf: repeatElement(0, count: count))
            return taken
        }
        icu = zeros(&storage.icu, n)
        lexBegin = zeros(&storage.lexBegin, n)
        lexEnd = zeros(&storage.lexEnd, n)
        userEnd = zeros(&storage.userEnd, n)
        padChars = zeros(&storage.padChars, n + 4)
        padBytes = zeros(&storage.padBytes, 4 * (n + 4))
        SegmentationFeatures.icuTags(breaks, from: range.lowerBound, into: &icu)
        userEnd.withUnsafeMutableBufferPointer { u in
            SegmentationFeatures.lexiconSpans(lexicon, s, range: range, begin: &lexBegin, end: &lexEnd, user: u.baseAddress)
        }
        // Padded copies: characters (U+110001 before the line, U+110002 after), then classes,
        // ICU tags, lexicon begin and end (`boundary` / 0 outside), n + 4 entries each.
        let lo = range.lowerBound
        let classes = model.classTable
        padChars.withUnsafeMutableBufferPointer { c in
            c[0] = 0x11_0001; c[1] = 0x11_0001; c[n + 2] = 0x11_0002; c[n + 3] = 0x11_0002
            for k in 0..<n { c[k + 2] = s[lo + k].value }
        }
        padBytes.withUnsafeMutableBufferPointer { b in
            let m = n + 4, boundary = SegmentationFeatures.CharClass.boundary.rawValue
            b[0] = boundary; b[1] = boundary; b[n + 2] = boundary; b[n + 3] = boundary
            for k in 0..<n {
                let v = s[lo + k].value
                b[k + 2] = v < 0x10000 ? classes[Int(v)] : SegmentationFeatures.CharClass.han.rawValue
                b[m + k + 2] = icu[k]
                b[2 * m + k + 2] = lexBegin[k]
                b[3 * m + k + 2] = lexEnd[k]
            }
        }
    }

    /// The padded inputs of the model, valid inside `body`.
    func withPaddedLine<R>(_ body: (SegmentationFeatures.PaddedLine) -> R) -> R {
        let shift = 2 - range.lowerBound, m = range.count + 4
        return padChars.withUnsafeBufferPointer { c in
            padBytes.withUnsafeBufferPointer { b in
                let bytes = b.baseAddress! + shift
                return body(SegmentationFeatures.PaddedLine(chars: c.baseAddress! + shift, classes: bytes, icu: bytes + m,
                                                            lexBegin: bytes + 2 * m, lexEnd: bytes + 3 * m))
            }
        }
    }

    /// Per-call work arrays, reused across the runs of one line.
    struct Scratch {
        var scores: [Int32] = []
        var back: [UInt8] = []
        var labels: [UInt8] = []
        var boundaries: [UInt8] = []
        var numberEnd: [Int32] = []
        var ends: [Int32] = []
        /// Whether tokens get their `text`.
        var makeText = true

        mutating func reset(_ n: Int) {
            if labels.count < n + 1 {
                let capacity = max(n + 1, labels.count * 2)
                scores = [Int32](repeating: 0, count: capacity * 4)
                back = [UInt8](repeating: 0, count: capacity * 4)
                labels = [UInt8](repeating: 0, count: capacity)
                boundaries = [UInt8](repeating: 0, count: capacity)
                numberEnd = [Int32](repeating: 0, count: capacity)
                ends = [Int32](repeating: 0, count: capacity)
            }
            for k in 0...n { boundaries[k] = 0; numberEnd[k] = 0 }
        }
    }

    /// Tokens of the run `s[start..<breaks.last.end]` (ICU segments `breaks`), appended to `tokens`.
    func segment(_ s: [Unicode.Scalar], start: Int, breaks: ArraySlice<ICUWordBreaker.Break>, segmenter: Segmenter,
                 scratch: inout Scratch, into tokens: inout [Token]) {
        let end = breaks.last!.end
        let n = end - start
        scratch.reset(n)
        let split = SegmentationDecoder.Boundary.split.rawValue, joined = SegmentationDecoder.Boundary.joined.rawValue

        // ICU's digit and letter segments stay whole.
        var p = start
        for b in breaks {
            if (100..<300).contains(b.status), b.end - p > 1 {
                for k in (p + 1)..<b.end { scratch.boundaries[k - start] = joined }
            }
            p = b.end
        }
        // Numbers: never cut; a number written with digits is a token of its own unless the
        // output follows a standard that joins it to its measure word (`numbersFollowStandard`).
        // Chinese numerals with a date unit (一九九八年) are left to the model.
        let numerals = NumeralCharacters.all
        var i = start
        while i < end {
            // Bounded look-ahead, as in the lattice (a run of Chinese numerals starts a number at
            // every character); an Arabic number that reaches the bound is scanned to its end.
            var found = segmenter.numbers.match(in: s, at: i, limit: min(end, i + Segmenter.maxNumberLength),
                                                numerals: numerals)
            if let m = found, m.arabic, m.end >= i + Segmenter.maxNumberLength {
                found = segmenter.numbers.match(in: s, at: i, limit: end)
            }
            if let m = found {
                scratch.numberEnd[i - start] = Int32(m.end)
                if m.arabic || (m.end - i >= 2 && !m.dated) {
                    for k in (i + 1)..<m.end { scratch.boundaries[k - start] = joined }
                    if m.arabic && !segmenter.options.numbersFollowStandard {
                        scratch.boundaries[i - start] = split
                        scratch.boundaries[m.end - start] = split
                    }
                }
                if m.arabic { i = m.end; continue }
            }
            i += 1
        }
        // User words always win: leftmost longest, then on after each.
        i = start
        while i < end {
            let u = Int(userEnd[i - range.lowerBound])
            if u > i && u <= end {
                scratch.boundaries[i - start] = split
                for k in (i + 1)..<u { scratch.boundaries[k - start] = joined }
                scratch.boundaries[u - start] = split
                i = u
            } else {
                i += 1
            }
        }
        scratch.boundaries[0] = split
        scratch.boundaries[n] = split

        withPaddedLine { line in
            scratch.scores.withUnsafeMutableBufferPointer { sc in
                model.emissions(line, positions: start..<end, into: sc.baseAddress!)
            }
        }
        scratch.scores.withUnsafeBufferPointer { sc in
            scratch.boundaries.withUnsafeBufferPointer { bd in
                scratch.labels.withUnsafeMutableBufferPointer { lb in
                    scratch.back.withUnsafeMutableBufferPointer { bk in
                        SegmentationDecoder.viterbi(n: n, scores: sc.baseAddress!, transitions: model.transitions,
                                                    boundaries: bd.baseAddress!, labels: lb.baseAddress!, back: bk.baseAddress!)
                    }
                }
            }
        }

        // Word ends from the labels.
        var ends = 0
        for k in 0..<n where scratch.labels[k] == SegmentationDecoder.single || scratch.labels[k] == SegmentationDecoder.end {
            scratch.ends[ends] = Int32(start + k + 1)
            ends += 1
        }
        var a = start
        var w = 0
        while w < ends {
            var to = Int(scratch.ends[w])
            let from = a
            if Int(scratch.numberEnd[from - start]) == to {
                tokens.append(Token(range: TextRange(start: from, end: to), kind: .number, origin: .rule,
                                    text: scratch.makeText ? ScalarText.string(s, from, to) : ""))
                a = to; w += 1
                continue
            }
            let isUser = Int(userEnd[from - range.lowerBound]) == to
            if !isUser && segmenter.options.lexiconCompounds, let joined = compound(s, from: from, ends: scratch.ends, w, ends, scratch.boundaries, start) {
                // A dictionary compound over several model words (长江 大桥 → 长江大桥).
                w = joined
                to = Int(scratch.ends[w])
                append(s, from, to, origin: .lexicon, text: scratch.makeText, into: &tokens)
                a = to; w += 1
                continue
            }
            if segmenter.options.nameStyle == .split, !isUser, to - from >= 2, to - from <= 4,
               let surnameEnd = surnameEnd(s, from, to, segmenter.names) {
                append(s, from, surnameEnd, origin: .model, text: scratch.makeText, into: &tokens)
                append(s, surnameEnd, to, origin: .model, text: scratch.makeText, into: &tokens)
            } else {
                let o = isUser ? TokenOrigin.user : origin(s, from, to, segmenter.names)
                if o == .model && segmenter.options.lexiconParts, to - from >= 2, splitIntoWords(s, from, to, text: scratch.makeText, into: &tokens) {
                    // done: 意大利队 → 意大利 队
                } else {
                    append(s, from, to, origin: o, text: scratch.makeText, into: &tokens)
                }
            }
            a = to; w += 1
        }
    }

    /// A lexicon word the model split into smaller words (长江 大桥, 紫阳 街道) is kept whole: the
    /// longest lexicon word of three or more characters from `from` that ends on a model word end
    /// past `ends[w]`, crossing no forced split. Returns the index of that end.
    private func compound(_ s: [Unicode.Scalar], from: Int, ends: [Int32], _ w: Int, _ count: Int,
                          _ boundaries: [UInt8], _ start: Int) -> Int? {
        guard lexBegin[from - range.lowerBound] >= 3 else { return nil }
        let limit = Int(ends[min(count - 1, w + 5)])
        var best: Int?
        var k = w + 1
        lexicon.forEachMatchWeight(in: s, from: from, limit: limit) { wEnd, _, user in
            guard !user, wEnd - from >= 3 else { return }
            while k < count && Int(ends[k]) < wEnd { k += 1 }
            guard k < count, Int(ends[k]) == wEnd else { return }
            // No forced split inside (numbers, user words).
            for q in (from + 1)..<wEnd where boundaries[q - start] == SegmentationDecoder.Boundary.split.rawValue { return }
            best = k
        }
        return best
    }

    /// A model word no dictionary, ICU or name rule vouches for, which the lexicon spells as two
    /// or more words, comes out as those words (fewest words): 意大利队 → 意大利 队, 总医院 → 总 医院.
    /// Later stages recognise the parts (a place and an organisation head) as they were built to.
    private func splitIntoWords(_ s: [Unicode.Scalar], _ from: Int, _ to: Int, text: Bool, into tokens: inout [Token]) -> Bool {
        let n = to - from
        guard n <= 16 else { return false }
        var best = [Int].filled(Int.max, count: n + 1)
        var back = [Int].filled(-1, count: n + 1)
        best[0] = 0
        for a in 0..<n where best[a] < Int.max {
            lexicon.forEachMatchWeight(in: s, from: from + a, limit: to) { wEnd, _, user in
                let b = wEnd - from
                if !user, best[a] + 1 < best[b] { best[b] = best[a] + 1; back[b] = a }
            }
        }
        guard best[n] != Int.max, best[n] >= 2 else { return false }
        var cuts: [Int] = []
        var b = n
        while b > 0 { cuts.append(b); b = back[b] }
        var a = 0
        for c in cuts.reversed() {
            append(s, from + a, from + c, origin: .lexicon, text: text, into: &tokens)
            a = c
        }
        return true
    }

    /// What vouches for a model word, in the terms later stages read (they weigh a dictionary
    /// word, a word ICU found and a name-shaped rule candidate differently): the lexicon, ICU's
    /// own segment, the name rule, or the model alone.
    private func origin(_ s: [Unicode.Scalar], _ from: Int, _ to: Int, _ names: NameCandidates) -> TokenOrigin {
        let lo = range.lowerBound
        if to - from >= 2 {
            // The longest bundled word from `from` (capped at 6) answers most look-ups without a walk.
            let length = to - from, longest = Int(lexBegin[from - lo])
            let known = longest == length && longest < 6 ? true
                : longest < length && longest < 6 && userEnd[from - lo] == 0 ? false
                : lexicon.contains(s, from, to)
            if known { return .lexicon }
        }
        let first = icu[from - lo] >> 3, last = icu[to - 1 - lo] >> 3
        if to - from == 1 ? first == 1 : (first == 2 && last == 4 && (from + 1..<to - 1).allSatisfy { icu[$0 - lo] >> 3 == 3 }) {
            return to - from == 1 && lexicon.contains(s, from, to) ? .lexicon : .icu
        }
        if (2...4).contains(to - from) {
            var named = false
            names.forEachCandidate(in: s, at: from, singleUntil: to) { c in if c.end == to { named = true } }
            if named { return .rule }
        }
        return .model
    }

    /// Where the surname ends when `s[from..<to]` reads as surname + given name.
    private func surnameEnd(_ s: [Unicode.Scalar], _ from: Int, _ to: Int, _ names: NameCandidates) -> Int? {
        var found: Int?
        names.forEachCandidate(in: s, at: from, singleUntil: to) { c in
            if c.end == to, let e = c.surnameEnd { found = e }
        }
        return found
    }

    private func append(_ s: [Unicode.Scalar], _ from: Int, _ to: Int, origin: TokenOrigin, text: Bool,
                        into tokens: inout [Token]) {
        var kind = TokenKind.word
        let first = s[from].value
        if first < 0x80 {
            var letters = true, digits = true
            for q in from..<to {
                let v = s[q].value
                if !Segmenter.isASCIILetter(v) { letters = false }
                if !(v >= 48 && v <= 57) { digits = false }
            }
            kind = letters ? .latin : digits ? .number : .word
        }
        tokens.append(Token(range: TextRange(start: from, end: to), kind: kind, origin: origin,
                            text: text ? ScalarText.string(s, from, to) : ""))
    }
}

extension Segmenter {
    /// The model's standard when none is named: MSR keeps personal names, dates and long place
    /// and organisation names whole, so later stages would see an entity as one token. (The
    /// standard pipeline uses the model only with `.trainedSegmentation`; see there why.)
    public static let defaultStandard: SegmentationStandard = .msr

    /// A segmenter with the model of `standard` from `lexicons.directory`; a dictionary folder
    /// without model files (an older `--dictionaries DIR`) gets the lexicon lattice alone.
    public static func trained(lexicons: LexiconSet, standard: SegmentationStandard = defaultStandard,
                               options: Options = Options(), breaker: ICUWordBreaker? = nil) throws -> Segmenter {
        let file = lexicons.directory.appendingPathComponent(standard.modelFile)
        let model = FileManager.default.fileExists(atPath: file.path) ? try SegmentationModel(contentsOf: file) : nil
        return try Segmenter(lexicon: lexicons.words, names: NameCandidates(names: lexicons.tables.names()), breaker: breaker,
                             options: options, model: model)
    }
}
