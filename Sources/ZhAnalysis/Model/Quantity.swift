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
    /// Normalised unit ("人", "元", "%", "" for a bare number).
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

    public init(text: String, range: TextRange, value: Double, upper: Double? = nil,
                approx: Approximation = .exact, unit: String = "", unitKind: String = "count",
                subject: String = "", qualifiers: [String] = [], place: String? = nil,
                time: String? = nil, sentence: Int? = nil) {
        self.text = text
        self.start = range.start
        self.end = range.end
        self.value = value
        self.upper = upper
        self.approx = approx
        self.unit = unit
        self.unitKind = unitKind
        self.subject = subject
        self.qualifiers = qualifiers
        self.place = place
        self.time = time
        self.sentence = sentence
    }

    public var range: TextRange { TextRange(start: start, end: end) }
}
