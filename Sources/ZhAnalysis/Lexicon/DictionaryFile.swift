import Foundation

/// Reads a dictionary file: UTF-8 (a BOM is skipped), LF or CRLF, `#` comment lines and blank
/// lines ignored. Each remaining line is handed over with its 1-based line number.
///
/// Parsing works on the UTF-8 bytes (a tab or space is one byte), which keeps loading all
/// bundled dictionaries well under 100 ms; only the fields themselves become `String`s.
public struct DictionaryFile: Sendable {
    public let path: String
    private let bytes: [UInt8]
    /// Content lines: line number and byte range (terminator and trailing CR excluded).
    private let ranges: [(number: Int, range: Range<Int>)]

    public init(contentsOf url: URL) throws {
        path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ZhError.missingDictionary(path: url.path)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Validated in place (a String made of the file only to validate it was a copy of it).
        guard (try? UTF8Span(validating: bytes.span)) != nil else {
            throw ZhError.malformedLexiconLine(file: url.path, line: 1, text: "file is not valid UTF-8")
        }
        // Labelled as the stored property: an unlabelled array would be converted element by
        // element through the runtime's dynamic cast on assignment.
        var ranges: [(number: Int, range: Range<Int>)] = []
        var number = 0
        var start = 0
        let count = bytes.count
        // Through a buffer pointer: the scan reads every byte of the file, and checked array
        // reads made it twice as long.
        bytes.withUnsafeBufferPointer { bytes in
            while start < count {
                var end = start
                while end < count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
                number += 1
                var first = start
                while first < end && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
                if first < end && bytes[first] != 0x23 { ranges.append((number, start..<end)) }
                // Skip the terminator: LF, CR or CRLF.
                if end < count && bytes[end] == 0x0D && end + 1 < count && bytes[end + 1] == 0x0A { end += 1 }
                start = end + 1
            }
        }
        self.bytes = bytes
        self.ranges = ranges
    }

    /// The content lines as text.
    public var lines: [(number: Int, text: Substring)] {
        ranges.map { ($0.number, Substring(String(decoding: bytes[$0.range], as: UTF8.self))) }
    }

    /// Fields of a line split on `separator(byte)`, each trimmed of ASCII spaces; empty fields kept
    /// unless `dropEmpty`.
    private func fields(_ range: Range<Int>, dropEmpty: Bool, separator: (UInt8) -> Bool) -> [String] {
        var result: [String] = []
        // Sized by the separators first: appends alone reallocated a row's array up to three times.
        result.reserveCapacity(1 + bytes[range].count(where: separator))
        // Unchecked reads (every byte of the line is read once or twice).
        bytes.withUnsafeBufferPointer { bytes in
            var start = range.lowerBound
            var i = start
            while i <= range.upperBound {
                if i == range.upperBound || separator(bytes[i]) {
                    var a = start, b = i
                    while a < b && bytes[a] == 0x20 { a += 1 }
                    while b > a && bytes[b - 1] == 0x20 { b -= 1 }
                    if !(dropEmpty && a == b) { result.append(String(decoding: bytes[a..<b], as: UTF8.self)) }
                    start = i + 1
                }
                i += 1
            }
        }
        return result
    }

    private func malformed(_ line: (number: Int, range: Range<Int>)) -> ZhError {
        .malformedLexiconLine(file: path, line: line.number, text: String(decoding: bytes[line.range], as: UTF8.self))
    }

    /// Lines split on tabs, requiring between `minColumns` and `maxColumns` columns.
    public func tabRows(minColumns: Int, maxColumns: Int) throws -> [(number: Int, fields: [String])] {
        try ranges.map { line in
            let f = fields(line.range, dropEmpty: false) { $0 == 0x09 }
            guard f.count >= minColumns, f.count <= maxColumns, !f[0].isEmpty else { throw malformed(line) }
            return (line.number, f)
        }
    }

    /// Parses jieba's user-dictionary format, `word [freq] [tag]` separated by spaces or tabs.
    ///
    /// Works on the line's bytes (the lexicon's 25,000 lines are a noticeable share of start-up):
    /// only the word and the tag become Strings, and a frequency written as plain digits is read
    /// without one.
    public func jiebaEntries(origin: TokenOrigin, defaultFrequency: Double) throws -> [LexiconEntry] {
        var result: [LexiconEntry] = []
        result.reserveCapacity(ranges.count)
        for line in ranges {
            // Up to four fields (a fourth is an error): byte ranges, separators space and tab.
            var starts = (0, 0, 0, 0), ends = (0, 0, 0, 0)
            var count = 0
            // Unchecked reads (the scan reads every byte of the 25,000 lines).
            bytes.withUnsafeBufferPointer { bytes in
                var i = line.range.lowerBound
                let end = line.range.upperBound
                while i < end && count < 4 {
                    while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                    if i == end { break }
                    let a = i
                    while i < end && bytes[i] != 0x20 && bytes[i] != 0x09 { i += 1 }
                    switch count {
                    case 0: (starts.0, ends.0) = (a, i)
                    case 1: (starts.1, ends.1) = (a, i)
                    case 2: (starts.2, ends.2) = (a, i)
                    default: (starts.3, ends.3) = (a, i)
                    }
                    count += 1
                }
            }
            guard (1...3).contains(count) else { throw malformed(line) }
            var frequency = defaultFrequency
            var tag = ""
            if count >= 2 {
                if let value = number(starts.1..<ends.1), value >= 0, value.isFinite {
                    frequency = value
                    if count == 3 {
                        guard isTag(starts.2..<ends.2) else { throw malformed(line) }
                        tag = String(decoding: bytes[starts.2..<ends.2], as: UTF8.self)
                    }
                } else if count == 2, isTag(starts.1..<ends.1) {
                    tag = String(decoding: bytes[starts.1..<ends.1], as: UTF8.self)
                } else {
                    throw malformed(line)
                }
            }
            result.append(LexiconEntry(word: String(decoding: bytes[starts.0..<ends.0], as: UTF8.self),
                                       frequency: frequency, tag: tag, origin: origin))
        }
        return result
    }

    /// The number written in `bytes[range]` (as `Double(String)` reads it), without a String when
    /// it is plain digits.
    private func number(_ range: Range<Int>) -> Double? {
        if range.count <= 15 {
            var v = 0
            var digits = true
            for i in range {
                let d = bytes[i] &- 0x30
                if d > 9 { digits = false; break }
                v = v * 10 + Int(d)
            }
            if digits { return Double(v) }
        }
        return Double(String(decoding: bytes[range], as: UTF8.self))
    }

    private func isTag(_ range: Range<Int>) -> Bool {
        !range.isEmpty && bytes[range].allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || $0 == 0x2D }
    }
}
