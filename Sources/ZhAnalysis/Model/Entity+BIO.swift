extension EntityType {
    /// The type's label in BIO tagging (MSRA / People's Daily NER corpora): PER, LOC, ORG.
    public var bioLabel: String {
        switch self {
        case .person: return "PER"
        case .place: return "LOC"
        case .organization: return "ORG"
        }
    }
}

extension Document {
    /// One BIO tag per code point of the text (`B-PER`, `I-LOC`, `O`…) from the entities'
    /// mentions. Nested or overlapping mentions keep the longest, then the earliest
    /// (`SpanFilter`). A partial reference to a person (老李, 褚律师) tags only the surname, as
    /// the NER corpora do; references (该校, 其: `EntityResolver.isReference`) are not tagged.
    public func bioTags() -> [String] {
        var spans: [(TextRange, String)] = []
        for e in entities {
            let type = e.type.bioLabel
            for m in e.mentions where m.end <= length && m.start < m.end && !EntityResolver.isReference(m.text) {
                if e.partial == true, let surname = e.surname {
                    let n = surname.unicodeScalars.count
                    let text = Array(m.text.unicodeScalars)
                    if let k = (0...max(0, text.count - n)).first(where: { ScalarText.string(text[$0..<min(text.count, $0 + n)]) == surname }) {
                        spans.append((TextRange(start: m.start + k, end: m.start + k + n), type))
                        continue
                    }
                }
                spans.append((m.range, type))
            }
        }
        var tags = [String](repeating: "O", count: length)
        for (r, type) in SpanFilter.longestThenEarliest(spans, range: { $0.0 }) {
            tags[r.start] = "B-" + type
            for p in (r.start + 1)..<r.end { tags[p] = "I-" + type }
        }
        return tags
    }
}
