import Foundation

/// One document to analyse: a whole file, a bounded piece of a long file, or one line.
public struct ArticleInput: Sendable {
    public var source: String
    /// Index of the piece when the text was longer than `ArticleSource.maxDocumentBytes`.
    public var part: Int?
    /// 1-based line number in `.lines` mode.
    public var line: Int?
    public var text: String
    public var charset: String
    /// SHA-256 hex of the UTF-8 text.
    public var hash: String
    /// UTF-8 size of the text.
    public var byteCount: Int
    /// The article id given with record input (`RecordReader`), kept as the record's `recordId`.
    public var id: String? = nil
    /// The document date given with record input, `YYYY-MM-DD` (or with `--date`: see `dateSource`).
    public var date: String? = nil
    /// Where `date` came from: the record, or the run's default date (`ArticleRunner.defaultDate`).
    public var dateSource: ReferenceDate.Source = .record
}

/// A problem with an input, printed by the CLI as `path: severity: [stage] message`.
public struct InputProblem: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var severity: Diagnostic.Severity
    public var stage: String
    public var message: String

    public init(path: String, severity: Diagnostic.Severity, stage: String = "input", message: String) {
        self.path = path
        self.severity = severity
        self.stage = stage
        self.message = message
    }

    /// The line the CLI prints; the path's control characters escaped (a file name with a line
    /// break cannot start a forged line).
    public var description: String { "\(DisplayPath.escaped(path)): \(severity.rawValue): [\(stage)] \(message)" }
}

/// Turns paths into documents: walks folders, skips hidden and binary files, detects charsets,
/// and streams long files in blocks, cutting them into documents of bounded size (at a line
/// break, else at a sentence end, else at a character boundary), so memory stays bounded
/// whatever the size of a file or of a single line.
public struct ArticleSource: Sendable {
    public enum Mode: Sendable {
        /// A file is one article (split only when longer than `maxDocumentBytes`).
        case article
        /// Every line is its own document, empty lines included.
        case lines
    }

    /// How a file was read.
    public enum Outcome: Sendable, Equatable {
        /// Read completely (possibly zero documents: an empty file).
        case read
        /// Skipped on purpose (binary); its old KB entries should stay.
        case skipped
        /// Could not be read or decoded (completely or in part).
        case failed
    }

    public var mode: Mode
    public var maxDocumentBytes: Int
    public var blockSize: Int

    public init(mode: Mode = .article, maxDocumentBytes: Int = 1 << 20, blockSize: Int = 1 << 20) {
        self.mode = mode
        self.maxDocumentBytes = max(64, maxDocumentBytes)
        self.blockSize = max(64, blockSize)
    }

    // MARK: paths

    /// The path as the KB records it: standardised, relative to the current directory when it
    /// lies inside it. "-" stays "-".
    public static func normalizedPath(_ path: String) -> String {
        if path == "-" { return path }
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        if standardized.hasPrefix(prefix) { return String(standardized.dropFirst(prefix.count)) }
        return standardized
    }

    /// Files for the given paths (see `FolderWalk`): files as given, folders walked recursively
    /// in sorted order taking the files that match `include` (default `*.txt`), "-" kept. Paths
    /// in `excluding` (normalised) are left out of folder walks.
    public static func expand(_ paths: [String], excluding: Set<String> = [], include: [String] = FolderWalk.defaultPatterns,
                              problems: inout [InputProblem]) -> [String] {
        FolderWalk(patterns: include, excluding: excluding).expand(paths, problems: &problems)
    }

    // MARK: reading

