/// The one duplicate rule of a knowledge base. Among articles with the same non-empty text (the
/// same content hash), the **original** is the analysed article (one not in duplicate form) that
/// comes first in the KB's article order (source, part, line). Every article of that text from
/// another source is a duplicate of it: stored in duplicate form (`ArticleRecord.duplicate`,
/// `duplicateOf` = the original's source), adding no entities, facts, keywords or topics, only
/// an article of its source to `stats`. Articles of the original's own source (identical lines or
/// pieces of one file) stay separate articles; empty texts are never duplicates; copies without
/// an analysed article of their text are left as they are.
///
/// The rule is applied where every path meets — `KnowledgeBase(articles:)` and
/// `KnowledgeBaseAssembler.write`, which `zhkb ingest` and `zhkb merge` share — and depends only
/// on the set of records, so ingest, merge of `extract` output in any order or grouping, and the
/// Spark job write the same KB. Ingest analyses only texts that may be originals (`DuplicateIndex`).
public enum DuplicateRule {
    /// The content hash of the empty text.
    static let emptyHash = SHA256.hex(of: "")

    /// Hash → source of the original, for the texts held by more than one of `items` (given in
    /// article order). A text held once may be listed too (it is then its own original).
    static func originals<C: Collection>(_ items: C, head: (C.Element) -> ArticleHead) -> [String: String] {
        // Texts met twice, by Swift hash value (a collision only lists a text needlessly).
        var count: [Int: Bool] = [:]
        for x in items {
            let h = head(x)
            guard h.hash != emptyHash else { continue }
            let k = h.hash.hashValue
            count[k] = count[k] != nil
        }
        var originals: [String: String] = [:]
        for x in items {
            let h = head(x)
            guard h.duplicateOf == nil, h.hash != emptyHash, count[h.hash.hashValue] == true, originals[h.hash] == nil else { continue }
            originals[h.hash] = h.source
        }
        return originals
    }

    /// The source `head`'s article must be stored as a duplicate of, when it is not stored so
    /// already; nil when it stays as it is.
    static func rewrite(_ head: ArticleHead, originals: [String: String]) -> String? {
        guard let original = originals[head.hash], original != head.source, head.duplicateOf != original else { return nil }
        return original
    }

    /// `records` (in article order) with the rule applied.
    static func applied(to records: [ArticleRecord]) -> [ArticleRecord] {
        let originals = Self.originals(records) { ArticleHead($0) }
        if originals.isEmpty { return records }
        return records.map { r in
            guard let original = rewrite(ArticleHead(r), originals: originals) else { return r }
            return .duplicate(of: r, original: original)
        }
    }
}

/// For `zhkb ingest`: which texts to analyse. A text is analysed unless an article of another
/// source that precedes it in article order has it analysed already (in the KB or earlier in the
/// run); then it is recorded as a duplicate of that source without analysis. A text met first
/// under a later name and then under an earlier one is analysed twice, and `DuplicateRule` turns
/// the later into the duplicate when the KB is written, so the KB does not depend on input order.
public struct DuplicateIndex: Sendable {
    /// Hash → the first source (in article order) with the text analysed.
    private var first: [String: String] = [:]

    public init() {}

    /// Notes an analysed article already in the KB (articles in duplicate form are not noted).
    public mutating func note(hash: String, source: String) {
        if let s = first[hash], s <= source { return }
        first[hash] = source
    }

    /// The source whose text `input` repeats (a source that precedes `input`'s), or nil, in which
    /// case `input` is to be analysed and is noted. Empty texts are never duplicates.
    public mutating func original(of input: ArticleInput) -> String? {
        if input.text.isEmpty { return nil }
        if let s = first[input.hash], s <= input.source { return s == input.source ? nil : s }
        first[input.hash] = input.source
        return nil
    }
}

extension ArticleRecord {
    /// The record of `input`, a text identical to that of the article from `original`.
    public static func duplicate(of input: ArticleInput, original: String) -> ArticleRecord {
        var r = duplicate(source: input.source, part: input.part, line: input.line, hash: input.hash, charset: input.charset,
                          length: input.text.unicodeScalars.count, of: original)
        r.recordId = input.id
        r.documentDate = input.date
        return r
    }

    /// `record` in duplicate form: what `duplicate(of:original:)` makes of its input.
    public static func duplicate(of record: ArticleRecord, original: String) -> ArticleRecord {
        var r = duplicate(source: record.source, part: record.part, line: record.line, hash: record.hash, charset: record.charset,
                          length: record.length, of: original)
        r.recordId = record.recordId
        r.documentDate = record.documentDate
        return r
    }
}
