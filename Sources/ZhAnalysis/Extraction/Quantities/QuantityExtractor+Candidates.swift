import Foundation

/// Candidates: a numeral, the approximation words and the unit around it, and the filters that
/// tell a number from a name, an idiom or a code.
extension QuantityExtractor {
    func candidate(_ s: [Unicode.Scalar], doc: Document, at i: Int, floor: Int, tokenAt: [Int32]) -> Candidate? {
        let n = s.count
        let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
        // 半成 (5%), 半折 / 打对折 (50%).
        if s[i] == "半" || s[i] == "对" {
            guard i + 1 < n else { return nil }
            if s[i] == "半", s[i + 1] == "成" || s[i + 1] == "折", prev.map({ !Self.isHan($0) || $0 == "打" }) ?? true {
                return Candidate(start: i, end: i + 2, numberStart: i, numberEnd: i + 1, value: s[i + 1] == "成" ? 5 : 50,
                                 upper: nil, approx: .exact, unit: "%", kind: .percent)
            }
            if s[i] == "对", s[i + 1] == "折", prev == "打" {
                return Candidate(start: i, end: i + 2, numberStart: i, numberEnd: i + 1, value: 50,
                                 upper: nil, approx: .exact, unit: "%", kind: .percent)
            }
            if s[i] == "对" { return nil }
        }
        // 半年 · 数十个 · 几十万元 · 上千人: a numeral the reader does not start.
        var lead: ChineseNumber.Reading?
        if s[i] == "半" || s[i] == "数" || ChineseNumber.isJi(s[i]) || s[i] == "上" {
            guard let v = vagueLead(s, at: i, limit: n) else { return nil }
            lead = v
        }
        if s[i] == "-" || s[i] == "." {
            // A sign or a leading decimal point only after a non-number (5-20% is a range, v1.2 is a version).
            if let p = prev, ChineseNumber.isAsciiDigit(p) || ChineseNumber.isLatin(p) || p == "." || p == "-" { return nil }
        }
        // Inside a number or a code (A2021…, v2, 3.5.1).
        // +8.45%: a written sign (not 1+3+N).
        let plusSign = prev == "+" && ChineseNumber.isAsciiDigit(s[i])
            && !(i >= 2 && (ChineseNumber.isAsciiDigit(s[i - 2]) || ChineseNumber.isLatin(s[i - 2]) || s[i - 2] == "+"))
        if let p = prev, !plusSign {
            if ChineseNumber.isAsciiDigit(p) || ChineseNumber.isLatin(p) || p == "+" || p == "＋" || p == "_" || p == "/" { return nil }
            if p == ".", i >= 2, ChineseNumber.isAsciiDigit(s[i - 2]) { return nil }
            if p == "-", i >= 2, ChineseNumber.isAsciiDigit(s[i - 2]) || ChineseNumber.isLatin(s[i - 2]) { return nil }
            if ChineseNumber.isNumeralCharacter(p), ChineseNumber.isNumeralCharacter(s[i]) { return nil }
            if p == "之", ChineseNumber.isNumeralCharacter(s[i]) { return nil }   // 原因之一
        }
        if let name = programmeName(s, at: i) { return name }
        if let clock = chineseClock(s, at: i) { return clock }
        guard let r = lead ?? reader.read(s, at: i, limit: n, original: doc.scalars) else { return nil }
        if r.malformed { return nil }
        let numStart = (s[i] == "负" || s[i] == "-") ? i + 1 : i
        var q = Draft(end: r.end, value: r.value, upper: r.upper, approx: r.approx)

        // Right after the numeral.
        let k = q.end
        if k < n, ChineseNumber.isLatin(s[k]) || s[k] == "+" || s[k] == "＋" {
            if s[k] == "+" || s[k] == "＋" { return nil }
            guard let m = units.matchEntry(in: s, at: k, limit: n), m.end == n || !ChineseNumber.isLatin(s[m.end]) && !ChineseNumber.isAsciiDigit(s[m.end]) else { return nil }
        }
        // 2683 7210 · 2683-7210: a telephone number, a label.
        if r.form == .arabic, r.kind == .cardinal, (3...4).contains(r.plainDigits), r.end + 5 <= n,
           s[r.end] == " " || s[r.end] == "-", (1...4).allSatisfy({ ChineseNumber.isAsciiDigit(s[r.end + $0]) }),
           r.end + 5 == n || !ChineseNumber.isAsciiDigit(s[r.end + 5]) && s[r.end + 5] != "." {
            var c = Candidate(start: i, end: r.end + 5, numberStart: i, numberEnd: r.end + 5, value: r.value, upper: nil,
                              approx: .exact, unit: "", kind: .phone)
            c.role = .label
            return c
        }
        // 2016/17: a split (financial) year, not a fraction.
        if r.kind == .fraction, r.form == .arabic, let y = splitYear(s, at: numStart, end: r.end) {
            var c = Candidate(start: i, end: r.end, numberStart: numStart, numberEnd: r.end, value: y, upper: y + 1,
                              approx: .exact, unit: "", kind: .year)
            c.role = .time
            c.splitYear = true
            return c
        }
        // 2015-16年度 · 2016－17學年: a split year written with a dash before a word of years.
        if r.form == .arabic, let y = dashedSplitYear(s, at: numStart) {
            var c = Candidate(start: i, end: numStart + 7, numberStart: numStart, numberEnd: numStart + 7, value: y, upper: y + 1,
                              approx: .exact, unit: "", kind: .year)
            c.role = .time
            c.splitYear = true
            return c
        }
        guard readUnit(s, doc: doc, tokenAt: tokenAt, reading: r, at: i, floor: floor, into: &q) else { return nil }

        // The unit name is final from here to the money compounds and the height below.
        let unitChar = q.hasUnit ? q.unitChar : nil
        guard readTimeAndMoney(s, reading: r, unitChar: unitChar, into: &q) else { return nil }

        let (cueAfter, compared) = readSuffix(s, reading: r, at: i, unitChar: unitChar, into: &q)

        return screened(s, doc: doc, at: i, floor: floor, tokenAt: tokenAt, reading: r, numberStart: numStart,
                        plusSign: plusSign, cueAfter: cueAfter, compared: compared, draft: &q)
    }

