extension Segmenter {
    /// The segmenter of a dictionary set: its lexicon and name tables.
    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        try self.init(lexicon: lexicons.words, names: NameCandidates(names: lexicons.tables.names()), options: options)
    }

    /// `zhkb segment`'s loop: every line of `text` (LF, CRLF or CR; see `TextLines`) is folded for
    /// analysis (`TextFolder`: one code point per code point) and segmented on its own; `body`
    /// gets the line's original code points and its tokens, whose offsets index both. The tokens
    /// carry no `text` (it is empty): read the line by their ranges.
    public func forEachLine(of text: String, folder: TextFolder = TextFolder(),
                            _ body: ([Unicode.Scalar], [Token]) throws -> Void) throws {
        var text = text
        try text.withUTF8 { bytes in
            // One pass over the bytes: each line decoded once into its own array (one allocation
            // per line; String's scalar iterator and per-scalar appends cost more than the rest
            // of the loop).
            let n = bytes.count
            var lineStart = 0
            var i = 0
            func emit(_ from: Int, _ to: Int) throws {
                let line = Self.decodeUTF8(bytes, from, to)
                try body(line, try tokens(folder.fold(line).scalars, in: 0..<line.count, text: false))
            }
            while i < n {
                let b = bytes[i]
                if b == 0x0A || b == 0x0D {
                    try emit(lineStart, i)
                    i += b == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A ? 2 : 1
                    lineStart = i
                } else {
                    i += 1
                }
            }
            if lineStart < n { try emit(lineStart, n) }
        }
    }

    /// The code points of valid UTF-8 `bytes[from..<to]` (a String's own bytes).
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> [Unicode.Scalar] {
        [Unicode.Scalar](unsafeUninitializedCapacity: to - from) { out, count in
            guard let p = bytes.baseAddress, var o = out.baseAddress else { count = 0; return }
            var i = from
            let start = o
            while i < to {
                let b0 = UInt32(p[i])
                let v: UInt32
                if b0 < 0x80 {
                    v = b0; i += 1
                } else if b0 < 0xE0 {
                    v = (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); i += 2
                } else if b0 < 0xF0 {
                    v = (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i += 3
                } else {
                    v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                        | UInt32(p[i + 3] & 0x3F)
                    i += 4
                }
                o.initialize(to: unsafeBitCast(v, to: Unicode.Scalar.self))
                o += 1
            }
            count = o - start
        }
    }
}
