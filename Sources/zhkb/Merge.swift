import ArgumentParser
import Foundation
import ZhAnalysis

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
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

    @Option(help: ArgumentHelp("Seconds to wait for another zhkb holding the KB's lock before giving up.", valueName: "SECONDS"))
    var lockTimeout: Double = 60

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to merge") }
        if !(lockTimeout >= 0) { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }

    /// The KB `file` is, nil when it is not one (then it is read as records). A KB that cannot
    /// be read (corrupt, another layout, a newer schema) is an error, not records.
    static func knowledgeBase(_ file: String) throws -> KnowledgeBaseScan? {
        do { return try KnowledgeBaseScan.open(URL(fileURLWithPath: file)) } catch let problem as KnowledgeBaseFile.Problem {
            switch problem {
            case .corrupt, .newerSchema: throw problem
            default: return nil
            }
        } catch {
            return nil
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: output)
        let assembler: KnowledgeBaseAssembler
        do {
            try KnowledgeBaseFile.checkWritable(url)
            assembler = try KnowledgeBaseAssembler(directory: url.deletingLastPathComponent())
        } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        var failed = false
        for file in files {
            do {
                // Every record is read strictly and validated (RecordValidator); a KB is checked
                // article by article, then its lines are copied through.
                if file != "-", !MergeInput.isJSONLines(file), let scan = try Self.knowledgeBase(file) {
                    for a in scan.articles {
                        do { _ = try JSONInput.decodeValidRecord(try scan.bytes(a)) } catch let ZhError.invalidRecord(_, _, reason) {
                            throw ZhError.invalidRecord(path: file, line: a.line, reason: reason)
                        }
                        try assembler.add(a, of: scan, collision: .tieBreak)
                    }
                } else {
                    // One record at a time: the assembler keeps its bytes in a temporary file.
                    try MergeInput.forEach(file) { try assembler.add($0, collision: .tieBreak) }
                }
            } catch {
                Console.warn("\(DisplayPath.escaped(file)): error: [merge] \(error)")
                failed = true
            }
        }
        if failed {
            Console.warn("zhkb: error: nothing written because some inputs could not be read")
            throw ExitCode(1)
        }
        for key in assembler.conflicts {
            Console.warn("\(DisplayPath.escaped(key.source)): note: [merge] two different records of one article (hash \(key.hash.prefix(16))); "
                         + "kept the one whose JSON comes first byte by byte")
        }
        do {
            try KnowledgeBaseFile.withLock(url, timeout: lockTimeout, waiting: { holder in
                Console.warn("zhkb: \(DisplayPath.escaped(output)) is locked by \(holder); waiting up to \(String(format: "%g", lockTimeout)) s")
            }) {
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
}