    /// Years, dates, decades and times of day told apart by the unit (年 / 月 / 日 / 号 / 点 / 时),
    /// and money compounds (五元三毛 · 两美元又三美分): false when the text is no quantity (一点 before
    /// a word). (Out of `candidate` for the same reason as `readUnit`.)
    func readTimeAndMoney(_ s: [Unicode.Scalar], reading r: ChineseNumber.Reading, unitChar: Unicode.Scalar?,
                          into q: inout Draft) -> Bool {
        let n = s.count
        let chinese = r.form != .arabic
        let integral = q.value == q.value.rounded() && (q.upper.map { $0 == $0.rounded() } ?? true)
        if q.hasUnit {
            switch unitChar {
            case "年"?:
                let fourDigits = r.plainDigits == 4 || (r.kind == .digitString && (r.plainDigits == 4))
                if fourDigits, q.value >= 1000, q.value <= 2200, q.factor == 1 { q.kind = .year }
                // １９７９到１９８３年: a range of years.
                if let u = q.upper, integral, q.value >= 1000, u <= 2200, q.factor == 1 { q.kind = .year }
                // 八十年代 · 1980年代: a decade.
                if q.end < n, s[q.end] == "代", integral, q.factor == 1, q.upper == nil,
                   (q.value >= 10 && q.value < 100 && q.value.truncatingRemainder(dividingBy: 10) == 0) || (q.value >= 1000 && q.value <= 2200) {
                    q.kind = .decade
                    q.end += 1
                }
            case "月"?:
                if unitIsBare(s, end: q.end, name: "月"), integral, q.value >= 1, q.value <= 12 { q.kind = .date }
            case "日"?, "号"?:
                if integral, q.value >= 1, q.value <= 31, !(q.end < n && s[q.end] == "内") { q.kind = .date }
            default:
                break
            }
            if q.kind == .clock {
                if !(integral && q.value <= 24) { return false }
                // 3时15分 · 3時01分 · 八点零五分 · 八点半: the minutes belong to the time of day
                // (value in hours, as 8:30); N分钟 after a clock hour is a duration and stays apart.
                let hourEnd = q.end
                if q.upper == nil, q.end < n, s[q.end] == "半", !(q.end + 1 < n && (s[q.end + 1] == "年" || s[q.end + 1] == "点")) {
                    q.value += 0.5
                    q.end += 1
                } else if q.upper == nil, let m = reader.read(s, at: q.end, limit: n), m.kind == .cardinal || m.kind == .digitString, m.upper == nil,
                          m.trailingScale == 1, m.value == m.value.rounded(), m.value < 60, m.end < n, s[m.end] == "分",
                          !(m.end + 1 < n && s[m.end + 1] == "钟") {
                    q.value += m.value / 60
                    q.end = m.end + 1
                }
                // 一点 · 两点 before a word: "a little", "two points", not a time.
                if q.end == hourEnd, chinese, r.singleCharacter, q.end < n, Self.isHan(s[q.end]) { return false }
            }
        }

        // Money compounds: 五元三毛 · 50元6角三分 · 两美元又三美分.
        if q.hasUnit, q.kind == .money {
            if unitChar == "元", s[q.end - 1] == "元" || s[q.end - 1] == "块" {
                var e = q.end
                var add = 0.0
                for (tenth, scale) in [(true, 0.1), (false, 0.01)] {
                    var p = e
                    if p < n, s[p] == "又" || s[p] == "零" { p += 1 }
                    if let d = reader.read(s, at: p, limit: n), d.kind == .cardinal, d.value < 10, d.end < n,
                       tenth ? s[d.end] == "角" || s[d.end] == "毛" : s[d.end] == "分" {
                        add += d.value * scale
                        e = d.end + 1
                    }
                }
                if e > q.end { q.value += add / q.factor; q.end = e }
            }
            if q.unitName == "美元" {
                var p = q.end
                if p < n, s[p] == "又" || s[p] == "零" { p += 1 }
                if let d = reader.read(s, at: p, limit: n), d.kind == .cardinal, d.value < 100, Self.matches(s, d.end, Self.meifen) {
                    q.value += d.value / 100
                    q.end = d.end + 2
                }
            }
            if Self.matches(s, q.end, Self.renminbi) { q.end += 3 }
        }
        return true
    }

