import Foundation

/// Sets `period` on every statistic (and rank) the text dates, and on month and day expressions
/// written without a year; records the document's reference date (runs after `QuantityExtractor`).
///
/// **Reference date** (`Document.referenceDate`), first that applies: a full date in the head of
/// the text (2025年1月18日在…会议上) or its date line (2024年3月5日) — the text wins; the date given
/// with the input (a record's `date`, else `--date`); a date line of a month (2024年3月); a
/// dateline (新华社北京3月5日电) with the year of the given date or the title; the year in the title
/// of a work report (2025年…政府工作报告 is delivered in 2025). None → relative words stay unresolved.
///
/// **Marks**: time quantities with their periods (2024年 · 2024年1-10月 · １９７９到１９８３年), the
/// words after them (2024年底 → a point, 2024年上半年, 2009年以来 → to the reference date), months
/// and days without a year (6月 · 6月10日: in the context year), durations framing a figure (近5年 ·
/// 连续4年: the years up to the context year), and the words of `period-words.tsv` (今年 · 去年 ·
/// 上半年 · 过去一年 · 目前). A period after 比 · 较 · 与 (比上年, 较2020年), a base word (同比 · 上年同期)
/// or a multiple's base (为1949年的2.5倍) is a comparison base: never a period. 截至 makes the period
/// after it a point at its end (截至2024年底 → 2024-12-31).
///
/// **The period of a statistic**, first that applies: the nearest mark before it in its sentence;
/// the mark opening an earlier sentence of its paragraph (2024年，… · 今年以来，…); the nearest
/// heading above it that has one (一、2024年工作回顾 covers the review; 二、2025年工作安排 the plan),
/// a heading of the same or a higher level without one ending the one before; the title of a
/// bulletin (2023年统计公报); in a work report, the year before the reference date for the
/// review and the reference year after a plan heading. None → no period (never today's date).
/// A cumulative figure (累计) dated by a whole year is a point at the year's end.
///
/// **Financial years** (`fiscal-years.tsv`): a split year (2016/17 · 2016/17年度) runs from April
/// (the Hong Kong government's year) unless a word after it (学年) or the body named in its
/// sentence, else the one named most often in the article, starts it in another month (海洋公园:
/// July); a number of past financial years (过去两个财政年度) and 上年度 count the body's years back
/// from the document's date, and so do recent years (连续两年) in an article on a body whose year
/// is not the calendar year.
public struct PeriodResolver: Stage, Sendable {
    public let name = "periods"
    let words: PeriodWords
    let planWords: [[Unicode.Scalar]]
    /// The financial years, held by reference: each document's `Context` keeps them, and a copy
    /// of the struct retained (and released) every array in it.
    let fiscalTable: FiscalTable
    var fiscal: FiscalYears { fiscalTable.years }

    final class FiscalTable: Sendable {
        let years: FiscalYears
        init(_ years: FiscalYears) { self.years = years }
    }

    public init(words: PeriodWords, planWords: [[Unicode.Scalar]] = PeriodResolver.defaultPlanWords,
                fiscal: FiscalYears = FiscalYears()) {
        self.words = words
        self.planWords = planWords
        fiscalTable = FiscalTable(fiscal)
    }

    public init(lexicons: LexiconSet) throws {
        let cues = try StatisticCues.load(from: lexicons.directory)
        self.init(words: try PeriodWords.load(from: lexicons.directory),
                  planWords: cues.plan.isEmpty ? Self.defaultPlanWords : cues.plan,
                  fiscal: try FiscalYears.load(from: lexicons.directory))
    }

    public static let defaultPlanWords: [[Unicode.Scalar]] = ["工作安排", "预期目标", "主要目标"].map { Array($0.unicodeScalars) }

    static let cumulative: [Unicode.Scalar] = ["累", "计"]
    static let since: [Unicode.Scalar] = ["以", "来"]
    static let reportWords: [[Unicode.Scalar]] = ["工作报告", "施政报告"].map { Array($0.unicodeScalars) }
    static let bulletinWords: [[Unicode.Scalar]] = ["公报", "年鉴", "年报", "统计报告"].map { Array($0.unicodeScalars) }

    public func process(_ document: inout Document) throws {
        // The title's years, read once asked (a title folded once, not three times).
        var titleYears: TitleYears?
        let reference = referenceDate(document, titleYears: &titleYears)
        document.referenceDate = reference
        // Only statistics, ranks and undated times get a period: a text with none of them (dates
        // and counters only) needs no context.
        // (Roles read in place: iterating the quantities copied each one.)
        guard document.quantities.indices.contains(where: { i in
            let role = document.quantities[i].role
            return role == .statistic || role == .rank || (role == .time && document.quantities[i].period == nil)
        }) else { return }
        let years = titleYears ?? Self.titleYears(document)
        for (i, p) in periods(document, reference: reference, titleYears: years) { document.quantities[i].period = p }
    }