    /// Reads one path ("-" = standard input) and calls `body` for each document in order.
    /// Problems are appended to `problems`; only errors thrown by `body` propagate. Each document
    /// is handed over (`consuming`): `body` may keep it without a copy (its strings retained).
    @discardableResult
    public func read(_ path: String, problems: inout [InputProblem], _ body: (consuming ArticleInput) throws -> Void) rethrows -> Outcome {
        let source = Self.normalizedPath(path)
        guard let handle = Self.open(path, problems: &problems) else { return .failed }
        defer { if path != "-" { try? handle.close() } }
        var reader = BlockReader(handle: handle, blockSize: blockSize)
        var splitter = Splitter(mode: mode, maxBytes: maxDocumentBytes, source: source, displayPath: path)

        guard var first = reader.next(problems: &problems, path: path) else { return .failed }
        // Sniff the first block.
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first.removeFirst(3) }
        let utf16 = first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF])
        let validPrefix = utf16 ? false : Self.isValidUTF8Prefix(first, complete: first.count < blockSize)
        // Validated: the splitter makes its documents without validating them again.
        if validPrefix { splitter.checked = first.count < blockSize ? first.count : Splitter.lastCharacterStart(first) }
        // Binary: not text in any charset we read, or text that is mostly NUL (UTF-16 without a
        // byte-order mark). A stray NUL or control character in valid text keeps the text (below).
        if !utf16 && Self.looksBinary(first, validUTF8: validPrefix) {
            problems.append(InputProblem(path: path, severity: .error, message: "binary file (not text), skipped"))
            return .skipped
        }
        defer {
            if splitter.controls > 0 {
                let at = splitter.firstControl.map { " (first: U+\(String(format: "%04X", $0.scalar)) \($0.place))" } ?? ""
                problems.append(InputProblem(path: path, severity: .warning, message:
                    "\(splitter.controls) control character\(splitter.controls == 1 ? "" : "s") in the text\(at), kept as they are"))
            }
        }
        if !validPrefix {
            // Another charset (or UTF-16): decode the whole file, then cut the decoded text.
            var all = first
            while let more = reader.next(problems: &problems, path: path) {
                if more.isEmpty { break }
                all.append(contentsOf: more)
            }
            if reader.failed { return .failed }
            let decoded: TextDecoder.Decoded
            do { decoded = try TextDecoder().decode(all, path: path) } catch {
                let reason: String
                if case let ZhError.undecodableText(_, r) = error { reason = r } else { reason = "\(error)" }
                let binary = reason.contains("binary")
                problems.append(InputProblem(path: path, severity: .error, stage: "decode",
                                             message: binary ? "binary file (not text), skipped" : "cannot decode text: \(reason)"))
                return binary ? .skipped : .failed
            }
            all = []
            splitter.charset = decoded.charset
            try splitter.feed(Array(decoded.text.utf8), final: true, problems: &problems, body)
        } else {
            var block = first
            var final = first.count < blockSize
            while true {
                try splitter.feed(block, final: final, problems: &problems, body)
                if final { break }
                guard let next = reader.next(problems: &problems, path: path) else { break }
                block = next
                final = next.isEmpty
            }
            if reader.failed { return .failed }
        }
        if splitter.emitted == 0 && mode == .article {
            problems.append(InputProblem(path: path, severity: .note, message: "empty file (no text), skipped"))
        }
        return splitter.failed ? .failed : .read
    }

    /// A handle to read `path` from ("-" = standard input); nil after reporting why it cannot be read.
    static func open(_ path: String, problems: inout [InputProblem]) -> FileHandle? {
        if path == "-" { return FileHandle.standardInput }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            problems.append(InputProblem(path: path, severity: .error, message: "no such file"))
            return nil
        }
        if isDirectory.boolValue {
            problems.append(InputProblem(path: path, severity: .error, message: "is a directory"))
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            problems.append(InputProblem(path: path, severity: .error, message: "cannot open (permission denied?)"))
            return nil
        }
        return handle
    }

    /// Whether the first block is binary. Bytes that are not valid UTF-8: any NUL, or more
    /// than 5 % control characters. Valid UTF-8: only when more than a quarter of the bytes are
    /// NUL (UTF-16 text without a byte-order mark, or binary data that happens to be valid).
    static func looksBinary(_ bytes: [UInt8], validUTF8: Bool) -> Bool {
        if bytes.isEmpty { return false }
        var controls = 0, nuls = 0
        let sample = bytes.prefix(8192)
        for b in sample {
            if b == 0 { nuls += 1 }
            if isControl(b) { controls += 1 }
        }
        if validUTF8 { return sample.count >= 16 && nuls * 4 > sample.count }
        return nuls > 0 || controls * 20 > sample.count
    }

    /// A C0 control character or DEL, other than tab, line breaks, form feed, vertical tab and escape.
    @inline(__always) static func isControl(_ b: UInt8) -> Bool {
        (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C && b != 0x0B && b != 0x1B) || b == 0x7F
    }

    /// Whether `bytes` is valid UTF-8, allowing a character cut at the end unless `complete`: the
    /// bytes before the last character start are checked (the splitter checks that character with
    /// the next block). A block of a longer file ends wherever the read ends, most often inside a
    /// Chinese character; taken for another charset, the whole file was read and decoded at once.
    static func isValidUTF8Prefix(_ bytes: [UInt8], complete: Bool) -> Bool {
        let end = complete ? bytes.count : Splitter.lastCharacterStart(bytes)
        return bytes.withUnsafeBufferPointer { b in
            let prefix = UnsafeBufferPointer(rebasing: b[0..<end])
            // (The standard library's check, where the fast one finds a fault, has the last word.)
            return UTF8Validation.isValid(prefix) || (try? UTF8Span(validating: prefix.span)) != nil
        }
    }

    /// The last index ≤ `before` (and ≥ `notBefore`) that starts a UTF-8 character.
    static func utf8Boundary(_ bytes: [UInt8], before: Int, notBefore: Int) -> Int {
        var i = min(before, bytes.count)
        while i > notBefore, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }
}

