import Foundation

/// The records of one input of `zhkb merge`, whatever of the accepted formats it is in: JSON
/// Lines (`extract --jsonl`), one pretty object or an array of them (`extract`). Every record is
/// read strictly and validated (`JSONInput.decodeValidRecord`); the first bad one is an error
/// naming the file and line.
public enum MergeInput {
    public static func records(_ path: String) throws -> [ArticleRecord] {
        let data: Data
        if path == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw ZhError.unreadableFile(path: path, reason: "no such file or unreadable")
            }
            data = d
        }
        return try records(bytes: [UInt8](data), path: path)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    public static func records(bytes: [UInt8], path: String) throws -> [ArticleRecord] {
        func located(_ error: Error, line: Int?) -> Error {
            if case let ZhError.invalidRecord(_, inner, reason) = error { return ZhError.invalidRecord(path: path, line: line ?? inner, reason: reason) }
            return error
        }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return [] }
        if bytes[first] == UInt8(ascii: "[") {
            do { return try JSONInput.decodeValidRecords(bytes, array: true) } catch { throw located(error, line: nil) }
        }
        // JSON Lines when the first line alone is a whole object; else one (pretty) object.
        let firstLineEnd = bytes[first...].firstIndex(of: 0x0A) ?? bytes.count
        let firstLine = Array(bytes[first..<firstLineEnd])
        if firstLine.count < 2 || firstLine.last(where: { !isSpace($0) }) != UInt8(ascii: "}") {
            do { return try JSONInput.decodeValidRecords(bytes, array: false) } catch { throw located(error, line: nil) }
        }
        var records: [ArticleRecord] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            let line = bytes[start..<end]
            if line.contains(where: { !isSpace($0) }) {
                do { records.append(try JSONInput.decodeValidRecord(Array(line))) } catch { throw located(error, line: lineNumber) }
            }
            start = end + 1
        }
        return records
    }
}
