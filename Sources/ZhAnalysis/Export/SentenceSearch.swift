import Foundation
import GRDB

/// A sentence found by `SentenceSearch`.
public struct SearchHit: Hashable, Sendable, Codable {
    /// How it matched: the query's words as words of the sentence, or (when no sentence has them
    /// as words) the query's characters in a row.
    public enum Match: String, Hashable, Sendable, Codable { case word, characters }

    public var article: String
    public var source: String
    public var title: String?
    public var sentence: Int
    public var text: String
    public var district: String?
    public var places: [String]
    public var match: Match
    /// Code-point ranges of the matched terms in `text`.
    public var highlights: [TextRange]

    /// `text` with every highlighted range written between ⟦ and ⟧.
    public var marked: String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        for h in highlights where h.start >= i && h.end <= scalars.count {
            out.append(contentsOf: scalars[i..<h.start])
            out.append("⟦")
            out.append(contentsOf: scalars[h.start..<h.end])
            out.append("⟧")
            i = h.end
        }
        out.append(contentsOf: scalars[i...])
        return String(out)
    }
}

/// Full-text search over the `sentences` table of an exported database.
///
/// The query is folded and segmented as the sentences were (`SentenceIndexer`) and looked up as
/// an FTS5 phrase of its words: a sentence matches when it has those words, in a row, as words
/// (托育 finds 托育服务 only where the segmenter cut 托育 out as a word, never 委托育儿). When no
/// sentence has the query as words (the segmenter cut it differently in the sentences, or the
/// query is part of a longer word), the search falls back to the query's characters in a row
/// anywhere in a sentence, both folded (Traditional and Simplified meet), and says so in `match`.
public struct SentenceSearch {
    public let indexer: SentenceIndexer
    public let queue: DatabaseQueue
    public let path: String

    public init(database url: URL, indexer: SentenceIndexer) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ExportError.io(path: url.path, reason: "no such database (run zhkb export --format sqlite or zhkb ingest --sqlite first)")
        }
        try SQLiteExport.checkOurs(url)
        var config = Configuration()
        config.readonly = true
        // The character fallback compares folded with folded (Traditional and Simplified, widths):
        // the sentences are stored as written.
        config.prepareDatabase { db in
            db.add(function: DatabaseFunction("zhkb_fold", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map { String(String.UnicodeScalarView(indexer.folded($0))) }
            })
        }
        do { queue = try DatabaseQueue(path: url.path, configuration: config) } catch let e as DatabaseError {
            throw ExportError.database(path: url.path, reason: e.message ?? "\(e)")
        }
        self.indexer = indexer
        path = url.path
    }

    /// Sentences matching `query` in corpus order, at most `limit`; with `place`, only sentences
    /// that mention that place or lie in that district.
    public func search(_ query: String, place: String? = nil, limit: Int = 20) throws -> [SearchHit] {
        let terms = try indexer.tokens(query).map(\.text).filter { term in
            Self.isIndexed(term)
        }
        guard !terms.isEmpty, limit > 0 else { return [] }
        let phrase = "\"" + terms.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let placeFilter = place.map { _ in " AND (instr(' ' || s.places || ' ', ' ' || :place || ' ') > 0 OR s.district = :place)" } ?? ""
        let select = """
            SELECT s.article, s.sentence, s.text, s.district, s.places, a.source, a.title
            FROM sentences s JOIN articles a ON a.key = s.article
            """
        do {
            return try queue.read { db in
                var args: [String: DatabaseValueConvertible?] = ["phrase": "words : " + phrase, "limit": limit]
                if let place { args["place"] = place }
                var rows = try Row.fetchAll(db, sql: select + " WHERE s.sentences MATCH :phrase" + placeFilter
                                                + " ORDER BY s.rowid LIMIT :limit", arguments: StatementArguments(args))
                var match = SearchHit.Match.word
                if rows.isEmpty {
                    match = .characters
                    args["phrase"] = nil
                    args["chars"] = String(String.UnicodeScalarView(indexer.folded(query)))
                    rows = try Row.fetchAll(db, sql: select + " WHERE instr(zhkb_fold(s.text), :chars) > 0" + placeFilter
                                                + " ORDER BY s.rowid LIMIT :limit", arguments: StatementArguments(args))
                }
                return try rows.map { row in
                    let text: String = row["text"]
                    let places: String = row["places"] ?? ""
                    return SearchHit(article: row["article"], source: row["source"], title: row["title"], sentence: row["sentence"],
                                     text: text, district: row["district"], places: places.split(separator: " ").map(String.init),
                                     match: match, highlights: try highlights(of: terms, query: query, in: text, match: match))
                }
            }
        } catch let e as DatabaseError {
            throw ExportError.database(path: path, reason: e.message ?? "\(e)")
        }
    }

    /// True when FTS5's built-in tokenizer keeps something of `term` (letters, digits: it drops
    /// punctuation, symbols and spaces).
    static func isIndexed(_ term: String) -> Bool {
        term.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// Where the terms stand in `text`: runs of its tokens equal to the terms (word match), or
    /// runs of its folded characters equal to theirs.
    func highlights(of terms: [String], query: String, in text: String, match: SearchHit.Match) throws -> [TextRange] {
        var out: [TextRange] = []
        switch match {
        case .word:
            let tokens = try indexer.terms(text).filter { t in Self.isIndexed(t.text) }
            var i = 0
            while i + terms.count <= tokens.count {
                if (0..<terms.count).allSatisfy({ tokens[i + $0].text == terms[$0] }) {
                    out.append(TextRange(start: tokens[i].range.lowerBound, end: tokens[i + terms.count - 1].range.upperBound))
                    i += terms.count
                } else { i += 1 }
            }
        case .characters:
            let folded = indexer.folded(text)
            let needle = indexer.folded(query)
            var i = 0
            while i + needle.count <= folded.count {
                if Array(folded[i..<(i + needle.count)]) == needle {
                    out.append(TextRange(start: i, end: i + needle.count))
                    i += needle.count
                } else { i += 1 }
            }
        }
        return out
    }
}
