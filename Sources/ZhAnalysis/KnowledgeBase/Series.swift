import Foundation

/// One statistical indicator lined up across places and periods: a row of the knowledge base's
/// `series` table. One row per indicator, measure, unit and unit kind that has facts from two or
/// more distinct places or periods (a figure stated once says nothing about a series).
public struct Series: Codable, Hashable, Sendable {
    /// The standard indicator (地区生产总值), from `indicators.tsv`.
    public var indicator: String
    /// How the facts state it (level, change, share, rank, target).
    public var measure: Measure?
    public var unit: String
    public var unitKind: String
    /// Sorted by period (start, end; undated last), place, article, quantity.
    public var points: [SeriesPoint]

    public init(indicator: String, measure: Measure?, unit: String, unitKind: String, points: [SeriesPoint]) {
        self.indicator = indicator
        self.measure = measure
        self.unit = unit
        self.unitKind = unitKind
        self.points = points
    }
}

/// A fact of a series.
public struct SeriesPoint: Codable, Hashable, Sendable {
    /// The fact's id: `<article id>#<index in the article's quantities>`.
    public var fact: String
    public var article: String
    /// Index of the statistic in its article's `quantities`.
    public var quantity: Int
    public var period: PeriodSpan?
    public var place: String?
    public var value: Double
    public var upper: Double?
    public var approx: Approximation
    /// Set when another point of the series has the same place and period but another value or
    /// bound: the sources disagree.
    public var conflict: Bool?

    public init(article: String, quantity: Int, period: PeriodSpan?, place: String?, value: Double, upper: Double?,
                approx: Approximation, conflict: Bool? = nil) {
        self.fact = "\(article)#\(quantity)"
        self.article = article
        self.quantity = quantity
        self.period = period
        self.place = place
        self.value = value
        self.upper = upper
        self.approx = approx
        self.conflict = conflict
    }
}

/// ISO dates, both inclusive (a `Period` without the words it came from).
public struct PeriodSpan: Codable, Hashable, Sendable, Comparable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    public static func < (a: PeriodSpan, b: PeriodSpan) -> Bool { a.start != b.start ? a.start < b.start : a.end < b.end }

    /// A short label: 2024 for a whole year, 2021..2024 for whole years, 2024-01..2024-06 for whole
    /// months, the day for a point, ISO dates otherwise.
    public var label: String {
        guard let (y1, m1, d1) = CivilDate.parts(start), let (y2, m2, d2) = CivilDate.parts(end) else { return start + ".." + end }
        if start == end { return start }
        if m1 == 1, d1 == 1, m2 == 12, d2 == 31 { return y1 == y2 ? String(y1) : "\(y1)..\(y2)" }
        if d1 == 1, d2 == CivilDate.daysIn(month: m2, year: y2) {
            let a = String(format: "%04d-%02d", y1, m1), b = String(format: "%04d-%02d", y2, m2)
            return a == b ? a : a + ".." + b
        }
        return start + ".." + end
    }
}

/// Collects the statistics with an indicator from article records (in any order) and builds the
/// `series` table; the result depends only on the set of records.
struct SeriesBuilder {
    private struct Key: Hashable, Comparable {
        var indicator: String
        var measure: String
        var unit: String
        var unitKind: String

        static func < (a: Key, b: Key) -> Bool {
            (a.indicator, a.measure, a.unit, a.unitKind) < (b.indicator, b.measure, b.unit, b.unitKind)
        }
    }

    private var points: [Key: [SeriesPoint]] = [:]

    /// Adds the facts of one article (`ArticleRecord.facts()`) that state an indicator. A fact's
    /// place falls back to the district of its section.
    mutating func add(_ article: ArticleRecord) {
        guard article.duplicateOf == nil else { return }
        for fact in article.facts() {
            let q = article.quantities[fact.quantity]
            guard let indicator = q.indicator, !indicator.isEmpty, q.value.isFinite else { continue }
            // Units are as written: 噸 of a Traditional report and 吨 line up as 吨.
            let key = Key(indicator: indicator, measure: q.measure?.rawValue ?? "", unit: Self.simplified(q.unit), unitKind: q.unitKind)
            points[key, default: []].append(SeriesPoint(
                article: fact.article, quantity: fact.quantity, period: q.period.map { PeriodSpan(start: $0.start, end: $0.end) },
                place: q.place ?? fact.district, value: q.value, upper: q.upper, approx: q.approx))
        }
    }

    /// A unit in Simplified characters (units are kept as written, series line them up).
    static func simplified(_ unit: String) -> String {
        unit.unicodeScalars.allSatisfy(\.isASCII) ? unit : TextFolder(script: .traditional).fold(unit)
    }

    /// The series table: rows with two or more distinct (place, period), sorted by key; points
    /// sorted, those sharing a place and period with different values flagged `conflict`.
    func series() -> [Series] {
        var out: [Series] = []
        for (key, list) in points.sorted(by: { $0.key < $1.key }) {
            var list = list.sorted(by: Self.pointOrder)
            struct Cell: Hashable { var place: String?; var period: PeriodSpan? }
            var values: [Cell: Set<String>] = [:]
            for p in list { values[Cell(place: p.place, period: p.period), default: []].insert("\(p.value)|\(p.upper.map { "\($0)" } ?? "")") }
            guard values.count >= 2 else { continue }
            for k in list.indices where values[Cell(place: list[k].place, period: list[k].period)]!.count > 1 { list[k].conflict = true }
            out.append(Series(indicator: key.indicator, measure: key.measure.isEmpty ? nil : Measure(rawValue: key.measure),
                              unit: key.unit, unitKind: key.unitKind, points: list))
        }
        return out
    }

    static func pointOrder(_ a: SeriesPoint, _ b: SeriesPoint) -> Bool {
        switch (a.period, b.period) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return false
        case (_?, nil): return true
        default: break
        }
        if a.place != b.place { return (a.place ?? "\u{10FFFF}") < (b.place ?? "\u{10FFFF}") }
        if a.article != b.article { return a.article < b.article }
        return a.quantity < b.quantity
    }
}
