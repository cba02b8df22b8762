import Foundation

/// Closed word classes read around a number: approximation cues, linking and boundary words,
/// time words (grammar, not vocabulary).
extension QuantityExtractor {
    // MARK: - closed word classes (grammar, not vocabulary)









    /// Endings that extend a year or date quantity used as a time (2021年以来 · 2020年底).
    static let timeSuffixScalars: [[Unicode.Scalar]] = ["以来", "年底", "年初", "底", "初", "末"].map { Array($0.unicodeScalars) }
    static let yilai = scalars("以来"), renminbi = scalars("人民币"), meifen = scalars("美分")

    /// Period characters (年 月 日 天 周).
    @inline(__always) static func isPeriodChar(_ c: Unicode.Scalar) -> Bool {
        c == "年" || c == "月" || c == "日" || c == "天" || c == "周"
    }

    /// Characters after a bare Chinese numeral that still let it stand as a number (五和六 · 三的写法).
    static func isBareFollower(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "的", "和", "与", "或", "这", "那", "而", "却", "不", "也", "及", "、": return true
        default: return false
        }
    }

    /// Financial numerals (壹 贰 … 拾 佰 仟) never stand alone: 拾起 · 伍仁 · 陆地 · 放肆.
    static func isFinancialDigit(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "佰", "仟": return true
        default: return false
        }
    }

    /// Marks of scores, ratios and clock times (2∶1 · 1:3 · 8:30).
    @inline(__always) static func isRatioMark(_ c: Unicode.Scalar) -> Bool { c == "∶" || c == ":" || c == "：" }

    /// Characters before 近 that make it part of a word (最近 · 附近 · 靠近 · 接近 · 临近 · 将近 · 亲近).
    static func isNearCompound(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "最", "附", "靠", "接", "临", "将", "亲": return true
        default: return false
        }
    }

    /// Characters after 多/余 that still let a duration end there (3年多来 · 半年多了 · 一年多的).
    static func continuesDuration(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "来", "了", "的", "时", "后", "前", "里": return true
        default: return false
        }
    }
    static let clauseBreaks: Set<Unicode.Scalar> = ["，", "。", "；", "：", "！", "？", ",", ";", ":", "!", "?", "\n", "\r", "(", ")", "（", "）", "…"]
    static let sentenceEnds: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?", "\n", "\r"]
    static let openQuotes: Set<Unicode.Scalar> = ["“", "「", "『", "‘", "\""]
    static let closeQuotes: Set<Unicode.Scalar> = ["”", "」", "』", "’", "\""]

    @inline(__always) static func isHan(_ c: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(c.value) || (0x3400...0x4DBF).contains(c.value) || (0x20000...0x2FFFF).contains(c.value)
    }

    @inline(__always) static func isNumeralStart(_ c: Unicode.Scalar) -> Bool {
        ChineseNumber.isAsciiDigit(c) || ChineseNumber.isNumeralCharacter(c)
    }

    /// `isNumeralStart` by table.
    @inline(__always) func isNumeralStart(_ c: Unicode.Scalar) -> Bool {
        ChineseNumber.isAsciiDigit(c) || flags.contains(c, Flag.numeral)
    }
}
