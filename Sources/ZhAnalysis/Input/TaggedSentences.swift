/// Sentences of an NER evaluation file: character-per-line BIO (`CHAR TAG`, a blank line between
/// sentences; the tags are ignored) or plain text (one sentence per line, blank lines skipped).
public enum TaggedSentences {
    public enum Format: String, Sendable, CaseIterable { case bio, text }

    /// The sentences of `text` as code-point arrays. In BIO, a line holding only a tag stands for
    /// a space character.
    public static func parse(_ text: String, format: Format) -> [[Unicode.Scalar]] {
        var result: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            switch format {
            case .text:
                if !line.isEmpty { result.append(Array(line.unicodeScalars)) }
            case .bio:
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.isEmpty {
                    if line.isEmpty {
                        if !current.isEmpty { result.append(current) }
                        current.removeAll()
                    }
                    continue
                }
                if fields.count == 1 {
                    current.append(" ")
                } else {
                    current.append(contentsOf: fields[0].unicodeScalars)
                }
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
