import Foundation

/// Streams a knowledge base file into tables: one article record decoded at a time, then the
/// aggregated views, so memory stays that of the largest article plus the views whatever the
/// KB's size.
public struct KnowledgeBaseExport {
    public let url: URL

    public init(kb url: URL) { self.url = url }

    /// What the KB holds besides its articles, read without holding the articles.
    public struct Views {
        public var entities: [EntitySummary]
        public var keywords: KeywordViews
        public var topics: TopicViews
        /// Rows of the KB's own `facts` table (the export writes as many).
        public var facts: Int
        public var articles: Int
    }

    /// Reads the KB's views; throws `KnowledgeBaseFile.Problem` for a KB that is not one, and
    /// `ExportError.io` when the file does not exist.
    public func views() throws -> Views {
        guard let kb = try KnowledgeBaseFile.readViews(url) else {
            throw ExportError.io(path: url.path, reason: "no such knowledge base (run zhkb ingest first)")
        }
        return Views(entities: kb.entities, keywords: kb.keywords, topics: kb.topics, facts: kb.stats.facts, articles: kb.stats.articles)
    }

    /// Hands every article record to `body` in KB order, with its table key.
    public func forEachArticle(_ body: (ArticleRecord, String) throws -> Void) throws {
        guard let scan = try KnowledgeBaseScan.open(url) else {
            throw ExportError.io(path: url.path, reason: "no such knowledge base (run zhkb ingest first)")
        }
        let keys = try Self.keys(of: scan)
        for (a, key) in zip(scan.articles, keys) {
            let record: ArticleRecord
            do { record = try JSONInput.decodeRecord(try scan.bytes(a)) } catch let problem as KnowledgeBaseFile.Problem {
                throw problem
            } catch {
                throw KnowledgeBaseFile.Problem.corrupt(path: url.path, reason: "article \(a.head.source): \(KnowledgeBaseFile.describe(error))")
            }
            try body(record, key)
        }
    }

    /// The table keys of the scanned KB's articles (`TableRows.keys`). Only articles whose id is
    /// shared are read, to tell duplicates apart.
    static func keys(of scan: KnowledgeBaseScan) throws -> [String] {
        var count: [String: Int] = [:]
        for a in scan.articles { count[ArticleRecord.id(forHash: a.head.hash), default: 0] += 1 }
        let marker = Array("duplicateOf\":\"".utf8)
        return TableRows.keys(of: try scan.articles.map { a in
            guard count[ArticleRecord.id(forHash: a.head.hash)]! > 1 else { return (a.head, false) }
            // A key is written `"duplicateOf":"…`; inside a JSON string its quotes would be escaped.
            let bytes = try scan.bytes(a)
            return (a.head, bytes.firstRange(of: marker) != nil)
        })
    }

    /// Writes every table into `sink` and finishes it. Returns the rows written per table.
    @discardableResult
    public func write(into sink: TableSink) throws -> [ExportTable: Int] {
        var counts: [ExportTable: Int] = [:]
        for t in ExportTable.allCases { counts[t] = 0 }
        let views = try views()
        try forEachArticle { record, key in
            for row in TableRows.rows(of: record, key: key) {
                try sink.write(row)
                counts[row.table, default: 0] += 1
            }
        }
        for row in TableRows.viewRows(entities: views.entities, keywords: views.keywords, topics: views.topics) {
            try sink.write(row)
            counts[row.table, default: 0] += 1
        }
        try sink.finish()
        return counts
    }
}
