/// What a token is, decided from ICU's rule status and the lexicon pass.
public enum TokenKind: String, Codable, Sendable, CaseIterable {
    case word          // ideographic or mixed word
    case number        // numeric token, including multipliers (2.5万, 百分之三十)
    case latin         // Latin letters (5G keeps its digit: see `number`)
    case punctuation
    case space
    case symbol
}

/// Where a token boundary came from.
public enum TokenOrigin: String, Codable, Sendable {
    case icu        // kept as ICU produced it
    case lexicon    // rejoined or re-split by a bundled dictionary word
    case user       // a user-dictionary word
    case rule       // numeric or other rule
    case model      // a boundary decided by the trained segmentation model
}

/// One token: a view of `Document.text` by range.
public struct Token: Hashable, Codable, Sendable {
    public var range: TextRange
    public var kind: TokenKind
    public var origin: TokenOrigin
    /// The token in analysis form (NFKC, simplified); `Document.original(range)` gives the source text.
    public var text: String

    public init(range: TextRange, kind: TokenKind, origin: TokenOrigin, text: String) {
        self.range = range
        self.kind = kind
        self.origin = origin
        self.text = text
    }

    /// True for tokens that carry content (not punctuation, spaces or symbols).
    public var isContent: Bool { kind == .word || kind == .number || kind == .latin }
}
