import Foundation

/// Finds numeric facts: a numeral (`ChineseNumber`), the approximation words around it
/// (超50家 · 5000余人 · 10万元左右), its unit from `units.tsv`, and what it counts.
///
/// The stage reads `document.analysis` and the token layer; sentences, sections and place
/// entities are used when earlier stages filled them and ignored otherwise. Names and slogans
/// written with numerals are not quantities: a numeral inside a word (四川 · 一切 · 统一), in a
/// four-character pattern (一校一品 · 千家万户 · 接二连三), next to Latin letters or `+`
/// (5G · 1+3+N), or in a short quotation with other words or without a unit (“十四五” ·
/// “最后一公里”). Ordinals (第四批) and years (2021年) are reported with those kinds.
public struct QuantityExtractor: Stage, Sendable {
    public let name = "quantities"
    public let units: UnitTable
    /// The segmentation lexicon, for part-of-speech tags when finding subjects.
    public let words: Lexicon
    /// Closed word classes (`quantity-cues.tsv`).
    public let cues: QuantityCues
    let reader: ChineseNumber
    /// Character classes read per position (`Flag`).
    let flags: ScalarFlags
    /// `linkingWords`, `boundaryWords`, `servingVerbs` by code points (`WordFlag`).
    let closedWords: ShortWordTable
    /// Per entry of `words`: what its part-of-speech tag says (`TagClass`), so that a token's
    /// tag is one trie walk over code points and no String.
    let tagClasses: [UInt8]
    /// `cues.timeWords` as a trie: the longest time word at a position in one walk.
    let timeWordTrie: Lexicon
    /// `cues.before` by last code point (its words reversed) and `cues.after` by first: the cue
    /// words that can end (start) at a position, in list order, without a pass over the list.
    let beforeByLast: FirstScalarIndex, afterByFirst: FirstScalarIndex
    /// The last code points of `cues.averageWordScalars` and their longest length: a clause with
    /// none of them near the number holds no rate word (`qualifiers`). Nil when a word is empty
    /// or ends outside the BMP (no screen).
    let averageLast: (set: ScalarBitSet, longest: Int)?

    public init(lexicons: LexiconSet) throws {
        self.init(units: try UnitTable(directory: lexicons.directory), cues: try QuantityCues(directory: lexicons.directory),
                  words: lexicons.words)
    }

    public init(units: UnitTable, cues: QuantityCues, words: Lexicon = Lexicon()) {
        self.units = units
        self.cues = cues
        self.words = words
        self.reader = ChineseNumber(endingBefore: units.numeralLedUnits)
        var f = ScalarFlags()
        f.insert((0x30...0x39).compactMap(Unicode.Scalar.init), Flag.start)
        f.insert(["负", "-", ".", "半", "对", "数", "几", "幾", "上", "h", "w"], Flag.start)
        for v in 0x80...0xFFFF {
            guard let c = Unicode.Scalar(v), ChineseNumber.isNumeralCharacter(c) else { continue }
            f.insert([c], Flag.start | Flag.numeral)
        }
        f.insert(Self.clauseBreaks, Flag.clauseBreak)
        f.insert(Self.sentenceEnds, Flag.sentenceEnd)
        f.insert(Self.openQuotes, Flag.openQuote)
        f.insert(Self.closeQuotes, Flag.closeQuote)
        f.insert(cues.timeWords.map { $0[0] }, Flag.timeFirst)
        var timeWordTrie = Lexicon()
        for w in cues.timeWords { timeWordTrie.insert(LexiconEntry(word: Self.string(w, 0, w.count), frequency: 1)) }
        self.timeWordTrie = timeWordTrie
        beforeByLast = FirstScalarIndex(cues.before.map { Array($0.word.reversed()) })
        afterByFirst = FirstScalarIndex(cues.after.map(\.word))
        let averages = cues.averageWordScalars
        averageLast = averages.allSatisfy({ ($0.last?.value ?? 0x10000) < 0x10000 })
            ? (ScalarBitSet(averages.compactMap(\.last)), averages.map(\.count).max() ?? 0) : nil
        f.insert(cues.linkingChars, Flag.linkingChar)
        self.flags = f
        self.closedWords = ShortWordTable(cues.linkingWords.map { ($0, WordFlag.linking) }
            + cues.boundaryWords.map { ($0, WordFlag.boundary) } + cues.servingVerbs.map { ($0, WordFlag.serving) })
        // Once per distinct tag (a few dozen), not per word.
        self.tagClasses = words.mapTags(Self.tagClass)
    }

