import ArgumentParser
import Foundation
import ZhAnalysis

struct Words: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "words",
        abstract: "Discover new words: frequent, cohesive character n-grams with varied neighbours.",
        discussion: """
        Reads text files (folders are searched recursively; hidden and binary files are skipped, as by extract and ingest) and ranks 2–4 character candidates by \
        boundary entropy × cohesion (minimum PMI over the cuts) × log(1 + count). Words the lexicon \
        already has are left out unless --known is given. --into FILE writes the candidates in \
        jieba's user-dictionary format (word count nz), for `zhkb segment --dict FILE`.
        """
    )

    @Argument(help: "Text files or folders.")
    var paths: [String]

    @Option(help: "How many candidates to print and write.")
    var top: Int = 50

    @Option(name: .customLong("min-count"), help: "Minimum number of occurrences.")
    var minCount: Int = 3

    @Option(help: ArgumentHelp("Write the candidates as a jieba user dictionary to FILE.", valueName: "FILE"))
    var into: String?

    @Flag(help: "Also list words the lexicon already has (marked known; never written by --into).")
    var known = false

    @OptionGroup var dictionaries: DictionaryOptions

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard minCount > 0 else { throw ValidationError("--min-count must be positive") }
    }

    func run() throws {
        let lexicons = try dictionaries.load()
        var options = WordDiscovery.Options()
        options.minCount = minCount
        options.knownWords = known ? .include : .skip
        let discovery = try WordDiscovery(lexicons: lexicons, options: options)
        // The files extract and ingest would read (folders walked, hidden and binary files skipped),
        // each one text however long.
        var problems: [InputProblem] = []
        let source = ArticleSource(mode: .article, maxDocumentBytes: Int.max)
        let folder = TextFolder()
        var texts: [[Unicode.Scalar]] = []
        for path in ArticleSource.expand(paths, problems: &problems) {
            _ = source.read(path, problems: &problems) { input in
                texts.append(folder.fold(Array(input.text.unicodeScalars)).scalars)
            }
        }
        for p in problems { Console.warn(p.description) }
        let candidates = Array(discovery.discover(texts).prefix(top))
        var out = ByteOutput(.standardOutput)
        out.write("rank\tword\tcount\tcohesion\tleft_H\tright_H\tscore\n")
        for (k, c) in candidates.enumerated() {
            let mark = c.known ? "\t(known)" : ""
            out.write("\(k + 1)\t\(c.word)\t\(c.count)\t\(Self.fixed(c.cohesion))\t\(Self.fixed(c.leftEntropy))\t\(Self.fixed(c.rightEntropy))\t\(Self.fixed(c.score))\(mark)\n")
        }
        out.flush()
        if let into {
            var text = "# New words found by zhkb words (word count tag)\n"
            for c in candidates where !c.known { text += "\(c.word) \(c.count) nz\n" }
            do { try text.write(toFile: into, atomically: true, encoding: .utf8) } catch {
                throw ZhError.unreadableFile(path: into, reason: "cannot write: \(error.localizedDescription)")
            }
        }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    static func fixed(_ x: Double) -> String { String(format: "%.3f", x) }
}