    /// The periods `process` sets, by quantity index. (Found first and written after: the context
    /// holds the document, and a write while it lives made every document copy its quantities.)
    func periods(_ document: Document, reference: ReferenceDate?, titleYears: TitleYears) -> [(index: Int, period: Period)] {
        let context = Context(doc: document, words: words, reference: reference, planWords: planWords, fiscal: fiscalTable,
                              titleYears: titleYears)
        var out: [(index: Int, period: Period)] = []
        // (Roles read in place, and the quantities passed by index: a copy retained every string.)
        for i in document.quantities.indices {
            switch document.quantities[i].role {
            case .statistic, .rank:
                if let p = context.period(of: i) { out.append((i, p)) }
            case .time where document.quantities[i].period == nil:
                if let m = context.markIndex(covering: document.quantities[i].start), let p = context.resolve(m) { out.append((i, p)) }
            default: continue
            }
        }
        return out
    }

    // MARK: reference date

    /// `titleYears`: the document's `titleYears`, when read here (else left nil).
    func referenceDate(_ doc: Document, titleYears: inout TitleYears?) -> ReferenceDate? {
        let s = doc.analysis
        var partial: ReferenceDate?
        var dayOnly: (m: Int, d: Int)?
        // (By index: a quantity passed as an argument was copied, every string retained.)
        func take(_ k: Int) -> ReferenceDate? {
            guard doc.quantities[k].role == .time, let p = doc.quantities[k].period, let (y, m, d) = CivilDate.parts(p.start),
                  let (y2, m2, d2) = CivilDate.parts(p.end) else { return nil }
            if p.start == p.end { return ReferenceDate(year: y, month: m, day: d, source: .text) }
            if y == y2, m == m2, d == 1, d2 == CivilDate.daysIn(month: m, year: y) {
                if partial == nil { partial = ReferenceDate(year: y, month: m, source: .text) }
            }
            return nil
        }
        // The head: the first four lines, at most 200 characters. Measured at the first dated
        // time (only those can date the text; most documents have none).
        var headEnd = -1
        for k in doc.quantities.indices where doc.quantities[k].role == .time && doc.quantities[k].period != nil {
            if headEnd < 0 {
                var lines = 0
                headEnd = 0
                while headEnd < s.count, headEnd < 200, lines < 4 {
                    if s[headEnd] == "\n" { lines += 1 }
                    headEnd += 1
                }
            }
            if doc.quantities[k].end <= headEnd, Self.datesTheText(start: doc.quantities[k].start, end: doc.quantities[k].end, in: s),
               let r = take(k) { return r }
        }
        if let line = doc.date, let r = lastRange(of: line, in: doc) {
            for k in doc.quantities.indices where doc.quantities[k].start >= r.start && doc.quantities[k].end <= r.end {
                if let d = take(k) { return d }
            }
        }
        if let dateline = doc.sections.first?.dateline, let r = lastRange(of: dateline, in: doc) {
            // 新华社北京3月5日电: a month and a day.
            let inLine = doc.quantities.filter { $0.role == .time && $0.start >= r.start && $0.end <= r.end }
            if inLine.count >= 2, inLine[0].unit == "月", inLine[1].unit == "日" || inLine[1].unit == "号",
               let m = Int(exactly: inLine[0].value), let d = Int(exactly: inLine[1].value), (1...12).contains(m), (1...31).contains(d) {
                dayOnly = (m, d)
            }
        }
        if let given = doc.givenDate { return given }
        if let p = partial { return p }
        let years = Self.titleYears(doc)
        titleYears = years
        let titleYear = years.report
        if let (m, d) = dayOnly, let y = titleYear, d <= CivilDate.daysIn(month: m, year: y) {
            return ReferenceDate(year: y, month: m, day: d, source: .text)
        }
        return titleYear.map { ReferenceDate(year: $0, source: .title) }
    }

    /// Whether a date in the head stands where a document's date is written: opening its line
    /// (2025年1月18日在…会议上 · ——2025年1月14日 · （2019年3月5日）), after a label or a byline
    /// (日期：… · 本报讯（记者 王明）2019年3月5日), or before 电 / 讯 (新华社北京2019年3月5日电). A
    /// date inside a sentence (任期两年半，直至2021年12月31日) dates an event, not the text.
    static func datesTheText(start: Int, end: Int, in s: [Unicode.Scalar]) -> Bool {
        var p = start
        // The day's quantity stands after its year and month (2025年1月 before 18日).
        while p > 0, Self.isDatePart(s[p - 1]) || ChineseNumber.isAsciiDigit(s[p - 1]) { p -= 1 }
        while p > 0, Self.isDateLead(s[p - 1]) { p -= 1 }
        if p == 0 || Self.isDateLabelEnd(s[p - 1]) { return true }
        return end < s.count && (s[end] == "电" || s[end] == "讯")
    }

