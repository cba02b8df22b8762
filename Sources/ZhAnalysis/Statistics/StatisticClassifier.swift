import Foundation

/// Sets `indicator` and `measure` on each statistic (runs after `QuantityExtractor`).
///
/// **Indicator** (`IndicatorTable`): the subject as found in the text, grown to the left while the
/// words before it still name an indicator (技术制造业增加值 → 高技术制造业增加值, the longest name
/// wins); else the subject as written, or its ending after scope words and places (郑州机场货邮吞吐量
/// → 机场货邮吞吐量); when the subject is empty, generic (总量, 收入) or not in the text, the words just
/// before the number (全年生产总值6.36万亿元), read back over verbs, bases and bound words (比上年增长,
/// 达到, 突破). A change with none takes the indicator of the figure it follows in its clause group
/// (原煤八千一百九十九萬噸，等於一九四九年的二點六倍). A unit that cannot state the indicator (第三产业
/// 500家) gives none. No match → no indicator.
///
/// **Measure**, first that applies:
/// - `rank`: 第N位/名, or 第N after 居 · 位居 · 排名 · 位列 … (居全国第5位);
/// - `target`: a target word in the clause before the number (预期目标, 力争, 计划, not 计划生育, nor in
///   a clause saying it was done: 计划…完成了94.3%), a goal word earlier in the sentence (主要预期目标是：…), or an approximate or bounded
///   figure (左右, 以上) in a plan section (after a heading such as 2025年工作安排);
/// - `change`: a verb of change right before the number (增长, 下降, 提高; 同比增, 按年跌), a change
///   qualifier from the extractor, a word naming a change (增速, 跌幅), a multiple (二点五倍), a
///   signed percentage (+8.45%) or percentage points — but a verb giving a new level (提高到35%) makes
///   a level;
/// - `share`: a percentage or per-mille figure that is not a change (占比 36%, 覆盖率85%, 80%的县级医院);
/// - `level`: everything else.
public struct StatisticClassifier: Stage, Sendable {
    public let name = "statistics"
    let table: IndicatorTable
    /// `placePrefix(_:in:)` on the gazetteer, built once: a closure made per statistic copied the
    /// gazetteer into it (every table retained and released), and `IndicatorTable.match` again.
    let placePrefix: @Sendable ([Unicode.Scalar]) -> Int
    let changeWordScalars: [[Unicode.Scalar]]
    /// Whether a subject can end with a word naming a change (before the `hasSuffix` tests).
    let changeWordScreen: SuffixScreen
    /// The last code points of the lead, change and level words and the words naming a change:
    /// no such word ends before any other (`cueWord`).
    let cueLast: ScalarBitSet
    /// False when a cue word is empty (it ends anywhere): `cueWord` then screens nothing.
    let cueScreened: Bool
    /// `cues.changeWords` as a set (String equality, as `contains` on the list).
    let changeWordSet: Set<String>
    /// The segmentation lexicon, for the part of speech of a subject (a verb is no subject).
    let words: Lexicon
    /// The first code points of the target, done and goal words: the positions `isTarget` tries.
    let targetScreen: ScalarBitSet
    /// `cues.lead`, `cues.change`, `cues.level` and `changeWordScalars`, indexed by last code point.
    let leadWords: CueWords, changeVerbs: CueWords, levelWords: CueWords, changeNames: CueWords

    /// A list of cue words with the words of it that end in each code point, in list order: the
    /// word ending at a position is looked for among those ending in its code point, not through
    /// the whole list (read back over several lists at every step, the scans cost more than the
    /// rest of the classifier).
    struct CueWords: Sendable {
        let words: [[Unicode.Scalar]]
        /// The words reversed: the candidates "starting" at `end - 1` are the words ending there.
        let byLast: FirstScalarIndex

        init(_ words: [[Unicode.Scalar]]) {
            self.words = words
            byLast = FirstScalarIndex(words.map { Array($0.reversed()) })
        }

        /// `StatisticCues.word(words, endingAt:in:floor:)`: the length of the first word of the
        /// list ending at `end` and starting at or after `floor`. (The length, not the word:
        /// callers only step back over it, and returning the word retained it. Screened by the
        /// list's own last code points first: fetching the candidate list retained it.)
        func length(endingAt end: Int, in s: [Unicode.Scalar], floor: Int) -> Int? {
            guard byLast.mayStart(at: end - 1, in: s) else { return nil }
            for k in byLast.candidates(at: end - 1, in: s)
            where end - words[k].count >= floor && StatisticCues.matches(s, end - words[k].count, words[k]) {
                return words[k].count
            }
            return nil
        }
    }

