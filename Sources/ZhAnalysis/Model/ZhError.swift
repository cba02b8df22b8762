/// Unrecoverable errors. Each case locates the problem; the library never aborts on bad data.
public enum ZhError: Error, Equatable, CustomStringConvertible {
    case malformedLexiconLine(file: String, line: Int, text: String)
    case missingDictionary(path: String)
    case icuFailure(operation: String, status: Int32, name: String)
    case unreadableFile(path: String, reason: String)
    case undecodableText(path: String, reason: String)
    case stageFailed(stage: String, reason: String)
    case invalidArgument(String)
    /// An article record (JSON Lines, extract output or a KB line) that is malformed or breaks
    /// the KB's rules; `line` is 1-based when the input is line-oriented.
    case invalidRecord(path: String, line: Int?, reason: String)
    /// A fact (`"<article id>#<quantity index>"`) that does not resolve against the article given.
    case unresolvedFact(id: String, reason: String)
    /// A file the program needs from a system package is missing (the chart library of the
    /// HTML report): the path looked at and the package that installs it.
    case missingPackageFile(path: String, package: String)

    public var description: String {
        switch self {
        case let .malformedLexiconLine(file, line, text):
            return "\(file):\(line): malformed dictionary line: \(text)"
        case let .missingDictionary(path):
            return "dictionary not found: \(path)"
        case let .icuFailure(operation, status, name):
            return "ICU \(operation) failed: \(name) (\(status))"
        case let .unreadableFile(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .undecodableText(path, reason):
            return "\(path): cannot decode text: \(reason)"
        case let .stageFailed(stage, reason):
            return "stage \(stage) failed: \(reason)"
        case let .invalidArgument(message):
            return message
        case let .invalidRecord(path, line, reason):
            return "\(DisplayPath.escaped(path))\(line.map { ":\($0)" } ?? ""): invalid article record: \(reason)"
        case let .unresolvedFact(id, reason):
            return "fact \(id) does not resolve: \(reason)"
        case let .missingPackageFile(path, package):
            return "\(path) not found: install the Debian package \(package) (apt-get install \(package))"
        }
    }
}
