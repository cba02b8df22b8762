import Foundation

/// Written forms that are not a number and a unit: ranges with the unit written twice, ratios
/// and clock times, split years, programme names, and numbers in corrupted text.
extension QuantityExtractor {
    /// Range marks between two numbers (至 · 到 · - · ~ · — · –).
    @inline(__always) static func isRangeMark(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "至", "到", "-", "~", "～", "—", "–", "〜": return true
        default: return false
        }
    }

    /// The upper end of a range whose unit is written twice (53%至64% · 3万吨至5万吨 · 20岁到30岁),
    /// given the unit of the lower end: (upper in that unit, end of the range).
    func rangeEnd(_ s: [Unicode.Scalar], at k: Int, unit: String, factor: Double, low: Double) -> (Double, Int)? {
        let n = s.count
        guard k + 1 < n, Self.isRangeMark(s[k]) else { return nil }
        guard let y = reader.read(s, at: k + 1, limit: n), y.kind == .cardinal, !y.unitOnly, y.upper == nil,
              !y.malformed, y.end < n else { return nil }
        var high: Double, e: Int
        if unit == "%" || unit == "‰" {
            guard String(s[y.end]) == unit else { return nil }
            high = y.value
            e = y.end + 1
        } else {
            guard let m = units.matchEntry(in: s, at: y.end, limit: n), units.base(ofEntry: m.entry) == unit else { return nil }
            high = y.value * units.factor(ofEntry: m.entry) / factor
            e = m.end
        }
        return high > low ? (high, e) : nil
    }

    /// A ratio (2.4∶48.0∶49.6 · 1:3) or a clock time (8:30) starting with the reading `first`.
    func ratio(_ s: [Unicode.Scalar], doc: Document, at i: Int, first: ChineseNumber.Reading) -> Candidate? {
        guard first.form == .arabic, first.kind == .cardinal, first.upper == nil else { return nil }
        let n = s.count
        var terms = [first.value]
        var k = first.end
        var colon = false
        var lastDigits = 0
        while k + 1 < n, Self.isRatioMark(s[k]), ChineseNumber.isAsciiDigit(s[k + 1]) {
            guard let y = reader.read(s, at: k + 1, limit: n), y.form == .arabic, y.kind == .cardinal, y.upper == nil,
                  y.trailingScale == 1 else { return nil }
            if s[k] != "∶" { colon = true }
            lastDigits = y.end - k - 1
            terms.append(y.value)
            k = y.end
        }
        guard terms.count >= 2, k == n || !(ChineseNumber.isLatin(s[k]) || s[k] == "." || s[k] == "/") else { return nil }
        var c = Candidate(start: i, end: k, numberStart: i, numberEnd: k, value: terms[0], upper: nil,
                          approx: .exact, unit: "", kind: .ratio)
        // 比例由1：6至1：10 · 师生比1:12: after 比 in the clause, a ratio.
        var b = i - 1
        while b >= 0, i - b <= 10, Self.isRatioMark(s[b]) || !flags.contains(s[b], Flag.clauseBreak | Flag.sentenceEnd), s[b] != "比" { b -= 1 }
        let afterRatioWord = b >= 0 && i - b <= 10 && s[b] == "比"
        if colon, !afterRatioWord, terms.count == 2, lastDigits == 2, terms[0] == terms[0].rounded(), terms[0] <= 24,
           terms[1] == terms[1].rounded(), terms[1] < 60 {
            // 8:30 · 14：00 — a time of day.
            c.kind = .clock
            c.value = terms[0] + terms[1] / 60
            c.role = .time
            return c
        }
        c.terms = terms
        return c
    }

    /// Words of years after a dashed split year (2015-16年度 · 2016－17學年).
    static let splitYearWords = ["年度", "财政年度", "財政年度", "财年", "學年", "学年", "年"].map { Array($0.unicodeScalars) }

    /// The year of a split year written with a dash, 2015-16年度 · 2016－17學年 (four digits, a dash,
    /// the next year's last two digits, then a `splitYearWords` word): nil otherwise, so 2015-16
    /// alone stays what the reader makes of it.
    func dashedSplitYear(_ s: [Unicode.Scalar], at a: Int) -> Double? {
        guard a + 7 < s.count, "-－–—‐".unicodeScalars.contains(s[a + 4]), !ChineseNumber.isAsciiDigit(s[a + 7]),
              let y = Self.yearPair(s, at: a), Self.splitYearWords.contains(where: { Self.matches(s, a + 7, $0) }) else { return nil }
        return y
    }

    /// The year of a split year 2016/17 (four digits, a slash, the next year's last two digits).
    func splitYear(_ s: [Unicode.Scalar], at a: Int, end: Int) -> Double? {
        guard end - a == 7, s[a + 4] == "/" else { return nil }
        return Self.yearPair(s, at: a)
    }

    /// The first year of `YYYY?YY` at `a` (any separator at `a + 4`) when the two digits after it
    /// are the next year's: 2016/17 · 2015-16.
    static func yearPair(_ s: [Unicode.Scalar], at a: Int) -> Double? {
        guard a + 7 <= s.count else { return nil }
        var y = 0, yy = 0
        for p in a..<(a + 4) { guard ChineseNumber.isAsciiDigit(s[p]) else { return nil }; y = y * 10 + Int(s[p].value - 48) }
        for p in (a + 5)..<(a + 7) { guard ChineseNumber.isAsciiDigit(s[p]) else { return nil }; yy = yy * 10 + Int(s[p].value - 48) }
        guard (1900...2100).contains(y), yy == (y + 1) % 100 else { return nil }
        return Double(y)
    }

    /// A time of day in Chinese numerals with its minutes (三点零五分 · 十二点三十分 · 两点二十分 ·
    /// 下午三时十分), which the reader alone would take for a decimal (3.05) before 分. Without
    /// minutes (三点 · 八点半) the general path reads it.
    func chineseClock(_ s: [Unicode.Scalar], at i: Int) -> Candidate? {
        let n = s.count
        guard ChineseNumber.isNumeralCharacter(s[i]) else { return nil }
        var j = i
        while j < n, j - i < 3, ChineseNumber.digitValue(s[j]) != nil || s[j] == "十" { j += 1 }
        guard j > i, j + 2 < n, s[j] == "点" || s[j] == "时",
              let h = reader.read(s, at: i, limit: j), h.end == j, h.kind == .cardinal, h.upper == nil,
              h.value == h.value.rounded(), h.value <= 24,
              let m = reader.read(s, at: j + 1, limit: min(n, j + 5)), m.kind == .cardinal || m.kind == .digitString,
              m.upper == nil, m.value == m.value.rounded(), m.value < 60, m.end < n, s[m.end] == "分",
              !(m.end + 1 < n && s[m.end + 1] == "钟"),
              (j + 1..<m.end).allSatisfy({ ChineseNumber.isNumeralCharacter(s[$0]) }) else { return nil }
        var c = Candidate(start: i, end: m.end + 1, numberStart: i, numberEnd: m.end, value: Self.clean(h.value + m.value / 60),
                          upper: nil, approx: .exact, unit: String(s[j]), kind: .clock)
        c.role = .time
        return c
    }

    /// A five-year plan written with numerals (十一五 · 十三五 · 十四五 · 十五五: the 11th … 15th
    /// plans), when no unit follows (十四五个人 is 14 or 15 people): a label, or nil.
    func programmeName(_ s: [Unicode.Scalar], at i: Int) -> Candidate? {
        let n = s.count
        guard i + 2 < n, s[i] == "十", s[i + 2] == "五", let d = ChineseNumber.digitValue(s[i + 1]), (1...5).contains(d),
              s[i + 1] != "两", !(i > 0 && ChineseNumber.isNumeralCharacter(s[i - 1])),
              !(i + 3 < n && (ChineseNumber.isNumeralCharacter(s[i + 3]) || units.hasUnit(in: s, at: i + 3, limit: n))) else { return nil }
        var c = Candidate(start: i, end: i + 3, numberStart: i, numberEnd: i + 3, value: Double(10 + d), upper: nil,
                          approx: .exact, unit: "", kind: .plan)
        c.role = .label
        return c
    }

    /// Whether `c` is a character of corrupted text: the replacement character, a C1 control, a
    /// Latin-1 letter (UTF-8 read as Latin-1: å¹´), or 锟/拷 (锟斤拷: UTF-8 of U+FFFD read as GBK).
    @inline(__always) static func isCorrupt(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0xFFFD, 0x80...0x9F: return true
        case 0xC0...0xFF: return c.value != 0xD7 && c.value != 0xF7
        case 0x9315, 0x62F7: return true   // 锟 拷
        default: return false
        }
    }

    /// The span to report when `c` stands next to corrupted characters (two positions either
    /// side), else nil. An ASCII `?` touching the number between Han characters is a byte the
    /// decoder could not map (。?５谝宦种? in a GBK file cut mid-character), not a question mark.
    func corruption(around c: Candidate, in s: [Unicode.Scalar], original: [Unicode.Scalar]) -> TextRange? {
        let n = s.count
        let a = max(0, c.start - 2), b = min(n, c.end + 2)
        var lo = c.start, hi = c.end, bad = false
        for p in a..<b where Self.isCorrupt(s[p]) {
            bad = true
            lo = min(lo, p)
            hi = max(hi, p + 1)
        }
        if c.start > 0, original[c.start - 1] == "?", c.start < 2 || !original[c.start - 2].isASCII {
            bad = true
            lo = min(lo, c.start - 1)
        }
        if c.end < n, original[c.end] == "?", c.end + 1 < n, Self.isHan(s[c.end + 1]) {
            bad = true
            hi = max(hi, c.end + 1)
        }
        return bad ? TextRange(start: lo, end: hi) : nil
    }
}