    /// Whether a mention of an entity found by earlier stages covers position `p` of the analysis
    /// text (mentions running past the text are passed over). Asked of the few numerals that get
    /// this far, by scanning the mentions in place: a table by position cost an array (and a
    /// copy of every mention) per document.
    static func insideEntity(_ doc: Document, _ p: Int) -> Bool {
        let n = doc.analysis.count
        for i in doc.entities.indices {
            for m in doc.entities[i].mentions.indices {
                let (start, end) = (doc.entities[i].mentions[m].start, doc.entities[i].mentions[m].end)
                if start <= p, p < end, end <= n { return true }
            }
        }
        return false
    }

    /// The end of `candidate`: the quantity read at `i` (numeral `reading`, number from
    /// `numStart`, `draft` so far), or nil when it is no quantity (a bare numeral running into a
    /// word, a unit-less 百 · 千 · 万, a numeral inside a word, a name or an idiom); a list label, a
    /// ratio or an ordinal is returned as such, and the words before the number (超50家 · $20) are
    /// taken in. (Out of `candidate` for the same reason as `readUnit`; the draft is finished in
    /// place: taken by value, it was copied, its strings retained and released.)
    func screened(_ s: [Unicode.Scalar], doc: Document, at i: Int, floor: Int, tokenAt: [Int32],
                  reading r: ChineseNumber.Reading, numberStart numStart: Int, plusSign: Bool, cueAfter: Bool, compared: Bool,
                  draft q: inout Draft) -> Candidate? {
        let n = s.count
        let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
        let chinese = r.form != .arabic
        let isHalf = s[i] == "半"
        // Not quantities.
        if r.unitOnly && !q.hasUnit { return nil }
        if isHalf, q.kind != .duration { return nil }
        if !q.hasUnit, r.kind == .cardinal || r.kind == .digitString {
            if chinese, !cueAfter {
                // A bare Chinese numeral must not run into a word: 一看 · 两半 · 十四五规划.
                // (四千二百多万城镇劳动力: a long numeral with 万/亿 counts the noun after it.)
                let countsNoun = r.trailingScale >= 10_000 && r.end - numStart >= 3 && r.upper == nil
                if q.end < n, Self.isHan(s[q.end]), !Self.isBareFollower(s[q.end]), !countsNoun { return nil }
                if q.end < n, s[q.end] == "点" { return nil }
                if r.upper != nil, q.end < n, Self.isHan(s[q.end]) { return nil }
            }
            // Enumerations: 一、 · ；六、 · 2： · （三）.
            let itemStart = i == 0 || flags.contains(s[i - 1], Flag.sentenceEnd | Flag.clauseBreak) || s[i - 1] == " "
            var label = false
            // (自閉症：10400、 is a count in a list, not item 10400.)
            if q.end < n, s[q.end] == "、" || s[q.end] == "：" || s[q.end] == ":" || s[q.end] == "." || s[q.end] == "．", itemStart,
               q.value < 100, !(q.end + 1 < n && Self.isNumeralStart(s[q.end + 1])) { label = true }
            if q.end < n, s[q.end] == "、", prev == "(" || prev == "（" { label = true }
            if let p = prev, p == "(" || p == "（", q.end < n, s[q.end] == ")" || s[q.end] == "）" { label = true }
            if label {
                // 一、 · （三） · 2. — a list label, kept with its role.
                var c = Candidate(start: i, end: q.end, numberStart: numStart, numberEnd: r.end, value: q.value, upper: nil,
                                  approx: .exact, unit: "", kind: .label)
                c.role = .label
                return c
            }
        }
        // 百年大计 · 千年古城 · 万家灯火: a bare 百/千/万 is a figure of speech unless a cue makes it a
        // number (近百家).
        if r.unitOnly, r.kind == .cardinal, q.approx == .exact, !hasPrefixCue(s, before: i, floor: floor) { return nil }
        // 每千人口 · 每万人: the base of a rate is a qualifier, not a count.
        if let p = prev, p == "每", q.kind == .person || q.kind == .household { return nil }
        // Numerals inside names found by earlier stages (千年舟投资集团有限公司).
        if Self.insideEntity(doc, numStart) { return nil }
        // Scores, ratios and clock times: 2∶1 · 1:3 · 8:30.
        if let p = prev, Self.isRatioMark(p), i >= 2, ChineseNumber.isAsciiDigit(s[i - 2]) { return nil }
        if r.end + 1 < n, Self.isRatioMark(s[r.end]), ChineseNumber.isAsciiDigit(s[r.end + 1]) {
            return ratio(s, doc: doc, at: i, first: r)
        }
        // Ordinals: 第四批 · 第一时间 is an idiom.
        var start = i
        if let p = prev, p == "第" {
            if !q.hasUnit, q.end < n, Self.isHan(s[q.end]) { return nil }
            start = i - 1
            q.kind = .ordinal
            q.approx = .exact
        }
        // A numeral inside a word token (统一 · 四川 · 一切 · 一次性 · 五台山).
        if chinese, !tokenAllows(doc: doc, tokenAt: tokenAt, start: numStart, numeralEnd: r.end, end: q.end, arabic: false, s: s) { return nil }
        if !chinese, !tokenAllows(doc: doc, tokenAt: tokenAt, start: numStart, numeralEnd: r.end, end: q.end, arabic: true, s: s) { return nil }
        // 一次性 · 一体化.
        if q.hasUnit, q.end < n, s[q.end] == "性" { return nil }
        // Idioms and slogans with single numerals: 一校一品 · 千家万户 · 接二连三 · 一对一.
        if chinese, r.end - numStart == 1, isIdiom(s, at: numStart, quantityEnd: q.end) { return nil }

        if chinese, r.end - numStart == 1, Self.isFinancialDigit(s[numStart]),
           !q.hasUnit || s[numStart] == "拾" || s[numStart] == "佰" || s[numStart] == "仟" { return nil }
        // Prefix approximation: 超50家 · 近3年 · 每年最高达10万元.
        if q.kind != .ordinal {
            var p = start
            if p > floor, p - 1 >= 0, s[p - 1] == "达" || s[p - 1] == "为" || s[p - 1] == "有" || s[p - 1] == "是" || s[p - 1] == "在" { p -= 1 }
            if let cue = beforeCue(s, doc: doc, tokenAt: tokenAt, before: p, floor: floor) {
                q.approx = cue.approx
                start = cue.start
            }
            // Currency signs: $20 · ¥300 · €5.
            if start == numStart, start > floor, start >= 1, !q.hasUnit {
                switch s[start - 1] {
                case "$":
                    // HK$ · US$ · NT$; a bare $ in traditional Chinese text is the Hong Kong dollar.
                    q.unitName = doc.folding.traditional ? "港元" : "美元"; q.unitChar = nil
                    q.kind = .money; q.hasUnit = true; start -= 1
                    if start >= 2, start - 2 >= floor, ChineseNumber.isLatin(s[start - 1]), ChineseNumber.isLatin(s[start - 2]) {
                        switch (s[start - 2], s[start - 1]) {
                        case ("H", "K"): q.unitName = "港元"; start -= 2
                        case ("U", "S"): q.unitName = "美元"; start -= 2
                        case ("N", "T"): q.unitName = "新台币"; start -= 2
                        default: break
                        }
                    }
                case "¥", "￥": q.unitName = "元"; q.unitChar = "元"; q.kind = .money; q.hasUnit = true; start -= 1
                case "€": q.unitName = "欧元"; q.kind = .money; q.hasUnit = true; start -= 1
                case "£": q.unitName = "英镑"; q.kind = .money; q.hasUnit = true; start -= 1
                default: break
                }
            }
        }

        if plusSign || compared, start == i { start -= 1 }
        // A short quotation: “十四五” (no unit) · “最后一公里” (other words) · “88暖心”.
        if inShortQuote(s, start: start, end: q.end, hasUnit: q.hasUnit) { return nil }

        q.value = Self.clean(q.value * q.factor)
        q.upper = q.upper.map { Self.clean($0 * q.factor) }
        guard q.value.isFinite, q.upper?.isFinite ?? true else { return nil }
        if q.kind == .ordinal || q.kind == .year || q.kind == .date { q.upper = q.upper.flatMap { $0 > q.value ? $0 : nil } }
        return Candidate(start: start, end: q.end, numberStart: numStart, numberEnd: r.end, value: q.value, upper: q.upper,
                         approx: q.approx, unit: q.unitName, kind: q.kind, si: q.siUnit)
    }

