import Foundation

/// The records of one input of `zhkb merge`, whatever of the accepted formats it is in: JSON
/// Lines (`extract --jsonl`), one pretty object or an array of them (`extract`). Every record is
/// read strictly and validated (`JSONInput.decodeValidRecord`); the first bad one is an error
/// naming the file and line.
public enum MergeInput {
    public static func records(_ path: String) throws -> [ArticleRecord] {
        var records: [ArticleRecord] = []
        try forEach(path) { records.append($0) }
        return records
    }

    /// Calls `body` with each record of the input, in order. JSON Lines are read a block at a
    /// time and handed over one record at a time (memory does not grow with the file); the pretty
    /// formats (one object, an array) are read whole.
    public static func forEach(_ path: String, blockSize: Int = 1 << 20, _ body: (ArticleRecord) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" { handle = FileHandle.standardInput } else {
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw ZhError.unreadableFile(path: path, reason: "no such file or unreadable")
            }
            handle = h
        }
        defer { if path != "-" { try? handle.close() } }
        func read() throws -> [UInt8] {
            do { return [UInt8](try handle.read(upToCount: max(1, blockSize)) ?? Data()) } catch {
                throw ZhError.unreadableFile(path: path, reason: "read failed: \(error.localizedDescription)")
            }
        }
        var pending: [UInt8] = []
        var eof = false
        // Enough to tell the format: the first line that is not blank, whole.
        var first: Int?
        while !eof {
            let block = try read()
            eof = block.isEmpty
            pending += block
            first = first ?? pending.firstIndex { !isSpace($0) }
            if let first, pending[first...].contains(0x0A) { break }
        }
        guard first != nil else { return }
        if !startsJSONLines(pending) {
            while !eof {
                let block = try read()
                eof = block.isEmpty
                pending += block
            }
            for r in try records(bytes: pending, path: path) { try body(r) }
            return
        }
        var lineNumber = 0
        while true {
            var start = 0
            while let end = pending[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                try line(pending[start..<end], number: lineNumber, path: path, body)
                start = end + 1
            }
            pending.removeFirst(start)
            if eof { break }
            let block = try read()
            eof = block.isEmpty
            pending += block
        }
        if !pending.isEmpty { try line(pending[...], number: lineNumber + 1, path: path, body) }
    }

    /// Whether `bytes` (the start of a file, up to the end of its first line that is not blank)
    /// begin JSON Lines: that line alone is a whole object, and not a knowledge base on one line.
    static func startsJSONLines(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), bytes[first] == UInt8(ascii: "{") else { return false }
        let end = bytes[first...].firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[first..<end]
        guard line.count >= 2, line.last(where: { !isSpace($0) }) == UInt8(ascii: "}") else { return false }
        let format = Array("\"\(KnowledgeBase.formatName)\"".utf8)
        return !line.starts(with: Array("{\"articles\"".utf8)) && line.firstRange(of: format) == nil
    }

    /// Whether the file at `path` is JSON Lines (`startsJSONLines`), reading only up to the end
    /// of its first line that is not blank: `zhkb merge` then reads it as records, never as a KB
    /// (which would read the whole file to say it is not one).
    public static func isJSONLines(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        var head: [UInt8] = []
        while true {
            guard let block = try? handle.read(upToCount: 1 << 16), !block.isEmpty else { break }
            head += block
            if let first = head.firstIndex(where: { !isSpace($0) }), head[first...].contains(0x0A) { break }
        }
        return startsJSONLines(head)
    }

    private static func line(_ bytes: ArraySlice<UInt8>, number: Int, path: String, _ body: (ArticleRecord) throws -> Void) throws {
        guard bytes.contains(where: { !isSpace($0) }) else { return }
        let record: ArticleRecord
        do { record = try JSONInput.decodeValidRecord(Array(bytes)) } catch { throw located(error, path: path, line: number) }
        try body(record)
    }

    static func located(_ error: Error, path: String, line: Int?) -> Error {
        if case let ZhError.invalidRecord(_, inner, reason) = error { return ZhError.invalidRecord(path: path, line: line ?? inner, reason: reason) }
        return error
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    public static func records(bytes: [UInt8], path: String) throws -> [ArticleRecord] {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return [] }
        if bytes[first] == UInt8(ascii: "[") {
            do { return try JSONInput.decodeValidRecords(bytes, array: true) } catch { throw located(error, path: path, line: nil) }
        }
        // JSON Lines when the first line alone is a whole object; else one (pretty) object.
        let firstLineEnd = bytes[first...].firstIndex(of: 0x0A) ?? bytes.count
        let firstLine = Array(bytes[first..<firstLineEnd])
        if firstLine.count < 2 || firstLine.last(where: { !isSpace($0) }) != UInt8(ascii: "}") {
            do { return try JSONInput.decodeValidRecords(bytes, array: false) } catch { throw located(error, path: path, line: nil) }
        }
        var records: [ArticleRecord] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            try line(bytes[start..<end], number: lineNumber, path: path) { records.append($0) }
            start = end + 1
        }
        return records
    }
}
