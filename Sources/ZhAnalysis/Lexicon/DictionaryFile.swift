import Foundation

/// Reads a dictionary file: UTF-8 (a BOM is skipped), LF or CRLF, `#` comment lines and blank
/// lines ignored. Each remaining line is handed over with its 1-based line number.
public struct DictionaryFile: Sendable {
    public let path: String
    public let lines: [(number: Int, text: Substring)]

    public init(contentsOf url: URL) throws {
        path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ZhError.missingDictionary(path: url.path)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ZhError.malformedLexiconLine(file: url.path, line: 1, text: "file is not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var result: [(Int, Substring)] = []
        var number = 0
        for line in TextLines.split(text) {
            number += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            result.append((number, line))
        }
        lines = result
    }

    /// Lines split on tabs, requiring between `minColumns` and `maxColumns` columns.
    public func tabRows(minColumns: Int, maxColumns: Int) throws -> [(number: Int, fields: [String])] {
        try lines.map { line in
            let fields = line.text.split(separator: "\t", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= minColumns, fields.count <= maxColumns, !fields[0].isEmpty else {
                throw ZhError.malformedLexiconLine(file: path, line: line.number, text: String(line.text))
            }
            return (line.number, fields)
        }
    }

    /// Parses jieba's user-dictionary format, `word [freq] [tag]` separated by spaces or tabs.
    public func jiebaEntries(origin: TokenOrigin, defaultFrequency: Double) throws -> [LexiconEntry] {
        try lines.map { line in
            let fields = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let bad = ZhError.malformedLexiconLine(file: path, line: line.number, text: String(line.text))
            guard (1...3).contains(fields.count) else { throw bad }
            let word = String(fields[0])
            var frequency = defaultFrequency
            var tag = ""
            if fields.count >= 2 {
                if let f = Double(fields[1]), f >= 0, f.isFinite {
                    frequency = f
                    if fields.count == 3 {
                        guard Self.isTag(fields[2]) else { throw bad }
                        tag = String(fields[2])
                    }
                } else if fields.count == 2, Self.isTag(fields[1]) {
                    tag = String(fields[1])
                } else {
                    throw bad
                }
            }
            return LexiconEntry(word: word, frequency: frequency, tag: tag, origin: origin)
        }
    }

    private static func isTag(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_" || $0 == "-") }
    }
}
