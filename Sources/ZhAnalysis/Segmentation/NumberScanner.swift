/// Finds numeric spans that must stay one token: Arabic numbers with a decimal point and
/// thousands separators (13,500 · 33.5 · 0.5), multipliers (2.5万 · 1.2亿 · 3千万), percent and
/// per-mille signs (30% · 3‰), Chinese numerals (一万五千 · 三点五 · 二○○一), 百分之三十, and the
/// date units that segmentation standards keep attached (1998年 · 12月 · 31日 · 8时 · 30分).
///
/// Works on folded text (full-width digits are ASCII there).
public struct NumberScanner: Sendable {
    public init() {}

    /// 年 月 日 号 时 分 秒: a comparison per unit, where a `Set` hashed the character (and read a
    /// lazy static) on every number scanned.
    @inline(__always) static func isDateUnit(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "年", "月", "日", "号", "时", "分", "秒": return true
        default: return false
        }
    }

    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    /// A numeral character of the shared table (`NumeralCharacters`).
    @inline(__always) static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        NumeralCharacters.isNumeralCharacter(s)
    }
    /// 万 亿 兆 (兆 not before 瓦 赫 …, where it is a unit prefix).
    @inline(__always) static func isBigUnit(_ s: [Unicode.Scalar], _ j: Int, _ limit: Int) -> Bool {
        guard NumeralCharacters.bigUnitValue(s[j]) != nil else { return false }
        return s[j] != "兆" || !(j + 1 < limit && NumeralCharacters.megaFollowers.contains(s[j + 1]))
    }

    /// A numeric span found at a position.
    public struct Match: Hashable, Sendable {
        public var end: Int
        /// Whether the span is written with Arabic digits (hard token) or Chinese numerals (a lattice candidate).
        public var arabic: Bool
        /// Whether a date unit (年/月/日…) is attached.
        public var dated: Bool
    }

    /// The numeric span starting at `start`, if any, not extending past `limit`.
    @inline(__always)
    public func match(in s: [Unicode.Scalar], at start: Int, limit: Int) -> Match? {
        match(in: s, at: start, limit: limit, numerals: NumeralCharacters.all)
    }

    /// `match` with the numeral table passed in: a caller that asks at every character reads the
    /// table's lazy static once, not once per character (each read is a `swift_once` call).
    @inline(__always)
    func match(in s: [Unicode.Scalar], at start: Int, limit: Int, numerals: ScalarBits) -> Match? {
        // Fast exit, inlined into the callers' loops (they ask at every character).
        guard start < limit, Self.mayStart(s[start].value, numerals: numerals) else { return nil }
        return scan(in: s, at: start, limit: limit)
    }

    /// Whether a number may start with the code point `v`: a digit, 百 or a Chinese numeral
    /// character (all of them in U+3000–U+9FFF). `match`'s fast exit, for callers that ask at
    /// every character.
    @inline(__always)
    static func mayStart(_ v: UInt32, numerals: ScalarBits) -> Bool {
        (v >= 48 && v <= 57) || (v >= 0x3000 && v <= 0x9FFF && numerals.contains(v))
    }

    /// `match` past its fast exit.
    @inline(never)
    private func scan(in s: [Unicode.Scalar], at start: Int, limit: Int) -> Match? {
        var i = start
        var arabic = false
        if i < limit, Self.isDigit(s[i]) {
            arabic = true
            i = scanArabic(s, from: i, limit: limit)
        } else if i + 3 < limit, s[i] == "百", s[i + 1] == "分", s[i + 2] == "之", Self.isChineseNumeral(s[i + 3]) {
            i = scanChinese(s, from: i + 3, limit: limit)
            return Match(end: i, arabic: false, dated: false)
        } else if i < limit, NumeralCharacters.isDigitCharacter(s[i]) || s[i] == "十" || s[i] == "拾" {
            i = scanChinese(s, from: i, limit: limit)
        } else {
            return nil
        }
        guard i > start else { return nil }
        // Multipliers after Arabic digits: 2.5万, 3千万, 1.2亿, 100万亿.
        if arabic {
            var j = i
            while j < limit, Self.isBigUnit(s, j, limit) || (s[j] == "千" || s[j] == "百") && j + 1 < limit && Self.isBigUnit(s, j + 1, limit) {
                j += 1
            }
            i = j
            if i < limit, s[i] == "%" || s[i] == "‰" { return Match(end: i + 1, arabic: true, dated: false) }
        }
        if i < limit, Self.isDateUnit(s[i]) {
            // 1998年 / 12月 / 31日 / 8时 / 30分; but not 年 after a huge amount (5万年 stays a duration).
            return Match(end: i + 1, arabic: arabic, dated: true)
        }
        return Match(end: i, arabic: arabic, dated: false)
    }

    private func scanArabic(_ s: [Unicode.Scalar], from start: Int, limit: Int) -> Int {
        var i = start
        while i < limit, Self.isDigit(s[i]) { i += 1 }
        // Thousands separators: groups of exactly three digits (13,500; 1,100万).
        while i < limit, s[i] == "," {
            let groupEnd = i + 4
            guard groupEnd <= limit, (i + 1..<groupEnd).allSatisfy({ Self.isDigit(s[$0]) }),
                  groupEnd == limit || !Self.isDigit(s[groupEnd]) else { break }
            i = groupEnd
        }
        if i + 1 < limit, s[i] == ".", Self.isDigit(s[i + 1]) {
            i += 1
            while i < limit, Self.isDigit(s[i]) { i += 1 }
        }
        return i
    }

    private func scanChinese(_ s: [Unicode.Scalar], from start: Int, limit: Int) -> Int {
        var i = start
        while i < limit {
            if Self.isChineseNumeral(s[i]), s[i] != "兆" || Self.isBigUnit(s, i, limit) { i += 1; continue }
            if s[i] == "点", i + 1 < limit, NumeralCharacters.isDigitCharacter(s[i + 1]), i > start { i += 1; continue }
            break
        }
        return i
    }
}
