import Foundation
import Testing
@testable import ZhAnalysis

/// People and organisations in two articles written in other styles than the seed: a city news
/// story with a byline line (成都) and a government work report (no sections, bare 市委/省政府
/// references, 武汉大学生 that must not yield 武汉大学). Every person and organisation is marked
/// in the fixture; scores are exact-span P/R/F over outermost mentions.
@Suite struct PersonUnseenArticleTests {
    static func evaluate(_ fixture: String, type: EntityType, kind: String) throws -> PersonTestSupport.Score {
        let marked = try String(contentsOf: TestSupport.fixture(fixture), encoding: .utf8)
        let m = try MarkedText(marked)
        let doc = try PersonTestSupport.analyse(m.text)
        let found = SpanFilter.longestThenEarliest(PersonTestSupport.spans(doc, type: type, kind: kind), range: { $0.range })
        func key(_ s: MarkedText.Span) -> String { "\(s.text)@\(s.range.start)" }
        return PersonTestSupport.score(found: Set(found.map(key)), expected: Set(m.spans(of: kind).map(key)))
    }

    @Test func newsPeople() throws {
        let score = try Self.evaluate("entities-chengdu-news.marked.txt", type: .person, kind: "person")
        #expect(score.f >= 0.9, "\(score)")
    }

    @Test func newsOrganizations() throws {
        let score = try Self.evaluate("entities-chengdu-news.marked.txt", type: .organization, kind: "org")
        #expect(score.f >= 0.7, "\(score)")
    }

    @Test func reportPeople() throws {
        let score = try Self.evaluate("entities-government-report.marked.txt", type: .person, kind: "person")
        #expect(score.f >= 0.9, "\(score)")
    }

    @Test func reportOrganizations() throws {
        let score = try Self.evaluate("entities-government-report.marked.txt", type: .organization, kind: "org")
        #expect(score.f >= 0.5, "\(score)")
        #expect(!score.spurious.contains { $0.hasPrefix("武汉大学@") && $0 != "武汉大学@\(Self.wuhanUniversityOffset)" })
    }

    /// Offset of the real 武汉大学 mention in the report (the later 武汉大学生 is no university).
    static let wuhanUniversityOffset: Int = {
        guard let marked = try? String(contentsOf: TestSupport.fixture("entities-government-report.marked.txt"), encoding: .utf8),
              let m = try? MarkedText(marked) else { return -1 }
        return m.spans(of: "org").first { $0.text == "武汉大学" }?.range.start ?? -1
    }()
}