    public init(table: IndicatorTable, gazetteer: Gazetteer = Gazetteer(), words: Lexicon = Lexicon()) {
        self.table = table
        placePrefix = { Self.placePrefix($0, in: gazetteer) }
        self.words = words
        changeWordScalars = table.cues.changeWords.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
        changeWordScreen = SuffixScreen(table.cues.changeWords)
        var last = ScalarBitSet()
        var screened = true
        for w in table.cues.lead + table.cues.change + table.cues.level + changeWordScalars {
            if let c = w.last { last.insert(c) } else { screened = false }
        }
        cueLast = last
        cueScreened = screened
        changeWordSet = Set(table.cues.changeWords)
        targetScreen = ScalarBitSet((table.cues.target + table.cues.done + table.cues.goal).compactMap(\.first))
        leadWords = CueWords(table.cues.lead)
        changeVerbs = CueWords(table.cues.change)
        levelWords = CueWords(table.cues.level)
        changeNames = CueWords(changeWordScalars)
    }

    public init(lexicons: LexiconSet) throws {
        self.init(table: try IndicatorTable.load(from: lexicons.directory), gazetteer: try lexicons.tables.gazetteer(),
                  words: lexicons.words)
    }

    var cues: StatisticCues { table.cues }

    /// The length of `StatisticCues.word` for the lead, change and level words and the words
    /// naming a change, answering nil at once where none of them can end (a BMP code point not among their last
    /// ones).
    @inline(__always)
    func cueWord(_ words: CueWords, endingAt end: Int, in s: [Unicode.Scalar], floor: Int) -> Int? {
        if cueScreened, end > floor, end <= s.count, s[end - 1].value < 0x10000, !cueLast.contains(s[end - 1].value) { return nil }
        return words.length(endingAt: end, in: s, floor: floor)
    }

    public func process(_ document: inout Document) throws {
        // Every step below reads or writes statistics and ranks only.
        guard document.quantities.indices.contains(where: { Self.classified(document.quantities[$0].role) != nil }) else { return }
        let plan = planHeadings(document)
        // By quantity: the indicator found (-1: none) and whether its subject is generic, in one
        // array (two arrays were allocated for every document with statistics).
        var found = Array.filled((indicator: -1, generic: true), count: document.quantities.count)
        // Roles are read in place: only the quantities classified are copied out, by `classify`.
        for i in document.quantities.indices {
            guard let kind = Self.classified(document.quantities[i].role) else { continue }
            let (measure, indicator, isGeneric) = classify(i, kind: kind, in: document, plan: plan)
            found[i].generic = isGeneric
            guard let measure else { continue }
            document.quantities[i].measure = measure
            if let k = indicator {
                found[i].indicator = k
                document.quantities[i].indicator = table.indicators[k].name
            }
        }
        // A figure that nothing names follows the figure before it in its clause group, when only
        // verbs, bases and joins stand between (生产总值6.36万亿元、增长5.1% · 增长6.1%、突破2万亿元 ·
        // 原煤八千一百九十九萬噸，等於一九四九年的二點六倍).
        for i in document.quantities.indices where found[i].indicator < 0 && document.quantities[i].measure != nil {
            // (Fields read in place: a copy of the quantity retained and released every string.)
            let qStart = document.quantities[i].start
            guard let m = document.quantities[i].measure, m == .change || m == .level,
                  found[i].generic else { continue }
            var j = i - 1
            // Quantities without a measure between (times: 在1979到1983年平均每年递增7.9%的基础上) are skipped.
            while j >= 0, document.quantities[j].measure == nil { j -= 1 }
            guard j >= 0, found[j].indicator >= 0 else { continue }
            let k = found[j].indicator
            // (The figure before is read in place: a copy retained and released every field.)
            let pMeasure = document.quantities[j].measure, pEnd = document.quantities[j].end
            guard pMeasure == .level || pMeasure == .change, pEnd <= qStart,
                  !Self.hasBreak(document.analysis, from: pEnd, to: qStart),
                  onlyJoins(document.analysis, from: pEnd, to: readBack(qStart, s: document.analysis, floor: pEnd)),
                  table.fits(k, unitKind: document.quantities[i].unitKind, unit: document.quantities[i].unit) else { continue }
            found[i].indicator = k
            document.quantities[i].indicator = table.indicators[k].name
        }
        completeSubjects(&document)
        alignLists(&document)
    }

    /// The measure and indicator of quantity `i` and whether its subject is generic, read before
    /// the loop in `process` writes them. (The functions below take the quantity's index and read
    /// its fields in place: a copy of it retained and released every string and array.)
    func classify(_ i: Int, kind: Kind, in document: Document, plan: [(start: Int, isPlan: Bool)])
        -> (measure: Measure?, indicator: Int?, generic: Bool) {
        let span = span(of: i, in: document)
        let subject = subject(of: i, in: document, span: span)
        let generic = document.quantities[i].subject.isEmpty || table.isGeneric(keyScalars: subject.keyScalars)
        guard let measure = kind == .rank ? .rank : measure(of: i, in: document, span: span, subject: subject, plan: plan) else {
            return (nil, nil, generic)
        }
        return (measure, indicator(of: i, in: document, span: span, subject: subject, generic: generic, measure: measure), generic)
    }

