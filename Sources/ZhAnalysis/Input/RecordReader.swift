import Foundation

/// Reads article records from JSON Lines, the input shape of data platforms (Spark, Hive, Kafka
/// dumps): one article per line, `{"id"?, "source", "text", "date"?}`, line breaks inside `text`
/// written as `\n`. Unknown keys are ignored.
///
/// - `source` (required, non-empty string): the article's identity in the KB together with the
///   content hash, as a path is for a file: a record whose source is already in the KB with other
///   text replaces it.
/// - `text` (required string): the article; a text longer than `maxDocumentBytes` is cut into
///   numbered parts as a long file is.
/// - `id` (optional string or integer): the caller's key for the article, kept on the record as
///   `recordId` (the record's own `id` stays the first 16 hex digits of the content hash).
/// - `date` (optional): the document date, `YYYY-MM-DD` (a time after it is dropped); kept on
///   the record as `documentDate`.
///
/// A line that is not such an object is reported with its line number and skipped; the others
/// go on. Blank lines are ignored. The record's position in the file is not part of it, so the
/// same records give the same output however they are split across files.
public struct RecordReader: Sendable {
    public var maxDocumentBytes: Int
    /// Longer lines are skipped (reported) without being held in memory.
    public var maxLineBytes: Int
    public var blockSize: Int

    public init(maxDocumentBytes: Int = 1 << 20, maxLineBytes: Int = 256 << 20, blockSize: Int = 1 << 20) {
        self.maxDocumentBytes = max(64, maxDocumentBytes)
        self.maxLineBytes = max(64, maxLineBytes)
        self.blockSize = max(64, blockSize)
    }

    /// One line of record input.
    public struct Record: Sendable, Hashable {
        public var id: String?
        public var source: String
        public var text: String
        public var date: String?

        public init(id: String? = nil, source: String, text: String, date: String? = nil) {
            self.id = id
            self.source = source
            self.text = text
            self.date = date
        }
    }

    /// Why a line is not a record (the message printed after its line number).
    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses one line (without its line break).
    public static func parse(_ line: ArraySlice<UInt8>) throws(LineError) -> Record {
        var key: String?
        var id: String?, source: String?, text: String?, date: String?
        do {
            try line.withUnsafeBufferPointer { buf in
                var r = JSONReader(buf)
                try r.object { r, k in
                    key = k
                    switch k {
                    case "id": id = try r.optional { r in try (try? r.string()) ?? String(try r.int()) }
                    case "source": source = try r.string()
                    case "text": text = try r.string()
                    case "date": date = try r.optional { try $0.string() }
                    default: try r.skipValue()
                    }
                    key = nil
                }
                try r.end()
            }
        } catch {
            switch key {
            case "id": throw LineError(message: "\"id\" is not a string or an integer")
            case "source", "text", "date": throw LineError(message: "\"\(key!)\" is not a string")
            default: throw LineError(message: "not a JSON object (or not valid UTF-8)")
            }
        }
        guard let source, !source.isEmpty else { throw LineError(message: "no \"source\" (a non-empty string is required)") }
        guard let text else { throw LineError(message: "no \"text\"") }
        if id == "" { throw LineError(message: "\"id\" is empty") }
        var day: String?
        if let date {
            guard let d = Self.isoDay(date) else {
                throw LineError(message: "\"date\" is not a date (YYYY-MM-DD): \(date.prefix(40))")
            }
            day = d
        }
        return Record(id: id, source: source, text: text, date: day)
    }

    /// `YYYY-MM-DD` of a date, or of a date and time (`2025-03-05T08:00:00+08:00`, `2025-03-05 08:00`);
    /// nil when it is not a calendar date.
    public static func isoDay(_ s: String) -> String? {
        let b = Array(s.utf8)
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        if b.count > 10 && b[10] != UInt8(ascii: "T") && b[10] != UInt8(ascii: " ") { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (0x30...0x39).contains(b[i]) else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        return String(decoding: b[0..<10], as: UTF8.self)
    }

    /// The documents of one record: one, or numbered parts when the text is longer than
    /// `maxDocumentBytes` (cut as `ArticleSource` cuts a long file).
    public func documents(of record: Record, _ body: (consuming ArticleInput) throws -> Void) rethrows {
        var utf8 = Array(record.text.utf8)
        func stamped(_ input: consuming ArticleInput) -> ArticleInput {
            input.id = record.id
            input.date = record.date
            return input
        }
        if utf8.count <= maxDocumentBytes {
            try body(stamped(ArticleInput(source: record.source, part: nil, line: nil, text: record.text, charset: "UTF-8",
                                          hash: SHA256.hex(ofBytes: utf8), byteCount: utf8.count)))
            return
        }
        var splitter = Splitter(mode: .article, maxBytes: maxDocumentBytes, source: record.source, displayPath: record.source)
        var problems: [InputProblem] = []
        try splitter.feed(utf8, final: true, problems: &problems) { try body(stamped($0)) }
        utf8 = []
    }

    /// Reads one path ("-" = standard input) and calls `body` for each document in order.
    /// Bad lines are reported in `problems` as `path:line` warnings and skipped. The outcome is
    /// `.failed` when a line was skipped or the file could not be read (completely).
    @discardableResult
    public func read(_ path: String, problems: inout [InputProblem], _ body: (consuming ArticleInput) throws -> Void) throws -> ArticleSource.Outcome {
        guard let handle = ArticleSource.open(path, problems: &problems) else { return .failed }
        defer { if path != "-" { try? handle.close() } }

        var outcome = ArticleSource.Outcome.read
        var pending: [UInt8] = []
        var lineNumber = 0
        var skipping = false   // inside a line longer than maxLineBytes
        var atStart = true
        func line(_ bytes: ArraySlice<UInt8>, problems: inout [InputProblem]) throws {
            lineNumber += 1
            var bytes = bytes
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            if !bytes.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) { return }
            do {
                try documents(of: try Self.parse(bytes), body)
            } catch let error as LineError {
                outcome = .failed
                problems.append(InputProblem(path: "\(path):\(lineNumber)", severity: .warning,
                                             message: "\(error.message); line skipped"))
            }
        }
        while true {
            let data: Data
            do { data = try handle.read(upToCount: blockSize) ?? Data() } catch {
                problems.append(InputProblem(path: path, severity: .error, message: "read failed: \(error.localizedDescription)"))
                return .failed
            }
            let eof = data.isEmpty
            pending.append(contentsOf: data)
            if atStart && pending.count >= 3 {
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
                atStart = false
            }
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                if skipping {
                    skipping = false
                    lineNumber += 1
                } else {
                    try line(pending[start..<newline], problems: &problems)
                }
                start = newline + 1
            }
            pending.removeFirst(start)
            if pending.count > maxLineBytes {
                if !skipping {
                    outcome = .failed
                    problems.append(InputProblem(path: "\(path):\(lineNumber + 1)", severity: .warning,
                                                 message: "line longer than \(maxLineBytes) bytes; line skipped"))
                }
                skipping = true
                pending.removeAll(keepingCapacity: false)
            }
            if eof {
                if !pending.isEmpty && !skipping { try line(pending[...], problems: &problems) }
                return outcome
            }
        }
    }
}
