/// The one table of Chinese numeral characters, read by the numeral reader (`ChineseNumber`) and
/// by the segmenter's number scanner (`NumberScanner`), so that both agree on what a numeral is.
///
/// Digits (simplified, traditional, financial): 零〇○ 一壹 二贰两俩貳兩倆 三叁參 四肆 五伍 六陆陸 七柒
/// 八捌 九玖; tens 廿 (20) 卅 (30) 卌 (40); small units 十拾 百佰 千仟; big units 万萬 亿億 兆 (10¹², as
/// in financial writing).
public enum NumeralCharacters {
    /// Value of a digit character, nil otherwise.
    @inline(__always)
    public static func digitValue(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "零", "〇", "○": return 0
        case "一", "壹": return 1
        case "二", "贰", "两", "俩", "貳", "兩", "倆": return 2
        case "三", "叁", "參": return 3
        case "四", "肆": return 4
        case "五", "伍": return 5
        case "六", "陆", "陸": return 6
        case "七", "柒": return 7
        case "八", "捌": return 8
        case "九", "玖": return 9
        default: return nil
        }
    }

    /// Value of 廿 卅 卌.
    @inline(__always)
    public static func tensValue(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "廿": return 20
        case "卅": return 30
        case "卌": return 40
        default: return nil
        }
    }

    /// Value of a unit character below 万, nil otherwise.
    @inline(__always)
    public static func smallUnitValue(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "十", "拾": return 10
        case "百", "佰": return 100
        case "千", "仟": return 1000
        default: return nil
        }
    }

    /// Value of 万/亿/兆.
    @inline(__always)
    public static func bigUnitValue(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "万", "萬": return 10_000
        case "亿", "億": return 100_000_000
        case "兆": return 1_000_000_000_000
        default: return nil
        }
    }

    /// Characters that make 兆 a unit prefix (兆瓦, 兆赫, 兆字节) rather than a multiplier.
    public static let megaFollowers: Set<Unicode.Scalar> = ["瓦", "赫", "字", "帕", "欧", "比", "焦", "伏", "安", "吨"]

    /// Every numeral character, one bit per code point.
    static let all = ScalarBits((0x3000...0x9FFF).compactMap { v -> Unicode.Scalar? in
        guard let c = Unicode.Scalar(v) else { return nil }
        return digitValue(c) != nil || tensValue(c) != nil || smallUnitValue(c) != nil || bigUnitValue(c) != nil ? c : nil
    })
    /// Digits and tens (the characters a numeral may begin with besides 十).
    static let digits = ScalarBits((0x3000...0x9FFF).compactMap { v -> Unicode.Scalar? in
        guard let c = Unicode.Scalar(v) else { return nil }
        return digitValue(c) != nil || tensValue(c) != nil ? c : nil
    })

    /// Whether `c` is a numeral character (digit, 廿卅卌, 十百千, 万亿兆).
    @inline(__always) public static func isNumeralCharacter(_ c: Unicode.Scalar) -> Bool { all.contains(c.value) }
    /// Whether `c` is a digit or 廿卅卌.
    @inline(__always) public static func isDigitCharacter(_ c: Unicode.Scalar) -> Bool { digits.contains(c.value) }
}

/// A small set of code points: a bit table over the range they span.
struct ScalarBits: Sendable {
    private let bits: [UInt64]
    private let low: UInt32
    private let high: UInt32

    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        let values = scalars.map { $0.value }.sorted()
        low = values.first ?? 1
        high = values.last ?? 0
        var bits = [UInt64](repeating: 0, count: values.isEmpty ? 0 : Int(high - low) / 64 + 1)
        for v in values { bits[Int(v - low) >> 6] |= 1 << UInt64((v - low) & 63) }
        self.bits = bits
    }

    /// (A code point in `low...high` has its word in the table: read without a bounds check.)
    @inline(__always) func contains(_ v: UInt32) -> Bool {
        if v < low || v > high { return false }
        let i = v - low
        return bits.withUnsafeBufferPointer { $0[Int(i >> 6)] } & (1 << UInt64(i & 63)) != 0
    }
}
