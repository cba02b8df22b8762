import Foundation

/// Reads numerals on folded code points: Arabic (13,500 · 33.5 · .5 · 2e5 · 40k), Chinese
/// (一万五千亿 · 两千四百五 · 二〇二一 · 壹佰伍拾 · 廿五), mixed (2.5万 · 3千万 · 1,100万 · 3万4000),
/// vague forms (20余万 · 一千多万 · 十几 · 二三十 · 两三), fractions (三分之一 · 3/5 · 三百五又三分之一),
/// percent-like fractions (百分之三点五 · 千分之五 · 万分之三) and ranges (3至5万 · 3-5).
///
/// The reader is a pure function of the code points; it never throws. Spaces between Chinese
/// numeral parts are skipped (一百 五 十 二 · 7 万5 千4 百), spaces between two Arabic numbers are not.
public struct ChineseNumber: Sendable {
    public init() {}

    /// How the number is written.
    public enum Form: String, Sendable, Hashable {
        case arabic, chinese, mixed
    }

    /// What kind of number a reading is.
    public enum Kind: String, Sendable, Hashable {
        /// A cardinal number (possibly with decimals).
        case cardinal
        /// Chinese digits read one by one (二〇二一 → 2021).
        case digitString
        /// 百分之X: `value` is X (percent).
        case percent
        /// 千分之X: `value` is X (per mille).
        case permille
        /// X分之Y, a/b: `value` is Y/X.
        case fraction
    }

    /// One numeral found in the text.
    public struct Reading: Hashable, Sendable {
        public var start: Int
        public var end: Int
        public var value: Double
        /// Upper bound of a range (3至5万, 二三十, 十几).
        public var upper: Double?
        /// Approximation written inside the numeral (20余万 → over, 十几 → about).
        public var approx: Approximation = .exact
        public var form: Form
        public var kind: Kind = .cardinal
        /// The numeral is one Chinese character (一, 两, 五): such readings need context.
        public var singleCharacter: Bool = false
        /// The numeral has no digit at all (万, 百, 千万): only valid before 分之 or a unit.
        public var unitOnly: Bool = false
        /// Starts with a unit character (百三, 十五, 千万).
        public var leadingUnit: Bool = false
        /// Arabic integer without separators or decimals, and its digit count (for years).
        public var plainDigits: Int = 0
        /// Product of the units written after the last digit (5万 → 10000; 3千万 → 10⁷).
        public var trailingScale: Double = 1
        /// The numeral ended at a character that cannot continue it although it looked like it
        /// should (十四五 → 十四 then 五): the run is a name rather than a number.
        public var malformed: Bool = false
    }

    // MARK: - character classes

    /// Value of a Chinese digit character, nil otherwise (`NumeralCharacters`).
    @inline(__always)
    public static func digitValue(_ c: Unicode.Scalar) -> Int? { NumeralCharacters.digitValue(c) }

    /// Value of a unit character below 万, nil otherwise.
    @inline(__always)
    public static func smallUnitValue(_ c: Unicode.Scalar) -> Double? { NumeralCharacters.smallUnitValue(c) }

    /// Value of 万/亿/兆 (兆 = 10¹² as in financial writing).
    @inline(__always)
    public static func bigUnitValue(_ c: Unicode.Scalar) -> Double? { NumeralCharacters.bigUnitValue(c) }

    /// Characters that make 兆 a unit prefix (兆瓦, 兆赫, 兆字节) rather than a multiplier.
    static var megaFollowers: Set<Unicode.Scalar> { NumeralCharacters.megaFollowers }

    @inline(__always) static func isAsciiDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\u{3000}" || c == "\t" || c == "\u{A0}" }
    @inline(__always) static func isLatin(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
    }

    /// Whether a character can start a Chinese numeral (digits, 十百千, 万亿, 廿卅卌).
    @inline(__always)
    public static func isNumeralCharacter(_ c: Unicode.Scalar) -> Bool { NumeralCharacters.isNumeralCharacter(c) }