    /// The words after the quantity (`candidate`'s numeral `reading` at `i`): an approximation
    /// (10万元左右 · 3年多 · 三年半), the centimetres of a height (1米8), a comparison (比20大), the upper
    /// end of a range written with the unit twice (53%至64%). Whether an approximation word came
    /// after it and whether it is compared. (Out of `candidate` for the same reason as `readUnit`.)
    func readSuffix(_ s: [Unicode.Scalar], reading r: ChineseNumber.Reading, at i: Int, unitChar: Unicode.Scalar?,
                    into q: inout Draft) -> (cueAfter: Bool, compared: Bool) {
        let n = s.count
        let chinese = r.form != .arabic
        let isHalf = s[i] == "半"
        var cueAfter = false, compared = false
        // Suffix approximation: 10万元左右 · 65岁以上 · 3年多.
        // (A bare Chinese numeral takes one only when the cue follows it directly: 四十以下 · 二十至三十五之间.)
        let after = afterCue(s, at: q.end)
        if q.hasUnit || r.kind != .cardinal || !chinese || after != nil {
            if let after {
                q.approx = after.approx
                q.end += after.length
                cueAfter = true
            }
            if q.approx == .exact, q.hasUnit, q.kind == .duration, q.end < n, s[q.end] == "多" || s[q.end] == "余",
               !(q.end + 1 < n && Self.isHan(s[q.end + 1]) && !Self.continuesDuration(s[q.end + 1])) {
                q.approx = .over
                q.end += 1
            }
            // 三年半 · 两天半: half a period more (not 十年半导体).
            if q.approx == .exact, q.hasUnit, q.kind == .duration, !isHalf, q.end < n, s[q.end] == "半",
               !(q.end + 1 < n && Self.isHan(s[q.end + 1]) && !Self.continuesDuration(s[q.end + 1])) {
                q.value += 0.5
                q.upper = q.upper.map { $0 + 0.5 }
                q.end += 1
            }
        }

        // 1米8 · 1米75: metres and centimetres of a height.
        if q.hasUnit, unitChar == "米", q.upper == nil, q.end < n, ChineseNumber.isAsciiDigit(s[q.end]) || ChineseNumber.digitValue(s[q.end]) != nil {
            var k = q.end, frac = 0.0, scale = 0.1
            while k < n, k - q.end < 2, let d = ChineseNumber.isAsciiDigit(s[k]) ? Int(s[k].value - 48) : ChineseNumber.digitValue(s[k]) {
                frac += Double(d) * scale
                scale /= 10
                k += 1
            }
            let follows = k < n && (ChineseNumber.isAsciiDigit(s[k]) || ChineseNumber.isNumeralCharacter(s[k]) || s[k] == "." || units.hasUnit(in: s, at: k, limit: n))
            if !follows, s[q.end] != "两" {
                q.value += frac
                q.end = k
            }
        }
        // 比20大 · 比三十少: a comparison with the number (over / under).
        if q.approx == .exact, q.upper == nil, i > 0, s[i - 1] == "比", q.kind != .year, q.kind != .date, q.end < n {
            switch s[q.end] {
            case "大", "多", "高", "长", "重": q.approx = .over; q.end += 1; compared = true
            case "小", "少", "低", "短", "轻": q.approx = .under; q.end += 1; compared = true
            default: break
            }
        }
        // A range written with the unit twice: 53%至64% · 3万吨至5万吨 · 20岁到30岁.
        if q.hasUnit, q.upper == nil, q.approx == .exact, r.kind == .cardinal || r.kind == .percent,
           let (high, e) = rangeEnd(s, at: q.end, unit: q.unitName, factor: q.factor, low: q.value) {
            q.upper = high
            q.end = e
        }
        return (cueAfter, compared)
    }

