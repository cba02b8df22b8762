import Foundation

extension PeriodResolver {
    /// A stretch of text naming a period (see `PeriodResolver`), resolved lazily: relative words
    /// need the context year.
    struct Mark {
        enum Kind {
            /// Dates written out (2024年 · 2024年1-10月), possibly turned into a point or a span by
            /// the word after them.
            case fixed(start: String, end: String)
            case rule(PeriodWords.Rule)
            /// Months without a year (6月 · 1-10月).
            case months(Int, Int)
            /// Days without a year (6月10日).
            case days(Int, Int, Int)
            /// Years up to the context year (近5年 · 连续4年).
            case lastYears(Int)
            /// Financial years up to the last one ended by the document's date (过去两个财政年度).
            case fiscalYears(Int)
            /// Years from the document's date on (未来1年 · 今后五年).
            case comingYears(Int)
            case base
        }
        var start: Int
        var end: Int
        var kind: Kind
        /// After 截至: a point at the end of the period.
        var through = false

        var isBase: Bool { if case .base = kind { return true } else { return false } }
        /// Whether the mark names a single day (昨日 · 6月14日) or a duration (运营7年 · 连续4年): it
        /// dates an event or frames its own figure, so it governs its own clause only (or, after
        /// 截至, the sentence: 截至6月10日，…库存950万吨).
        var isLocal: Bool {
            switch kind {
            case .days, .lastYears, .comingYears: return true
            case .rule(.day): return true
            case .fixed(let a, let b): return a == b && !through
            default: return false
            }
        }
        /// Whether the mark resolves without the context year.
        var isAbsolute: Bool {
            switch kind {
            case .fixed, .rule(.year), .rule(.review), .rule(.since), .rule(.month), .rule(.day), .rule(.now), .rule(.years): return true
            default: return false
            }
        }
    }

    /// A heading and the state it leaves: the mark dating what follows and whether a plan heading
    /// is open.
    struct Heading {
        var start: Int
        var mark: Int?
        var plan: Bool
    }

    /// A class, not a struct: a struct holding the document was copied whole (every array field
    /// retained and released) each time the context was passed or returned. It keeps the layers of
    /// the document it reads, not the document: a copy of that retained and released every field.
    final class Context {
        /// `Document.analysis`, `.scalars`, `.sentences`, `.paragraphs` and `.quantities`.
        let analysis: [Unicode.Scalar], scalars: [Unicode.Scalar]
        let sentences: [Sentence]
        let paragraphs: [TextRange]
        let quantities: [Quantity]
        let reference: ReferenceDate?
        /// Sorted by start.
        let marks: [Mark]
        /// `reach[i]`: the furthest end among `marks[0...i]` (non-decreasing), so that the mark
        /// covering a position is found by bisection (`markIndex(covering:)`).
        let reach: [Int]
        /// Sorted by start.
        let headings: [Heading]
        let isReport: Bool
        let titleMark: Int?
        /// The table is read through the reference (`fiscalTable.years.…`): a `FiscalYears` value
        /// taken out of it (a getter, a parameter) copied its arrays, retained and released.
        let fiscalTable: FiscalTable
        /// The first month of the year of the body (or region) the article names most often,
        /// looked for once asked (`articleFiscal`): most texts date nothing by financial years.
        private var articleFiscalFound: (month: Int, kind: FiscalYears.Kind)??
        var articleFiscal: (month: Int, kind: FiscalYears.Kind)? {
            if let f = articleFiscalFound { return f }
            let f = fiscalTable.years.startMonth(in: analysis, from: 0, to: analysis.count)
            articleFiscalFound = .some(f)
            return f
        }
        /// Whether the article dates figures by financial years (a split year, 两个财政年度): then
        /// recent years (连续两年) are the financial years of the body it names most.
        let usesFiscalYears: Bool

