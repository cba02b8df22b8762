/// How a stated number relates to the true value.
public enum Approximation: String, Codable, Sendable, CaseIterable {
    case exact
    case over        // 余, 多, 逾, 超过, 以上
    case about       // 近, 约, 左右, 上下
    case under       // 不到, 不足, 以下, 低于
    case atLeast = "at_least"   // 至少, 不少于
    case atMost = "at_most"     // 不超过, 至多
    case max         // 最高, 最多
}

/// How a statistic states its indicator (set by `StatisticClassifier`).
public enum Measure: String, Codable, Sendable, CaseIterable {
    /// The amount itself (生产总值6.36万亿元).
    case level
    /// A change against a base (比上年增长5.1%, 同比下降2个百分点, 为1949年的2.5倍).
    case change
    /// A part of a whole or a rate (占比36%, 覆盖率85%).
    case share
    /// A place in a ranking (居全国第5位).
    case rank
    /// A goal or plan (预期目标增长5%左右, 力争).
    case target
}

/// What a number is in its text. Only statistics go to the knowledge base's fact table; the
/// article record keeps every quantity with its role.
public enum QuantityRole: String, Codable, Sendable, CaseIterable {
    /// A measured or counted figure (53万人 · 增长5.5% · 3.7亿千瓦).
    case statistic
    /// A year, date, month or time of day (2024年 · 3月5日 · 8时 · 2016/17).
    case time
    /// An ordinal or anniversary (第四批 · 成立75周年 · 二十届三中全会).
    case ordinal
    /// A place in a ranking (全国第6 · 前10 · 排名第三).
    case rank
    /// A label: list numbers and names written with numerals (一、 · （三） · 十四五).
    case label
    /// A numeral used as an article rather than a count (一个国家 · 打赢一场 · 过去一年).
    case generic
}

/// A value in SI units beside the written one (52万亩 → 346666666.67 m²).
public struct SIValue: Hashable, Codable, Sendable {
    public var value: Double
    public var unit: String
    public init(value: Double, unit: String) {
        self.value = value
        self.unit = unit
    }
}

/// A period of time: ISO dates (YYYY-MM-DD), both inclusive, and the words it came from.
public struct Period: Hashable, Codable, Sendable {
    public var text: String
    public var start: String
    public var end: String
    public init(text: String, start: String, end: String) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// A numeric fact: value (multipliers expanded), unit, what is counted, where and when.
public struct Quantity: Hashable, Codable, Sendable {
    /// Source text of the whole quantity expression (original characters).
    public var text: String
    public var start: Int
    public var end: Int
    public var value: Double
    /// Upper bound for ranges (3至5万 → value 30000, upper 50000).
    public var upper: Double?
    public var approx: Approximation
    /// The unit as written, multipliers expanded and classifiers dropped ("亩" for 52万亩, "元" for
    /// 10万元, "%", "" for a bare number).
    public var unit: String
    /// person, person_time, household, money, age, percent, count, duration, length, area, mass,
    /// year, ordinal, date…
    public var unitKind: String
    /// The thing counted (托位, 未成年人), "" when none was found.
    public var subject: String
    /// Words that qualify the figure, as written: rates and periods (每千人口, 每年, 人均), and for
    /// a change its comparison base then its direction (比上年, 同比; 增长, 下降: 比上年增长6.0%).
    public var qualifiers: [String]
    public var place: String?
    public var time: String?
    public var sentence: Int?
    /// The standard statistical indicator the figure states (地区生产总值), from `indicators.tsv`.
    public var indicator: String?
    /// How the figure states it (level, change, share, rank, target).
    public var measure: Measure?
    /// What the number is (statistic, time, ordinal, rank, label, generic).
    public var role: QuantityRole = .statistic
    /// The value in SI units, for convertible units (亩 · 吨 · 公里 · 千瓦时).
    public var si: SIValue?
    /// The period a `time` quantity names (2024年 → 2024-01-01…2024-12-31).
    public var period: Period?
    /// The terms of a ratio (2.4∶48.0∶49.6), `value` being the first.
    public var terms: [Double]?

    public var range: TextRange { TextRange(start: start, end: end) }

    enum CodingKeys: String, CodingKey {
        case text, start, end, value, upper, approx, unit, unitKind, subject, qualifiers, place, time, sentence
        case role, si, period, terms
        case indicator, measure
    }
}

extension Quantity {
    public init(text: String, range: TextRange, value: Double, upper: Double? = nil,
                approx: Approximation = .exact, unit: String = "", unitKind: String = "count",
                subject: String = "", qualifiers: [String] = [], place: String? = nil,
                time: String? = nil, sentence: Int? = nil) {
        self.init(text: text, range: range, value: value, upper: upper, approx: approx, unit: unit, unitKind: unitKind,
                  subject: subject, qualifiers: qualifiers, place: place, time: time, sentence: sentence,
                  role: .statistic, si: nil, period: nil, terms: nil)
    }

    /// Every field but the classifier's (`indicator`, `measure`), for a stage that finds them all
    /// before building the quantity: set one by one after `init`, they cost copies of the whole.
    /// (The memberwise init, which needs the initialisers out of the struct's body, builds the
    /// quantity once; assigned field by field, it was built and then copied.)
    init(text: String, range: TextRange, value: Double, upper: Double?, approx: Approximation, unit: String,
         unitKind: String, subject: String, qualifiers: [String], place: String?, time: String?, sentence: Int?,
         role: QuantityRole, si: SIValue?, period: Period?, terms: [Double]?) {
        self.init(text: text, start: range.start, end: range.end, value: value, upper: upper, approx: approx, unit: unit,
                  unitKind: unitKind, subject: subject, qualifiers: qualifiers, place: place, time: time, sentence: sentence,
                  indicator: nil, measure: nil, role: role, si: si, period: period, terms: terms)
    }

    /// Reads a quantity; records written before roles existed read as statistics.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        start = try c.decode(Int.self, forKey: .start)
        end = try c.decode(Int.self, forKey: .end)
        value = try c.decode(Double.self, forKey: .value)
        upper = try c.decodeIfPresent(Double.self, forKey: .upper)
        approx = try c.decode(Approximation.self, forKey: .approx)
        unit = try c.decode(String.self, forKey: .unit)
        unitKind = try c.decode(String.self, forKey: .unitKind)
        subject = try c.decode(String.self, forKey: .subject)
        qualifiers = try c.decode([String].self, forKey: .qualifiers)
        place = try c.decodeIfPresent(String.self, forKey: .place)
        time = try c.decodeIfPresent(String.self, forKey: .time)
        sentence = try c.decodeIfPresent(Int.self, forKey: .sentence)
        role = try c.decodeIfPresent(QuantityRole.self, forKey: .role) ?? .statistic
        si = try c.decodeIfPresent(SIValue.self, forKey: .si)
        period = try c.decodeIfPresent(Period.self, forKey: .period)
        terms = try c.decodeIfPresent([Double].self, forKey: .terms)
        indicator = try c.decodeIfPresent(String.self, forKey: .indicator)
        measure = try c.decodeIfPresent(Measure.self, forKey: .measure)
    }
}