    /// What `candidate` has read: the end of the quantity so far, its value and approximation,
    /// and its unit (multipliers expanded: `factor`).
    struct Draft {
        var end: Int
        var value: Double
        var upper: Double?
        var approx: Approximation
        var unitName = ""
        /// `QuantityExtractor.soleScalar(unitName)`, set with it (asked right after the unit is
        /// read; computing it from the name cost ~100 instructions).
        var unitChar: Unicode.Scalar?
        var kind = UnitKind.count
        var factor = 1.0
        var hasUnit = false
        var siUnit: UnitTable.SI?
    }

    /// The unit after the numeral `reading`, which starts at `i` (a sign, a percentage, 成 · 折,
    /// a counter with 余 · 多 · 来 before it, a rate): false when the text is no quantity
    /// (一成不变 · 冰冻三尺 · 一度). (A function of its own: inside `candidate`, too large for the
    /// optimiser to inline into, every array read was a call.)
    func readUnit(_ s: [Unicode.Scalar], doc: Document, tokenAt: [Int32], reading r: ChineseNumber.Reading, at i: Int, floor: Int,
                  into q: inout Draft) -> Bool {
        let n = s.count
        let k = r.end
        let chinese = r.form != .arabic
        switch r.kind {
        case .percent:
            q.unitName = "%"; q.unitChar = "%"; q.kind = .percent; q.hasUnit = true
        case .permille:
            q.unitName = "‰"; q.unitChar = "‰"; q.kind = .permille; q.hasUnit = true
        case .fraction:
            q.kind = .fraction
        case .cardinal, .digitString:
            break
        }
        if r.kind == .cardinal || r.kind == .digitString {
            if k < n, s[k] == "%" || s[k] == "‰" {
                q.unitName = String(s[k]); q.unitChar = s[k]; q.kind = s[k] == "%" ? .percent : .permille; q.hasUnit = true
                q.end = k + 1
            } else {
                // Spaces before a unit (一百五十 个百分点, 2021 年).
                var u = k
                while u < n, u - k < 4, ChineseNumber.isSpace(s[u]) { u += 1 }
                if u > k, u < n, !(Self.isHan(s[u]) && (units.hasUnit(in: s, at: u, limit: n) || s[u] == "成" || s[u] == "折")) && s[u] != "%" { u = k }
                if u < n, s[u] == "%" || s[u] == "‰" {
                    q.unitName = String(s[u]); q.unitChar = s[u]; q.kind = s[u] == "%" ? .percent : .permille; q.hasUnit = true
                    q.end = u + 1
                } else if u < n, s[u] == "成" || s[u] == "折" {
                    // 三成 = 30%, 九折 = 90%, 七五折 = 75%, 三成半 = 35%.
                    let isCheng = s[u] == "成"
                    var v = q.value
                    if isCheng {
                        guard v <= 10 else { return false }
                        v *= 10
                    } else if v < 10 {
                        v *= 10
                    } else if v < 100, v == v.rounded(), r.kind == .digitString || r.form == .arabic {
                        // 75折
                    } else {
                        return false
                    }
                    var e = u + 1
                    if isCheng, e < n, s[e] == "半" { v += 5; e += 1 }
                    if isCheng, e < n, Self.isHan(s[e]), !flags.contains(s[e], Flag.clauseBreak) {
                        // 一成不变, 八成是: an idiom or an adverb.
                        switch s[e] {
                        case "不", "是", "就", "了", "为": return false
                        default: break
                        }
                    }
                    q.value = v; q.upper = q.upper.map { $0 * 10 }
                    q.unitName = "%"; q.unitChar = "%"; q.kind = .percent; q.hasUnit = true
                    q.end = e
                } else {
                    // 5000余人 · 2000多元 · 十来个.
                    var a = u
                    var inner: Approximation?
                    if a < n, s[a] == "余" || s[a] == "多" || s[a] == "来" || ChineseNumber.isJi(s[a]) {
                        if units.hasUnit(in: s, at: a + 1, limit: n) {
                            inner = s[a] == "来" || ChineseNumber.isJi(s[a]) ? .about : .over
                            a += 1
                        }
                    }
                    if let m = units.matchEntry(in: s, at: a, limit: n),
                       !startsLongerWord(entry: m.entry, doc: doc, tokenAt: tokenAt, at: a, end: m.end) {
                        var mEnd = m.end
                        // The unit's fields are read in place (a unit copied out retained its four
                        // strings) and then adjusted.
                        var entry = m.entry
                        var unitChar = units.nameScalar(ofEntry: entry)
                        // 1个多月 · 一个半小时.
                        if unitChar == "个", mEnd + 1 < n, s[mEnd] == "多" || s[mEnd] == "半",
                           let m2 = units.matchEntry(in: s, at: mEnd + 1, limit: n), units.kind(ofEntry: m2.entry) == .duration {
                            if s[mEnd] == "半" { q.value += 0.5; q.upper = q.upper.map { $0 + 0.5 } } else { inner = .over }
                            entry = m2.entry
                            unitChar = units.nameScalar(ofEntry: entry)
                            mEnd = m2.end
                        }
                        q.unitName = units.base(ofEntry: entry)
                        q.unitChar = units.baseScalar(ofEntry: entry)
                        q.kind = units.kind(ofEntry: entry)
                        q.factor = units.factor(ofEntry: entry)
                        q.siUnit = units.si(ofEntry: entry)
                        // 度 is energy (kWh) after 万/亿 (3000万度) or before 电 (100度电); else a degree.
                        if q.kind == .degree, r.trailingScale >= 10_000 || (mEnd < n && s[mEnd] == "电"),
                           let kwh = units.unit(named: "千瓦时") {
                            q.kind = units.kind(of: kwh); q.factor = 1; q.siUnit = kwh.si
                            if mEnd < n, s[mEnd] == "电" { mEnd += 1 }
                        }
                        // 尺 / 呎 before a dwelling (80尺劏房 · 400呎單位) or after 面积 in the same clause
                        // (實用面積400呎) is Hong Kong's square feet of floor area.
                        if unitChar == "尺" || unitChar == "呎", let sqft = units.unit(named: "平方呎") {
                            let e = mEnd < n && s[mEnd] == "的" ? mEnd + 1 : mEnd
                            var b = i - 1
                            while b > max(floor, i - 10), Self.isHan(s[b]), !(s[b] == "积" || s[b] == "積") { b -= 1 }
                            let afterArea = b > 0 && b >= floor && (s[b] == "积" || s[b] == "積") && s[b - 1] == "面"
                            if afterArea || cues.floorAreaWords.contains(where: { Self.matches(s, e, $0) }) {
                                q.kind = units.kind(of: sqft); q.factor = 1; q.unitName = sqft.base; q.siUnit = sqft.si
                                q.unitChar = Self.soleScalar(sqft.base)
                            }
                        }
                        // 三尺 · 一寸 · 一丈 with one numeral character: idioms (冰冻三尺, 一寸光阴, 三尺讲台).
                        if q.kind == .length, chinese, r.singleCharacter, unitChar == "尺" || unitChar == "寸" || unitChar == "丈" { return false }
                        // 一度: "once", an adverb.
                        if q.kind == .degree, chinese, r.singleCharacter, q.value == 1 { return false }
                        // A rate: 元/吨 · 美元／吨 · 人/平方公里 (the value stays in the first unit).
                        if q.kind != .percent, mEnd + 1 < n, s[mEnd] == "/",
                           let per = units.matchEntry(in: s, at: mEnd + 1, limit: n), units.kind(ofEntry: per.entry) != .percent {
                            q.unitName += "/" + units.base(ofEntry: per.entry)
                            q.unitChar = nil
                            q.siUnit = nil
                            mEnd = per.end
                        }
                        q.hasUnit = true
                        if let inner { q.approx = inner }
                        q.end = mEnd
                    } else if inner == nil, a < n, s[a] == "余" || s[a] == "多", !(a + 1 < n && Self.isHan(s[a + 1])) {
                        q.approx = .over
                        q.end = a + 1
                    }
                }
            }
        }
        return true
    }

