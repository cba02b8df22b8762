/// A recoverable problem found while analysing (an unparsable numeral, an empty section, a file
/// skipped as binary). Unrecoverable problems are `ZhError`s instead.
public struct Diagnostic: Hashable, Codable, Sendable {
    public enum Severity: String, Codable, Sendable { case note, warning, error }

    public var severity: Severity
    /// The stage (or reader) that found it.
    public var stage: String
    public var message: String
    public var start: Int?
    public var end: Int?

    public init(severity: Severity, stage: String, message: String, range: TextRange? = nil) {
        self.severity = severity
        self.stage = stage
        self.message = message
        self.start = range?.start
        self.end = range?.end
    }
}
