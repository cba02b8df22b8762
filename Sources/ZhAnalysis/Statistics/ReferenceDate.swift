import Foundation

/// The date a document's relative time words are read against (今年, 去年, 目前), as precise as it
/// is known: a year, a month of a year, or a day — and where it came from.
public struct ReferenceDate: Hashable, Codable, Sendable {
    /// Where the date came from.
    public enum Source: String, Codable, Sendable, CaseIterable {
        /// Written in the article: a dated report head (2025年1月18日在…会议上), a date line, a
        /// dateline (新华社北京3月5日电, its year from the given date or the title).
        case text
        /// The `date` of a record (`--input-format jsonl`).
        case record
        /// `--date YYYY-MM-DD`.
        case option
        /// The year in the title of a work report (2025年河南省政府工作报告: delivered in 2025).
        case title
    }

    public var year: Int
    public var month: Int?
    public var day: Int?
    public var source: Source

    public init(year: Int, month: Int? = nil, day: Int? = nil, source: Source) {
        self.year = year
        self.month = month
        self.day = month == nil ? nil : day
        self.source = source
    }

    /// Reads `YYYY-MM-DD` (a valid calendar day), nil otherwise.
    public init?(iso: String, source: Source) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { return nil }
        self.init(year: y, month: m, day: d, source: source)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the date is known.
    public var iso: String {
        guard let m = month else { return CivilDate.padded(year, 4) }
        guard let d = day else { return CivilDate.padded(year, 4) + "-" + CivilDate.padded(m, 2) }
        return CivilDate.iso(year, m, d)
    }

    /// The period the date stands for: its day, month or year.
    var period: (start: String, end: String) {
        guard let m = month else { return (CivilDate.iso(year, 1, 1), CivilDate.iso(year, 12, 31)) }
        guard let d = day else { return (CivilDate.iso(year, m, 1), CivilDate.iso(year, m, CivilDate.daysIn(month: m, year: year))) }
        return (CivilDate.iso(year, m, d), CivilDate.iso(year, m, d))
    }

    enum CodingKeys: String, CodingKey { case date, from }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .date)
        let source = try c.decode(Source.self, forKey: .from)
        let parts = text.split(separator: "-").map { Int($0) }
        guard (1...3).contains(parts.count), let y = parts[0] else {
            throw DecodingError.dataCorruptedError(forKey: .date, in: c, debugDescription: "not YYYY[-MM[-DD]]: \(text)")
        }
        self.init(year: y, month: parts.count > 1 ? parts[1] : nil, day: parts.count > 2 ? parts[2] : nil, source: source)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iso, forKey: .date)
        try c.encode(source, forKey: .from)
    }
}

/// Calendar arithmetic on proleptic Gregorian days, for periods.
enum CivilDate {
    static func iso(_ y: Int, _ m: Int, _ d: Int) -> String {
        // The usual date (years 0–9999, two-digit months and days): its ten ASCII bytes written
        // at once, a small string with no allocation; joining three padded pieces cost ~800
        // instructions a date.
        guard (0...9999).contains(y), (0...99).contains(m), (0...99).contains(d) else {
            return padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { b in
            func digit(_ v: Int) -> UInt8 { UInt8(truncatingIfNeeded: v) &+ 0x30 }
            b[0] = digit(y / 1000); b[1] = digit(y / 100 % 10); b[2] = digit(y / 10 % 10); b[3] = digit(y % 10)
            b[4] = 0x2D; b[5] = digit(m / 10); b[6] = digit(m % 10)
            b[7] = 0x2D; b[8] = digit(d / 10); b[9] = digit(d % 10)
            return String(decoding: b, as: UTF8.self)
        }
    }

    /// `v` as `String(format: "%0<width>d", v)` writes it (zeros after the sign up to `width`
    /// characters), without Foundation's formatter, which cost more than the rest of a period.
    static func padded(_ v: Int, _ width: Int) -> String {
        guard let v32 = Int32(exactly: v) else { return String(format: "%0\(width)d", v) }
        let digits = String(v32.magnitude)
        let sign = v32 < 0 ? "-" : ""
        let zeros = width - sign.count - digits.count
        return zeros > 0 ? sign + String(repeating: "0", count: zeros) + digits : sign + digits
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y2 = m <= 2 ? y - 1 : y
        let era = (y2 >= 0 ? y2 : y2 - 399) / 400
        let yoe = y2 - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The calendar day of a day number (civil_from_days).
    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The day `n` days after `y-m-d`, ISO.
    static func adding(days n: Int, to y: Int, _ m: Int, _ d: Int) -> String {
        let (a, b, c) = civil(ordinal(y, m, d) + n)
        return iso(a, b, c)
    }

    /// Year and month of the month `n` months after `y-m`.
    static func adding(months n: Int, to y: Int, _ m: Int) -> (Int, Int) {
        let k = y * 12 + (m - 1) + n
        return (k >= 0 ? k / 12 : (k - 11) / 12, ((k % 12) + 12) % 12 + 1)
    }

    /// Year, month, day of an ISO date.
    static func parts(_ iso: String) -> (Int, Int, Int)? {
        // YYYY-MM-DD (every date `iso` writes for years 1000…9999) read off its bytes; anything
        // else split as written, which costs more than the rest of a period's checks.
        if iso.utf8.count == 10 {
            let fast: (Int, Int, Int)? = iso.utf8.withContiguousStorageIfAvailable { b in
                func digits(_ from: Int, _ to: Int) -> Int? {
                    var v = 0
                    for i in from..<to {
                        guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                        v = v * 10 + Int(b[i] - 0x30)
                    }
                    return v
                }
                guard b[4] == 0x2D, b[7] == 0x2D, let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10) else { return nil }
                return (y, m, d)
            } ?? nil
            if let fast { return fast }
        }
        let p = iso.split(separator: "-").compactMap { Int($0) }
        return p.count == 3 ? (p[0], p[1], p[2]) : nil
    }
}