    // MARK: subjects the extractor missed

    /// Fills subjects the extractor left empty or took from a verb (递增 · 升至 · 预计 · 需要): the
    /// subject of the figure this one follows in its clause group (生产总值6.36万亿元、增长5.1% ·
    /// 电力一百零八亿度，等于一九四九年的二点五倍), else the noun phrase read back from the number
    /// over verbs, bases and times, in its clause or, when that holds only a verb, the clause before
    /// (全年社会商品零售总额，比上年增长17.8%), scope words dropped (全年 · 全省).
    func completeSubjects(_ document: inout Document) {
        let s = document.analysis
        for i in document.quantities.indices where document.quantities[i].measure != nil && document.quantities[i].role == .statistic {
            // The subject read in place: the quantity is copied only when it is to be completed.
            let given = document.quantities[i].subject
            let verb = !given.isEmpty && isVerbLike(given, in: document)
            guard given.isEmpty || verb else { continue }
            let qStart = document.quantities[i].start
            var subject: String?
            var j = i - 1
            while j >= 0, document.quantities[j].measure == nil { j -= 1 }
            // (The figure before is read in place: a copy retained and released every field.)
            if j >= 0, document.quantities[j].role == .statistic {
                let pEnd = document.quantities[j].end
                if pEnd <= qStart, !document.quantities[j].subject.isEmpty, !isVerbLike(document.quantities[j].subject, in: document),
                   !Self.hasBreak(s, from: pEnd, to: qStart),
                   onlyJoins(s, from: pEnd, to: readBack(qStart, s: s, floor: pEnd)) {
                    subject = document.quantities[j].subject
                }
            }
            if subject == nil { subject = nounPhrase(before: i, in: document) }
            if let subject { document.quantities[i].subject = subject } else if verb { document.quantities[i].subject = "" }
        }
    }

    /// Whether a subject is a verb or a lead word (升至 · 递增 · 需要 · 大关 is kept: a noun).
    func isVerbLike(_ subject: String, in doc: Document) -> Bool {
        let f = folded(subject, in: doc)
        if cueWord(leadWords, endingAt: f.count, in: f, floor: 0) == f.count { return true }
        if cueWord(changeVerbs, endingAt: f.count, in: f, floor: 0) == f.count { return true }
        if cueWord(levelWords, endingAt: f.count, in: f, floor: 0) == f.count { return true }
        // (A word equal to one of them ends like it: the screen spares building and hashing a String.)
        if changeWordScreen.mayEnd(f.last), changeWordSet.contains(ScalarText.string(f)) { return true }
        guard let k = words.lookupIndex(f, 0, f.count) else { return false }
        let tag = words.entries[k].tag
        return tag.hasPrefix("v") && tag != "vn" || tag == "d" || tag == "p" || tag == "a" || tag == "ad"
    }