        /// `doc` and `words` are borrowed: an owned parameter cost the caller a copy of the whole
        /// (the words are read here only, to find the marks).
        /// `titleYears`: `PeriodResolver.titleYears(doc)`, read once per document.
        init(doc: borrowing Document, words: borrowing PeriodWords, reference: ReferenceDate?, planWords: [[Unicode.Scalar]],
             fiscal: FiscalTable, titleYears: TitleYears) {
            analysis = doc.analysis
            scalars = doc.scalars
            sentences = doc.sentences
            paragraphs = doc.paragraphs
            quantities = doc.quantities
            self.reference = reference
            fiscalTable = fiscal
            let s = doc.analysis
            var articleFiscal: (month: Int, kind: FiscalYears.Kind)??
            var marks = Self.marks(doc, words: words, fiscal: fiscal, articleFiscal: &articleFiscal)
            articleFiscalFound = articleFiscal
            marks.sort { $0.start < $1.start }
            self.marks = marks
            var reach = [Int].filled(0, count: marks.count)
            var furthest = Int.min
            // (Marks read in place here and below: a copy of one retained its dates.)
            for i in marks.indices {
                furthest = max(furthest, marks[i].end)
                reach[i] = furthest
            }
            self.reach = reach
            usesFiscalYears = marks.indices.contains { i in
                if case .fiscalYears = marks[i].kind { return true }
                if case .fixed(let a, let b) = marks[i].kind, let (y, mo, _) = CivilDate.parts(a), mo != 1,
                   let (y2, _, _) = CivilDate.parts(b), y2 == y + 1 { return true }
                return false
            }
            // Title: a report (its year is the delivery year) or a bulletin (its year dates it).
            isReport = titleYears.report != nil
                || doc.title.map { t in PeriodResolver.reportWords.contains { t.unicodeScalars.elementsEqual($0) || t.contains(ScalarText.string($0)) } } ?? false
            var titleRange: TextRange?
            if let t = doc.title, let r = PeriodResolver.firstRange(of: t, in: doc) { titleRange = r }
            if let r = titleRange, titleYears.bulletin != nil {
                titleMark = Self.firstMark(marks, within: r.start, r.end)
            } else {
                titleMark = nil
            }
            // Headings: short paragraphs not ending a sentence, by level (一、 > （一） > 1. > other).
            // A table row (cells split by tabs) is no heading, and the caption of a table
            // (海洋公园最近5年营运情况（亿元）) heads the table only: the text after it goes on under
            // the headings before it.
            var stack: [(level: Int, mark: Int?, plan: Bool, caption: Bool)] = []
            var headings: [Heading] = []
            let paragraphs = doc.paragraphs
            // Whether a paragraph is a table row, for the one before, this one and the next: kept as
            // the walk goes (an array of them, by paragraph, was built for every document).
            func isRow(_ i: Int) -> Bool {
                i < paragraphs.count && (paragraphs[i].start..<paragraphs[i].end).contains { s[$0] == "\t" }
            }
            var previousIsRow = false
            var thisIsRow = isRow(0)
            for i in paragraphs.indices {
                let r = paragraphs[i]
                let nextIsRow = isRow(i + 1)
                defer { (previousIsRow, thisIsRow) = (thisIsRow, nextIsRow) }
                guard r.length > 0 else { continue }
                if thisIsRow { continue }
                if i > 0, previousIsRow, stack.last?.caption == true {
                    stack.removeLast()
                    headings.append(Heading(start: r.start, mark: stack.last(where: { $0.mark != nil })?.mark,
                                            plan: stack.contains { $0.plan }))
                }
                guard r.length <= 40 else { continue }
                if let t = titleRange, r.start <= t.start, t.start < r.end { continue }
                var e = r.end
                while e > r.start, ChineseNumber.isSpace(s[e - 1]) || s[e - 1] == "\n" || s[e - 1] == "\r" { e -= 1 }
                var a = r.start
                while a < e, ChineseNumber.isSpace(s[a]) { a += 1 }
                guard e > a else { continue }
                switch s[e - 1] {
                case "。", "；", "？", "！", "，", "：", ":", ";": continue
                default: break
                }
                let level = Self.headingLevel(s, a, e)
                while let last = stack.last, last.level >= level { stack.removeLast() }
                let mark = Self.firstMark(marks, within: a, e)
                let plan = StatisticCues.contains(planWords, in: s, from: a, to: e)
                stack.append((level, mark, plan, nextIsRow))
                headings.append(Heading(start: a, mark: stack.last(where: { $0.mark != nil })?.mark,
                                        plan: stack.contains { $0.plan }))
            }
            self.headings = headings
        }

        static func headingLevel(_ s: [Unicode.Scalar], _ a: Int, _ e: Int) -> Int {
            var p = a
            if s[p] == "（" || s[p] == "(" {
                p += 1
                while p < e, ChineseNumber.isNumeralCharacter(s[p]) || ChineseNumber.isAsciiDigit(s[p]) { p += 1 }
                return p > a + 1 && p < e && (s[p] == "）" || s[p] == ")") ? 2 : 4
            }
            while p < e, ChineseNumber.isNumeralCharacter(s[p]) { p += 1 }
            if p > a, p < e, s[p] == "、" { return 1 }
            p = a
            while p < e, ChineseNumber.isAsciiDigit(s[p]) { p += 1 }
            if p > a, p < e, s[p] == "." || s[p] == "、" { return 3 }
            return 4
        }