    /// Numerals that begin with a word the reader does not take, read as `unitOnly` (a unit must
    /// follow) unless noted:
    ///   - 半 before a period (半年 · 半个月 · 半小时): 0.5, exact; the caller keeps it only with a
    ///     duration unit. Not after 上 下 前 后 大 多 小 每 过 折 对 减 夜 参 太 or a numeral (上半年 ·
    ///     大半天 · 一半 · 过半 · 三年半 is read from 三).
    ///   - 数/几 + a bare power of ten (数十 · 几百 · 数千 · 几十万 · 数亿): several times it, like 几
    ///     inside a numeral (十几 → 10–19): value 1×, upper 9× (数十 → 10–90, 几十万 → 10万–90万),
    ///     approx `about`.
    ///   - 上 + 百/千/万/亿 (上百 · 上千 · 上万 · 上千万): "reaching" that number: value it, approx
    ///     `about`; not after a numeral (成千上万 · 千上万).
    func vagueLead(_ s: [Unicode.Scalar], at i: Int, limit n: Int) -> ChineseNumber.Reading? {
        guard i + 1 < n else { return nil }
        let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
        if let p = prev, ChineseNumber.isNumeralCharacter(p) || ChineseNumber.isAsciiDigit(p) { return nil }
        if s[i] == "半" {
            if let p = prev {
                switch p {
                case "上", "下", "前", "后", "大", "多", "小", "每", "过", "折", "对", "减", "夜", "参", "太": return nil
                default: break
                }
            }
            var r = ChineseNumber.Reading(start: i, end: i + 1, value: 0.5, form: .chinese)
            r.trailingScale = 1
            return r
        }
        let next = s[i + 1]
        if s[i] == "上" {
            guard next == "百" || next == "千" || next == "万" || next == "亿" else { return nil }
        } else {
            guard ChineseNumber.smallUnitValue(next) != nil || ChineseNumber.bigUnitValue(next) != nil, next != "兆" else { return nil }
        }
        guard let b = reader.read(s, at: i + 1, limit: n), b.kind == .cardinal, b.upper == nil, b.approx == .exact,
              !b.malformed, b.value == b.trailingScale else { return nil }
        var r = ChineseNumber.Reading(start: i, end: b.end, value: b.value, form: .chinese)
        if s[i] != "上" { r.upper = b.value * 9 }
        r.approx = .about
        r.unitOnly = true
        r.leadingUnit = true
        r.trailingScale = b.trailingScale
        return r
    }

