import Foundation

/// The role of every quantity (statistic, time, ordinal, rank, label, generic) and the period a
/// time quantity names. Nothing is dropped here: a quantity that is not a statistic keeps its
/// role, and only statistics reach the knowledge base's fact table.
///
/// - time: years (2024年 · a bare 2019 in a table column or before · as in 2012·别克… · 2016/17 · １９７９到１９８３年), decades
///   (八十年代), months and days, clock times, dates written as M.D before a name (3.11 ·
///   3.15晚会), durations that frame another figure (近5年 · 连续8年 · 过去五年 · 二十六年来;
///   the `frame` words of `quantity-cues.tsv`), and numbers of financial years (两个财政年度).
/// - label also: grades (三级医院 · 一级企业), a bare 亿 before a noun (亿元以上项目), a measure
///   sizing a project, plant or policy named after it (120万吨乙烯项目 · 240小时过境免签政策) or
///   the term of a deposit (三年期定存), routes
///   (978路 · 608線: Arabic digits right before 路 or 线), places in a photograph's row ((右二)) and
///   numbers without a unit in a title (《鐵路發展策略2014》).
/// - ordinal: 第四批 · 成立75周年 · the phase of a project (二期工程 · 校区二期等建成) · 二十届三中全会
///   (届 before a numeral or a `meeting` word of `quantity-cues.tsv`) · 十四届三次 (次 right after
///   it); 连续三届 stays a count.
/// - rank: 第N after a rank word (全国第6 · 位居第三 · 排名第5) or before 名/位 (第3名); 前N after a
///   rank word or before 名/位 (全国前10 · 前3名); N before 强 (4強 · 世界500强).
/// - label: list labels (一、 · （三）) and programme names (十四五), set where they are read.
/// - generic: 一 used as an article with a counter or a period (一个国家 · 打赢一场 · 过去一年 ·
///   一批), unless a counting word stands before it (新增一个 · 仅一家 · 共一项); a numeral up to
///   十 counting an `abstract` noun of `quantity-cues.tsv` (三个方面 · 两种资源 · 四种指标).
extension QuantityExtractor {
    func assignRoles(_ found: inout [Candidate], s: [Unicode.Scalar]) {
        // Each statistic is decided in place: a copy out and back retained and released every field.
        for k in found.indices where found[k].role == .statistic {
            // 十四届三次: 次 right after an ordinal 届 (the candidate before is decided already).
            let afterTerm = k > 0 && found[k - 1].role == .ordinal && found[k - 1].end == found[k].start
                && Self.soleScalar(found[k - 1].unit) == "届"
            assignRole(&found[k], s: s, afterTerm: afterTerm)
        }
    }

