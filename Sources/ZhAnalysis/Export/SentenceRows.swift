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

/// The sentences a KB holds for an article.
///
/// The one place that reads sentences out of an article record.
public enum SentenceRows {
    public static func sentences(of a: ArticleRecord, key: String) -> [SentenceEntry] {
        guard a.duplicateOf == nil else { return [] }
        var byIndex: [Int: SentenceEntry] = [:]
        for r in a.quantities {
            guard let s = r.sentence, byIndex[s] == nil, let text = r.sentenceText, !text.isEmpty else { continue }
            let district = r.section.flatMap { $0 >= 0 && $0 < a.sections.count ? a.sections[$0].district : nil }
            byIndex[s] = SentenceEntry(article: key, sentence: s, text: text, district: district, places: [])
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
}
