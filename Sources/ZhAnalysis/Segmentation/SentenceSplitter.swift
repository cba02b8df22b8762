/// Splits a paragraph into sentences on folded code points.
///
/// A sentence ends at 。！？!? (and ；; when `Options.splitOnSemicolon` is set), at an ellipsis
/// (…… / ...) that closes a quotation or the paragraph, and at an ASCII full stop followed by a
/// space or the paragraph end (not inside 33.5). Closing quotes and brackets that follow the
/// terminator stay with their sentence (“……形成优势互补。” is one sentence); the paragraph end
/// closes the last sentence. Ranges are trimmed of surrounding whitespace but may span a repaired
/// line break inside the paragraph.
public struct SentenceSplitter: Sendable {
    public struct Options: Sendable {
        /// Chinese ；separates clauses of one sentence, so the default keeps them together.
        public var splitOnSemicolon = false
        public init() {}
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Sentence ranges inside `range`, in order, without gaps other than whitespace.
    public func split(_ s: [Unicode.Scalar], in range: TextRange) -> [TextRange] {
        var result: [TextRange] = []
        // Room for a few sentences at once (growing one at a time was a copy per sentence).
        result.reserveCapacity(4)
        var start = range.start
        var i = range.start
        let end = range.end
        while i < end {
            let c = s[i]
            // Most characters end nothing (ideographs above all): one test passes them over.
            guard Self.mayEnd(c.value) else {
                i += 1
                continue
            }
            var cut = -1
            if Self.isTerminal(c) || (options.splitOnSemicolon && (c == ";" || c == "；")) {
                var j = i + 1
                while j < end, Self.isTerminal(s[j]) || s[j] == "…" { j += 1 }
                j = Self.skipClosers(s, from: j, end: end)
                cut = j
            } else if c == "…" || (c == "." && i + 2 < end && s[i + 1] == "." && s[i + 2] == ".") {
                var j = i
                while j < end, s[j] == "…" || s[j] == "." { j += 1 }
                let k = Self.skipClosers(s, from: j, end: end)
                if k > j || Self.isBlankToEnd(s, from: k, end: end) { cut = k } else { i = j; continue }
            } else if c == ".", i > range.start, !Self.isDigit(s[i - 1]),
                      i + 1 == end || CharacterClass.isWhitespace(s[i + 1]) {
                cut = Self.skipClosers(s, from: i + 1, end: end)
            }
            if cut >= 0 {
                if let r = Self.trimmed(s, start, cut) { result.append(r) }
                start = cut
                i = cut
            } else {
                i += 1
            }
        }
        if start < end, let r = Self.trimmed(s, start, end) { result.append(r) }
        return result
    }

    /// Whether `split` looks at `v` further: a terminator (`isTerminal`), ; ；, … or the full stop.
    /// Every other code point is passed over, without the comparisons of every branch.
    @inline(__always) static func mayEnd(_ v: UInt32) -> Bool {
        v < 0x2026 ? v == 0x21 || v == 0x2E || v == 0x3B || v == 0x3F   // ! . ; ?
            : v == 0x2026 || v == 0x3002 || v >= 0xFF01                  // … 。 ！ ； ？ ｡
    }

    static func isTerminal(_ c: Unicode.Scalar) -> Bool {
        c == "。" || c == "!" || c == "?" || c == "！" || c == "？" || c == "｡"
    }

    /// Closing quotes and brackets that stay with the sentence before them.
    static func isCloser(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "”", "’", "」", "』", ")", "）", "》", "〉", "】", "]", "\"", "'": return true
        default: return false
        }
    }

    static func skipClosers(_ s: [Unicode.Scalar], from: Int, end: Int) -> Int {
        var j = from
        while j < end, isCloser(s[j]) { j += 1 }
        return j
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    static func isBlankToEnd(_ s: [Unicode.Scalar], from: Int, end: Int) -> Bool {
        var j = from
        while j < end { if !CharacterClass.isWhitespace(s[j]) { return false }; j += 1 }
        return true
    }

    static func trimmed(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> TextRange? {
        var a = start, b = end
        while a < b, CharacterClass.isWhitespace(s[a]) { a += 1 }
        while b > a, CharacterClass.isWhitespace(s[b - 1]) { b -= 1 }
        return a < b ? TextRange(start: a, end: b) : nil
    }
}
