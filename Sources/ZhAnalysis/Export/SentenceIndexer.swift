/// The text the full-text index holds for a sentence, and the terms of a query, cut the same way:
/// the text folded for analysis (NFKC, Traditional → Simplified: `TextFolder`, one code point per
/// code point) and segmented by zhkb's `Segmenter`, the tokens joined by single spaces. Any
/// SQLite client can then query the `sentences` table with FTS5's built-in tokenizer, which
/// splits on those spaces (and drops punctuation).
///
/// The index is in search mode (as jieba's `cut_for_search`): the segmenter keeps dictionary
/// compounds whole (托育服务, 普惠托育, 基本公共服务), so each token is followed by the
/// dictionary words inside it (托育 服务), and a query for 托育 finds 托育服务 while 委托育儿
/// (委托 育儿) holds no word 托育.
public struct SentenceIndexer: Sendable {
    public let segmenter: Segmenter
    public let folder: TextFolder

    public init(segmenter: Segmenter, folder: TextFolder = TextFolder()) {
        self.segmenter = segmenter
        self.folder = folder
    }

    public init(lexicons: LexiconSet) throws {
        self.init(segmenter: try Segmenter(lexicons: lexicons))
    }

    /// The tokens of `text` (not spaces), with code-point ranges into `text`, in folded form.
    public func tokens(_ text: String) throws -> [(range: Range<Int>, text: String)] {
        let original = Array(text.unicodeScalars)
        let folded = folder.fold(original).scalars
        var out: [(range: Range<Int>, text: String)] = []
        // Segment line by line: the segmenter works on one line at a time (`zhkb segment`).
        var start = 0
        for i in 0...original.count where i == original.count || original[i] == "\n" || original[i] == "\r" {
            if i > start {
                for t in try segmenter.tokens(folded, in: start..<i) where t.kind != .space {
                    let r = t.range.start..<t.range.end
                    out.append((r, ScalarText.string(folded, r.lowerBound, r.upperBound)))
                }
            }
            start = i + 1
        }
        return out
    }

    /// The index terms of `text` in order: each token, then the dictionary words of two or
    /// more characters inside it (by start, then length).
    public func terms(_ text: String) throws -> [(range: Range<Int>, text: String)] {
        let folded = folder.fold(Array(text.unicodeScalars)).scalars
        var out: [(range: Range<Int>, text: String)] = []
        for t in try tokens(text) {
            out.append(t)
            guard t.range.count > 2 else { continue }
            for start in t.range.dropLast() {
                var ends: [Int] = []
                segmenter.lexicon.forEachMatchWeight(in: folded, from: start, limit: t.range.upperBound) { end, _, _ in
                    if end - start >= 2 && end - start < t.range.count { ends.append(end) }
                }
                for end in ends.sorted() {
                    out.append((start..<end, ScalarText.string(folded, start, end)))
                }
            }
        }
        return out
    }

    /// The indexed form of `text`: its index terms joined by single spaces.
    public func words(_ text: String) throws -> String {
        try terms(text).map(\.text).joined(separator: " ")
    }

    /// The folded form of `text` (one code point per code point of `text`).
    public func folded(_ text: String) -> [Unicode.Scalar] {
        folder.fold(Array(text.unicodeScalars)).scalars
    }
}
