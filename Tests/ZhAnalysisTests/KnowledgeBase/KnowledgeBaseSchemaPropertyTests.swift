import Foundation
import Testing
@testable import ZhAnalysis

/// Every KB zhkb writes validates against docs/kb.schema.json and every record keeps
/// `RecordValidator`'s rules: the real articles of ../shared/corpus/dev and documents generated
/// and mutated from them (control characters, cut characters, repeated characters, no
/// punctuation, mixed scripts).
@Suite struct KnowledgeBaseSchemaPropertyTests {
    /// `../shared/corpus/dev` from the package root (a worktree one level further down looks one
    /// level further up).
    static var corpusDev: URL? {
        var dir = TestSupport.repositoryRoot
        for _ in 0..<3 {
            dir = dir.deletingLastPathComponent()
            let url = dir.appendingPathComponent("shared/corpus/dev")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    static let pipeline: Pipeline = {
        do { return try Pipeline.standard(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("pipeline: \(error)")
        }
    }()

    /// Reads every file under `folder` as `zhkb ingest` does and analyses it.
    static func records(folder: URL) throws -> [ArticleRecord] {
        var problems: [InputProblem] = []
        let files = ArticleSource.expand([folder.path], problems: &problems)
        var inputs: [ArticleInput] = []
        for file in files {
            ArticleSource().read(file, problems: &problems) { inputs.append($0) }
        }
        return try inputs.map { input in
            let result = ParallelAnalyzer.analyze(input, pipeline: pipeline)
            return try #require(result.record, "\(input.source): \(String(describing: result.failure))")
        }
    }

    static func validate(_ records: [ArticleRecord]) throws -> [String] {
        var errors: [String] = []
        for r in records {
            if let p = RecordValidator().problem(r) { errors.append("\(r.source): \(p)") }
        }
        let kb = KnowledgeBase(articles: records)
        errors += try SchemaValidator(schema: KnowledgeBaseTests.schema).validate(KnowledgeBaseFile.encode(kb))
        return errors
    }

    @Test func realArticlesMakeAValidKnowledgeBase() throws {
        guard let dev = Self.corpusDev else { return }
        let dir = try TestSupport.temporaryDirectory("schema-dev")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The articles only (the folder's README and SOURCES are not articles).
        for name in try FileManager.default.contentsOfDirectory(atPath: dev.path) where name.hasSuffix(".txt") {
            try FileManager.default.copyItem(at: dev.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let records = try Self.records(folder: dir)
        #expect(records.count >= 30)
        // Places of every level real text has, regions and natural features among them.
        let levels = Set(records.flatMap { $0.entities.compactMap(\.level) })
        #expect(levels.contains(.region) || levels.contains(.feature))
        #expect(try Self.validate(records) == [])
    }

    /// Documents made from a real one: slices, characters repeated, punctuation dropped, control
    /// characters, NUL, lone combining marks, emoji, full-width digits and Latin inserted.
    static func mutants(of text: String, count: Int, seed: UInt64) -> [String] {
        var g = ChineseNumberPropertyTests.SplitMix(state: seed)
        let scalars = Array(text.unicodeScalars)
        let inserts: [String] = ["\u{0}", "\u{7}", "\u{1B}[0m", "\u{301}", "😀", "１２３４", "ABC def", "\r\n", "\u{2028}",
                                 "一二三四五六七八九十百千万亿", "。。。", "（", "》", "%", "·", "\u{FEFF}", "斯斯斯斯斯斯"]
        var out: [String] = []
        for _ in 0..<count {
            let a = Int.random(in: 0..<max(1, scalars.count), using: &g)
            let b = min(scalars.count, a + Int.random(in: 0..<2000, using: &g))
            var piece = Array(scalars[a..<b])
            for _ in 0..<Int.random(in: 0..<20, using: &g) {
                let at = Int.random(in: 0...piece.count, using: &g)
                switch Int.random(in: 0..<4, using: &g) {
                case 0: piece.insert(contentsOf: inserts.randomElement(using: &g)!.unicodeScalars, at: at)
                case 1: if at < piece.count { piece.insert(contentsOf: repeatElement(piece[at], count: Int.random(in: 1..<50, using: &g)), at: at) }
                case 2: piece.removeAll { $0.properties.generalCategory == .otherPunctuation }
                default: if at < piece.count { piece.remove(at: at) }
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: piece)
            out.append(String(view))
        }
        return out
    }

    @Test func generatedDocumentsMakeAValidKnowledgeBase() throws {
        let base = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        var texts = Self.mutants(of: base, count: 40, seed: 10)
        if let dev = Self.corpusDev {
            for name in ["gov_statecouncil_1954.txt", "hk_hkcnews_10419.txt", "news_sogou2012_000.txt"] {
                if let t = try? String(contentsOf: dev.appendingPathComponent(name), encoding: .utf8) {
                    texts += Self.mutants(of: t, count: 20, seed: UInt64(name.utf8.count))
                }
            }
        }
        var records: [ArticleRecord] = []
        for (i, text) in texts.enumerated() where !text.isEmpty {
            let input = ArticleInput(source: "gen/\(i).txt", part: nil, line: nil, text: text, charset: "UTF-8",
                                     hash: SHA256.hex(of: text), byteCount: text.utf8.count)
            let result = ParallelAnalyzer.analyze(input, pipeline: Self.pipeline)
            records.append(try #require(result.record, "document \(i): \(String(describing: result.failure))"))
        }
        #expect(try Self.validate(records) == [])
    }
}
