/// The first source of every text (by content hash) among a KB's articles and the inputs of a
/// run, so that a text met again under another name (a GBK copy, a file copied into two folders)
/// is recorded as a duplicate of the first (`ArticleRecord.duplicate`) instead of being counted
/// twice. Lines or pieces of one source are never duplicates of each other.
public struct DuplicateIndex: Sendable {
    private var first: [String: String] = [:]

    public init() {}

    /// Notes an article already in the KB (of two sources of one text, the smaller name is kept).
    public mutating func note(hash: String, source: String) {
        if let s = first[hash], s <= source { return }
        first[hash] = source
    }

    /// The source whose text `input` repeats under another name, or nil, in which case `input`
    /// is noted as the first of its text. Empty texts are never duplicates.
    public mutating func original(of input: ArticleInput) -> String? {
        if input.text.isEmpty { return nil }
        if let s = first[input.hash] { return s == input.source ? nil : s }
        first[input.hash] = input.source
        return nil
    }
}

extension ArticleRecord {
    /// The record of `input`, a text identical to that of the article from `original`.
    public static func duplicate(of input: ArticleInput, original: String) -> ArticleRecord {
        var r = duplicate(source: input.source, part: input.part, line: input.line, hash: input.hash, charset: input.charset,
                          length: input.text.unicodeScalars.count, of: original)
        r.documentDate = input.date
        return r
    }
}
