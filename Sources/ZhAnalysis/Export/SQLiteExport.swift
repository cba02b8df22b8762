import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The knowledge base as a SQLite database (GRDB over the system SQLite): the exported tables with
/// primary and foreign keys, indexes on what analysts filter by, views for the common questions,
/// and the `sentences` full-text table (FTS5) that `zhkb search` queries.
///
/// - `export` writes a new database next to the target and renames it over it: readers see the
///   old database or the new one.
/// - `update` keeps an existing database in step with the KB in one transaction: articles whose
///   record changed (or that are gone) are deleted with all their rows, new and changed ones
///   inserted, the aggregated views replaced. An article's record digest (`zhkb_articles`) says
///   whether it changed.
public struct SQLiteExport {
    public static let formatName = "zhkb-export"
    public static let formatVersion = 1

    public let indexer: SentenceIndexer

    public init(indexer: SentenceIndexer) { self.indexer = indexer }

    /// What an export or update did.
    public struct Summary: Equatable, Sendable {
        public var inserted = 0
        public var deleted = 0
        public var unchanged = 0
        public var rows: [String: Int] = [:]
    }

    /// Writes the KB at `kb` as a new database at `db` (atomically replacing one written before;
    /// a file that is not a zhkb export is refused).
    @discardableResult
    public func export(kb: URL, to db: URL) throws -> Summary {
        if FileManager.default.fileExists(atPath: db.path) { try Self.checkOurs(db) }
        let directory = db.deletingLastPathComponent().path
        let temp = (directory as NSString).appendingPathComponent(".\(db.lastPathComponent).tmp.\(getpid())")
        unlink(temp)
        var ok = false
        defer { if !ok { unlink(temp); unlink(temp + "-journal") } }
        let summary: Summary
        do {
            var config = Configuration()
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            }
            let queue = try DatabaseQueue(path: temp, configuration: config)
            summary = try queue.write { db in
                try Self.createSchema(db)
                return try sync(kb: kb, db: db)
            }
            try queue.close()
        } catch let e as DatabaseError {
            throw ExportError.database(path: db.path, reason: e.message ?? "\(e)")
        }
        let fd = open(temp, O_RDONLY)
        if fd >= 0 { _ = fsync(fd); close(fd) }
        guard rename(temp, db.path) == 0 else {
            throw ExportError.io(path: db.path, reason: "rename failed: \(KnowledgeBaseFile.errnoString())")
        }
        ok = true
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
        return summary
    }

    /// Brings the database at `db` in step with the KB (`zhkb ingest --sqlite`); a database that
    /// does not exist yet is exported whole.
    @discardableResult
    public func update(kb: URL, db: URL) throws -> Summary {
        guard FileManager.default.fileExists(atPath: db.path) else { return try export(kb: kb, to: db) }
        try Self.checkOurs(db)
        do {
            let queue = try DatabaseQueue(path: db.path)
            let summary = try queue.write { db in try sync(kb: kb, db: db) }
            try queue.close()
            return summary
        } catch let e as DatabaseError {
            throw ExportError.database(path: db.path, reason: e.message ?? "\(e)")
        }
    }

    /// Refuses a file that is not a database zhkb exported.
    static func checkOurs(_ url: URL) throws {
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: url.path, configuration: config)
            let ours = try queue.read { db in
                try db.tableExists("zhkb_export")
                    && (try String.fetchOne(db, sql: "SELECT value FROM zhkb_export WHERE key = 'format'")) == formatName
            }
            try queue.close()
            if !ours { throw ExportError.notAnExport(path: url.path) }
        } catch let e as DatabaseError {
            _ = e
            throw ExportError.notAnExport(path: url.path)
        }
    }

    // MARK: schema

    static func quoted(_ name: String) -> String { "\"\(name)\"" }

    static func createSchema(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE zhkb_export (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        try db.execute(sql: "INSERT INTO zhkb_export VALUES ('format', ?), ('version', ?)",
                       arguments: [formatName, String(formatVersion)])
        try db.execute(sql: "CREATE TABLE zhkb_articles (key TEXT PRIMARY KEY, digest TEXT NOT NULL)")
        for t in ExportTable.allCases {
            let s = t.schema
            var parts = s.columns.map { c -> String in
                let type = c.type == .json ? "TEXT" : c.type.rawValue
                return "\(quoted(c.name)) \(type)\(c.nullable ? "" : " NOT NULL")"
            }
            if !s.primaryKey.isEmpty { parts.append("PRIMARY KEY (\(s.primaryKey.map(quoted).joined(separator: ", ")))") }
            for fk in s.foreignKeys {
                let target = fk.table.schema.primaryKey.map(quoted).joined(separator: ", ")
                parts.append("FOREIGN KEY (\(quoted(fk.column))) REFERENCES \(quoted(fk.table.rawValue)) (\(target)) ON DELETE CASCADE")
            }
            try db.execute(sql: "CREATE TABLE \(quoted(s.name)) (\n  \(parts.joined(separator: ",\n  "))\n)")
            for columns in s.indexes {
                let name = "\(s.name)_\(columns.joined(separator: "_"))"
                try db.execute(sql: "CREATE INDEX \(quoted(name)) ON \(quoted(s.name)) (\(columns.map(quoted).joined(separator: ", ")))")
            }
        }
        try db.execute(sql: """
            CREATE VIRTUAL TABLE sentences USING fts5(
              words, text UNINDEXED, article UNINDEXED, sentence UNINDEXED, district UNINDEXED, places UNINDEXED)
            """)
        for view in views { try db.execute(sql: view) }
    }

    /// The views: facts with their article's title and their place; series by indicator; facts
    /// per indicator and unit.
    static let views = [
        """
        CREATE VIEW fact_details AS
        SELECT f.id, f.article, a.title, a.source, a.date, f.district, f.place, f.place_level, f.place_parent,
               f.indicator, f.measure, f.subject, f.value, f.upper, f.approx, f.unit, f.unit_kind,
               f.si_value, f.si_unit, f.period_start, f.period_end, f.text, f.sentence_text
        FROM facts f JOIN articles a ON a.key = f.article
        """,
        """
        CREATE VIEW series_by_indicator AS
        SELECT series, indicator, measure, unit, unit_kind, COUNT(*) AS points,
               MIN(period_start) AS first_period, MAX(period_end) AS last_period,
               COUNT(DISTINCT place) AS places, MIN(value) AS min_value, MAX(value) AS max_value
        FROM series GROUP BY series ORDER BY indicator, unit, measure
        """,
        """
        CREATE VIEW indicator_facts AS
        SELECT indicator, unit, unit_kind, COUNT(*) AS facts, COUNT(DISTINCT article) AS articles,
               COUNT(DISTINCT place) AS places, MIN(period_start) AS first_period, MAX(period_end) AS last_period
        FROM facts WHERE indicator IS NOT NULL GROUP BY indicator, unit, unit_kind
        ORDER BY facts DESC, indicator, unit
        """,
    ]

    // MARK: sync

    /// The whole update inside the caller's transaction.
    func sync(kb url: URL, db: Database) throws -> Summary {
        let export = KnowledgeBaseExport(kb: url)
        let views = try export.views()
        guard let scan = try KnowledgeBaseScan.open(url) else {
            throw ExportError.io(path: url.path, reason: "no such knowledge base (run zhkb ingest first)")
        }
        let keys = try KnowledgeBaseExport.keys(of: scan)
        var summary = Summary()
        // 1. What changed: record digests against those stored.
        var stored: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, digest FROM zhkb_articles") {
            stored[row["key"]] = row["digest"]
        }
        var fresh: [(index: Int, digest: String)] = []
        var current: Set<String> = []
        for (i, (a, key)) in zip(scan.articles, keys).enumerated() {
            let bytes = try scan.bytes(a)
            let digest = SHA256.hex(ofBytes: Array(key.utf8) + [0] + bytes)
            current.insert(key)
            if stored[key] == digest { summary.unchanged += 1; continue }
            fresh.append((i, digest))
        }
        let changed = Set(fresh.map { keys[$0.index] })
        let stale = stored.keys.filter { !current.contains($0) || changed.contains($0) }.sorted()
        summary.deleted = stale.count
        summary.inserted = fresh.count
        // 2. Aggregated rows go first (series refer to facts), then the stale articles with
        //    everything that refers to them.
        try db.execute(sql: "DELETE FROM series")
        try db.execute(sql: "DELETE FROM entities")
        try db.execute(sql: "DELETE FROM keywords WHERE article IS NULL")
        try db.execute(sql: "DELETE FROM topics WHERE article IS NULL")
        if !stale.isEmpty {
            try db.execute(sql: "CREATE TEMP TABLE zhkb_stale (key TEXT PRIMARY KEY)")
            let insert = try db.makeStatement(sql: "INSERT INTO zhkb_stale VALUES (?)")
            for key in stale { try insert.execute(arguments: [key]) }
            try db.execute(sql: "DELETE FROM sentences WHERE article IN (SELECT key FROM zhkb_stale)")
            try db.execute(sql: "DELETE FROM articles WHERE key IN (SELECT key FROM zhkb_stale)")
            try db.execute(sql: "DELETE FROM zhkb_articles WHERE key IN (SELECT key FROM zhkb_stale)")
            try db.execute(sql: "DROP TABLE zhkb_stale")
        }
        // 3. New and changed articles.
        var inserts: [ExportTable: Statement] = [:]
        for t in ExportTable.allCases {
            let s = t.schema
            inserts[t] = try db.makeStatement(sql: "INSERT INTO \(Self.quoted(s.name)) VALUES (\(Array(repeating: "?", count: s.columns.count).joined(separator: ", ")))")
        }
        let sentenceInsert = try db.makeStatement(sql: "INSERT INTO sentences (words, text, article, sentence, district, places) VALUES (?, ?, ?, ?, ?, ?)")
        let digestInsert = try db.makeStatement(sql: "INSERT INTO zhkb_articles VALUES (?, ?)")
        func insert(_ row: TableRow) throws {
            try inserts[row.table]!.execute(arguments: StatementArguments(row.values.map(Self.databaseValue)))
            summary.rows[row.table.rawValue, default: 0] += 1
        }
        for (index, digest) in fresh {
            let a = scan.articles[index], key = keys[index]
            let record: ArticleRecord
            do { record = try JSONInput.decodeRecord(try scan.bytes(a)) } catch {
                throw KnowledgeBaseFile.Problem.corrupt(path: url.path, reason: "article \(a.head.source): \(KnowledgeBaseFile.describe(error))")
            }
            for row in TableRows.rows(of: record, key: key) { try insert(row) }
            for s in SentenceRows.sentences(of: record, key: key) {
                try sentenceInsert.execute(arguments: [try indexer.words(s.text), s.text, s.article, s.sentence, s.district,
                                                       s.places.joined(separator: " ")])
                summary.rows["sentences", default: 0] += 1
            }
            try digestInsert.execute(arguments: [key, digest])
        }
        // 4. The views.
        for row in TableRows.viewRows(entities: views.entities, keywords: views.keywords, topics: views.topics) {
            try insert(row)
        }
        return summary
    }

    static func databaseValue(_ v: TableValue) -> DatabaseValueConvertible? {
        switch v {
        case .null: return nil
        case .integer(let n): return n
        case .real(let d): return d
        case .text(let s): return s
        }
    }
}
