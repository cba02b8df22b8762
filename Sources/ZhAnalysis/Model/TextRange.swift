/// A half-open range `[start, end)` of offsets into `Document.text`.
///
/// The unit is the **Unicode code point** (Unicode scalar): offsets are exactly Python `str`
/// indices, and the JSON output states it once as `"offsetUnit": "codepoint"`.
public struct TextRange: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "TextRange start must not exceed end")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    public func contains(_ other: TextRange) -> Bool { start <= other.start && other.end <= end }
    public func overlaps(_ other: TextRange) -> Bool { start < other.end && other.start < end }

    public static func < (lhs: TextRange, rhs: TextRange) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }

    public var description: String { "[\(start), \(end))" }
}

/// The unit name written at the top of every JSON output.
public let offsetUnitName = "codepoint"
