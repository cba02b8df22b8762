import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct KeywordExtractorTests {
    static let extractor: KeywordExtractor = {
        do { return try KeywordExtractor(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("keyword extractor failed to load: \(error)")
        }
    }()

    static let seed: Document = {
        var doc = AnalysisSupport.seedDocument
        do { try extractor.process(&doc) } catch { preconditionFailure("\(error)") }
        return doc
    }()

    static func top(_ prefix: String, _ n: Int = 10) -> [String] {
        (AnalysisSupport.section(seed, prefix)?.keywords ?? []).prefix(n).map(\.term)
    }

    @Test func seedHasSixSections() {
        #expect(Self.seed.sections.count == 6)
    }

    /// Each district story's top 10 names what it is about (expectations from reading the seed).
    /// A term "contains" an expected word when the word is the term or part of a key phrase
    /// (专项监督 for 监督, 普惠托育 for 托育).
    @Test(arguments: [
        ("上城区", ["青少年", "心理健康", "社工"]),
        ("萧山区", ["知联", "党外知识分子"]),
        ("高新区", ["托育", "托位", "婴幼儿"]),
        ("余杭区", ["人才", "竹产业"]),
        ("钱塘区", ["统战", "点单"]),
        ("建德市", ["工坊", "监督"]),
    ])
    func sectionTopTenNamesTheSubject(_ heading: String, _ expected: [String]) {
        let top = Self.top(heading)
        for word in expected {
            #expect(top.contains { $0.contains(word) }, "\(heading): \(word) not in \(top)")
        }
    }

    @Test func genericWordsAreNotOnTop() {
        for section in Self.seed.sections {
            let top3 = section.keywords.prefix(3).map(\.term)
            for generic in ["街道", "服务", "工作", "开展", "推动", "社区", "发展"] {
                #expect(!top3.contains(generic), "\(generic) in top 3 \(top3)")
            }
        }
    }

    @Test func countsAndWeightsAreConsistent() throws {
        let section = try #require(AnalysisSupport.section(Self.seed, "钱塘区"))
        let tongzhan = try #require(section.keywords.first { $0.term == "统战" })
        #expect(tongzhan.count == 16)
        #expect(section.keywords.count == 15)
        #expect(zip(section.keywords, section.keywords.dropFirst()).allSatisfy { $0.weight >= $1.weight })
        #expect(Self.seed.keywords.count == 25)
        // The document weight of a term is the sum of its section weights.
        let docWeight = try #require(Self.seed.keywords.first { $0.term == "统战" }).weight
        #expect(abs(docWeight - tongzhan.weight) < 1e-12)
    }

    @Test func phrasesRepairSplitWords() throws {
        // 竹 产业, 知 联, 工 坊 are split by the segmenter; adjacency merges them back.
        let all = Set(Self.seed.sections.flatMap { $0.keywords.map(\.term) })
        for phrase in ["竹产业", "知联", "工坊", "点单"] { #expect(all.contains(phrase)) }
        // A single character alone is never a keyword.
        #expect(all.allSatisfy { $0.unicodeScalars.count >= 2 })
    }

    @Test func numeralsAndStopwordsAreDropped() {
        #expect(TermSequence.isNumeralLike(Array("三级".unicodeScalars), 0, 2))
        #expect(TermSequence.isNumeralLike(Array("第四".unicodeScalars), 0, 2))
        #expect(TermSequence.isNumeralLike(Array("10万".unicodeScalars), 0, 3))
        #expect(!TermSequence.isNumeralLike(Array("百丈镇".unicodeScalars), 0, 3))
        let all = Set(Self.seed.keywords.map(\.term) + Self.seed.sections.flatMap { $0.keywords.map(\.term) })
        for word in ["我们", "目前", "通过", "一批", "三级", "截至目前"] { #expect(!all.contains(word)) }
    }

    /// A government work report paragraph, no headings: one section, TextRank.
    @Test func governmentReportWithoutSections() throws {
        let text = """
        过去一年，我们坚持稳中求进工作总基调，全市地区生产总值增长6.5%。新增城镇就业12.3万人，\
        城镇调查失业率控制在5%以内。实施科技创新引领工程，新增国家高新技术企业1200家，研发投入强度达到3.2%。\
        深入推进乡村振兴，粮食产量稳定在80万吨以上，农村居民人均可支配收入增长7.1%。新建养老服务中心45个，\
        新增养老床位3000张，新增普惠托位2000个，婴幼儿照护服务体系不断完善。生态环境持续改善，PM2.5平均浓度\
        下降到28微克每立方米，地表水优良水质比例达到95%。我们将继续推进科技创新和乡村振兴，加快养老和托育服务体系建设。
        """
        var doc = try AnalysisSupport.prepared(Document(id: "report", text: text))
        doc.sections = []
        try Self.extractor.process(&doc)
        #expect(doc.sections.isEmpty)
        let top = doc.keywords.prefix(10).map(\.term)
        for word in ["科技创新", "乡村振兴"] { #expect(top.contains(word), "\(word) not in \(top)") }
        for generic in ["推进", "我们", "工作", "持续", "新增"] { #expect(!top.prefix(5).contains(generic), "\(top)") }
        #expect(doc.keywords.first?.weight == 1)
        #expect(doc.keywords.allSatisfy { !$0.term.contains("6.5") && $0.term != "%" })
    }

    @Test func aggregationFunctions() {
        var a = TermStatistics()
        a.add("托育", count: 3)
        a.add("街道", count: 2)
        var b = TermStatistics()
        b.add("统战", count: 4)
        b.add("街道", count: 1)
        let merged = TermStatistics.merged([a, b])
        #expect(merged["街道"] == 3)
        #expect(merged.total == 10)
        let df = DocumentFrequencies([a, b])
        #expect(df.documents == 2)
        #expect(df["街道"] == 2)
        #expect(df["托育"] == 1)
        #expect(df.idf("托育") > df.idf("街道"))
        let ranked = Self.extractor.rank(a, documentFrequencies: df, limit: 5)
        #expect(ranked.map(\.term) == ["托育", "街道"])
        #expect(ranked.first?.count == 3)
    }

    @Test func backgroundIDFFileInJiebaFormat() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-keywords-idf-\(UUID().uuidString).txt")
        try "# test\n托育 11.5\n街道 2.0\n工作 1.5\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try IDFTable(contentsOf: url)
        #expect(table.count == 3)
        #expect(table["托育"] == 11.5)
        #expect(table["未知词"] == 2.0)        // median
        try "托育 abc\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ZhError.self) { try IDFTable(contentsOf: url) }
        let extractor = try KeywordExtractor(lexicons: TestSupport.lexicons, background: table)
        #expect(extractor.background["工作"] == 1.5)
    }

    static let reportText = """
    过去一年，我们坚持稳中求进工作总基调，全市地区生产总值增长6.5%。新增城镇就业12.3万人，\
    城镇调查失业率控制在5%以内。实施科技创新引领工程，新增国家高新技术企业1200家，研发投入强度达到3.2%。\
    深入推进乡村振兴，粮食产量稳定在80万吨以上，农村居民人均可支配收入增长7.1%。
    """

    /// A background table (`--idf`) passed to the standard pipeline changes the ranking: the
    /// lowest keyword of the default run, given a high IDF against a low one for the rest, leads.
    @Test func backgroundIDFChangesTheRanking() throws {
        let plain = try Pipeline.standard(lexicons: TestSupport.lexicons).run(Document(id: "r", text: Self.reportText))
        let terms = plain.keywords.map(\.term)
        let last = try #require(terms.last)
        #expect(terms.count >= 3)
        #expect(terms.first != last)
        var values = Dictionary(uniqueKeysWithValues: terms.map { ($0, 0.1) })
        values[last] = 100
        let table = IDFTable(values: values)
        #expect(table.fallback == 0.1)
        let ranked = try Pipeline.standard(lexicons: TestSupport.lexicons, background: table)
            .run(Document(id: "r", text: Self.reportText))
        #expect(ranked.keywords.first?.term == last, "\(ranked.keywords.prefix(5).map(\.term))")
    }

    /// A short document without sections is ranked by tf × prior (no TextRank), normalised.
    @Test func shortDocumentUsesCountsTimesPrior() throws {
        var doc = try AnalysisSupport.prepared(Document(id: "short", text: Self.reportText))
        doc.sections = []
        try Self.extractor.process(&doc)
        var textRank = Self.extractor
        textRank.options.method = .textRank
        var ranked = try AnalysisSupport.prepared(Document(id: "short", text: Self.reportText))
        ranked.sections = []
        try textRank.process(&ranked)
        #expect(doc.keywords.first?.weight == 1)
        #expect(zip(doc.keywords, doc.keywords.dropFirst()).allSatisfy { $0.weight >= $1.weight })
        // The same terms and counts as TextRank sees; only the weights differ.
        let counts = Dictionary(uniqueKeysWithValues: ranked.keywords.map { ($0.term, $0.count) })
        #expect(doc.keywords.filter { counts[$0.term] != nil }.count >= min(10, doc.keywords.count))
        for k in doc.keywords { if let n = counts[k.term] { #expect(n == k.count) } }
        #expect(doc.keywords.map(\.weight) != ranked.keywords.map(\.weight))
    }

    @Test func standardPipelineWithoutKeywords() throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons, options: [.noKeywords])
        #expect(!pipeline.stages.contains { $0 is KeywordExtractor || $0 is TopicScorer })
        let doc = try pipeline.run(Document(id: "r", text: Self.reportText))
        #expect(doc.keywords.isEmpty && doc.topics.isEmpty && !doc.tokens.isEmpty)
    }

    @Test func lexiconBackgroundRanksCommonWordsLow() {
        let bg = Self.extractor.background
        #expect(bg["的"] < bg["工作"])
        #expect(bg["工作"] < bg["托育"])
    }
}