        // MARK: finding marks

        /// The first month of a split year ending at `p` (nil: April): a word after it, the body
        /// named in its sentence, else in the article (`articleFiscal`, looked for once). (Called,
        /// not passed to `marks` as a closure: the closure's capture copied the table; the table is
        /// passed by reference, read in place.)
        static func splitYearStart(_ doc: Document, at p: Int, fiscal: FiscalTable,
                                   articleFiscal: inout (month: Int, kind: FiscalYears.Kind)??) -> Int? {
            let s = doc.analysis
            if let m = fiscal.years.monthAfter(s, at: p) { return m }
            let r = doc.sentenceIndex(at: max(0, p - 1)).map { doc.sentences[$0].range } ?? TextRange(start: p, end: p)
            if let f = fiscal.years.startMonth(in: s, from: r.start, to: r.end), f.kind == .owner { return f.month }
            if articleFiscal == nil { articleFiscal = .some(fiscal.years.startMonth(in: s, from: 0, to: s.count)) }
            return articleFiscal??.month
        }

        static func marks(_ doc: Document, words: PeriodWords, fiscal: FiscalTable,
                          articleFiscal: inout (month: Int, kind: FiscalYears.Kind)??) -> [Mark] {
            let s = doc.analysis
            let qs = doc.quantities
            var out: [Mark] = []
            // Allocated at the first time quantity (many texts with statistics have none).
            var inTime: [Bool] = []
            var k = 0
            while k < qs.count {
                guard qs[k].role == .time else { k += 1; continue }
                // A group of adjacent time quantities (2024年 · 1-10月 · 2024年3月5日).
                var j = k
                while j + 1 < qs.count, qs[j + 1].role == .time, qs[j + 1].start == qs[j].end { j += 1 }
                // (A slice, not a new array; unit names compared as one code point, `soleScalar`.)
                let group = qs[k...j]
                if inTime.isEmpty { inTime = .filled(false, count: s.count) }
                for i in k...j { for p in qs[i].start..<min(qs[i].end, s.count) { inTime[p] = true } }
                k = j + 1
                let a = group[group.startIndex].start
                var e = group[group.endIndex - 1].end
                var kind: Mark.Kind?
                // (Indices searched, not the slice: a closure on its elements copied each quantity.)
                if let qi = group.indices.last(where: { qs[$0].period != nil }), let p = qs[qi].period {
                    kind = .fixed(start: p.start, end: p.end)
                    // 2016/17 (April to March): a financial year starting in another month.
                    if let (y, m, d) = CivilDate.parts(p.start), m == 4, d == 1, p.end == CivilDate.iso(y + 1, 3, 31),
                       let start = splitYearStart(doc, at: e, fiscal: fiscal, articleFiscal: &articleFiscal), start != 4 {
                        kind = start == 1 ? .fixed(start: CivilDate.iso(y, 1, 1), end: CivilDate.iso(y, 12, 31))
                            : .fixed(start: CivilDate.iso(y, start, 1),
                                     end: CivilDate.iso(y + 1, start - 1, CivilDate.daysIn(month: start - 1, year: y + 1)))
                    }
                } else if qs[j].unitKind == "duration", QuantityExtractor.soleScalar(qs[j].unit) == "年",
                          let n = Int(exactly: qs[j].value), (1...100).contains(n) {
                    kind = Self.coming.contains { StatisticCues.matches(s, a - $0.count, $0) } ? .comingYears(n) : .lastYears(n)
                } else if qs[j].unitKind == "duration", QuantityExtractor.fiscalYearWords.contains(qs[j].unit),
                          let n = Int(exactly: qs[j].value), (1...100).contains(n) {
                    kind = .fiscalYears(n)
                } else if let m = group.indices.first(where: { qs[$0].unitKind == "date" && QuantityExtractor.soleScalar(qs[$0].unit) == "月" }),
                          let v = Int(exactly: group[m].value), (1...12).contains(v) {
                    let v2 = group[m].upper.flatMap { Int(exactly: $0) } ?? v
                    if m + 1 < group.endIndex, QuantityExtractor.soleScalar(group[m + 1].unit) == "日" || QuantityExtractor.soleScalar(group[m + 1].unit) == "号",
                       let d = Int(exactly: group[m + 1].value), (1...31).contains(d) {
                        let d2 = group[m + 1].upper.flatMap { Int(exactly: $0) } ?? d
                        kind = .days(v, d, max(d, d2))
                    } else if (v...12).contains(v2) {
                        kind = .months(v, v2)
                    }
                }
                guard var found = kind else { continue }
                // Words after the group: 2024年底 · 2024年上半年 · 2009年以来 · 6月底.
                if StatisticCues.matches(s, e, PeriodResolver.since), case .fixed(let start, _) = found {
                    e += 2
                    found = .fixed(start: start, end: "")   // to the reference date, filled when resolved
                } else if let w = words.word(at: e, in: s, short: true) {
                    switch (w.rule, found) {
                    case (.end, .fixed(_, let end)): found = .fixed(start: end, end: end); e += w.length
                    case (.end, .months(_, let m2)): found = .days(m2, 99, 99); e += w.length
                    case (.start, .fixed(let start, _)): found = .fixed(start: start, end: start); e += w.length
                    case (.months(let m1, let m2), .fixed(let start, let end)) where start.prefix(4) == end.prefix(4):
                        let y = Int(start.prefix(4)) ?? 0
                        found = .fixed(start: CivilDate.iso(y, m1, 1), end: CivilDate.iso(y, m2, CivilDate.daysIn(month: m2, year: y)))
                        e += w.length
                    case (.context, .fixed): e += w.length
                    default: break
                    }
                }
                for p in a..<min(e, s.count) { inTime[p] = true }
                var mark = Mark(start: a, end: e, kind: found)
                classify(&mark, s: s, words: words)
                out.append(mark)
            }
            // Period words outside time quantities.
            var p = 0
            while p < s.count {
                guard inTime.isEmpty || !inTime[p], words.mayStart(at: p, in: s), let w = words.word(at: p, in: s, short: false) else { p += 1; continue }
                var mark = Mark(start: p, end: p + w.length, kind: .rule(w.rule))
                if case .base = w.rule { mark.kind = .base }
                classify(&mark, s: s, words: words)
                out.append(mark)
                p += w.length
            }
            return out
        }

