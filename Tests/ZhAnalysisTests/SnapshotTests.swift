import Foundation
import Testing
@testable import ZhAnalysis

/// Golden snapshots of what the standard pipeline finds in whole articles: title, sections and
/// entities (quantities have their own exact tests). A missing snapshot is recorded into
/// `Snapshots/` *and the test fails*, so a new baseline never passes silently; a changed output
/// fails with the first differing line and leaves the snapshot as it was. To accept a deliberate
/// change, delete the snapshot, run the test twice, and review the diff in the commit.
@Suite struct SnapshotTests {
    static let directory = TestSupport.repositoryRoot.appendingPathComponent("Tests/ZhAnalysisTests/Snapshots")

    struct View: Codable {
        var title: String?
        var sections: [SectionRecord]
        var entities: [Entity]
    }

    static let inputs: [(name: String, url: URL)] = [
        ("hangzhou-districts", TestSupport.seedArticle),
        ("wuhan-plain", TestSupport.fixture("wuhan-plain.txt")),
        ("entities-chengdu-news", TestSupport.fixture("entities-chengdu-news.marked.txt")),
        ("entities-government-report", TestSupport.fixture("entities-government-report.marked.txt")),
    ]

    @Test(arguments: inputs.map(\.name))
    func articleMatchesItsSnapshot(name: String) throws {
        guard let url = Self.inputs.first(where: { $0.name == name })?.url else { return }
        var text = try String(contentsOf: url, encoding: .utf8)
        if url.lastPathComponent.hasSuffix(".marked.txt") { text = try MarkedText(text).text }
        let doc = try Pipeline.standard(lexicons: TestSupport.lexicons, options: [.noKeywords])
            .run(Document(id: name, text: text))
        let record = ArticleRecord(document: doc, source: name, charset: "UTF-8")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let actual = try encoder.encode(View(title: record.title, sections: record.sections, entities: record.entities)) + Data("\n".utf8)

        let file = Self.directory.appendingPathComponent("\(name).json")
        guard let expected = FileManager.default.contents(atPath: file.path) else {
            try actual.write(to: file)
            Issue.record("recorded a new snapshot \(file.lastPathComponent); review it and run again")
            return
        }
        if actual != expected {
            let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let k = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("\(file.lastPathComponent) differs at line \(k + 1): expected \(k < e.count ? String(e[k]) : "<end>"), got \(k < a.count ? String(a[k]) : "<end>")")
        }
    }
}
