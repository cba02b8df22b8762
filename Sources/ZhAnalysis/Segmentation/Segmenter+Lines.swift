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
            try forEachLine(in: bytes, 0..<bytes.count, folder: folder, body)
        }
    }

    /// `forEachLine(of:)` over the lines of `bytes[range]` (valid UTF-8 starting a line).
    func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, folder: TextFolder,
                     _ body: ([Unicode.Scalar], [Token]) throws -> Void) throws {
        // One pass over the bytes: each line decoded once into its own array (one allocation
        // per line; String's scalar iterator and per-scalar appends cost more than the rest
        // of the loop).
        let n = range.upperBound
        var lineStart = range.lowerBound
        var i = lineStart
        func emit(_ from: Int, _ to: Int) throws {
            let line = ScalarText.scalars(utf8: UnsafeBufferPointer(rebasing: bytes[from..<to]))
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

    /// The default size of `renderLines`' blocks.
    public static let lineBlockBytes = 256 * 1024

    /// `forEachLine(of:)` on `jobs` threads, for output: the text is cut into blocks of whole
    /// lines of about `blockBytes` bytes (a line is never split; a CR LF stays together), the
    /// lines of a block are segmented and `render`ed into the block's bytes on a worker, and
    /// `write` gets the blocks' bytes in input order on the calling thread. A few blocks per
    /// job are in flight at a time. The lines, and so the bytes written, are the same for every
    /// `jobs` and `blockBytes`; `jobs` 1 does it all on the calling thread.
    public func renderLines(of text: String, folder: TextFolder = TextFolder(), jobs: Int,
                            blockBytes: Int = lineBlockBytes,
                            render: @escaping @Sendable ([Unicode.Scalar], [Token], inout [UInt8]) throws -> Void,
                            write: ([UInt8]) throws -> Void) throws {
        var text = text
        try text.withUTF8 { bytes in
            let blocks = Self.lineBlocks(bytes, size: max(1, blockBytes))
            let shared = SharedBytes(bytes: bytes)
            let segmenter = self
            try orderedWorkers(count: blocks.count, jobs: jobs, window: 2 * jobs + 1, work: { k in
                Swift.Result<[UInt8], any Error> { () throws -> [UInt8] in
                    var out: [UInt8] = []
                    out.reserveCapacity(blocks[k].count * 3 / 2)
                    try segmenter.forEachLine(in: shared.bytes, blocks[k], folder: folder) { line, tokens in
                        try render(line, tokens, &out)
                    }
                    return out
                }
            }, emit: { try write($0.get()) })
        }
    }

    /// `bytes` cut into ranges of whole lines, each ending after a line break (except the last
    /// when the text does not end with one) and at least `size` bytes long (except the last).
    static func lineBlocks(_ bytes: UnsafeBufferPointer<UInt8>, size: Int) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        let n = bytes.count
        var start = 0
        while start < n {
            var i = start + size - 1
            while i < n && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            // Past the break, and past the LF of a CR LF.
            if i < n { i += bytes[i] == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A ? 2 : 1 }
            let end = min(i, n)
            blocks.append(start..<end)
            start = end
        }
        return blocks
    }
}

/// The input's bytes, read by every worker of `renderLines` while the call lasts.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}
