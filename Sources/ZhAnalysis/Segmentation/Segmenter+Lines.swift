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
        // One pass over the code points, each line copied once into a reused buffer.
        var line: [Unicode.Scalar] = []
        var open = false, afterCR = false
        for c in text.unicodeScalars {
            if afterCR {
                afterCR = false
                if c == "\n" { continue }
            }
            if c == "\n" || c == "\r" {
                try body(line, try tokens(folder.fold(line).scalars, in: 0..<line.count))
                line.removeAll(keepingCapacity: true)
                afterCR = c == "\r"
                open = false
                continue
            }
            line.append(c)
            open = true
        }
        if open { try body(line, try tokens(folder.fold(line).scalars, in: 0..<line.count)) }
    }
}
