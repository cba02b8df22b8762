import Testing
@testable import ZhAnalysis

/// One test per numeral form of issue 4, on whole strings.
@Suite struct ChineseNumberTests {
    let reader = ChineseNumber()

    @Test(arguments: [
        // Arabic, decimals, thousands separators, full width (folded).
        ("13500", 13500.0), ("33.5", 33.5), ("13,500", 13500), ("1,234,567.25", 1234567.25), ("４，５００", 4500),
        ("１２．５", 12.5), (".75", 0.75), ("-8", -8), ("负3.5", -3.5),
        // Chinese numerals.
        ("零", 0), ("十", 10), ("十二", 12), ("二十", 20), ("一百零八", 108), ("三千零五十", 3050), ("两千", 2000),
        ("一万二千三百四十五", 12345), ("一亿零五百万", 105_000_000), ("二〇二三", 2023), ("一九九八", 1998),
        ("廿三", 23), ("卅一", 31), ("壹仟贰佰叁拾肆", 1234), ("伍佰", 500), ("拾万", 100_000),
        // Elision: the last digit takes the next unit down.
        ("两千三", 2300), ("一万五", 15000), ("三百六", 360), ("八十二万三", 823_000), ("千五", 1500),
        // Mixed Arabic and Chinese.
        ("2.5万", 25000), ("3千万", 30_000_000), ("1.2亿", 120_000_000), ("1,100万", 11_000_000), ("6万3000", 63000),
        ("12万5千", 125_000), ("4千零8", 4008),
        // Big units multiplying everything before them.
        ("一万五千亿", 1.5e12), ("三万亿", 3e12), ("八千六百万亿", 8.6e15), ("两万万", 2e8), ("一万零三千", 13000),
        // Decimals written in Chinese.
        ("三点五", 3.5), ("零点零八", 0.08), ("十二点七五", 12.75), ("三千二点五", 3200.5), ("一点二亿", 120_000_000),
        // Fractions.
        ("三分之一", 1.0 / 3), ("四分之三", 0.75), ("5分之2", 0.4), ("7/8", 0.875), ("二又二分之一", 2.5),
        // Exponents and suffixes.
        ("3e3", 3000), ("1.5E-2", 0.015), ("12k", 12000),
    ] as [(String, Double)])
    func values(_ text: String, _ expected: Double) {
        let v = reader.value(of: text)
        #expect(v != nil)
        if let v { #expect(abs(v - expected) <= 1e-9 * max(1, abs(expected)), "\(text) → \(v)") }
    }

    @Test(arguments: [
        ("百分之三十", ChineseNumber.Kind.percent, 30.0), ("百分之三点五", .percent, 3.5), ("百分之百", .percent, 100),
        ("百分之12.5", .percent, 12.5), ("千分之五", .permille, 5), ("千分之二点五", .permille, 2.5),
        ("万分之八", .percent, 0.08), ("三分之二", .fraction, 2.0 / 3),
    ] as [(String, ChineseNumber.Kind, Double)])
    func percentLike(_ text: String, _ kind: ChineseNumber.Kind, _ value: Double) {
        let r = reader.reading(of: text)
        #expect(r?.kind == kind)
        if let r { #expect(abs(r.value - value) < 1e-9) }
    }

    @Test(arguments: [
        // (text, low, high, approximation)
        ("3至5万", 30000.0, 50000.0, Approximation.exact), ("3-5", 3, 5, .exact), ("10到20", 10, 20, .exact),
        // Two neighbouring digits are a vague number, not an exact range.
        ("二三十", 20, 30, .about), ("两三", 2, 3, .about), ("七八百", 700, 800, .about), ("三四万", 30000, 40000, .about),
        ("十七八", 17, 18, .about), ("十几", 10, 19, .about), ("二十几", 20, 29, .about),
        ("1.5至2亿", 150_000_000, 200_000_000, .exact),
    ] as [(String, Double, Double, Approximation)])
    func ranges(_ text: String, _ low: Double, _ high: Double, _ approx: Approximation) {
        let r = reader.reading(of: text)
        #expect(r?.value == low)
        #expect(r?.upper == high)
        #expect(r?.approx == approx)
    }

    @Test func vagueMultipliers() {
        // 余/多/来 between a number and a big unit: 20余万 = over 200000.
        #expect(reader.reading(of: "20余万")?.value == 200_000)
        #expect(reader.reading(of: "20余万")?.approx == .over)
        #expect(reader.reading(of: "一千多万")?.value == 10_000_000)
        #expect(reader.reading(of: "一千多万")?.approx == .over)
        // 三十万多亿: read as more than 30 万亿 (3×10¹³), not an error.
        #expect(reader.reading(of: "三十万多亿")?.value == 3e13)
        #expect(reader.reading(of: "三十万多亿")?.approx == .over)
    }

    @Test func notNumbersOrNotWhole() {
        // 两 is never read digit by digit; 十四五 is not one number; a lone 万 has no digit.
        #expect(reader.value(of: "两两") == nil)
        #expect(reader.reading(of: "万")?.unitOnly == true)
        #expect(reader.value(of: "万") == nil)
        #expect(reader.value(of: "负责") == nil)
        // 8点 is a clock time, not 8.x; 一点儿 is not a decimal.
        #expect(reader.read(Array("8点".unicodeScalars), at: 0, limit: 2)?.end == 1)
        #expect(reader.read(Array("一点儿".unicodeScalars), at: 0, limit: 3)?.end == 1)
        // A date is not a range: 2021-12 stops after the year.
        #expect(reader.read(Array("2021-12".unicodeScalars), at: 0, limit: 7)?.upper == nil)
        // Thousands separators must match the digits' width: 20，300 in running text is a list.
        let text = Array("20，300".unicodeScalars)
        let folded = Array(TextFolder().fold("20，300").unicodeScalars)
        #expect(reader.read(folded, at: 0, limit: folded.count, original: text)?.value == 20)
    }

    @Test func spacedNumerals() {
        #expect(reader.value(of: "三 百 二 十") == 320)
        #expect(reader.value(of: "5 万") == 50000)
        // Two Arabic numbers separated by a space stay two numbers.
        #expect(reader.read(Array("12 34".unicodeScalars), at: 0, limit: 5)?.end == 2)
    }

    @Test func yearsKeepTheirDigits() {
        #expect(reader.reading(of: "2021")?.plainDigits == 4)
        #expect(reader.reading(of: "二〇二一")?.kind == .digitString)
        #expect(reader.reading(of: "二〇二一")?.plainDigits == 4)
        #expect(reader.reading(of: "2,021")?.plainDigits == 0)
    }
}