    /// The words naming what a number counts, read back from it (see `completeSubjects`); nil
    /// when they are not a short noun phrase.
    /// (`qi`: the quantity's index in `doc.quantities`.)
    func nounPhrase(before qi: Int, in doc: Document) -> String? {
        let s = doc.analysis
        // Taken once: `doc.tokenIndex` is computed, and each use copied the index.
        let tokenIndex = doc.tokenIndex
        let span = span(of: qi, in: doc)
        var (floor, e) = wordsBefore(doc.quantities[qi].start, s: s, span: span)
        // Adverbs before the verb (仍然比一九五二年增加了 · 又比 · 将): read over with the verbs and bases before them.
        while e > floor, let k = tokenIndex.token(at: e - 1), doc.tokens[k].range.end == e, doc.tokens[k].range.start > floor,
              let w = words.lookupIndex(s, doc.tokens[k].range.start, e), words.entries[w].tag == "d" {
            e = readBack(doc.tokens[k].range.start, s: s, floor: floor)
        }
        if e == floor, floor == span.clauseStart {
            (floor, e) = wordsBefore(doc.quantities[qi].start, s: s, span: span, from: e)
        }
        var a = floor
        // Leading spaces, quotes, scope words and times (全年 · 2024年 · 去年 · 2016/17年度的).
        var moved = true
        while moved, a < e {
            moved = false
            while a < e, ChineseNumber.isSpace(s[a]) || s[a] == "“" || s[a] == "\"" || s[a] == "「" { a += 1; moved = true }
            for ws in table.scopeScalars {
                if StatisticCues.matches(s, a, ws), a + ws.count <= e { a += ws.count; moved = true; break }
            }
            if let end = Self.timeEnd(covering: a, in: doc.quantities) {
                a = max(a + 1, end)
                if StatisticCues.matches(s, a, Self.yearWord), a + 2 <= e { a += 2 }
                if a < e, s[a] == "的" { a += 1 }
                moved = true
            }
            // 但是 · 而 · 在 · 其中: a conjunction, preposition or adverb opening the clause.
            if a < e, let k = tokenIndex.token(at: a), doc.tokens[k].range.start == a, doc.tokens[k].range.end < e,
               let w = words.lookupIndex(s, a, doc.tokens[k].range.end), ["c", "p", "d"].contains(words.entries[w].tag) {
                a = doc.tokens[k].range.end
                moved = true
            }
        }
        while e > a, s[e - 1] == "的" || ChineseNumber.isSpace(s[e - 1]) { e -= 1 }
        guard e - a >= 2, e - a <= 16 else { return nil }
        // No number in it (由一九四九年的百分之二十八点八上升为… · 比前一日).
        if Self.overlapsQuantity(a, e, doc.quantities) { return nil }
        for p in a..<e {
            let c = s[p]
            if ChineseNumber.isAsciiDigit(c) || Self.isClauseBreak(c) || c == "。" { return nil }
        }
        // A noun phrase: no word of it is a verb, adverb, pronoun, preposition, conjunction,
        // numeral, classifier or particle (政府提供一笔 · 总额才 · 比前一日 · 如果现在…签合同), but
        // for a 的 joining two nouns (现代工业的总产值).
        var p = a
        // 而家4厘息 · 目前3家: time words alone name no thing counted.
        var onlyTimes = true
        while p < e {
            guard let k = tokenIndex.token(at: p) else { p += 1; onlyTimes = false; continue }
            let t = doc.tokens[k].range
            let joining = t.length == 1 && s[t.start] == "的" && t.start > a && t.end < e
            let word = TextRange(start: max(t.start, a), end: min(t.end, e))
            if let w = words.lookupIndex(s, word.start, word.end) {
                if words.entries[w].tag != "t" { onlyTimes = false }
                if !joining, Self.isFunctionTag(words.entries[w].tag) { return nil }
            } else if word == t, QuantityExtractor.isVerbPhrase(s, t) {
                // 记者注意到 · 驱走了: a word the lexicon lacks that ends as a verb phrase does.
                return nil
            } else {
                onlyTimes = false
            }
            p = max(p + 1, t.end)
        }
        if onlyTimes { return nil }
        let text = doc.original(TextRange(start: a, end: e))
        return isVerbLike(text, in: doc) ? nil : text
    }

    static let yearWord: [Unicode.Scalar] = ["年", "度"]

    /// The end of the first time quantity covering offset `p`. (Read in place: iterating the
    /// quantities, as `first(where:)` does, copied each one.)
    static func timeEnd(covering p: Int, in qs: [Quantity]) -> Int? {
        for i in qs.indices where qs[i].role == .time && qs[i].start <= p && p < qs[i].end { return qs[i].end }
        return nil
    }

    /// Whether a quantity overlaps `a..<e` (read in place, as `timeEnd`).
    static func overlapsQuantity(_ a: Int, _ e: Int, _ qs: [Quantity]) -> Bool {
        qs.indices.contains { qs[$0].start < e && a < qs[$0].end }
    }

    /// Tags of words that do not belong in a noun phrase naming what is counted.
    static func isFunctionTag(_ tag: String) -> Bool {
        if tag.hasPrefix("v") { return tag != "vn" }
        switch tag.first {
        case "d", "r", "p", "c", "m", "q", "u", "y", "e": return true
        default: return false
        }
    }

    /// Whether `s[from..<to]` holds only punctuation, spaces and joining words (、 · ， · 和 · 并).
    func onlyJoins(_ s: [Unicode.Scalar], from: Int, to: Int) -> Bool {
        guard from < to else { return true }
        for p in from..<to {
            switch s[p] {
            case "、", "，", ",", " ", "\u{3000}", "和", "及", "并", "且", "而", "又", "还", "（", "）", "(", ")": continue
            default: return false
            }
        }
        return true
    }

    // MARK: which quantities

    enum Kind { case statistic, rank }

    /// Statistics and ranks (by `role`); times, ordinals, labels and generic numerals are not classified.
    static func classified(_ role: QuantityRole) -> Kind? {
        switch role {
        case .statistic: return .statistic
        case .rank: return .rank
        case .time, .ordinal, .label, .generic: return nil
        }
    }

    // MARK: text around a quantity

    /// The sentence and the clause (after the last ，；：。) a quantity stands in, as offsets.
    struct Span {
        var sentenceStart: Int
        var sentenceEnd: Int
        var clauseStart: Int
    }