/// Reads a file handle block by block.
private struct BlockReader {
    let handle: FileHandle
    let blockSize: Int
    var failed = false

    init(handle: FileHandle, blockSize: Int) {
        self.handle = handle
        self.blockSize = blockSize
    }

    /// The next block; empty at the end; nil after a read error (reported).
    mutating func next(problems: inout [InputProblem], path: String) -> [UInt8]? {
        if failed { return nil }
        do {
            var out: [UInt8] = []
            // A pipe may return short reads: fill the block unless the input ended.
            while out.count < blockSize {
                guard let data = try handle.read(upToCount: blockSize - out.count), !data.isEmpty else { break }
                out.append(contentsOf: data)
            }
            return out
        } catch {
            failed = true
            problems.append(InputProblem(path: path, severity: .error, message: "read failed: \(error.localizedDescription)"))
            return nil
        }
    }
}

/// Cuts a UTF-8 byte stream into documents (also used by `RecordReader` for long texts).
struct Splitter {
    let mode: ArticleSource.Mode
    let maxBytes: Int
    let source: String
    let displayPath: String
    var charset = "UTF-8"
    var pending: [UInt8] = []
    /// `pending[..<checked]` is valid UTF-8 that ends where a character starts: a document inside
    /// it becomes a String without its bytes being validated again. Each block is validated once
    /// as it arrives (`checkUTF8`), which costs far less than validating every line on its own.
    var checked = 0
    var emitted = 0
    var failed = false
    /// Control characters in the documents emitted (`ArticleSource.isControl`), and the first.
    var controls = 0
    var firstControl: (scalar: UInt8, place: String)?
    // Article mode: index of the next piece (pieces are numbered only when there are several).
    var nextPart = 0
    // Lines mode: current line number and the piece index inside a long line.
    var lineNumber = 1
    var linePart = 0

    init(mode: ArticleSource.Mode, maxBytes: Int, source: String, displayPath: String) {
        self.mode = mode
        self.maxBytes = maxBytes
        self.source = source
        self.displayPath = displayPath
    }

    mutating func feed(_ bytes: [UInt8], final: Bool, problems: inout [InputProblem], _ body: (consuming ArticleInput) throws -> Void) rethrows {
        pending.append(contentsOf: bytes)
        checkUTF8(final: final)
        var start = 0
        defer {
            pending.removeFirst(start)
            checked = max(0, checked - start)
        }
        switch mode {
        case .article:
            while pending.count - start > maxBytes {
                let cut = cutPoint(from: start, limit: start + maxBytes)
                try emit(start..<cut, part: nextPart, line: nil, problems: &problems, body)
                nextPart += 1
                start = cut
            }
            if final && start < pending.count {
                let whole = nextPart == 0
                try emit(start..<pending.count, part: whole ? nil : nextPart, line: nil, problems: &problems, body)
                nextPart += 1
                start = pending.count
            }
        case .lines:
            var scan = start
            while true {
                let limit = min(pending.count, start + maxBytes + 1)
                let newline = pending.withUnsafeBufferPointer { b -> Int in
                    guard scan < limit, let p = b.baseAddress,
                          let found = memchr(p + scan, 0x0A, limit - scan) else { return -1 }
                    return UnsafeRawPointer(p).distance(to: UnsafeRawPointer(found))
                }
                if newline >= 0 {
                    var end = newline
                    if end > start && pending[end - 1] == 0x0D { end -= 1 }
                    try emit(start..<end, part: linePart == 0 ? nil : linePart, line: lineNumber, keepEmpty: true, problems: &problems, body)
                    lineNumber += 1
                    linePart = 0
                    start = newline + 1
                    scan = start
                } else if pending.count - start > maxBytes {
                    let cut = cutPoint(from: start, limit: start + maxBytes)
                    try emit(start..<cut, part: linePart, line: lineNumber, keepEmpty: true, problems: &problems, body)
                    linePart += 1
                    start = cut
                    scan = start
                } else {
                    break
                }
            }
            if final && start < pending.count {
                var end = pending.count
                if pending[end - 1] == 0x0D { end -= 1 }
                try emit(start..<end, part: linePart == 0 ? nil : linePart, line: lineNumber, keepEmpty: true, problems: &problems, body)
                lineNumber += 1
                linePart = 0
                start = pending.count
            }
        }
    }

    /// Validates the bytes appended since the last check (`checked`): up to the last character,
    /// which the next block may complete (up to the end in the final block), or up to the first
    /// invalid byte. The documents beyond `checked` are validated one by one, as they all were.
    private mutating func checkUTF8(final: Bool) {
        let end = final ? pending.count : max(checked, Self.lastCharacterStart(pending))
        guard checked < end else { return }
        let from = checked
        checked = pending.withUnsafeBufferPointer { b in
            // Valid (nearly always): known by the fast check (`UTF8Validation`); else the standard
            // library's check finds where the fault is.
            if UTF8Validation.isValid(UnsafeBufferPointer(rebasing: b[from..<end])) { return end }
            do throws(UTF8.ValidationError) {
                _ = try UTF8Span(validating: UnsafeBufferPointer(rebasing: b[from..<end]).span)
                return end
            } catch {
                return from + error.byteOffsets.lowerBound
            }
        }
    }