    /// An SI value to cents above 100 (346666666.67 m²), else to 14 significant digits.
    static func siRounded(_ v: Double) -> Double {
        abs(v) >= 100 ? (v * 100).rounded() / 100 : clean(v)
    }

    /// Removes binary floating-point noise (2.3亿 → 230000000, not 229999999.99999997) by keeping
    /// 14 significant digits.
    static func clean(_ v: Double) -> Double {
        // A whole number below 10^12 (most figures) comes back unchanged: the scale below is then
        // a power of ten of at least 10 and both products exact (under 2^53).
        if v == v.rounded(), abs(v) < 1e12 { return v }
        guard v != 0, v.isFinite else { return v }
        let magnitude = floor(log10(abs(v)))
        let scale = pow(10, 13 - magnitude)
        guard scale.isFinite, scale > 0, (v * scale).isFinite else { return v }
        let r = (v * scale).rounded() / scale
        return r.isFinite ? r : v
    }

    /// The approximation word (`cues.after`, longest first) that starts at `end`: its length and
    /// approximation. (The cue loops live in functions of their own, small enough for the array
    /// reads to be inlined; inside `candidate` each was a call.)
    func afterCue(_ s: [Unicode.Scalar], at end: Int) -> (length: Int, approx: Approximation)? {
        // (Screened first: fetching the candidate list retained it.)
        guard end < s.count, afterByFirst.mayStart(at: end, in: s) else { return nil }
        for k in afterByFirst.candidates(at: end, in: s) where Self.matches(s, end, cues.after[k].word) {
            return (cues.after[k].word.count, cues.after[k].approx)
        }
        return nil
    }

    /// The approximation word (`cues.before`, longest first) that ends right before `p` and
    /// starts at or after `floor` — not 近 of a compound (附近), not a one-character cue inside a
    /// longer word (节约 · 制约 · 预约), not 超 of 赶超: its start and approximation.
    func beforeCue(_ s: [Unicode.Scalar], doc: Document, tokenAt: [Int32], before p: Int, floor: Int)
        -> (start: Int, approx: Approximation)? {
        guard p > 0, beforeByLast.mayStart(at: p - 1, in: s) else { return nil }
        for k in beforeByLast.candidates(at: p - 1, in: s) {
            let (w, a) = cues.before[k]
            let from = p - w.count
            guard from >= floor, Self.matches(s, from, w) else { continue }
            if w.count == 1, w[0] == "近", from > 0, Self.isNearCompound(s[from - 1]) { continue }
            if w.count == 1, from > 0, !doc.tokens.isEmpty, tokenAt[from] >= 0,
               doc.tokens[Int(tokenAt[from])].range.start < from, !flags.contains(s[from - 1], Flag.clauseBreak) { continue }
            if w.count == 1, w[0] == "超", from > 0, s[from - 1] == "赶" { continue }
            return (from, a)
        }
        return nil
    }

    /// Whether an approximation word ends right before `i` (达/为 may stand between).
    func hasPrefixCue(_ s: [Unicode.Scalar], before i: Int, floor: Int) -> Bool {
        var p = i
        if p > floor, s[p - 1] == "达" || s[p - 1] == "为" { p -= 1 }
        guard p > 0, beforeByLast.mayStart(at: p - 1, in: s) else { return false }
        for k in beforeByLast.candidates(at: p - 1, in: s) {
            let w = cues.before[k].word
            if p - w.count >= floor && Self.matches(s, p - w.count, w) { return true }
        }
        return false
    }

    /// The one code point a unit name is in NFC, else nil. Comparing it with an ideograph
    /// (`unitChar == "年"`) answers as `String ==` (canonical equivalence) at the cost of a
    /// code-point comparison; `String ==` of two different short strings takes Swift's slow
    /// Unicode comparison. A name starting with two stable code points (`CharacterClass.isStableNFC`:
    /// ASCII, ideographs) is no single one in NFC either; a name of other code points (‰, ℃) is
    /// normalised first.
    @inline(__always) static func soleScalar(_ name: String) -> Unicode.Scalar? {
        var it = name.unicodeScalars.makeIterator()
        guard let c = it.next() else { return nil }
        let d = it.next()
        if CharacterClass.isStableNFC(c), d.map(CharacterClass.isStableNFC) ?? true { return d == nil ? c : nil }
        return soleScalarNFC(name)
    }