    /// The spans of `doc.quantities[qi]`.
    func span(of qi: Int, in doc: Document) -> Span {
        let s = doc.analysis
        let start = doc.quantities[qi].start, end = doc.quantities[qi].end
        var a = max(0, start - 200), b = min(s.count, end + 200)
        if let k = doc.quantities[qi].sentence ?? doc.sentenceIndex(at: start), k >= 0, k < doc.sentences.count,
           doc.sentences[k].range.start <= start, end <= doc.sentences[k].range.end {
            a = doc.sentences[k].range.start
            b = doc.sentences[k].range.end
        } else {
            var p = start
            while p > a, s[p - 1] != "\n" { p -= 1 }
            a = p
            p = end
            while p < b, s[p] != "\n" { p += 1 }
            b = p
        }
        var c = start
        while c > a, !Self.isClauseBreak(s[c - 1]) { c -= 1 }
        return Span(sentenceStart: a, sentenceEnd: b, clauseStart: c)
    }

    @inline(__always) static func isClauseBreak(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "，", ",", "；", ";", "：", ":", "。", "！", "？", "!", "?", "\n", "\r": return true
        default: return false
        }
    }

    /// Whether a sentence or group break (。；) lies in `s[from..<to]`.
    static func hasBreak(_ s: [Unicode.Scalar], from: Int, to: Int) -> Bool {
        guard from < to else { return false }
        for p in from..<to {
            switch s[p] {
            case "。", "；", ";", "！", "？", "!", "?", "\n", "\r": return true
            default: continue
            }
        }
        return false
    }

    // MARK: measure

    /// Where a quantity's subject is written (nil when not found in its sentence) and its key.
    struct Subject {
        var range: TextRange?
        var key: String
        /// `key` as code points (`IndicatorTable.keyScalars`), for the table's look-ups.
        var keyScalars: [Unicode.Scalar]
    }

    /// The subject of `doc.quantities[qi]`.
    func subject(of qi: Int, in doc: Document, span: Span) -> Subject {
        let given = doc.quantities[qi].subject
        guard !given.isEmpty else { return Subject(range: nil, key: "", keyScalars: []) }
        let range = locate(given, in: doc, span: span, start: doc.quantities[qi].start, end: doc.quantities[qi].end)
        let u = range.map { table.keyScalars(folded: doc.analysis, $0.start, $0.end) } ?? table.keyScalars(given)
        return Subject(range: range, key: ScalarText.string(u), keyScalars: u)
    }

    /// A qualifier as folded text (folded again only in a traditional document).
    func folded(_ w: String, in doc: Document) -> [Unicode.Scalar] {
        doc.folding.traditional ? Array(table.key(w).unicodeScalars) : Array(w.unicodeScalars)
    }

    /// The measure of `doc.quantities[qi]`.
    func measure(of qi: Int, in doc: Document, span: Span, subject: Subject, plan: [(start: Int, isPlan: Bool)]) -> Measure? {
        let s = doc.analysis
        let start = doc.quantities[qi].start
        if isRank(qi, in: doc, span: span) { return .rank }
        if isTarget(start: start, approx: doc.quantities[qi].approx, s: s, span: span, plan: plan) { return .target }
        let unitKind = doc.quantities[qi].unitKind
        switch verbBefore(start, s: s, floor: span.clauseStart) {
        case .level: return Self.isRate(unitKind) ? .share : .level
        case .change: return .change
        case nil: break
        }
        if unitKind == "multiple" || unitKind == "percentage_point" { return .change }
        let sign = doc.quantities[qi].text.unicodeScalars.first
        if (sign == "+" || sign == "-" || sign == "−" || sign == "＋" || sign == "－"), Self.isRate(unitKind) { return .change }
        if hasChangeQualifier(qi, in: doc) || namesChange(at: start, subject: subject, s: s, span: span) { return .change }
        return Self.isRate(unitKind) ? .share : .level
    }

    static func isRate(_ kind: String) -> Bool { kind == "percent" || kind == "permille" }

    /// 第5位 · 居全国第3 · 排名第二.
    func isRank(_ qi: Int, in doc: Document, span: Span) -> Bool {
        let s = doc.analysis, end = doc.quantities[qi].end
        var p = doc.quantities[qi].start
        if s[p] != "第" {
            guard p > span.clauseStart, s[p - 1] == "第" else { return false }
            p -= 1
        }
        if end < s.count, s[end] == "位" || s[end] == "名" { return true }
        if doc.quantities[qi].unit == "位" || doc.quantities[qi].unit == "名" { return true }
        return StatisticCues.contains(cues.rank, in: s, from: max(span.clauseStart, p - 8), to: p)
    }

    /// Whether the figure at `start` (approximated by `approx`) is a target.
    func isTarget(start: Int, approx: Approximation, s: [Unicode.Scalar], span: Span, plan: [(start: Int, isPlan: Bool)]) -> Bool {
        // A target word in the clause, outside a phrase that is not a target (计划生育, 完成计划).
        var p = span.clauseStart
        let achieved = firstMatch(cues.done, in: s, from: span.clauseStart, to: start) != nil
        while !achieved, let r = firstMatch(cues.target, in: s, from: p, to: start) {
            let blocked = cues.notTarget.contains { w in
                var b = max(span.sentenceStart, r.upperBound - w.count)
                while b <= r.lowerBound {
                    if StatisticCues.matches(s, b, w) { return true }
                    b += 1
                }
                return false
            }
            if !blocked { return true }
            p = r.upperBound
        }
        if firstMatch(cues.goal, in: s, from: span.sentenceStart, to: start) != nil { return true }
        guard approx != .exact else { return false }
        let heading = plan.last { $0.start <= start }
        return heading?.isPlan ?? false
    }

    /// `StatisticCues.firstMatch` for the target, done and goal words, trying only the positions
    /// where one of them may start (`targetScreen`; a code point outside the BMP is tried).
    func firstMatch(_ words: [[Unicode.Scalar]], in s: [Unicode.Scalar], from: Int, to: Int) -> Range<Int>? {
        var p = from
        while p < to {
            let v = s[p].value
            if v >= 0x10000 || targetScreen.contains(v) {
                for w in words where p + w.count <= to && s[p] == w[0] && StatisticCues.matches(s, p, w) { return p..<(p + w.count) }
            }
            p += 1
        }
        return nil
    }

    enum Verb { case change, level }

    /// The verb right before the number, read back over lead words (增长了 · 同比下降 · 提高到).
    func verbBefore(_ start: Int, s: [Unicode.Scalar], floor: Int) -> Verb? {
        var e = start
        for _ in 0..<6 {
            while e > floor, ChineseNumber.isSpace(s[e - 1]) { e -= 1 }
            if cueWord(levelWords, endingAt: e, in: s, floor: floor) != nil { return .level }
            if let length = cueWord(changeVerbs, endingAt: e, in: s, floor: floor) {
                if length > 1 { return .change }
                // One character (增 · 降 · 跌) only after a base: 同比增 · 比上年降 · 按年跌.
                let b = e - 2
                if b >= floor, Self.endsBase(s[b]) { return .change }
            }
            guard let length = cueWord(leadWords, endingAt: e, in: s, floor: floor) else { return nil }
            e -= length
        }
        return nil
    }

    /// Last characters of a comparison base (同比 · 比上年 · 按月 · 较去年同期 · 比年初).
    static func endsBase(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "比", "年", "月", "季", "期", "末", "初", "底", "度", "周": return true
        default: return false
        }
    }

    func hasChangeQualifier(_ qi: Int, in doc: Document) -> Bool {
        for w in doc.quantities[qi].qualifiers {
            let f = folded(w, in: doc)
            if let length = cueWord(changeVerbs, endingAt: f.count, in: f, floor: 0), length > 1 { return true }
        }
        return false
    }

    /// The subject or the words right before the number name a change (增速 8% · 跌幅20萬).
    func namesChange(at start: Int, subject: Subject, s: [Unicode.Scalar], span: Span) -> Bool {
        let k = subject.key
        if changeWordScreen.mayEnd(k), table.cues.changeWords.contains(where: { k.hasSuffix($0) }) { return true }
        var e = start
        while let length = cueWord(leadWords, endingAt: e, in: s, floor: span.clauseStart) { e -= length }
        if cueWord(changeNames, endingAt: e, in: s, floor: span.clauseStart) != nil { return true }
        // 入場人次以2015/16年度的跌幅最大，達18.9%: a clause of lead words only continues the one before.
        guard e == span.clauseStart, e > span.sentenceStart + 1, s[e - 1] == "，" || s[e - 1] == "," else { return false }
        var c = e - 1
        while c > span.sentenceStart, !Self.isClauseBreak(s[c - 1]) { c -= 1 }
        return StatisticCues.contains(changeWordScalars, in: s, from: c, to: e - 1)
    }

    /// Headings (short paragraphs not ending in 。) in text order, and whether each opens a plan
    /// section (今年主要预期目标, 2025年工作安排).
    func planHeadings(_ doc: Document) -> [(start: Int, isPlan: Bool)] {
        let s = doc.analysis
        var out: [(start: Int, isPlan: Bool)] = []
        for r in doc.paragraphs where r.length > 0 && r.length <= 40 {
            // A table row (cells split by tabs) is no heading.
            if (r.start..<r.end).contains(where: { s[$0] == "\t" }) { continue }
            var e = r.end
            while e > r.start, ChineseNumber.isSpace(s[e - 1]) || s[e - 1] == "\n" || s[e - 1] == "\r" { e -= 1 }
            guard e > r.start, s[e - 1] != "。" else { continue }
            out.append((r.start, StatisticCues.contains(cues.plan, in: s, from: r.start, to: e)))
        }
        return out
    }

    // MARK: indicator

    /// The indicator of `doc.quantities[qi]`.
    func indicator(of qi: Int, in doc: Document, span: Span, subject: Subject, generic: Bool, measure: Measure) -> Int? {
        guard !table.isEmpty else { return nil }
        let s = doc.analysis
        let window = table.maxKeyLength + 10
        var hit: Found = .none
        // 平均每人…近八百斤 (粮食): a per-head figure names the per-head indicator (人均粮食占有量).
        let perCapita = doc.quantities[qi].qualifiers.contains { w in
            let f = folded(w, in: doc)
            return Self.perCapitaScalars.contains { f.count >= 2 && f[f.count - 2] == $0[0] && f[f.count - 1] == $0[1] }
        }
        var readBefore = generic
        let start = doc.quantities[qi].start
        if !doc.quantities[qi].subject.isEmpty {
            if let r = subject.range, r.end <= start {
                var c = r.start
                while c > span.sentenceStart, !Self.isClauseBreak(s[c - 1]) { c -= 1 }
                // A verb taken into the subject is read over (经济总量跨上 · 粮食增产).
                let end = max(r.start + 1, readBack(r.end, s: s, floor: r.start))
                hit = longestName(endingAt: end, from: max(c, end - window), through: r.start,
                                  s: s, measure: measure, perCapita: perCapita)
            } else {
                readBefore = true
            }
            if case .none = hit, let k = table.match(keyScalars: subject.keyScalars, placePrefix: placePrefix) {
                hit = .indicator(k)
            }
        }
        if case .none = hit, readBefore {
            // The words just before the number; when its clause holds only a verb and a base, the
            // clause before it (全年社会商品零售总额，比上年增长17.8%).
            let (floor, e) = wordsBefore(start, s: s, span: span)
            if e - floor >= 2 {
                hit = longestName(endingAt: e, from: max(floor, e - window), through: e - 2, s: s, measure: measure,
                                  perCapita: perCapita)
            }
        }
        guard case .indicator(let k) = hit, measure == .rank || table.fits(k, unitKind: doc.quantities[qi].unitKind, unit: doc.quantities[qi].unit) else { return nil }
        return k
    }

    enum Found { case none, indicator(Int), ambiguous }

    /// Qualifiers of a per-head figure (as keys: 人均 · 每人 · 平均每人).
    static let perCapitaScalars: [[Unicode.Scalar]] = [["人", "均"], ["每", "人"]]

    /// Suffixes tried first for a share (空气质量优良天数 92.9% → 空气质量优良天数比例).
    static let shareEndings: [[Unicode.Scalar]] = ["比重", "比例", "比率"].map { Array($0.unicodeScalars) }
    /// The key prefix of a per-head indicator (人均粮食占有量).
    static let perCapitaPrefix: [Unicode.Scalar] = ["人", "均"]

    /// The indicator named by the longest text `s[a..<end]` with `from <= a <= through`; `ambiguous`
    /// when that text is one item of a list (国民收入和国家财政收入, 原煤和原油产量).
    func longestName(endingAt end: Int, from: Int, through: Int, s: [Unicode.Scalar], measure: Measure,
                     perCapita: Bool) -> Found {
        guard from <= through, table.mayEnd(s, at: end) else { return .none }
        for a in from...through {
            // A name starts on a Han character or a Latin letter (GDP), not inside a number.
            let c = s[a]
            guard c.value >= 0x3400 || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A) else { continue }
            guard table.mayStart(c.value >= 0x61 && c.value <= 0x7A ? Unicode.Scalar(c.value - 0x20)! : c) else { continue }
            let k = table.keyScalars(folded: s, a, end)
            var found: Int?
            // (A loop, not a lazy map: its closure would copy the whole stage.)
            if measure == .share { for e in Self.shareEndings where found == nil { found = table.lookup(scalars: k + e) } }
            if found == nil, perCapita, !k.starts(with: Self.perCapitaPrefix) { found = table.lookup(scalars: Self.perCapitaPrefix + k) }
            if found == nil { found = table.lookup(scalars: k) }
            guard let index = found else { continue }
            if a > 0, Self.isListMark(s[a - 1]) { return .ambiguous }
            return .indicator(index)
        }
        return .none
    }

    static func isListMark(_ c: Unicode.Scalar) -> Bool { c == "和" || c == "及" || c == "与" || c == "、" }

    /// Where the subject is written: its last occurrence in the sentence before the number, else its
    /// first after it (216个"两重"项目).
    /// (`start`, `end`: the quantity's range.)
    func locate(_ subject: String, in doc: Document, span: Span, start: Int, end: Int) -> TextRange? {
        let w = Array(subject.unicodeScalars)
        guard !w.isEmpty else { return nil }
        let o = doc.scalars
        var p = start - w.count
        while p >= span.sentenceStart {
            if o[p] == w[0], StatisticCues.matches(o, p, w) { return TextRange(start: p, end: p + w.count) }
            p -= 1
        }
        p = end
        while p + w.count <= span.sentenceEnd {
            if o[p] == w[0], StatisticCues.matches(o, p, w) { return TextRange(start: p, end: p + w.count) }
            p += 1
        }
        return nil
    }

    /// The words naming what a number counts, read back from it over verbs, bases and times
    /// (`readBack`) in its clause, or — when its clause holds only those — in the clause before
    /// (全年社会商品零售总额，比上年增长17.8%): the clause start and the end of the words.
    func wordsBefore(_ quantityStart: Int, s: [Unicode.Scalar], span: Span, from start: Int? = nil) -> (floor: Int, end: Int) {
        let floor = span.clauseStart
        let e = start ?? readBack(quantityStart, s: s, floor: floor)
        guard e == floor, floor > span.sentenceStart + 1, s[floor - 1] == "，" || s[floor - 1] == "," else { return (floor, e) }
        var c = floor - 1
        while c > span.sentenceStart, !Self.isClauseBreak(s[c - 1]) { c -= 1 }
        return (c, readBack(floor - 1, s: s, floor: c))
    }

    /// The end of the words naming what a number counts, reading back from the number over lead
    /// words, verbs of change and comparison bases (粮食产量比上年增长 → 粮食产量).
    func readBack(_ start: Int, s: [Unicode.Scalar], floor: Int) -> Int {
        var e = start
        for _ in 0..<10 {
            while e > floor, ChineseNumber.isSpace(s[e - 1]) || s[e - 1] == "，" || s[e - 1] == "," || s[e - 1] == "、" { e -= 1 }
            if let length = cueWord(levelWords, endingAt: e, in: s, floor: floor)
                ?? cueWord(leadWords, endingAt: e, in: s, floor: floor) {
                e -= length
                continue
            }
            if let length = cueWord(changeVerbs, endingAt: e, in: s, floor: floor), length > 1 || (e - 2 >= floor && Self.endsBase(s[e - 2])) {
                e -= length
                continue
            }
            // 农业总产值（包括村办工业）平均每年增长: a note in brackets is read over.
            if e > floor, s[e - 1] == ")" || s[e - 1] == "）", let open = (floor..<(e - 1)).last(where: { s[$0] == "(" || s[$0] == "（" }) {
                e = open
                continue
            }
            if let b = base(endingAt: e, s: s, floor: floor) ?? time(endingAt: e, s: s, floor: floor) {
                e = b
                continue
            }
            break
        }
        return e
    }

    /// Start of a year or month written with numerals ending at `e` (1984年 · 一九五三年 · 1979到1983年).
    func time(endingAt e: Int, s: [Unicode.Scalar], floor: Int) -> Int? {
        var b = e - 1
        guard b > floor else { return nil }
        if s[b] == "度", s[b - 1] == "年" { b -= 1 }
        guard s[b] == "年" || s[b] == "月" else { return nil }
        var k = b
        var digits = 0
        while k > floor {
            let c = s[k - 1]
            if ChineseNumber.isAsciiDigit(c) || ChineseNumber.isNumeralCharacter(c) { digits += 1 }
            else if !(c == "到" || c == "至" || c == "-" || c == "—" || c == "~" || c == "/") { break }
            k -= 1
        }
        return digits > 0 ? k : nil
    }

    /// Start of a comparison base ending at `e` (同比 · 环比 · 按年 · 比上年 · 较2023年 · 比一九五二年).
    func base(endingAt e: Int, s: [Unicode.Scalar], floor: Int) -> Int? {
        guard e - 2 >= floor else { return nil }
        if s[e - 1] == "比", s[e - 2] == "同" || s[e - 2] == "环" { return e - 2 }
        if s[e - 2] == "按", s[e - 1] == "年" || s[e - 1] == "月" || s[e - 1] == "季" { return e - 2 }
        guard Self.endsBase(s[e - 1]) else { return nil }
        var b = e - 2
        while b >= floor, e - b <= 10 {
            if s[b] == "比" || s[b] == "较" { return b > floor && (s[b - 1] == "相" || s[b - 1] == "与") ? b - 1 : b }
            guard s[b].value >= 0x3400 || ChineseNumber.isAsciiDigit(s[b]) else { return nil }
            b -= 1
        }
        return nil
    }

    /// Length of the place name a folded subject head starts with (郑州 in 郑州机场), 0 when none.
    static func placePrefix(_ head: [Unicode.Scalar], in gazetteer: Gazetteer) -> Int {
        var best = 0
        gazetteer.forEachMatch(in: head, from: 0, limit: head.count) { end, _ in best = max(best, end) }
        return best
    }
}