    /// 几 and its traditional form 幾 (mixed-script text is not folded).
    /// One space that may group the digits of a printed number (space, no-break and thin spaces).
    @inline(__always) static func isThinSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\u{A0}" || c == "\u{2009}" || c == "\u{202F}"
    }

    @inline(__always) static func isJi(_ c: Unicode.Scalar) -> Bool { c == "几" || c == "幾" }

    /// Units that begin with a numeral character which belongs to the unit (千瓦 · 千克 · 千米 ·
    /// 千瓦时 · 百分点): the numeral ends before them (3.7亿千瓦 is 3.7亿 千瓦, not 3.7亿千 瓦).
    private var stopWords: [[Unicode.Scalar]] = []

    /// A reader that ends a numeral before any of `units` (see `UnitTable.numeralLedUnits`).
    public init(endingBefore units: [String]) {
        stopWords = units.map { Array($0.unicodeScalars) }.filter { $0.count >= 2 }.sorted { $0.count > $1.count }
    }

    /// Whether a stop word starts at `i`.
    @inline(__always) func stopsAt(_ s: [Unicode.Scalar], _ i: Int, _ limit: Int) -> Bool {
        guard !stopWords.isEmpty else { return false }
        for w in stopWords where w[0] == s[i] && i + w.count <= limit {
            var k = 1
            while k < w.count, s[i + k] == w[k] { k += 1 }
            if k == w.count { return true }
        }
        return false
    }

    // MARK: - reading

    /// The numeral starting exactly at `start` (sign, fraction, percent prefix and range included),
    /// or nil. `original` (same count as `s`) lets thousands separators require consistent width
    /// (１，０００ and 1,000 are numbers; 20，300 in running text is a list).
    public func read(_ s: [Unicode.Scalar], at start: Int, limit: Int, original: [Unicode.Scalar]? = nil) -> Reading? {
        guard start < limit else { return nil }
        var i = start
        var negative = false
        if s[i] == "负" || s[i] == "-" || s[i] == "−" {
            let j = i + 1
            guard j < limit, Self.isAsciiDigit(s[j]) || Self.isNumeralCharacter(s[j]) || (s[j] == "." && j + 1 < limit && Self.isAsciiDigit(s[j + 1])) else { return nil }
            if s[i] == "负", !(Self.isAsciiDigit(s[j]) || Self.digitValue(s[j]) != nil || Self.smallUnitValue(s[j]) != nil) { return nil }
            negative = true
            i = j
        }
        guard var first = cardinal(s, at: i, limit: limit, original: original) else { return nil }
        first.start = start
        // X分之Y (with spaces allowed: 三 分之 一, 百 分 之 2.4).
        if let (afterZhi, _) = matchFenZhi(s, at: first.end, limit: limit) {
            var k = afterZhi
            var negY = false
            if k < limit, s[k] == "负" { negY = true; k += 1 }
            if let y = cardinal(s, at: k, limit: limit, original: original), !y.unitOnly || y.value == 100 {
                var r = first
                r.end = y.end
                r.form = first.form == y.form ? y.form : .mixed
                r.singleCharacter = false
                r.unitOnly = false
                r.leadingUnit = false
                r.plainDigits = 0
                r.trailingScale = 1
                r.malformed = false
                r.approx = y.approx
                let yv = negY ? -y.value : y.value
                if first.unitOnly, first.upper == nil {
                    // 百分之 · 千分之 · 万分之 · 百万分之: a percent-like fraction.
                    let d = first.value
                    if d == 100 { r.kind = .percent; r.value = yv; r.upper = y.upper }
                    else if d == 1000 { r.kind = .permille; r.value = yv; r.upper = y.upper }
                    else { r.kind = .percent; r.value = yv * 100 / d; r.upper = y.upper.map { $0 * 100 / d } }
                    // 百分之一点多 · 百分之三点几: a whole percent and some tenths more.
                    if y.upper == nil, y.value == y.value.rounded(), y.end + 1 < limit, s[y.end] == "点" || s[y.end] == "點",
                       s[y.end + 1] == "多" || Self.isJi(s[y.end + 1]) {
                        r.end = y.end + 2
                        r.approx = .over
                    }
                } else {
                    guard first.value != 0 else { return nil }
                    r.kind = .fraction
                    r.value = yv / first.value
                    r.upper = nil
                }
                if negative { r.value = -r.value; r.upper = r.upper.map { -$0 } }
                return r
            }
        }
        if first.unitOnly {
            // A bare 万/千/百: only meaningful with a unit after it; the extractor decides.
            return negative ? nil : first
        }
        var r = first
        // Arabic fractions: 3/5, 16/5, mixed 1 3/5.
        if r.form == .arabic, r.plainDigits > 0, first.kind == .cardinal {
            if let (frac, end) = arabicFraction(s, at: r.end, limit: limit, original: original) {
                r.value = frac
                r.end = end
                r.kind = .fraction
                r.plainDigits = 0
            } else if r.end + 1 < limit, Self.isSpace(s[r.end]), Self.isAsciiDigit(s[r.end + 1]),
                      let (frac, end) = arabicFraction(s, at: r.end + 1, limit: limit, original: original, requireSlash: true),
                      frac.isFinite {
                // 1 3/5 → 1.6
                let whole = r.value
                r.value = whole + frac
                r.end = end
                r.kind = .fraction
                r.plainDigits = 0
            }
        }
        // 三百五又三分之一: a whole number plus a fraction.
        if r.kind == .cardinal, r.upper == nil {
            var k = skipSpaces(s, r.end, limit)
            if k < limit, s[k] == "又" {
                k = skipSpaces(s, k + 1, limit)
                if let f = read(s, at: k, limit: limit, original: original), f.kind == .fraction, f.value >= 0 {
                    r.value += f.value
                    r.end = f.end
                    r.kind = .fraction
                    r.plainDigits = 0
                    r.form = r.form == f.form ? r.form : .mixed
                }
            }
        }
        if negative {
            r.value = -r.value
            r.upper = r.upper.map { -$0 }
            r.plainDigits = 0
        }
        // Ranges: 3至5万, 3-5, 二十到三十.
        if r.kind == .cardinal, r.upper == nil, !negative, r.end < limit {
            let sep = s[r.end]
            let wordSep = sep == "至" || sep == "到"
            let dashSep = sep == "-" || sep == "~" || sep == "～" || sep == "—" || sep == "–" || sep == "〜"
            if wordSep || (dashSep && r.form != .chinese) {
                var k = r.end + 1
                if wordSep, k < limit, s[k] == "负" { k = limit }   // 至负… is not a range
                if k < limit, let y = cardinal(s, at: k, limit: limit, original: original), y.kind == .cardinal,
                   !y.unitOnly, y.upper == nil, !(dashSep && y.form == .chinese) {
                    var low = r.value
                    if r.trailingScale == 1, y.trailingScale > 1, low * y.trailingScale <= y.value { low *= y.trailingScale }
                    if y.value > low, !(dashSep && r.plainDigits == 4 && y.plainDigits > 0 && y.plainDigits <= 2) {
                        r.value = low
                        r.upper = y.value
                        r.end = y.end
                        r.form = r.form == y.form ? r.form : .mixed
                        r.trailingScale = y.trailingScale
                        r.singleCharacter = false
                        r.plainDigits = 0
                        if y.approx != .exact { r.approx = y.approx }
                    }
                }
            }
        }
        return r
    }

    /// Parses a whole string as one numeral; nil unless the numeral covers all of it.
    public func value(of text: String) -> Double? {
        let s = Array(TextFolder().fold(text).unicodeScalars)
        guard let r = read(s, at: 0, limit: s.count), r.end == s.count, !r.unitOnly else { return nil }
        return r.value
    }

    /// The reading of a whole string (for tests and the CLI).
    public func reading(of text: String) -> Reading? {
        let s = Array(TextFolder().fold(text).unicodeScalars)
        guard let r = read(s, at: 0, limit: s.count), r.end == s.count else { return nil }
        return r
    }

    // MARK: - pieces

    @inline(__always)
    func skipSpaces(_ s: [Unicode.Scalar], _ i: Int, _ limit: Int) -> Int {
        var j = i
        while j < limit, j - i < 6, Self.isSpace(s[j]) { j += 1 }
        return j
    }

    /// Matches 分之 (spaces allowed inside and before) at `i`; returns the index after 之.
    func matchFenZhi(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> (Int, Int)? {
        var k = skipSpaces(s, i, limit)
        guard k < limit, s[k] == "分" else { return nil }
        k = skipSpaces(s, k + 1, limit)
        guard k < limit, s[k] == "之" else { return nil }
        return (skipSpaces(s, k + 1, limit), k)
    }

    /// a/b at `i` (the integer a is read here when `requireSlash`; otherwise `i` is at the slash
    /// and the integer before it was read by the caller, given by the reading already parsed).
    func arabicFraction(_ s: [Unicode.Scalar], at i: Int, limit: Int, original: [Unicode.Scalar]?,
                        requireSlash: Bool = false) -> (Double, Int)? {
        if requireSlash {
            var k = i
            var a = 0.0
            while k < limit, Self.isAsciiDigit(s[k]) { a = a * 10 + Double(s[k].value - 48); k += 1 }
            guard k > i, k < limit, s[k] == "/" else { return nil }
            guard let (b, end) = denominator(s, at: k + 1, limit: limit), b != 0, (a / b).isFinite else { return nil }
            return (a / b, end)
        }
        // Caller's integer ends at i; the numerator is re-read backwards.
        guard i < limit, s[i] == "/" else { return nil }
        var k = i - 1
        var a = 0.0, scale = 1.0
        while k >= 0, Self.isAsciiDigit(s[k]) { a += Double(s[k].value - 48) * scale; scale *= 10; k -= 1 }
        // Both parts past Double's range (300-digit numbers) would give ∞/∞ = NaN.
        guard let (b, end) = denominator(s, at: i + 1, limit: limit), b != 0, (a / b).isFinite else { return nil }
        return (a / b, end)
    }

    private func denominator(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> (Double, Int)? {
        var k = i
        var b = 0.0
        while k < limit, Self.isAsciiDigit(s[k]) { b = b * 10 + Double(s[k].value - 48); k += 1 }
        guard k > i else { return nil }
        // A date (2021/12/31) or a path is not a fraction.
        if k < limit, s[k] == "/" || s[k] == "." && k + 1 < limit && Self.isAsciiDigit(s[k + 1]) { return nil }
        return (b, k)
    }

    /// An Arabic number at `i`: digits with thousands separators, decimals, exponent, power, k/M.
    /// Returns (value, end, plainDigits).
    func arabic(_ s: [Unicode.Scalar], at i: Int, limit: Int, original: [Unicode.Scalar]?) -> (Double, Int, Int)? {
        var k = i
        // The integer part, digit by digit in text order (no array: this runs for every number).
        var value = 0.0
        var integerDigits = 0
        var plain = true
        while k < limit, Self.isAsciiDigit(s[k]) { value = value * 10 + Double(s[k].value - 48); integerDigits += 1; k += 1 }
        if integerDigits == 0, !(k + 1 < limit && s[k] == "." && Self.isAsciiDigit(s[k + 1])) { return nil }
        // Thousands separators: groups of exactly three digits, the separator as wide as the digits.
        var mixedGroups = false
        while k < limit, s[k] == ",", integerDigits > 0 {
            let g = k + 4
            guard g <= limit, Self.isAsciiDigit(s[k + 1]), Self.isAsciiDigit(s[k + 2]), Self.isAsciiDigit(s[k + 3]),
                  g == limit || !Self.isAsciiDigit(s[g]) else { break }
            if let o = original {
                let wideSep = o[k].value >= 0xFF00
                let wideDigit = o[k - 1].value >= 0xFF00
                // A separator of another width is an enumeration comma (20，300) unless the digit
                // groups have the shape of one number before 万/亿 (33，212万吨 in 1980s reports).
                if wideSep != wideDigit, !mixedGroups {
                    guard integerDigits <= 3, Self.groupsBeforeMultiplier(s, k, limit) else { break }
                    mixedGroups = true
                }
            }
            for d in (k + 1)...(k + 3) { value = value * 10 + Double(s[d].value - 48) }
            integerDigits += 3
            k = g
            plain = false
        }
        // Thousands spaced as in print (28 800 人 · 1 250 000 元): groups of three after one space,
        // the last followed by a Chinese word (a table's columns are followed by digits or breaks).
        if plain, integerDigits <= 3, k < limit, Self.isThinSpace(s[k]) {
            var j = k
            var groups: [Int] = []
            while j + 3 < limit, Self.isThinSpace(s[j]), Self.isAsciiDigit(s[j + 1]), Self.isAsciiDigit(s[j + 2]), Self.isAsciiDigit(s[j + 3]) {
                groups.append(j + 1)
                j += 4
            }
            var next = j
            while next < limit, next - j < 2, Self.isSpace(s[next]) { next += 1 }
            if !groups.isEmpty, j == limit || !Self.isAsciiDigit(s[j]) && s[j] != "." && s[j] != ",",
               next < limit, s[next].value >= 0x3400, s[next].value < 0xA000 {
                for g in groups { for d in g..<(g + 3) { value = value * 10 + Double(s[d].value - 48) } }
                integerDigits += 3 * groups.count
                k = j
                plain = false
            }
        }
        if k + 1 < limit, s[k] == ".", Self.isAsciiDigit(s[k + 1]) {
            plain = false
            k += 1
            var scale = 0.1
            while k < limit, Self.isAsciiDigit(s[k]) { value += Double(s[k].value - 48) * scale; scale /= 10; k += 1 }
        }
        // Exponent 2e5 · 12.32e+14 · 2.7890e-1 (not followed by a letter: 3em is not a number).
        if k + 1 < limit, s[k] == "e" || s[k] == "E", let (e, j) = Self.exponent(s, k + 1, limit),
           j == limit || !Self.isLatin(s[j]) && !Self.isAsciiDigit(s[j]) {
            value *= pow(10, e)
            k = j
            plain = false
        }
        // Power 2^5 · 2.5^-1.
        if k + 1 < limit, s[k] == "^", let (e, j) = Self.exponent(s, k + 1, limit) {
            value = pow(value, e)
            k = j
            plain = false
        }
        // Thousand / million suffixes: 40k · 15K · 2.5M (not 5km, not 3MB).
        if k < limit, s[k] == "k" || s[k] == "K" || s[k] == "M" {
            let next = k + 1
            // 4K电视 is a resolution, not 4000: after the suffix only a non-letter, or 个 (12k个百分点).
            let hanNext = next < limit && s[next].value >= 0x3400 && s[next] != "个"
            if next == limit || !(Self.isLatin(s[next]) || Self.isAsciiDigit(s[next]) || hanNext) {
                value *= s[k] == "M" ? 1_000_000 : 1000
                k = next
                plain = false
            }
        }
        guard value.isFinite else { return nil }
        return (value, k, plain ? integerDigits : 0)
    }

    /// A signed exponent of up to four digits at `j` (+5 · -1 · 14), and where it ends.
    static func exponent(_ s: [Unicode.Scalar], _ start: Int, _ limit: Int) -> (Double, Int)? {
        var j = start
        var sign = 1.0
        if j < limit, s[j] == "+" || s[j] == "-" { sign = s[j] == "-" ? -1 : 1; j += 1 }
        var e = 0.0
        let ds = j
        while j < limit, isAsciiDigit(s[j]), j - ds < 4 { e = e * 10 + Double(s[j].value - 48); j += 1 }
        return j > ds ? (sign * e, j) : nil
    }

    /// Whether `s[k…]` is `,ddd` groups (at least one), optional decimals, then 万/亿/萬/億.
    static func groupsBeforeMultiplier(_ s: [Unicode.Scalar], _ k: Int, _ limit: Int) -> Bool {
        var j = k
        while j + 3 < limit, s[j] == ",", isAsciiDigit(s[j + 1]), isAsciiDigit(s[j + 2]), isAsciiDigit(s[j + 3]) { j += 4 }
        guard j > k, j < limit, !isAsciiDigit(s[j]) else { return false }
        if s[j] == ".", j + 1 < limit, isAsciiDigit(s[j + 1]) {
            j += 1
            while j < limit, isAsciiDigit(s[j]) { j += 1 }
        }
        guard j < limit, let u = bigUnitValue(s[j]) else { return false }
        return u < 1_000_000_000_000
    }

    /// Two parallel accumulators: `low` reads 几 as 0 and the first digit of a pair (二三十),
    /// `high` reads 几 as 9 and the second digit.
    private struct Acc {
        var total = 0.0
        var section = 0.0
        var num: Double?
        mutating func addSmall(_ u: Double, implicitOne: Bool) {
            section += (num ?? (implicitOne ? 1 : 0)) * u
            num = nil
        }
        var value: Double { total + section + (num ?? 0) }
    }

    /// Digits read one by one (二〇二一): their value, each folded in as `value * 10 + digit` in
    /// reading order, and how many.
    private struct DigitString {
        var value = 0.0
        var count = 0
        var isEmpty: Bool { count == 0 }
        mutating func append(_ digit: Int) {
            value = value * 10 + Double(digit)
            count += 1
        }
    }

    /// A cardinal number (Arabic, Chinese or mixed) at `i`.
    func cardinal(_ s: [Unicode.Scalar], at start: Int, limit: Int, original: [Unicode.Scalar]?) -> Reading? {
        var low = Acc(), high = Acc()
        var i = start
        var end = start
        var sawDigit = false
        var sawChinese = false
        var sawArabic = false
        var lastSmall = 100_000.0      // previous small unit in the current section (must decrease)
        var lastUnit = 0.0             // last unit of any size (for elision 一万三 → 13000)
        var lastBig = 0.0
        var afterZero = false
        var pendingSingleChinese = false   // `num` is one Chinese digit written right after a unit
        // Chinese digits without units (二〇二一). (Folded as read, not an array of the digits:
        // that was released on every read.)
        var digitString = DigitString()
        var approx = Approximation.exact
        var vague = false
        var pairRange = false
        var malformed = false
        var plainDigits = 0
        var trailingScale = 1.0
        var leadingUnit = false
        var unitCount = 0
        var decimals = false

        func applyElision(_ a: inout Acc) {
            if pendingSingleChinese, !afterZero, lastUnit >= 10, let n = a.num { a.num = n * lastUnit / 10 }
        }

        /// Bookkeeping shared by small (十百千) and big (万亿) units once one is taken.
        func consumeUnit(_ u: Double) {
            lastUnit = u
            afterZero = false
            pendingSingleChinese = false
            sawChinese = true
            unitCount += 1
            trailingScale *= u
            i += 1
            end = i
        }
        while i < limit {
            let c = s[i]
            // Spaces continue a Chinese numeral when a numeral part follows.
            if Self.isSpace(c) {
                let j = skipSpaces(s, i, limit)
                guard j < limit, sawChinese || sawArabic else { break }
                let n = s[j]
                let continues: Bool
                if Self.isAsciiDigit(n) { continues = false }
                else if Self.digitValue(n) != nil || Self.smallUnitValue(n) != nil || Self.bigUnitValue(n) != nil || n == "点" || n == "點" || n == "余" || Self.isJi(n) {
                    continues = sawChinese || (Self.bigUnitValue(n) != nil || Self.smallUnitValue(n) != nil)
                } else { continues = false }
                guard continues else { break }
                i = j
                continue
            }
            if Self.isAsciiDigit(c) || (c == "." && i == start) {
                guard low.num == nil, digitString.isEmpty,
                      let (v, e, plain) = arabic(s, at: i, limit: limit, original: original) else { break }
                low.num = v; high.num = v
                sawDigit = true; sawArabic = true
                plainDigits = plain
                pendingSingleChinese = false
                trailingScale = 1
                i = e; end = e
                continue
            }
            if let d = Self.digitValue(c) {
                let dv = Double(d)
                if d == 0, c != "两" {
                    if !digitString.isEmpty || (low.num != nil && lastUnit == 0 && !sawArabic) {
                        // 二〇二一: a digit string.
                        if digitString.isEmpty, let n = low.num { digitString.append(Int(n)) }
                        digitString.append(0)
                        i += 1; end = i
                        continue
                    }
                    if low.num != nil { break }   // 3零 is not a numeral
                    if !sawDigit && unitCount == 0 {
                        // A leading 零 (零点五, 零十).
                        sawChinese = true
                        afterZero = true
                        low.num = 0; high.num = 0; sawDigit = true
                        i += 1; end = i
                        low.num = nil; high.num = nil
                        continue
                    }
                    afterZero = true
                    i += 1
                    continue
                }
                if let n = low.num {
                    if !digitString.isEmpty || (lastUnit == 0 && !sawArabic) {
                        // Two digits without units: a pair range (二三 · 两三 · 七八) or a digit string.
                        if digitString.isEmpty, !pairRange, high.num == n,
                           Double(d) == n + 1 || (n == 2 && d == 3) {
                            pairRange = true
                            high.num = dv
                            i += 1; end = i
                            continue
                        }
                        if pairRange { malformed = true; break }
                        // 两 is never read digit by digit (两两 · 三两).
                        if c == "两" || c == "俩" || n == 2 && (s[i - 1] == "两" || s[i - 1] == "俩") { malformed = true; break }
                        if digitString.isEmpty { digitString.append(Int(n)) }
                        digitString.append(d)
                        i += 1; end = i
                        continue
                    }
                    if pendingSingleChinese, lastUnit >= 10, !pairRange, high.num == n, Double(d) == n + 1 {
                        // 十七八 → 17–18.
                        pairRange = true
                        high.num = dv
                        i += 1; end = i
                        continue
                    }
                    malformed = true
                    break
                }
                low.num = dv; high.num = dv
                sawDigit = true; sawChinese = true
                pendingSingleChinese = lastUnit >= 10
                trailingScale = 1
                i += 1; end = i
                continue
            }
            if Self.isJi(c) {
                guard low.num == nil, digitString.isEmpty, sawChinese || sawArabic else { break }
                low.num = 0; high.num = 9
                vague = true
                sawDigit = true
                pendingSingleChinese = lastUnit >= 10
                trailingScale = 1
                i += 1; end = i
                continue
            }
            if c == "廿" || c == "卅" || c == "卌" {
                guard low.num == nil, digitString.isEmpty, lastSmall > 10 else { break }
                let v: Double = c == "廿" ? 20 : c == "卅" ? 30 : 40
                low.section += v; high.section += v
                lastSmall = 10; lastUnit = 10
                sawDigit = true; sawChinese = true
                pendingSingleChinese = false
                afterZero = false
                i += 1; end = i
                continue
            }
            if let u = Self.smallUnitValue(c) {
                if i > start, stopsAt(s, i, limit) { break }
                if !digitString.isEmpty { malformed = true; break }
                guard u < lastSmall else { break }
                let leading = low.num == nil
                if leading {
                    // 十五, 百三, 零十; 一百零十万 (a 十 after 零 means 一十).
                    if sawDigit && !afterZero && lastUnit == 0 { break }
                    if !sawDigit && !sawChinese && unitCount == 0 { leadingUnit = true }
                }
                if decimals { break }
                if pairRange && high.num == nil { break }
                low.addSmall(u, implicitOne: true); high.addSmall(u, implicitOne: true)
                lastSmall = u
                consumeUnit(u)
                continue
            }
            if let u = Self.bigUnitValue(c) {
                if c == "兆", i + 1 < limit, Self.megaFollowers.contains(s[i + 1]) { break }
                if i > start, stopsAt(s, i, limit) { break }
                if !digitString.isEmpty {
                    // 二〇二〇万 is unusual but readable: treat the digit string as the coefficient.
                    low.num = digitString.value; high.num = digitString.value
                    digitString = DigitString()
                }
                let unitOnly = !sawDigit && unitCount == 0
                if unitOnly { leadingUnit = true }
                if decimals { decimals = false }
                for k in 0..<2 {
                    var a = k == 0 ? low : high
                    let sec = a.section + (a.num ?? (unitOnly ? 1 : 0))
                    if lastBig > 0, u >= lastBig {
                        a.total = (a.total + sec) * u
                    } else {
                        a.total += sec * u
                    }
                    a.section = 0
                    a.num = nil
                    if k == 0 { low = a } else { high = a }
                }
                lastBig = max(lastBig, u)
                lastSmall = 100_000
                consumeUnit(u)
                // 20余万 · 一千多万 · 三十万多亿: 余/多 before a further big unit.
                continue
            }
            if (c == "余" || c == "多" || c == "来"), sawDigit || unitCount > 0 {
                // Only inside the numeral: 20余万, 十 余 万, 一千多万.
                let j = skipSpaces(s, i + 1, limit)
                if j < limit, let _ = Self.bigUnitValue(s[j]), !(s[j] == "兆" && j + 1 < limit && Self.megaFollowers.contains(s[j + 1])) {
                    approx = c == "来" ? .about : .over
                    i = j
                    continue
                }
                break
            }
            if c == "点" || c == "點", sawChinese || (low.num != nil && !sawArabic), !decimals {
                // 十五点七 · 四百 点 五 · 三点一折; not 8点 (a time) and not 一点儿.
                let j = skipSpaces(s, i + 1, limit)
                guard j < limit, Self.digitValue(s[j]) != nil, s[j] != "两", s[j] != "俩", s[j] != "兩", s[j] != "倆" else { break }
                applyElision(&low); applyElision(&high)
                if !digitString.isEmpty {
                    low.num = digitString.value; high.num = digitString.value
                    digitString = DigitString()
                }
                var k = j
                var frac = 0.0, scale = 0.1
                while k < limit, let d = Self.digitValue(s[k]), s[k] != "两", s[k] != "俩" {
                    frac += Double(d) * scale
                    scale /= 10
                    k += 1
                }
                low.num = (low.num ?? 0) + frac
                high.num = (high.num ?? 0) + frac
                pendingSingleChinese = false
                afterZero = false
                decimals = true
                sawDigit = true
                lastSmall = 1
                trailingScale = 1
                i = k; end = k
                continue
            }
            break
        }
        guard end > start else { return nil }
        if !sawDigit && unitCount == 0 { return nil }
        applyElision(&low); applyElision(&high)
        var value: Double
        var upper: Double?
        if !digitString.isEmpty {
            value = digitString.value
            upper = nil
        } else {
            value = low.value
            let h = high.value
            upper = h != value ? h : nil
        }
        guard value.isFinite, upper?.isFinite ?? true else { return nil }
        let form: Form = sawArabic ? (sawChinese ? .mixed : .arabic) : .chinese
        var r = Reading(start: start, end: end, value: value, upper: upper, form: form)
        r.kind = digitString.isEmpty ? .cardinal : .digitString
        // 十几 · 二三十 · 十七八: a vague number, not an exact range.
        if vague || pairRange { r.approx = .about }
        if approx != .exact { r.approx = approx }
        r.singleCharacter = form == .chinese && end - start == 1
        r.unitOnly = !sawDigit && !(c0IsTen(s[start]))
        r.leadingUnit = leadingUnit
        r.plainDigits = form == .arabic && unitCount == 0 ? plainDigits : 0
        if r.kind == .digitString, form == .chinese { r.plainDigits = digitString.count }
        r.trailingScale = trailingScale
        r.malformed = malformed
        return r
    }

    /// 十 alone is a digit-bearing numeral (十 = 10); 百/千/万 alone are units only.
    private func c0IsTen(_ c: Unicode.Scalar) -> Bool { c == "十" || c == "拾" }
}