    static func soleScalarNFC(_ name: String) -> Unicode.Scalar? {
        // One code point that is no full composition exclusion (℃ · ‰) is its own NFC: it has no
        // canonical decomposition, or it is the primary composite its decomposition recomposes
        // to (singletons and non-starter decompositions are exclusions). Foundation's
        // normalisation cost ~5 K instructions a name.
        var it = name.unicodeScalars.makeIterator()
        if let c = it.next(), it.next() == nil, !c.properties.isFullCompositionExclusion { return c }
        let nfc = Array(name.precomposedStringWithCanonicalMapping.unicodeScalars)
        return nfc.count == 1 ? nfc[0] : nil
    }

    /// Whether 月 at `end - 1` is the bare unit (12月), not 个月.
    func unitIsBare(_ s: [Unicode.Scalar], end: Int, name: String) -> Bool {
        end >= 2 && s[end - 1] == "月" && s[end - 2] != "个"
    }

    /// A one-character counter that also begins common words (群 of 群众, 包 of 包括) is no unit
    /// where the segmenter reads such a word from it (近百万群众).
    func startsLongerWord(entry: Int, doc: Document, tokenAt: [Int32], at p: Int, end: Int) -> Bool {
        guard end == p + 1, !doc.tokens.isEmpty, tokenAt[p] >= 0 else { return false }
        // The token first, read in place (a copy retained its text): most units are a token of
        // their own, and the set look-up hashes.
        let t = Int(tokenAt[p])
        guard doc.tokens[t].kind == .word && doc.tokens[t].range.start == p && doc.tokens[t].range.end > end,
              let c = units.name(ofEntry: entry).unicodeScalars.first else { return false }
        return cues.wordInitialUnits.contains(c)
    }

    /// The token layer agrees that a numeral stands on its own.
    func tokenAllows(doc: Document, tokenAt: [Int32], start: Int, numeralEnd: Int, end: Int, arabic: Bool, s: [Unicode.Scalar]) -> Bool {
        guard !doc.tokens.isEmpty else { return true }
        // (Tokens read in place: a copy retained the token's text.)
        let ti = Int(tokenAt[start])
        if ti >= 0 {
            if doc.tokens[ti].kind == .word, doc.tokens[ti].range.start < start, !arabic {
                if !flags.contains(s[start - 1], Flag.linkingChar) { return false }
            }
        }
        let li = Int(tokenAt[end - 1])
        if li >= 0 {
            if doc.tokens[li].kind == .word, doc.tokens[li].range.end > end, doc.tokens[li].range.start < numeralEnd {
                if arabic { return doc.tokens[li].origin != .lexicon && doc.tokens[li].origin != .user }
                // A dictionary word running past the quantity: 四川 · 一切 · 一次性. Allow words
                // that only begin inside the quantity's unit (人次 → 次数?) when they start after the numeral.
                return false
            }
        }
        return true
    }

    /// 一校一品 · 一对一 · 千家万户 · 接二连三: a single numeral two characters from another.
    func isIdiom(_ s: [Unicode.Scalar], at p: Int, quantityEnd: Int) -> Bool {
        let n = s.count
        // 五元三毛 · 六个百分点: the second numeral belongs to the quantity itself.
        if p + 2 < quantityEnd { return false }
        // A numeral that belongs to an Arabic number (20萬的一成) is no partner of an idiom.
        func numeral(_ k: Int) -> Bool {
            k >= 0 && k < n && ChineseNumber.isNumeralCharacter(s[k]) && !(k > 0 && ChineseNumber.isAsciiDigit(s[k - 1]))
        }
        func plainHan(_ k: Int) -> Bool { k >= 0 && k < n && Self.isHan(s[k]) && !ChineseNumber.isNumeralCharacter(s[k]) }
        if numeral(p + 2), plainHan(p + 1), !numeral(p - 1), !numeral(p + 3) {
            if s[p + 2] == s[p] { return true }
            if plainHan(p + 3) || p + 3 >= n { return true }
        }
        if numeral(p - 2), plainHan(p - 1), !numeral(p - 3), !numeral(p + 1) {
            if s[p - 2] == s[p] { return true }
            if plainHan(p + 1) { return true }
        }
        return false
    }

    /// Whether `[start, end)` lies in a short quotation that is a name or slogan.
    func inShortQuote(_ s: [Unicode.Scalar], start: Int, end: Int, hasUnit: Bool) -> Bool {
        var open = -1
        var k = start - 1
        while k >= 0, start - k <= 12 {
            let c = s[k]
            if flags.contains(c, Flag.openQuote) { open = k; break }
            if c == "\n" || c == "\r" { k -= 1; continue }
            if flags.contains(c, Flag.closeQuote | Flag.clauseBreak) || c == "。" { return false }
            k -= 1
        }
        guard open >= 0 else { return false }
        var close = -1
        k = end
        while k < s.count, k - end <= 12 {
            let c = s[k]
            if flags.contains(c, Flag.closeQuote) { close = k; break }
            if c == "\n" || c == "\r" { k += 1; continue }
            if flags.contains(c, Flag.openQuote | Flag.clauseBreak) { return false }
            k += 1
        }
        guard close >= 0 else { return false }
        if !hasUnit { return true }
        for q in (open + 1)..<start where Self.isHan(s[q]) || ChineseNumber.isLatin(s[q]) { return true }
        for q in end..<close where Self.isHan(s[q]) || ChineseNumber.isLatin(s[q]) { return true }
        return false
    }
}
