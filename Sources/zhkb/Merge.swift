import ArgumentParser
import Foundation
import ZhAnalysis

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine article records and partial knowledge bases into one knowledge base.",
        discussion: """
        Each FILE is JSON Lines from `zhkb extract --jsonl`, the pretty output of `zhkb extract` \
        (one object or an array), or a knowledge base. The order of the files does not matter: \
        the result is the KB a single ingest of the same articles would write.
        """
    )

    @Argument(help: "JSON Lines of article records, extract output, or knowledge bases.")
    var files: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The knowledge base to write (replaced).", valueName: "FILE"))
    var output: String = "kb.json"

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to merge") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: output)
        let assembler: KnowledgeBaseAssembler
        do { assembler = try KnowledgeBaseAssembler(directory: url.deletingLastPathComponent()) } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        var failed = false
        for file in files {
            do {
                // A knowledge base is copied through article by article; other inputs are decoded.
                if file != "-", let scan = try? KnowledgeBaseScan.open(URL(fileURLWithPath: file)) {
                    for a in scan.articles { try assembler.add(a, of: scan, collision: .tieBreak) }
                } else {
                    for r in try Self.readRecords(file) { try assembler.add(r, collision: .tieBreak) }
                }
            } catch {
                Console.warn("\(file): error: [merge] \(error)")
                failed = true
            }
        }
        if failed {
            Console.warn("zhkb: error: nothing written because some inputs could not be read")
            throw ExitCode(1)
        }
        do {
            try KnowledgeBaseFile.withLock(url) {
                KnowledgeBaseFile.removeStaleTemporaries(for: url)
                // Never overwrite a file that is not ours.
                _ = try KnowledgeBaseScan.open(url)
                try assembler.write(to: url)
            }
        } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        Console.warn("zhkb: \(output): \(assembler.count) articles from \(files.count) files")
    }

    /// Records of one file, whatever of the accepted formats it is in.
    static func readRecords(_ path: String) throws -> [ArticleRecord] {
        let data: Data
        if path == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw ZhError.unreadableFile(path: path, reason: "no such file or unreadable")
            }
            data = d
        }
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
