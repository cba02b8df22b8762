extension Segmenter {
    /// The segmenter of a dictionary set: its lexicon and name tables.
    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        try self.init(lexicon: lexicons.words, names: NameCandidates(names: lexicons.tables.names()), options: options)
    }

    /// `zhkb segment`'s loop: every line of `text` (LF, CRLF or CR; see `TextLines`) is folded for
    /// analysis (`TextFolder`: one code point per code point) and segmented on its own; `body`
    /// gets the line's original code points and its tokens, whose offsets index both.
    public func forEachLine(of text: String, folder: TextFolder = TextFolder(),
                            _ body: ([Unicode.Scalar], [Token]) throws -> Void) throws {
        for line in TextLines.split(text) {
            let original = Array(line.unicodeScalars)
            let folded = folder.fold(original).scalars
            try body(original, try tokens(folded, in: 0..<folded.count))
        }
    }
}
