/// An article: the immutable text and the layers that stages add to it.
///
/// Every layer refers to the text by `TextRange` in **code points** (see `TextRange`). Analysis
/// runs on `analysis`, a folded copy with exactly one code point per original code point
/// (NFKC for full-width forms, Traditional → Simplified when the text is traditional), so an
/// offset into the analysis text is the same offset into the original.
public struct Document: Sendable {
    public let id: String
    public let text: String
    /// The original code points of `text`.
    public let scalars: [Unicode.Scalar]
    /// Folded code points used by every stage; `analysis.count == scalars.count`.
    public let analysis: [Unicode.Scalar]
    /// How the analysis text was folded.
    public let folding: TextFolder.Result
    /// The first line break of `analysis` (`CharacterClass.firstLineBreak`), nil in a text of one
    /// line: found once, for the place extractor and the entity resolver, which each scanned the
    /// whole text for it.
    let firstLineBreak: Int?

    public var source: String?
    public var title: String?
    public var subtitle: String?
    /// The kicker (引题): a short line above the title, such as a bare place name heading the page.
    public var kicker: String?
    /// The issuing body written under the title of a report or notice (成都市统计局), or in its
    /// closing signature; joint issuers stay one line as written.
    public var issuer: String?
    /// The date line under the title or in the closing signature, as written (2024年3月).
    public var date: String?
    /// The date given with the input (a record's `date`, `--date`), read before analysis.
    public var givenDate: ReferenceDate?
    /// The date relative time words are read against (set by `PeriodResolver`; see there which
    /// source wins).
    public var referenceDate: ReferenceDate?
    public var sections: [Section] = []
    /// Blocks of text in order: title lines, headings, bylines and body paragraphs. A body paragraph
    /// broken by layout (a line ending mid-sentence, a blank line, the continuation) is one range
    /// that spans the break; the text itself is never rewritten.
    public var paragraphs: [TextRange] = []
    public var sentences: [Sentence] = []
    /// Words, numbers, punctuation and spaces, in order, without overlaps (the segmenter's layer).
    public var tokens: [Token] = [] {
        didSet { builtTokenIndex = TokenIndex(tokens: tokens, length: scalars.count) }
    }
    /// Position → token over `tokens`, rebuilt whenever they are set (see `TokenIndex`).
    public var tokenIndex: TokenIndex {
        builtTokenIndex ?? TokenIndex(tokens: [], length: scalars.count)
    }
    /// `tokenIndex.covering` and `tokenIndex.cuts`, read without a copy of the whole index (a
    /// copy retains and releases its four arrays; most readers want one of them).
    var tokenCovering: [Int32] { builtTokenIndex?.covering ?? tokenIndex.covering }
    var tokenCuts: [Bool] { builtTokenIndex?.cuts ?? tokenIndex.cuts }
    /// Nil until the tokens are first set: an index of no tokens, built with every document, was
    /// thrown away when the segmenter set them (two arrays the length of the text).
    private var builtTokenIndex: TokenIndex? = nil
    public var entities: [Entity] = []
    public var quantities: [Quantity] = []
    public var keywords: [Keyword] = []
    public var topics: [TopicScore] = []
    public var diagnostics: [Diagnostic] = []

    /// Creates a document and folds its text for analysis.
    public init(id: String, text: String, folder: TextFolder = TextFolder()) {
        self.id = id
        self.text = text
        let scalars = ScalarText.scalars(of: text)
        self.scalars = scalars
        let folded = folder.fold(scalars)
        self.analysis = folded.scalars
        self.firstLineBreak = CharacterClass.firstLineBreak(in: folded.scalars)
        self.folding = folded.result
        if let problem = folded.result.problem {
            diagnostics.append(Diagnostic(severity: .warning, stage: "fold", message: problem))
        }
    }

    public var length: Int { scalars.count }
    public var fullRange: TextRange { TextRange(start: 0, end: scalars.count) }

    /// The original text of a range.
    public func original(_ range: TextRange) -> String {
        ScalarText.string(scalars, range.start, range.end)
    }

    /// The folded (analysis) text of a range.
    public func folded(_ range: TextRange) -> String {
        ScalarText.string(analysis, range.start, range.end)
    }

    /// Index of the sentence containing `offset`, if sentences have been split.
    public func sentenceIndex(at offset: Int) -> Int? { Self.sentenceIndex(at: offset, in: sentences) }

    /// `sentenceIndex(at:)` in a document's sentences, for a holder of them without the document.
    static func sentenceIndex(at offset: Int, in sentences: [Sentence]) -> Int? {
        var lo = 0, hi = sentences.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = sentences[mid].range
            if offset < r.start { hi = mid - 1 } else if offset >= r.end { lo = mid + 1 } else { return mid }
        }
        return nil
    }

    /// Index of the section containing `offset`, if any.
    public func sectionIndex(at offset: Int) -> Int? {
        sections.firstIndex { $0.range.start <= offset && offset < $0.range.end }
    }
}
