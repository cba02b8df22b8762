import Foundation

/// Reads article records from a file in any of the formats zhkb writes, told apart by their
/// first bytes: JSON Lines (`extract --jsonl`: the first line alone is a whole record), a pretty
/// array or a single pretty object (`extract`), or a knowledge base (`ingest`, `merge`).
public enum RecordFile {
    /// The records of `path` (`-` reads standard input).
    public static func read(_ path: String) throws -> [ArticleRecord] {
        let data: Data
        if path == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw ZhError.unreadableFile(path: path, reason: "no such file or unreadable")
            }
            data = d
        }
        return try records(in: data, path: path)
    }

    /// The records of one file's bytes, whatever of the accepted formats they are in.
    public static func records(in data: Data, path: String) throws -> [ArticleRecord] {
        let decoder = JSONDecoder()
        let bytes = [UInt8](data)
        guard let firstIndex = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return [] }
        if bytes[firstIndex] == UInt8(ascii: "[") {
            return try decoder.decode([ArticleRecord].self, from: data)
        }
        // JSON Lines: the first line alone is a whole object.
        let firstLineEnd = bytes[firstIndex...].firstIndex(of: 0x0A) ?? bytes.count
        if let _ = try? JSONInput.decodeRecord(Array(bytes[firstIndex..<firstLineEnd])) {
            var records: [ArticleRecord] = []
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                lineNumber += 1
                let line = bytes[start..<end]
                if line.contains(where: { !($0 == 0x20 || $0 == 0x0D || $0 == 0x09) }) {
                    do { records.append(try JSONInput.decodeRecord(Array(line))) } catch {
                        throw ZhError.invalidArgument("line \(lineNumber): not an article record (\(error))")
                    }
                }
                start = end + 1
            }
            return records
        }
        if let record = try? decoder.decode(ArticleRecord.self, from: data) { return [record] }
        return try KnowledgeBaseFile.decode(data, path: path).articles
    }
}
