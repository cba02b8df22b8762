/// A sentence of an article as the full-text table stores it.
public struct SentenceEntry: Hashable, Sendable {
    /// The article's table key and the sentence's index in the article.
    public var article: String
    public var sentence: Int
    public var text: String
    /// The district of the section it lies in, and the places mentioned in it (canonical names).
    public var district: String?
    public var places: [String]
}

/// The sentences a KB holds for an article: every sentence of its text (schema 2), or, for an
/// article kept from a schema-1 KB (no text), the sentences its quantities carry.
///
/// The one place that reads sentences out of an article record.
public enum SentenceRows {
    public static func sentences(of a: ArticleRecord, key: String) -> [SentenceEntry] {
        guard a.duplicateOf == nil else { return [] }
        var byIndex: [Int: SentenceEntry] = [:]
        if let text = a.text, let count = a.sentenceRanges?.count {
            let scalars = Array(text.unicodeScalars)
            guard scalars.count == a.length else { return [] }
            for i in 0..<count {
                guard let range = a.sentenceRange(i) else { continue }
                let r = ArticleRecord.trimmed(range, in: scalars)
                guard r.length > 0 else { continue }
                byIndex[i] = SentenceEntry(article: key, sentence: i, text: ScalarText.string(scalars, r.start, r.end),
                                           district: district(at: r.start, in: a), places: [])
            }
        } else {
            for r in a.quantities {
                guard let s = r.sentence, byIndex[s] == nil, let text = r.sentenceText, !text.isEmpty else { continue }
                byIndex[s] = SentenceEntry(article: key, sentence: s, text: text, district: district(at: r.start, in: a), places: [])
            }
        }
        for e in a.entities where e.type == .place {
            for m in e.mentions {
                guard let s = m.sentence, byIndex[s] != nil, !byIndex[s]!.places.contains(e.name) else { continue }
                byIndex[s]!.places.append(e.name)
            }
        }
        return byIndex.keys.sorted().map { s in
            var entry = byIndex[s]!
            entry.places.sort()
            return entry
        }
    }

    /// The district of the section holding `offset`.
    static func district(at offset: Int, in a: ArticleRecord) -> String? {
        a.sections.first { $0.start <= offset && offset < $0.end }?.district
    }
}