        /// Words before a duration that count it from the document's date on (未来1年).
        static let coming: [[Unicode.Scalar]] = ["未来", "今后", "往后"].map { Array($0.unicodeScalars) }
        /// Words after a named span of years (第一个五年计划期间) that make it a time frame; without
        /// one it names the plan (列入第六个五年计划的产品 · “十四五”规划目标).
        static let frameAfter: [[Unicode.Scalar]] = ["期间", "时期", "期内", "以来", "内", "中"].map { Array($0.unicodeScalars) }

        /// Marks a period after 比 · 较 · 与 or before a multiple (为1949年的2.5倍) as a base, after
        /// 截至 as a point.
        static func classify(_ m: inout Mark, s: [Unicode.Scalar], words: PeriodWords) {
            if case .rule(.years) = m.kind {
                var e = m.end
                if e < s.count, s[e] == "”" || s[e] == "\"" || s[e] == "」" { e += 1 }
                if !frameAfter.contains(where: { StatisticCues.matches(s, e, $0) }) { m.kind = .base }
                return
            }
            var b = m.start
            if b > 0, s[b - 1] == "在" || s[b - 1] == "的" { b -= 0 }
            if StatisticCues.word(words.baseBefore, endingAt: b, in: s, floor: max(0, b - 3)) != nil
                || (b >= 2 && s[b - 1] == "上" && StatisticCues.word(words.baseBefore, endingAt: b - 1, in: s, floor: max(0, b - 4)) != nil) {
                m.kind = .base
                return
            }
            if b > 0, m.end < s.count, s[m.end] == "的", s[b - 1] == "为" || s[b - 1] == "是" || s[b - 1] == "于" {
                m.kind = .base
                return
            }
            if StatisticCues.word(words.through, endingAt: b, in: s, floor: max(0, b - 3)) != nil { m.through = true }
        }

        /// The first mark (in `marks`' order) covering `p`. The first whose end passes `p` is the
        /// first where `reach` does; it covers `p` unless it starts after `p`, and then so do all
        /// after it.
        func markIndex(covering p: Int) -> Int? {
            var lo = 0, hi = reach.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if reach[mid] <= p { lo = mid + 1 } else { hi = mid }
            }
            return lo < marks.count && marks[lo].start <= p ? lo : nil
        }

