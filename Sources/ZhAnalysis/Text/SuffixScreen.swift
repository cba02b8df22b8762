/// A quick test before `String.hasSuffix` against a fixed list of words: whether a text can end
/// with one of them at all, read from its last code point. Exact for words that end with a CJK
/// ideograph (no decomposition, never the result of a composition): a text ends with such a word,
/// as `hasSuffix` reads it (canonical equivalence), only when its last code point is that
/// ideograph or a compatibility ideograph that decomposes to it (a composition exclusion). For
/// any other list the screen lets every text through.
struct SuffixScreen: Sendable {
    private var last = ScalarBitSet()
    private var open = false

    init(_ words: some Sequence<String>) {
        for w in words {
            guard let c = w.unicodeScalars.last, CharacterClass.isUnifiedIdeograph(c) else { open = true; continue }
            last.insert(c)
        }
    }

    /// False only when `text` ends with none of the words (`hasSuffix` false for each).
    @inline(__always)
    func mayEnd(_ text: String) -> Bool {
        if open { return true }
        guard let c = text.unicodeScalars.last else { return false }
        return mayEnd(c)
    }

    /// `mayEnd` for a text given as code points.
    @inline(__always)
    func mayEnd(_ c: Unicode.Scalar?) -> Bool {
        if open { return true }
        guard let c else { return false }
        // No unified ideograph is a composition exclusion: the property lookup (a Unicode table
        // search) is left for the rest.
        return last.contains(c) || !CharacterClass.isUnifiedIdeograph(c) && c.properties.isFullCompositionExclusion
    }
}