    /// Whether `range` of the pending bytes `b` is known to be valid UTF-8: inside the checked
    /// bytes, from where a character starts to where one starts (or the end).
    private func isChecked(_ range: Range<Int>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func startsCharacter(_ i: Int) -> Bool { i == b.count || b[i] & 0xC0 != 0x80 }
        return range.upperBound <= checked && startsCharacter(range.lowerBound) && startsCharacter(range.upperBound)
    }

    /// Where the last character of `bytes` starts (among the last four bytes; 0 when empty).
    static func lastCharacterStart(_ bytes: [UInt8]) -> Int {
        var i = bytes.count - 1
        while i > 0 && i > bytes.count - 4 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return max(0, i)
    }

    /// Where to cut a piece that starts at `from` and must end by `limit`: after the last line
    /// break in the second half, else after the last sentence end, else at a character boundary.
    func cutPoint(from: Int, limit: Int) -> Int {
        let half = from + (limit - from) / 2
        var i = limit - 1
        while i >= half {
            if pending[i] == 0x0A { return i + 1 }
            i -= 1
        }
        i = limit - 3
        while i >= half {
            let a = pending[i], b = pending[i + 1], c = pending[i + 2]
            // 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F, ； EF BC 9B
            if (a == 0xE3 && b == 0x80 && c == 0x82) || (a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F || c == 0x9B)) {
                return i + 3
            }
            i -= 1
        }
        let cut = ArticleSource.utf8Boundary(pending, before: limit, notBefore: from + 1)
        return cut > from ? cut : limit
    }

    mutating func emit(_ range: Range<Int>, part: Int?, line: Int?, keepEmpty: Bool = false,
                       problems: inout [InputProblem], _ body: (consuming ArticleInput) throws -> Void) rethrows {
        let (text, survey): (String?, Survey) = pending.withUnsafeBufferPointer { b in
            let bytes = UnsafeBufferPointer(rebasing: b[range])
            let survey = Survey(bytes)
            guard isChecked(range, b) else { return (String(validating: bytes, as: UTF8.self), survey) }
            return (String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: survey.ascii)), survey)
        }
        guard let text else {
            failed = true
            var where_ = line.map { "line \($0)" } ?? (part.map { "part \($0)" } ?? "text")
            if let line, let part { where_ = "line \(line) part \(part)" }
            problems.append(InputProblem(path: displayPath, severity: .error, stage: "decode",
                                         message: "invalid UTF-8 in \(where_); skipped it"))
            return
        }
        if !keepEmpty && text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return }
        if survey.lowBytes {
            pending.withUnsafeBufferPointer { buf in
                for k in range where ArticleSource.isControl(buf[k]) {
                    if firstControl == nil {
                        let place = line.map { "in line \($0)" } ?? (part.map { "in part \($0)" } ?? "at byte \(k - range.lowerBound)")
                        firstControl = (buf[k], place)
                    }
                    controls += 1
                }
            }
        }
        let hash: String = pending.withUnsafeBufferPointer {
            SHA256.hex(ofBuffer: UnsafeBufferPointer(rebasing: $0[range]))
        }
        emitted += 1
        try body(ArticleInput(source: source, part: part, line: line, text: text, charset: charset,
                              hash: hash, byteCount: range.count))
    }
}

extension Splitter {
    /// What one pass over a document's bytes, eight at a time, tells before it is made a String:
    /// whether they are all ASCII (the String is flagged so), and whether any is below 0x20 or DEL
    /// (only then are control characters looked for one by one: `ArticleSource.isControl`).
    struct Survey {
        var ascii: Bool
        var lowBytes: Bool

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            let n = bytes.count
            var high: UInt64 = 0, low: UInt64 = 0
            var i = 0
            if let p = bytes.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let raw = UnsafeRawPointer(p)
                while i + 8 <= n {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    high |= w
                    // Some byte below 0x20, or equal to 0x7F (exact as a whole; bytes ≥ 0x80 never count).
                    let del = w ^ (0x7F &* ones)
                    low |= ((w &- 0x20 &* ones) | (del &- ones)) & ~w & highs
                    i += 8
                }
                while i < n {
                    let b = p[i]
                    high |= UInt64(b)
                    if b < 0x20 || b == 0x7F { low = 1 }
                    i += 1
                }
            }
            ascii = high & 0x8080_8080_8080_8080 == 0
            lowBytes = low != 0
        }
    }
}