    /// The characters of a written year and month (2025年1月 · 二〇二五年一月). (Switches, not sets:
    /// hashing a code point cost more than the rest of the test.)
    static func isDatePart(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "年", "月", "〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": return true
        default: return false
        }
    }

    /// What may stand between a line start and its date (spaces, dashes, an opening bracket).
    static func isDateLead(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\u{3000}", "\t", "—", "-", "－", "―", "（", "(", "【", "[", "〔", "「", "·": return true
        default: return false
        }
    }

    /// What may end the text before a document's date: a line break, a label's colon, a byline's
    /// closing bracket.
    static func isDateLabelEnd(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\n", "\r", "：", ":", "）", ")", "】", "]", "〕": return true
        default: return false
        }
    }

    /// The year written in the title (2025年…) of a work report (…政府工作报告) and of a bulletin
    /// (…统计公报); nil when the title is not of that kind or names no year.
    typealias TitleYears = (report: Int?, bulletin: Int?)

    /// The title's `TitleYears`, from one folding of it.
    static func titleYears(_ doc: Document) -> TitleYears {
        guard let title = doc.title else { return (nil, nil) }
        let t = Array(TextFolder(script: .traditional).fold(title).unicodeScalars)
        let report = StatisticCues.contains(Self.reportWords, in: t, from: 0, to: t.count)
        let bulletin = StatisticCues.contains(Self.bulletinWords, in: t, from: 0, to: t.count)
        guard report || bulletin, let year = year(in: t) else { return (nil, nil) }
        return (report ? year : nil, bulletin ? year : nil)
    }

    /// The first year written in `t` (four digits, not after a digit, before 年, 1900–2200).
    static func year(in t: [Unicode.Scalar]) -> Int? {
        var p = 0
        while p + 5 <= t.count {
            if (p == 0 || !ChineseNumber.isAsciiDigit(t[p - 1])), (0..<4).allSatisfy({ ChineseNumber.isAsciiDigit(t[p + $0]) }), t[p + 4] == "年",
               let y = Int(ScalarText.string(t[p..<(p + 4)])), (1900...2200).contains(y) {
                return y
            }
            p += 1
        }
        return nil
    }

    func lastRange(of text: String, in doc: Document) -> TextRange? {
        if let found = Self.plainOccurrence(of: text, in: doc, last: true) { return found }
        guard let r = doc.text.range(of: text, options: .backwards) else { return nil }
        let start = doc.text.unicodeScalars.distance(from: doc.text.unicodeScalars.startIndex, to: r.lowerBound)
        return TextRange(start: start, end: start + text.unicodeScalars.count)
    }

    /// The first (or last) occurrence of `text` in the document, found by comparing code points
    /// when that is what Foundation's `range(of:)` does: every code point of both is in NFC as
    /// it stands, composes with none of the others and makes a grapheme of its own (`plain`).
    /// Then texts of them are canonically equivalent only when equal, and every match is
    /// grapheme-aligned: the canonical match is the exact one. `.some(nil)` when there is none;
    /// nil when the text is not that plain (ask Foundation, whose search cost ~150 K
    /// instructions for a line).
    static func plainOccurrence(of text: String, in doc: Document, last: Bool) -> TextRange?? {
        /// Tab, LF, printable ASCII and Latin-1 but the soft hyphen, unified ideographs
        /// (`CharacterClass.isStableNFC`), general punctuation from ‐ to ⁞ (not the spaces
        /// U+2000–U+200F: two are canonical singletons, others join graphemes), CJK symbols and
        /// punctuation but the tone marks U+302A–U+302F (combining), and full-width and half-width
        /// forms but the sound marks U+FF9E–U+FF9F (grapheme extenders). Not CR: it joins an LF.
        func plain(_ c: Unicode.Scalar) -> Bool {
            switch c.value {
            case 0x09, 0x0A, 0x20...0x7E, 0xA0...0xAC, 0xAE...0x2FF: return true
            case 0x2010...0x205E, 0x3000...0x3029, 0x3030...0x303F, 0xFF01...0xFF9D, 0xFFE0...0xFFEE: return true
            default: return CharacterClass.isUnifiedIdeograph(c)
            }
        }
        let w = Array(text.unicodeScalars)
        let o = doc.scalars
        guard !w.isEmpty, w.allSatisfy(plain), o.allSatisfy(plain) else { return nil }
        guard w.count <= o.count else { return .some(nil) }
        let starts = 0...(o.count - w.count)
        let hit = last ? starts.last { StatisticCues.matches(o, $0, w) } : starts.first { StatisticCues.matches(o, $0, w) }
        return .some(hit.map { TextRange(start: $0, end: $0 + w.count) })
    }
}