        /// The index of the first mark starting at or after `p` (`marks.count` when none does).
        static func firstMark(_ marks: [Mark], startingAtOrAfter p: Int) -> Int {
            var lo = 0, hi = marks.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if marks[mid].start < p { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// The first mark inside `a..<e` that is not a base (the marks from the first starting at
        /// `a` on, until they start past `e`).
        static func firstMark(_ marks: [Mark], within a: Int, _ e: Int) -> Int? {
            var i = firstMark(marks, startingAtOrAfter: a)
            while i < marks.count, marks[i].start <= e {
                if marks[i].end <= e, !marks[i].isBase { return i }
                i += 1
            }
            return nil
        }

        /// The first mark starting inside `r` that is not a base.
        func firstMark(startingIn r: TextRange) -> Int? {
            var i = Self.firstMark(marks, startingAtOrAfter: r.start)
            while i < marks.count, marks[i].start < r.end {
                if !marks[i].isBase { return i }
                i += 1
            }
            return nil
        }

        /// Per sentence, the time clause opening it (`governingMark`, step 2): -2 not yet known,
        /// -1 none, else the mark. Filled as asked for, so that the statistics of a long paragraph
        /// do not each test every sentence before them again.
        private var openingClauseMarks: [Int] = []

        func openingTimeClause(ofSentence j: Int) -> Int? {
            if openingClauseMarks.isEmpty { openingClauseMarks = .filled(-2, count: sentences.count) }
            if openingClauseMarks[j] == -2 {
                let r = sentences[j].range
                if let i = firstMark(startingIn: r), isTimeClause(of: i, sentenceStart: r.start) {
                    openingClauseMarks[j] = i
                } else {
                    openingClauseMarks[j] = -1
                }
            }
            return openingClauseMarks[j] >= 0 ? openingClauseMarks[j] : nil
        }

        /// `Document.sentenceIndex(at:)`.
        func sentenceIndex(at p: Int) -> Int? { Document.sentenceIndex(at: p, in: sentences) }

        // MARK: the period of a statistic

        /// The period of `quantities[k]`. (By index: a quantity passed was copied, every string
        /// retained.)
        func period(of k: Int) -> Period? {
            let s = analysis
            let start = quantities[k].start
            guard let m = governingMark(start: start, end: quantities[k].end, sentence: quantities[k].sentence) else {
                return reportDefault(at: start)
            }
            guard var p = resolve(m) else { return nil }
            // 累计: a cumulative total dated by a whole year is a point at its end.
            if p.start != p.end, case .fixed = marks[m].kind, p.start.hasSuffix("-01-01"), p.end.hasSuffix("-12-31"),
               p.start.prefix(4) == p.end.prefix(4) {
                let c = clauseStart(start)
                if StatisticCues.contains([PeriodResolver.cumulative], in: s, from: c, to: start) { p.start = p.end }
            } else if p.start != p.end, case .rule = marks[m].kind, p.start.hasSuffix("-01-01"), p.end.hasSuffix("-12-31"),
                      p.start.prefix(4) == p.end.prefix(4) {
                let c = clauseStart(start)
                if StatisticCues.contains([PeriodResolver.cumulative], in: s, from: c, to: start) { p.start = p.end }
            }
            return p
        }

        /// In a work report with a known date: the year before it in the review, its year after a
        /// plan heading.
        func reportDefault(at p: Int) -> Period? {
            guard reviewsPreviousYear, let r = reference else { return nil }
            let plan = heading(before: p)?.plan ?? false
            let y = plan ? r.year : r.year - 1
            let text = plan ? "plan year of the report of \(r.iso)" : "review year of the report of \(r.iso)"
            return Period(text: text, start: CivilDate.iso(y, 1, 1), end: CivilDate.iso(y, 12, 31))
        }

        /// Index of the mark that dates a statistic (see `PeriodResolver`); nil when none does.
        func governingMark(start: Int, end: Int, sentence given: Int?) -> Int? {
            let s = analysis
            let si = given ?? sentenceIndex(at: start)
            let sentence = si.map { sentences[$0].range } ?? TextRange(start: clauseStart(start), end: end)
            let clause = clauseStart(start)
            // 1. The nearest mark before it in its sentence (a day: in its clause or a time clause).
            var k = lastMark(endingBy: start)
            while let i = k, marks[i].start >= sentence.start {
                if !marks[i].isBase, marks[i].end <= start, !isOrigin(i, quantityStart: start) {
                    if marks[i].start >= clause { return i }
                    // 在1979到1983年平均每年递增7.9%的基础上，比上年增长14.2%: a base clause dates its own figures.
                    if !marks[i].isLocal || (marks[i].through && isTimeClause(of: i, sentenceStart: sentence.start)), !inBaseClause(i) { return i }
                }
                k = i > 0 ? i - 1 : nil
            }
            // 2. A time clause opening an earlier sentence of its paragraph (2024年，… · 今年以来，…).
            if let pr = paragraph(at: start), let si {
                var j = si - 1
                while j >= 0, sentences[j].range.start >= pr.start {
                    if let i = openingTimeClause(ofSentence: j) {
                        // A reporting period (2024年 · 1-5月 · 今年以来 · 截至6月10日) carries on; a month or
                        // a day (2009年8月，…) dates an event.
                        if marks[i].through { return i }
                        if let p = resolve(i), p.start.hasSuffix("-01-01"), p.start != p.end { return i }
                        break
                    }
                    j -= 1
                }
            }
            _ = s
            // 3. The headings above it.
            if let h = heading(before: start), let i = h.mark { return i }
            // 4. The title of a bulletin.
            if let i = titleMark { return i }
            return nil
        }

        /// Whether mark `i` stands in a clause that says only when (2024年， · 今年以来， · 截至6月10日，):
        /// the clause holds at most four other characters.
        func isTimeClause(of i: Int, sentenceStart: Int) -> Bool {
            let s = analysis
            let a = clauseStart(marks[i].start, floor: sentenceStart)
            var e = marks[i].end
            while e < s.count, !Self.isClauseBreak(s[e]) { e += 1 }
            guard e < s.count, s[e] == "，" || s[e] == "," || s[e] == "：" || s[e] == ":" else { return false }
            var other = 0
            var p = a
            while p < e {
                if let j = markIndex(covering: p) { p = max(p + 1, marks[j].end); continue }
                if !ChineseNumber.isSpace(s[p]), s[p] != "（", s[p] != "）", s[p] != "(", s[p] != ")" { other += 1 }
                p += 1
            }
            return other <= 4
        }

        /// Whether mark `i` opens the origin of a change (由一九四九年的百分之二十八點八上升爲百分之四十二點三)
        /// and the quantity starting at `quantityStart` is not the figure right after its 的: the
        /// new level after the verb takes the period before the origin.
        func isOrigin(_ i: Int, quantityStart: Int) -> Bool {
            let s = analysis
            let (start, end) = (marks[i].start, marks[i].end)
            guard start > 0, s[start - 1] == "由" || s[start - 1] == "从" || s[start - 1] == "從",
                  end < s.count, s[end] == "的" else { return false }
            return quantityStart > end + 1
        }

        static let baseClause: [Unicode.Scalar] = ["基", "础", "上"]

        /// Whether mark `i` stands in a clause ending 的基础上 (a base for the figures after it).
        func inBaseClause(_ i: Int) -> Bool {
            let s = analysis
            var e = marks[i].end
            while e < s.count, !Self.isClauseBreak(s[e]) { e += 1 }
            return e >= 3 && StatisticCues.matches(s, e - 3, Self.baseClause)
        }

        func lastMark(endingBy p: Int) -> Int? {
            let i = Self.firstMark(marks, startingAtOrAfter: p)
            return i > 0 ? i - 1 : nil
        }

        func clauseStart(_ p: Int, floor: Int = 0) -> Int {
            let s = analysis
            var c = p
            while c > floor, !Self.isClauseBreak(s[c - 1]) { c -= 1 }
            return c
        }

        static func isClauseBreak(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "，", ",", "；", ";", "：", ":", "。", "！", "？", "!", "?", "\n", "\r": return true
            default: return false
            }
        }

        func paragraph(at p: Int) -> TextRange? {
            var lo = 0, hi = paragraphs.count - 1
            while lo <= hi {
                let mid = (lo + hi) / 2
                let r = paragraphs[mid]
                if p < r.start { hi = mid - 1 } else if p >= r.end { lo = mid + 1 } else { return r }
            }
            return nil
        }

        /// The last heading starting at or before `p`.
        func heading(before p: Int) -> Heading? {
            var lo = 0, hi = headings.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if headings[mid].start <= p { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 ? headings[lo - 1] : nil
        }

        // MARK: resolving

        /// The context year at a position: the year of the nearest absolute mark before it in its
        /// sentence, else of the headings, the title, the report's review year, the reference year.
        func contextYear(at p: Int) -> Int? {
            let si = sentenceIndex(at: p)
            let start = si.map { sentences[$0].range.start } ?? clauseStart(p)
            var k = lastMark(endingBy: p)
            while let i = k, marks[i].start >= start {
                if marks[i].isAbsolute, !marks[i].isBase, marks[i].end <= p, let r = resolve(i, contextYear: nil) {
                    return Int(r.end.prefix(4))
                }
                k = i > 0 ? i - 1 : nil
            }
            if let h = heading(before: p), let i = h.mark, marks[i].isAbsolute, let r = resolve(i, contextYear: nil) {
                return Int(r.end.prefix(4))
            }
            if let i = titleMark, let r = resolve(i, contextYear: nil) { return Int(r.end.prefix(4)) }
            guard let ref = reference else { return nil }
            if reviewsPreviousYear, !(heading(before: p)?.plan ?? false) { return ref.year - 1 }
            return ref.year
        }

        func resolve(_ i: Int) -> Period? {
            resolve(i, contextYear: contextYear(at: marks[i].start))
        }

        func resolve(_ i: Int, contextYear c: Int?) -> Period? {
            let m = marks[i]
            let text = ScalarText.string(scalars, m.start, m.end)
            var range: (String, String)?
            let ref = reference
            switch m.kind {
            case .base: return nil
            case .fixed(let a, let b):
                if b.isEmpty {
                    guard let r = ref else { return nil }
                    range = (a, r.period.end)
                } else {
                    range = (a, b)
                }
            case .months(let m1, let m2):
                guard var y = c else { return nil }
                // A month after the reference month, with no year in the text, is of the year before.
                if let r = ref, y == r.year, let rm = r.month, m1 > rm, !isReportContext(m.start) { y -= 1 }
                range = (CivilDate.iso(y, m1, 1), CivilDate.iso(y, m2, CivilDate.daysIn(month: m2, year: y)))
            case .days(let mo, let d1, let d2):
                guard var y = c else { return nil }
                if let r = ref, y == r.year, let rm = r.month, mo > rm { y -= 1 }
                let last = CivilDate.daysIn(month: mo, year: y)
                guard d1 <= last || d1 == 99 else { return nil }
                range = (CivilDate.iso(y, mo, min(d1, last)), CivilDate.iso(y, mo, min(d2, last)))
            case .lastYears(let n):
                // In an article on a body whose year is not the calendar's (连续两年 at 海洋公园): its years.
                if usesFiscalYears, let f = articleFiscal, f.kind == .owner, f.month != 1, let r = fiscalYears(n, back: 0, month: f.month) {
                    range = r
                    break
                }
                guard let y = c else { return nil }
                range = (CivilDate.iso(y - n + 1, 1, 1), CivilDate.iso(y, 12, 31))
            case .comingYears(let n):
                guard let r = ref, let rm = r.month, let rd = r.day else { return nil }
                let (y2, m2) = CivilDate.adding(months: 12 * n, to: r.year, rm)
                let next = CivilDate.iso(y2, m2, min(rd, CivilDate.daysIn(month: m2, year: y2)))
                guard let (ny, nm, nd) = CivilDate.parts(next) else { return nil }
                range = (r.iso, CivilDate.adding(days: -1, to: ny, nm, nd))
            case .fiscalYears(let n):
                let month = fiscalMonth(at: m.start)
                if month != 1 {
                    range = fiscalYears(n, back: 0, month: month)
                } else {
                    guard let y = c else { return nil }
                    range = (CivilDate.iso(y - n + 1, 1, 1), CivilDate.iso(y, 12, 31))
                }
            case .rule(let rule):
                switch rule {
                case .year(let n):
                    guard let r = ref else { return nil }
                    range = (CivilDate.iso(r.year + n, 1, 1), CivilDate.iso(r.year + n, 12, 31))
                case .context:
                    guard let y = c else { return nil }
                    range = (CivilDate.iso(y, 1, 1), CivilDate.iso(y, 12, 31))
                case .review:
                    guard let r = ref else { return nil }
                    range = (CivilDate.iso(r.year - 1, 1, 1), CivilDate.iso(r.year - 1, 12, 31))
                case .months(let m1, let m2):
                    guard let y = c else { return nil }
                    range = (CivilDate.iso(y, m1, 1), CivilDate.iso(y, m2, CivilDate.daysIn(month: m2, year: y)))
                case .end:
                    guard let y = c else { return nil }
                    range = (CivilDate.iso(y, 12, 31), CivilDate.iso(y, 12, 31))
                case .start:
                    guard let y = c else { return nil }
                    range = (CivilDate.iso(y, 1, 1), CivilDate.iso(y, 1, 1))
                case .month(let n):
                    guard let r = ref, let rm = r.month else { return nil }
                    let (y, mo) = CivilDate.adding(months: n, to: r.year, rm)
                    range = (CivilDate.iso(y, mo, 1), CivilDate.iso(y, mo, CivilDate.daysIn(month: mo, year: y)))
                case .day(let n):
                    guard let r = ref, let rm = r.month, let rd = r.day else { return nil }
                    let d = CivilDate.adding(days: n, to: r.year, rm, rd)
                    range = (d, d)
                case .now:
                    guard let r = ref else { return nil }
                    range = r.day == nil ? nil : r.period
                case .since(let n):
                    guard let r = ref, r.day != nil else { return nil }
                    range = (CivilDate.iso(r.year + n, 1, 1), r.period.end)
                case .years(let a, let b):
                    range = (CivilDate.iso(a, 1, 1), CivilDate.iso(b, 12, 31))
                case .fiscal(let n):
                    guard let r = ref else { return nil }
                    let month = fiscalMonth(at: m.start)
                    if month == 1 {
                        range = (CivilDate.iso(r.year + n, 1, 1), CivilDate.iso(r.year + n, 12, 31))
                    } else {
                        // The year the date falls in is number 0: n ≥ 0 counts forward, n < 0 back.
                        range = n < 0 ? fiscalYears(1, back: -n - 1, month: month) : fiscalYear(current: n, month: month)
                    }
                case .base:
                    return nil
                }
            }
            guard let (a, b) = range, a <= b else { return nil }
            return Period(text: text, start: m.through ? b : a, end: b)
        }

        /// The first month of the financial year at a position: the body named in its sentence,
        /// else the body or region the article names most often, else January.
        func fiscalMonth(at p: Int) -> Int {
            let s = analysis
            if let si = sentenceIndex(at: p), let f = fiscalTable.years.startMonth(in: s, from: sentences[si].range.start,
                                                                             to: sentences[si].range.end), f.kind == .owner {
                return f.month
            }
            return articleFiscal?.month ?? 1
        }

        /// The start of the financial year (starting in `month`) the reference date falls in.
        func currentFiscalStart(month: Int) -> Int? {
            guard let r = reference else { return nil }
            return (r.month ?? 12) >= month ? r.year : r.year - 1
        }

        /// `n` financial years starting in `month`, ending `back` years before the last one the
        /// reference date has ended (过去两个财政年度 in February 2018, July years: 2015-07-01…2017-06-30).
        func fiscalYears(_ n: Int, back: Int, month: Int) -> (String, String)? {
            guard n >= 1, let y = currentFiscalStart(month: month) else { return nil }
            let endYear = y - back
            let (ey, em) = CivilDate.adding(months: -1, to: endYear, month)
            return (CivilDate.iso(endYear - n, month, 1), CivilDate.iso(ey, em, CivilDate.daysIn(month: em, year: ey)))
        }

        /// Financial year number `n` from the one the reference date falls in (0: that one).
        func fiscalYear(current n: Int, month: Int) -> (String, String)? {
            guard let y = currentFiscalStart(month: month) else { return nil }
            let (ey, em) = CivilDate.adding(months: -1, to: y + n + 1, month)
            return (CivilDate.iso(y + n, month, 1), CivilDate.iso(ey, em, CivilDate.daysIn(month: em, year: ey)))
        }

        /// Whether a position lies in the review part of a work report (where months are of the
        /// review year, not the reference year's).
        func isReportContext(_ p: Int) -> Bool { reviewsPreviousYear && !(heading(before: p)?.plan ?? false) }

        /// A work report delivered in the first months of a year (or in a year only known from its
        /// title) reviews the year before.
        var reviewsPreviousYear: Bool {
            guard isReport, let r = reference else { return false }
            return (r.month ?? 1) <= 4
        }
    }

    static func firstRange(of text: String, in doc: Document) -> TextRange? {
        if let found = plainOccurrence(of: text, in: doc, last: false) { return found }
        guard let r = doc.text.range(of: text) else { return nil }
        let start = doc.text.unicodeScalars.distance(from: doc.text.unicodeScalars.startIndex, to: r.lowerBound)
        return TextRange(start: start, end: start + text.unicodeScalars.count)
    }
}
