/// How an input path is read: as article text (`ArticleSource`) or as JSON Lines of article
/// records (`RecordReader`).
public enum InputFormat: String, CaseIterable, Sendable {
    /// Files ending in `.jsonl` are records; everything else (and standard input) is text.
    case auto
    /// Article text: a file is an article (or, with `--lines`, every line is one).
    case text
    /// JSON Lines of article records `{"id"?, "source", "text", "date"?}`.
    case jsonl

    /// Whether `path` is read as records.
    public func readsRecords(_ path: String) -> Bool {
        switch self {
        case .text: return false
        case .jsonl: return true
        case .auto: return path != "-" && path.lowercased().hasSuffix(".jsonl")
        }
    }
}
