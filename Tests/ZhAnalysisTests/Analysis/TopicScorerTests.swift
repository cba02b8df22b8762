import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct TopicScorerTests {
    static let scorer: TopicScorer = {
        do { return try TopicScorer(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("topics failed to load: \(error)")
        }
    }()

    static let seed: Document = {
        var doc = AnalysisSupport.seedDocument
        do { try scorer.process(&doc) } catch { preconditionFailure("\(error)") }
        return doc
    }()

    @Test func tableHasTwentyToThirtyTopicsOfThirtyToEightyTerms() {
        let topics = Self.scorer.table.topics
        #expect((20...30).contains(topics.count))
        for t in topics { #expect((30...80).contains(t.terms.count), "\(t.id): \(t.terms.count) terms") }
    }

    @Test func sharesSumToOneAndAreSorted() {
        let spans = Self.seed.sections.map(\.topics) + [Self.seed.topics]
        for topics in spans where !topics.isEmpty {
            #expect(abs(topics.reduce(0) { $0 + $1.share } - 1) <= 1e-9)
            #expect(zip(topics, topics.dropFirst()).allSatisfy { $0.hits > $1.hits || ($0.hits == $1.hits && $0.id < $1.id) })
            #expect(topics.allSatisfy { $0.hits > 0 })
        }
    }

    /// The leading topic of each district story, from reading the seed.
    @Test(arguments: [
        ("上城区", "education"),
        ("萧山区", "unitedfront"),
        ("高新区", "childcare"),
        ("钱塘区", "unitedfront"),
    ])
    func topTopic(_ heading: String, _ id: String) throws {
        let section = try #require(AnalysisSupport.section(Self.seed, heading))
        #expect(section.topics.first?.id == id, "\(heading): \(section.topics.prefix(3).map { "\($0.id)=\($0.hits)" })")
    }

    /// 余杭: rural talent for the bamboo industry — talent and agriculture lead.
    @Test func yuhangIsAboutTalentAndAgriculture() throws {
        let section = try #require(AnalysisSupport.section(Self.seed, "余杭区"))
        #expect(Set(section.topics.prefix(2).map(\.id)) == ["talent", "agriculture"])
    }

    @Test func jiandeIsAboutSupervisionAndProsperity() throws {
        let section = try #require(AnalysisSupport.section(Self.seed, "建德市"))
        let top3 = section.topics.prefix(3).map(\.id)
        #expect(top3.contains("discipline"), "\(top3)")
        #expect(top3.contains("prosperity"), "\(top3)")
    }

    @Test func termsMatchOnTokenBoundaries() throws {
        // 托育 counts inside 普惠托育 (ends on a boundary) but not across 依托|育人.
        let table = TopicTable(topics: [TopicTable.Topic(id: "childcare", label: "托育", terms: ["托育": 1])])
        let scorer = TopicScorer(table: table)
        var doc = Document(id: "t", text: "依托育人")
        doc.tokens = [Token(range: TextRange(start: 0, end: 2), kind: .word, origin: .icu, text: "依托"),
                      Token(range: TextRange(start: 2, end: 4), kind: .word, origin: .icu, text: "育人")]
        #expect(scorer.scores(doc, range: doc.fullRange).isEmpty)
        var doc2 = Document(id: "t", text: "全区推进普惠托育服务。")
        doc2.tokens = try TestSupport.segmenter.tokens(doc2.analysis, in: 0..<doc2.length)
        #expect(scorer.scores(doc2, range: doc2.fullRange) == [TopicScore(id: "childcare", label: "托育", hits: 1, share: 1)])
    }

    @Test func weightsAndCombine() {
        let table = TopicTable(topics: [
            TopicTable.Topic(id: "a", label: "A", terms: ["养老": 2, "老年人": 1]),
            TopicTable.Topic(id: "b", label: "B", terms: ["托育": 1]),
        ])
        let doc = Document(id: "t", text: "养老和托育，老年人")
        let scores = TopicScorer(table: table).scores(doc, range: doc.fullRange)
        #expect(scores.map(\.id) == ["a", "b"])
        #expect(scores.map(\.hits) == [3, 1])
        #expect(scores.first?.share == 0.75)
        let combined = TopicScorer.combine([scores, [TopicScore(id: "b", label: "B", hits: 5, share: 1)]])
        #expect(combined.map(\.id) == ["b", "a"])
        #expect(combined.map(\.hits) == [6, 3])
    }

    @Test func malformedTopicLineIsAnError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-topics-\(UUID().uuidString).tsv")
        try "x\tX\t托育:abc\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ZhError.self) { try TopicTable(contentsOf: url) }
    }
}