    /// The role of a statistic candidate (see above); `afterTerm`: it stands right after an ordinal 届.
    func assignRole(_ c: inout Candidate, s: [Unicode.Scalar], afterTerm: Bool) {
        let n = s.count
        // The unit as one code point, compared exactly (`soleScalar`): `String ==` on two
        // different Han names took Swift's slow Unicode comparison. (`c.unit` changes below
        // only on a branch that returns.)
        let unit = Self.soleScalar(c.unit)
        // 978號線 · 6号线 · 3号楼: a number in a name.
        if unit == "号", c.value > 31 || (c.end < n && Self.isNameAfterHao(s[c.end])) {
            c.role = .label
            return
        }
        // 978路 · 608線 · 978路線: a bus or metro route (a count of roads or lines takes a
        // counter: 3条线路).
        if c.unit.isEmpty, c.upper == nil, c.approx == .exact, c.end < n, s[c.end] == "路" || s[c.end] == "线",
           (c.numberStart..<c.numberEnd).allSatisfy({ ChineseNumber.isAsciiDigit(s[$0]) }) {
            c.role = .label
            return
        }
        // 《鐵路發展策略2014》: a number without a unit in a title is part of the name.
        if c.unit.isEmpty, Self.inTitle(s, start: c.start, end: c.end) {
            c.role = .label
            return
        }
        // 4強 · 世界500强 · 八强: the top N of a ranking.
        if c.unit.isEmpty, c.upper == nil, c.end < n, s[c.end] == "强" {
            c.role = .rank
            return
        }
        // （右二） · 左三: a place in a photograph's row.
        if c.unit.isEmpty, c.start > 0, s[c.start - 1] == "左" || s[c.start - 1] == "右", c.end < n,
           s[c.end] == "）" || s[c.end] == ")", c.numberEnd - c.numberStart == 1 {
            c.role = .label
            return
        }
        switch c.kind {
        case .year, .date, .clock, .decade:
            c.role = .time
            return
        default: break
        }
        // A bare year: a table column or a year before a range mark (2019 · 2019-2024).
        if c.unit.isEmpty, c.upper == nil, c.approx == .exact, c.numberEnd - c.numberStart == 4, c.value >= 1900,
           c.value <= 2100, (c.numberStart..<c.numberEnd).allSatisfy({ ChineseNumber.isAsciiDigit(s[$0]) }) {
            let next: Unicode.Scalar? = c.end < n ? s[c.end] : nil
            let before: Unicode.Scalar? = c.start > 0 ? s[c.start - 1] : nil
            let columnAfter = next.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\u{3000}" || $0 == "、"
                || $0 == "·" || $0 == "・" } ?? true
            let columnBefore = before.map { $0 == "\t" || $0 == "\n" || $0 == " " || $0 == "\u{3000}" } ?? true
            if columnAfter || columnBefore || next.map(Self.isRangeMark) == true {
                c.kind = .year
                c.role = .time
                return
            }
        }
        // 3.11 · 3.15晚会: a month and a day before a name.
        if c.unit.isEmpty, c.upper == nil, isMonthDay(s, c.numberStart, c.numberEnd),
           c.end < n, Self.isHan(s[c.end]) && !ChineseNumber.isNumeralCharacter(s[c.end]) || flags.contains(s[c.end], Flag.closeQuote) {
            c.kind = .date
            c.role = .time
            return
        }
        if c.kind == .ordinal {
            c.role = .ordinal
            if c.unit.isEmpty || unit == "名" || unit == "位" {
                if endsRankWord(s, before: c.start) || unit == "名" || unit == "位" { c.role = .rank }
            }
            return
        }
        if unit == "期", isPhase(c, s) {
            c.role = .ordinal
            return
        }
        if unit == "届", c.end < n, ChineseNumber.isNumeralCharacter(s[c.end]) || cues.meetingWords.contains(where: { Self.matches(s, c.end, $0) }) {
            c.role = .ordinal
            return
        }
        if unit == "次", afterTerm {
            c.role = .ordinal
            return
        }
        // 全国前10 · 前3名.
        if c.start == c.numberStart, c.start > 0, s[c.start - 1] == "前", c.kind != .duration,
           c.unit.isEmpty || unit == "名" || unit == "位", !c.unit.isEmpty || endsRankWord(s, before: c.start - 1) {
            c.start -= 1
            c.role = .rank
            return
        }
        // 两个财政年度 · 三个年度: a number of (financial) years is a duration, a time.
        if unit == "个", c.upper == nil, let w = Self.fiscalYearScalars.first(where: { Self.matches(s, c.end, $0) }) {
            c.end += w.count
            c.unit = ScalarText.string(w)
            c.kind = .duration
            c.role = .time
            return
        }
        // 近5年 · 连续8年 · 过去五年 · 二十六年来: a duration that frames another figure is a time.
        let singleYi = c.value == 1 && c.numberEnd - c.numberStart == 1 && s[c.numberStart] == "一"
        if c.kind == .duration, unit != "岁", !singleYi {
            let framed = cues.frameBefore.contains { Self.matches(s, c.start - $0.count, $0) || Self.matches(s, c.start, $0) }
                || cues.frameAfter.contains { Self.matches(s, c.end, $0) }
            if framed {
                c.role = .time
                return
            }
        }
        // 三级医院 · 一级企业: a grade names a class; 亿元以上项目: a bare 亿 before a noun is a category.
        if unit == "级", c.end < n, Self.isHan(s[c.end]), !flags.contains(s[c.end], Flag.clauseBreak) {
            c.role = .label
            return
        }
        // 120万吨乙烯项目 · 240小时过境免签政策 · 30万千瓦机组: a measure sizing the project, plant
        // or policy named right after it is part of that name (运输5000吨煤炭 stays an amount).
        if Self.sizesAKind(c.kind), sizesNamedKind(s, from: c.end) {
            c.role = .label
            return
        }
        if c.approx == .over, c.numberEnd - c.numberStart == 1, ChineseNumber.bigUnitValue(s[c.numberStart]) != nil,
           c.end < n, Self.isHan(s[c.end]) {
            c.role = .label
            return
        }
        // 三个方面 · 两种资源 · 三个值得注意的方面: a small numeral counting an abstract noun.
        if c.kind == .count, c.upper == nil, c.approx == .exact, c.value <= 10, c.numberEnd - c.numberStart == 1,
           ChineseNumber.isNumeralCharacter(s[c.numberStart]), countsAbstractNoun(s, from: c.end) {
            c.role = .generic
            return
        }
        // 一个国家 · 过去一年.
        if c.value == 1, c.upper == nil, c.approx == .exact, c.numberEnd - c.numberStart == 1, s[c.numberStart] == "一",
           Self.isCounterKind(c.kind) || c.kind == .duration {
            let p: Unicode.Scalar? = c.start > 0 ? s[c.start - 1] : nil
            switch p {
            case "共", "仅", "只", "增", "减", "达", "计", "第", "新", "每", "各", "近", "超", "约", "逾": break
            default: c.role = .generic
            }
        }
    }

    /// An abstract noun of `quantity-cues.tsv` right at `p`, or after a short modifier closed by
    /// 的 in the same clause (三個值得特別注意的方面).
    func countsAbstractNoun(_ s: [Unicode.Scalar], from p: Int) -> Bool {
        func abstract(at i: Int) -> Bool { cues.abstractNouns.contains { Self.matches(s, i, $0) } }
        if abstract(at: p) { return true }
        var k = p
        while k < s.count, k - p < 10, Self.isHan(s[k]), s[k] != "的" { k += 1 }
        return k < s.count && s[k] == "的" && abstract(at: k + 1)
    }

    /// 二期工程 · 良乡校区二期等建成 · “煤改电”二期: one Chinese numeral before 期 right after a name
    /// (not after a verb of holding: 举办三期) and before a word of building or the end of the
    /// phrase is the phase of a project, an ordinal; 6期 · 分两期 · 三期培训班 stay counts.
    func isPhase(_ c: Candidate, _ s: [Unicode.Scalar]) -> Bool {
        guard c.numberEnd - c.numberStart == 1, c.start == c.numberStart, c.start > 0, c.upper == nil,
              Self.phaseNumerals.contains(s[c.numberStart]),
              Self.isHan(s[c.start - 1]) || s[c.start - 1] == "”" || s[c.start - 1] == "」",
              !Self.holdingChars.contains(s[c.start - 1]) else { return false }
        guard c.end < s.count else { return true }
        if Self.phaseEnds.contains(s[c.end]) { return true }
        return cues.phaseWords.contains { Self.matches(s, c.end, $0) }
    }

    static let phaseNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    /// Last characters of verbs of holding or counting before N期 (举办 · 开展 · 分 · 共 · 连续).
    static let holdingChars: Set<Unicode.Scalar> = ["办", "辦", "展", "行", "分", "共", "续", "續", "了", "过", "過", "第", "每", "近", "约", "約"]
    static let phaseEnds: Set<Unicode.Scalar> = ["、", "，", "；", "。", "等", ",", ";"]

    /// Measures that state a capacity or a span (万吨 · 千瓦 · 千伏 · 小时), unlike counts, money and
    /// shares; lengths and areas are left out (新建500公里高速公路 · 改造10万平方米小区项目 are amounts).
    static func sizesAKind(_ kind: UnitKind) -> Bool {
        switch kind {
        case .mass, .energy, .power, .duration, .voltage, .data: return true
        default: return false
        }
    }

    /// A `sized-kind` head of `quantity-cues.tsv` within the noun phrase starting at `p` (at most
    /// ten Han characters, not past a clause break, a 的 or a numeral); none after a `frame-after`
    /// word making the figure a time (3年後才有政策).
    func sizesNamedKind(_ s: [Unicode.Scalar], from p: Int) -> Bool {
        if cues.frameAfter.contains(where: { Self.matches(s, p, $0) }) { return false }
        var k = p
        while k < s.count, k - p < 10, Self.isHan(s[k]), s[k] != "的", !ChineseNumber.isNumeralCharacter(s[k]) {
            if cues.sizedKindHeads.contains(where: { Self.matches(s, k, $0) }) { return true }
            k += 1
        }
        return false
    }

    /// Whether `[start, end)` lies inside title marks 《…》 closed within 20 characters on each side.
    static func inTitle(_ s: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        var k = start - 1
        while k >= 0, start - k <= 20, s[k] != "《" {
            if s[k] == "》" || s[k] == "。" || s[k] == "\n" { return false }
            k -= 1
        }
        guard k >= 0, s[k] == "《" else { return false }
        var j = end
        while j < s.count, j - end <= 20, s[j] != "》" {
            if s[j] == "《" || s[j] == "。" || s[j] == "\n" { return false }
            j += 1
        }
        return j < s.count && s[j] == "》"
    }

    /// Words counting financial years after N个 (两个财政年度), as `unit` (longest first).
    static let fiscalYearWords = ["财政年度", "会计年度", "财年", "年度"]
    static let fiscalYearScalars = fiscalYearWords.map { Array($0.unicodeScalars) }

    /// Characters after N号 that make it part of a name (6号线 · 3号楼 · 1号文件 · 5号门).
    static func isNameAfterHao(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "线", "楼", "院", "房", "馆", "文", "令", "桥", "门", "车", "巴", "台", "机", "路", "街", "站", "窗", "井",
             "仓", "库", "厅", "柜", "床", "坑", "口", "区", "舱", "种", "球", "字", "选", "码", "卫", "隧", "地":
            return true
        default: return false
        }
    }

    /// Whether `s[a..<b]` is M.D with 1 ≤ M ≤ 12 and 1 ≤ D ≤ 31 (one or two digits each).
    func isMonthDay(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Bool {
        guard b - a >= 3, b - a <= 5 else { return false }
        var m = 0, d = 0, dot = -1
        for p in a..<b {
            if s[p] == "." { guard dot < 0 else { return false }; dot = p; continue }
            guard ChineseNumber.isAsciiDigit(s[p]) else { return false }
            if dot < 0 { m = m * 10 + Int(s[p].value - 48) } else { d = d * 10 + Int(s[p].value - 48) }
        }
        guard dot > a, dot - a <= 2, b - dot - 1 >= 1, b - dot - 1 <= 2 else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }

    /// Whether a rank word (全国 · 位居 · 排名) ends at `p`, or two characters before it (位居全国第6).
    func endsRankWord(_ s: [Unicode.Scalar], before p: Int) -> Bool {
        for w in cues.rankWords {
            if Self.matches(s, p - w.count, w) { return true }
        }
        for w in cues.rankWords where w.count >= 2 {
            if Self.matches(s, p - 2 - w.count, w) { return true }
        }
        return false
    }

    // MARK: - periods of time quantities

    /// The period the time quantity `all[index]` names, with the year (and month) written right
    /// before it: 2024年 → 2024; 2024年1-10月 → January to October 2024; 2024年3月5日 → that day;
    /// 2016/17 → April 2016 to March 2017 (a financial year). A month or day without a year
    /// gives no period (the document's date is the next stage's business).
    func period(at index: Int, all: [Candidate], doc: Document) -> Period? {
        // (Fields read in place: a copy of a candidate retained and released its strings.)
        let cStart = all[index].start, cEnd = all[index].end, kind = all[index].kind
        func text(_ a: Int) -> String { doc.original(TextRange(start: a, end: cEnd)) }
        func iso(_ y: Int, _ m: Int, _ d: Int) -> String { CivilDate.iso(y, m, d) }
        func integral(_ v: Double) -> Int? { v == v.rounded() && abs(v) < 100_000 ? Int(v) : nil }
        if kind == .decade {
            // 八十年代 → 1980–1989 (a two-digit decade is of the 1900s); 2010年代 → 2010–2019.
            guard let v = integral(all[index].value) else { return nil }
            let y = v < 100 ? 1900 + v : v
            return Period(text: text(cStart), start: iso(y, 1, 1), end: iso(y + 9, 12, 31))
        }
        if kind == .year {
            guard let y = integral(all[index].value) else { return nil }
            if all[index].splitYear { return Period(text: text(cStart), start: iso(y, 4, 1), end: iso(y + 1, 3, 31)) }
            let y2 = all[index].upper.flatMap(integral) ?? y
            return Period(text: text(cStart), start: iso(y, 1, 1), end: iso(y2, 12, 31))
        }
        guard kind == .date, let v = integral(all[index].value) else { return nil }
        let v2 = all[index].upper.flatMap(integral) ?? v
        // The candidate right before, by index.
        let p: Int? = index > 0 && all[index - 1].end == cStart ? index - 1 : nil
        let unit = all[index].unit
        if unit == "月" {
            guard let p, all[p].kind == .year, all[p].upper == nil, let y = integral(all[p].value), (1...12).contains(v),
                  (v...12).contains(v2) else { return nil }
            return Period(text: text(all[p].start), start: iso(y, v, 1), end: iso(y, v2, Self.daysIn(month: v2, year: y)))
        }
        if unit == "日" || unit == "号" {
            guard let p, all[p].kind == .date, all[p].unit == "月", all[p].upper == nil, let m = integral(all[p].value), index >= 2,
                  all[index - 2].end == all[p].start, all[index - 2].kind == .year, all[index - 2].upper == nil,
                  let y = integral(all[index - 2].value), (1...12).contains(m),
                  v >= 1, v2 <= Self.daysIn(month: m, year: y), v2 >= v else { return nil }
            return Period(text: text(all[index - 2].start), start: iso(y, m, v), end: iso(y, m, v2))
        }
        return nil
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
