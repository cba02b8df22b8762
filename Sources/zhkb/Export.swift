import ArgumentParser
import Foundation
import ZhAnalysis

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the knowledge base as tables: JSON Lines, CSV or a SQLite database.",
        discussion: """
        jsonl, csv: DIR gets one file per table (articles, sections, entities, mentions, facts, \
        series, keywords, topics), each replaced atomically. sqlite: DB is a new SQLite database \
        with the same tables, keys, indexes, views and the sentences full-text table that \
        zhkb search reads; it replaces the DB atomically (a file that is not a zhkb export is \
        refused). Columns: docs/tables.md. The KB is streamed: memory does not grow with it.

        Exit status: 0 written; 2 nothing written (no KB, not a KB, target not writable).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv, sqlite }

    @Option(help: ArgumentHelp("The knowledge base file.", valueName: "FILE"))
    var kb: String = "kb.json"

    @Option(help: ArgumentHelp("The folder of the tables (jsonl, csv) or the database file (sqlite).", valueName: "DIR|DB"))
    var to: String

    @Option(help: "jsonl, csv or sqlite.")
    var format: Format

    @OptionGroup var dictionaries: DictionaryOptions

    func run() throws {
        let source = URL(fileURLWithPath: kb)
        guard FileManager.default.fileExists(atPath: kb) else {
            Console.warn("zhkb: error: \(ExportError.io(path: kb, reason: "no such knowledge base (run zhkb ingest first)"))")
            throw ExitCode(2)
        }
        do {
            switch format {
            case .jsonl, .csv:
                let writer = try TableFileWriter(folder: URL(fileURLWithPath: to), format: format == .csv ? .csv : .jsonl)
                let counts = try KnowledgeBaseExport(kb: source).write(into: writer)
                Console.warn("zhkb: \(to): " + ExportTable.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
            case .sqlite:
                let indexer = try SentenceIndexer(lexicons: try dictionaries.load())
                let summary = try SQLiteExport(indexer: indexer).export(kb: source, to: URL(fileURLWithPath: to))
                Console.warn("zhkb: \(to): " + Self.describe(summary.rows))
            }
        } catch let e as ExportError {
            Console.warn("zhkb: error: \(e)")
            throw ExitCode(2)
        } catch let e as KnowledgeBaseFile.Problem {
            Console.warn("zhkb: error: \(e)")
            throw ExitCode(2)
        }
    }

    static func describe(_ rows: [String: Int]) -> String {
        (ExportTable.allCases.map(\.rawValue) + ["sentences"]).map { "\(rows[$0] ?? 0) \($0)" }.joined(separator: ", ")
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the sentences of the knowledge base that contain a word.",
        discussion: """
        QUERY is segmented as the sentences were (zhkb's own segmentation, Traditional folded to \
        Simplified), and a sentence matches when it has the query's words, in a row, as words. \
        When no sentence has them as words, sentences with the query's characters in a row are \
        shown instead (match: characters). Matched terms are shown between ⟦ and ⟧. Results in \
        corpus order.

        Exit status: 0 sentences found; 1 none found; 2 no database, or not one zhkb wrote.
        """
    )

    @Argument(help: "A word or phrase.")
    var query: String

    @Option(help: ArgumentHelp("The database written by zhkb export --format sqlite or zhkb ingest --sqlite.", valueName: "DB"))
    var kb: String = "kb.db"

    @Option(help: ArgumentHelp("Only sentences that mention this place or lie in this district.", valueName: "P"))
    var place: String?

    @Option(help: "Most sentences to print.")
    var limit: Int = 20

    @Flag(help: "One JSON object per sentence.")
    var jsonl = false

    @OptionGroup var dictionaries: DictionaryOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let hits: [SearchHit]
        do {
            let search = try SentenceSearch(database: URL(fileURLWithPath: kb), indexer: try SentenceIndexer(lexicons: try dictionaries.load()))
            hits = try search.search(query, place: place, limit: limit)
        } catch let e as ExportError {
            Console.warn("zhkb: error: \(e)")
            throw ExitCode(2)
        }
        var out = ByteOutput(.standardOutput)
        for hit in hits {
            if jsonl {
                out.write(try KnowledgeBaseFile.compactEncoder.encode(hit))
                out.write(0x0A)
            } else {
                let place = hit.places.isEmpty ? (hit.district ?? "") : hit.places.joined(separator: "、")
                out.write("\(hit.source)#\(hit.sentence)\(place.isEmpty ? "" : "  [\(place)]")\(hit.match == .characters ? "  (characters)" : "")\n")
                // A sentence may span a line break (a layout break inside it): one line per hit.
                out.write("  \(hit.marked.split(whereSeparator: \.isNewline).joined(separator: " "))\n")
            }
        }
        out.flush()
        if hits.isEmpty { throw ExitCode(1) }
    }
}
