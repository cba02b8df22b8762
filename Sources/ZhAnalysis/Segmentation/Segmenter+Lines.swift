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
        // One code-point array for the whole text, cut at the breaks `TextLines` uses.
        let all = Array(text.unicodeScalars)
        var start = 0, i = 0
        var line: [Unicode.Scalar] = []
        func emit(_ end: Int) throws {
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: all[start..<end])
            let folded = folder.fold(line).scalars
            try body(line, try tokens(folded, in: 0..<folded.count))
        }
        while i < all.count {
            let c = all[i]
            if c == "\n" || c == "\r" {
                try emit(i)
                i += c == "\r" && i + 1 < all.count && all[i + 1] == "\n" ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        if start < all.count { try emit(all.count) }
    }
}