    /// Bits of `flags`.
    enum Flag {
        static let start: UInt8 = 1          // may begin a quantity (numerals, digits, 负 - . 半 对 数 几 上) or a URL (h w)
        static let numeral: UInt8 = 2        // ChineseNumber.isNumeralCharacter
        static let clauseBreak: UInt8 = 4
        static let sentenceEnd: UInt8 = 8
        static let openQuote: UInt8 = 16
        static let closeQuote: UInt8 = 32
        static let timeFirst: UInt8 = 64
        static let linkingChar: UInt8 = 128
    }

    /// Bits of `closedWords`.
    enum WordFlag {
        static let linking: UInt8 = 1
        static let boundary: UInt8 = 2
        static let serving: UInt8 = 4
    }

    /// Bits of `tagClasses`.
    enum TagClass {
        /// vn, n…, j, b, an: a noun phrase part.
        static let noun: UInt8 = 1
        /// v…, p, c, u, r, d, m, q, t, y, e, f, a, l, i: not a noun phrase part (unless `noun`).
        static let notNoun: UInt8 = 2
        /// v… other than vn.
        static let verb: UInt8 = 4
        /// Exactly v.
        static let plainVerb: UInt8 = 8
        /// v… (vn included).
        static let verbal: UInt8 = 16
        /// d: an adverb (已经 · 更是).
        static let adverb: UInt8 = 32
    }

    static func tagClass(_ tg: String) -> UInt8 {
        var c: UInt8 = 0
        if tg == "vn" || tg.hasPrefix("n") || tg == "j" || tg == "b" || tg == "nz" || tg == "an" { c |= TagClass.noun }
        if tg.hasPrefix("v") || tg == "p" || tg == "c" || tg == "u" || tg == "r" || tg == "d" || tg == "m"
            || tg == "q" || tg == "t" || tg == "y" || tg == "e" || tg == "f" || tg == "a" || tg == "l" || tg == "i" { c |= TagClass.notNoun }
        if tg.hasPrefix("v"), tg != "vn" { c |= TagClass.verb }
        if tg == "v" { c |= TagClass.plainVerb }
        if tg.hasPrefix("v") { c |= TagClass.verbal }
        if tg == "d" { c |= TagClass.adverb }
        return c
    }

    /// The tag class of the word `s[start..<end]` (0 when it is not in the lexicon).
    @inline(__always) func tagClass(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt8 {
        guard let k = words.lookupIndex(s, start, end) else { return 0 }
        return tagClasses[k]
    }

    /// The closed-class flags of the word `s[start..<end]`.
    @inline(__always) func wordFlags(_ s: [Unicode.Scalar], _ range: TextRange) -> UInt8 {
        closedWords.flags(s, range.start, range.end)
    }

    public func process(_ document: inout Document) throws {
        var diagnostics: [Diagnostic] = []
        document.quantities = extract(document, diagnostics: &diagnostics)
        // (Most documents have none: appending an empty array still cost a call.)
        if !diagnostics.isEmpty { document.diagnostics += diagnostics }
    }


    static let http = scalars("http://"), https = scalars("https://"), www = scalars("www.")

    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    @inline(__always) static func matches(_ s: [Unicode.Scalar], _ i: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= s.count else { return false }
        for (k, c) in word.enumerated() where s[i + k] != c { return false }
        return true
    }

    static func string(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[a..<b])
        return String(v)
    }

    // MARK: - extraction

    /// A candidate before context (subject, place, time) is filled.
    struct Candidate {
        var start: Int
        var end: Int
        var numberStart: Int
        var numberEnd: Int
        var value: Double
        var upper: Double?
        var approx: Approximation
        var unit: String
        var kind: UnitKind
        /// SI value of one `unit`, when convertible.
        var si: UnitTable.SI? = nil
        var role: QuantityRole = .statistic
        /// Terms of a ratio (2.4∶48.0∶49.6).
        var terms: [Double]? = nil
        /// A four-digit split year (2016/17), read as a financial year.
        var splitYear = false
    }

    /// All quantities of a document, in text order.
    public func extract(_ doc: Document) -> [Quantity] {
        var ignored: [Diagnostic] = []
        return extract(doc, diagnostics: &ignored)
    }

    /// All quantities of a document, in text order; numbers next to corrupted characters are
    /// reported in `diagnostics` instead.
    public func extract(_ doc: Document, diagnostics: inout [Diagnostic]) -> [Quantity] {
        let s = doc.analysis
        let n = s.count
        // One array, not a copy of the whole token index (which retained all four).
        let tokenAt = doc.tokenCovering
        var found: [Candidate] = []
        var i = 0
        var lastEnd = 0
        // Most positions start nothing: the next that may is found by a tight search (one table
        // read each).
        while let next = flags.firstIndex(in: s, from: i, Flag.start) {
            i = next
            let c = s[i]
            // URLs and e-mail-like codes are not text: skip to the next space or non-ASCII character.
            if c == "h" || c == "w" {
                if Self.matches(s, i, Self.http) || Self.matches(s, i, Self.https) || Self.matches(s, i, Self.www) {
                    while i < n, s[i].isASCII, !ChineseNumber.isSpace(s[i]) { i += 1 }
                } else {
                    i += 1
                }
                continue
            }
            if let cand = candidate(s, doc: doc, at: i, floor: lastEnd, tokenAt: tokenAt) {
                if let bad = corruption(around: cand, in: s, original: doc.scalars) {
                    diagnostics.append(Diagnostic(severity: .warning, stage: name,
                        message: "number next to corrupted characters skipped: \"\(doc.original(bad))\"", range: bad))
                    lastEnd = cand.end
                } else {
                    lastEnd = cand.end
                    // Room for a few from the first: grown one by one, the array was reallocated
                    // about every other document.
                    if found.capacity == 0 { found.reserveCapacity(4) }
                    found.append(cand)   // (last: moved, not copied)
                }
                i = lastEnd
                continue
            }
            // Skip the rest of a rejected numeral run so that 十四五 does not yield 四五.
            if isNumeralStart(c) {
                var k = i + 1
                while k < n, isNumeralStart(s[k]) || s[k] == "," || s[k] == "." || s[k] == "点" { k += 1 }
                i = k
            } else {
                i += 1
            }
        }
        // Most documents have no quantity: nothing below is built for them (sorting or reserving
        // an empty array allocated).
        if found.isEmpty { return [] }
        joinBounds(&found, s: s)
        // Tables are rows of tab-separated cells: without a tab no figure stands in one.
        let tabbed = s.contains("\t")
        if tabbed { applyTableUnits(&found, s: s) }
        assignRoles(&found, s: s)
        // Context (subject, qualifiers, place, time words) is for statistics only.
        // (Roles read in place: `contains` on the candidates copied each one.)
        let hasStatistic = found.indices.contains { found[$0].role == .statistic }
        let docPlace = hasStatistic ? dominantPlace(doc) : nil
        // Place mentions sorted by end, for the nearest preceding one (statistics only).
        var places: [(start: Int, end: Int, name: String)] = []
        if hasStatistic {
            for i in doc.entities.indices where doc.entities[i].type == .place {
                let name = doc.entities[i].name
                for m in doc.entities[i].mentions { places.append((m.start, m.end, name)) }
            }
            places.sort { $0.end < $1.end }
        }
        // The time words of the document, found once: each quantity's sentence was scanned again.
        let timeWords = found.indices.contains { needsTime($0, in: found) } ? self.timeWords(in: s) : []
        var out: [Quantity] = []
        out.reserveCapacity(found.count)
        for k in found.indices {
            out.append(finish(at: k, doc: doc, tokenAt: tokenAt, all: found, done: out, places: places, docPlace: docPlace,
                              tabbed: tabbed, timeWords: timeWords))
        }
        return out
    }

    // MARK: - context

    /// `tabbed`: the text holds a tab (else no figure stands in a table). `timeWords`: the
    /// document's `timeWords(in:)` when some candidate `needsTime`.
    func finish(at index: Int, doc: Document, tokenAt: [Int32], all: [Candidate], done: [Quantity],
                places: [(start: Int, end: Int, name: String)], docPlace: String?, tabbed: Bool,
                timeWords: [TextRange]) -> Quantity {
        // The candidate read in place: a copy retained (and released) its strings and terms.
        let start = all[index].start, end = all[index].end, role = all[index].role
        let s = doc.analysis
        let sentence = doc.sentenceIndex(at: start)
        // Context window: the sentence, else the line.
        var lo = start, hi = end
        if let si = sentence {
            lo = doc.sentences[si].range.start
            hi = doc.sentences[si].range.end
        } else {
            // No sentence layer: the stretch between sentence-final marks on the same line.
            while lo > 0, !flags.contains(s[lo - 1], Flag.sentenceEnd) { lo -= 1 }
            while hi < s.count, !flags.contains(s[hi], Flag.sentenceEnd) { hi += 1 }
        }
        // Very long sentences (or unpunctuated text) are looked at near the quantity only.
        lo = max(lo, start - 300)
        hi = min(hi, end + 300)
        // The fields are found first and the quantity built once, at the end: a quantity built
        // first and then filled in was copied twice (every string retained and released).
        var si: SIValue?
        if let u = all[index].si { si = SIValue(value: Self.siRounded(all[index].value * u.factor), unit: u.unit) }
        let period = role == .time ? self.period(at: index, all: all, doc: doc) : nil
        var subject = ""
        var qualifiers: [String] = []
        var place: String?
        if role == .statistic {
            subject = self.subject(at: index, doc: doc, tokenAt: tokenAt, all: all)
            qualifiers = self.qualifiers(at: start, doc: doc, tokenAt: tokenAt, lo: lo)
            if let change = change(at: start, s: s, from: clauseStart(s, start, lo: lo), lo: lo) {
                // 规上工业增加值比上年增长5.2%: the subject stands before the base.
                if subject.isEmpty, change.lead < start {
                    subject = self.subject(at: index, doc: doc, tokenAt: tokenAt, all: all, before: change.lead)
                }
                if let b = change.base {
                    let text = doc.original(b)
                    if !qualifiers.contains(text) { qualifiers.append(text) }
                }
                let verb = doc.original(change.direction)
                if !qualifiers.contains(verb) { qualifiers.append(verb) }
                if subject.isEmpty { subject = changedSubject(start: start, kind: all[index].kind, s: s, lo: lo, done: done) }
            } else if let prev = listedChange(start: start, kind: all[index].kind, s: s, done: done) {
                for w in done[prev].qualifiers where !qualifiers.contains(w) { qualifiers.append(w) }
                if subject.isEmpty { subject = done[prev].subject }
            }
            // A figure in a table row counts what its column header names.
            if tabbed, let header = tableHeader(at: index, all: all, doc: doc) { subject = header }
            place = self.place(at: start, doc: doc, lo: lo, places: places) ?? docPlace
        }
        let time = needsTime(index, in: all) ? self.time(at: index, doc: doc, lo: lo, hi: hi, all: all, timeWords: timeWords) : nil
        return Quantity(text: doc.original(TextRange(start: start, end: end)), range: TextRange(start: start, end: end),
                        value: all[index].value, upper: all[index].upper, approx: all[index].approx, unit: all[index].unit,
                        unitKind: units.name(of: all[index].kind), subject: subject, qualifiers: qualifiers, place: place, time: time,
                        sentence: sentence, role: role, si: si, period: period, terms: all[index].terms)
    }

    /// Start of the clause containing `pos` (after the last clause break), not before `lo`.
    func clauseStart(_ s: [Unicode.Scalar], _ pos: Int, lo: Int) -> Int {
        var k = pos
        while k > lo, !flags.contains(s[k - 1], Flag.clauseBreak), s[k - 1] != "。" { k -= 1 }
        return k
    }

}
