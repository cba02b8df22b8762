import Testing
@testable import ZhAnalysis

/// The KB's `series` table, built from the facts of analysed reports.
@Suite struct SeriesTests {
    static let pipeline: Pipeline? = try? Pipeline.standard(lexicons: TestSupport.lexicons, options: .noKeywords)

    static func record(_ text: String, source: String) throws -> ArticleRecord {
        let pipeline = try #require(Self.pipeline)
        let doc = try pipeline.run(Document(id: source, text: text))
        return ArticleRecord(document: doc, source: source, charset: "UTF-8")
    }

    static let henan = """
    2025年河南省政府工作报告
    2025年1月18日在河南省第十四届人民代表大会第三次会议上
    一、2024年工作回顾
    全年生产总值6.36万亿元、增长5.1%，一般公共预算收入增长3.6%。
    """
    static let jilin = """
    2025年吉林省政府工作报告
    ——2025年1月14日在吉林省第十四届人民代表大会第四次会议上
    一、2024年工作回顾
    全省地区生产总值增长4.3%，一般公共预算收入增长2.5%。
    """

    @Test func indicatorsLineUpAcrossProvinces() throws {
        let kb = KnowledgeBase(articles: [try Self.record(Self.jilin, source: "jilin.txt"), try Self.record(Self.henan, source: "henan.txt")])
        let growth = try #require(kb.series.first { $0.indicator == "地区生产总值" && $0.measure == .change })
        #expect(growth.unit == "%")
        #expect(growth.points.map { "\($0.place ?? "-") \($0.period?.label ?? "-") \($0.value)" } == ["吉林省 2024 4.3", "河南省 2024 5.1"])
        // Each point names its fact: the article and the index of the statistic in its quantities.
        for p in growth.points {
            let article = try #require(kb.articles.first { $0.id == p.article })
            #expect(article.quantities[p.quantity].value == p.value)
            #expect(p.fact == "\(p.article)#\(p.quantity)")
            #expect(p.conflict == nil)
        }
        #expect(kb.series.contains { $0.indicator == "一般公共预算收入" && $0.points.count == 2 })
        // The GDP level is stated by one province only: no series.
        #expect(!kb.series.contains { $0.indicator == "地区生产总值" && $0.measure == .level })
        // Sorted by indicator, measure, unit.
        #expect(kb.series.map(\.indicator) == kb.series.map(\.indicator).sorted())
        // The same KB whatever the order of the articles.
        let reversed = KnowledgeBase(articles: kb.articles.reversed())
        #expect(reversed.series == kb.series)
    }

    /// Units are kept as written (噸 in a Traditional report, 吨 in a Simplified one); the series
    /// lines the two up under the Simplified unit.
    @Test func unitsAsWrittenLineUpAcrossScripts() throws {
        let old = try Self.record("""
        一九五四年國務院政府工作報告
        一九五三年，全國原煤產量達到六千六百萬噸，鋼產量達到一百七十七萬噸。
        """, source: "1954.txt")
        let new = try Self.record("""
        2025年国务院政府工作报告
        2024年，全国原煤产量达到47.8亿吨，钢产量达到10亿吨。
        """, source: "2025.txt")
        #expect(old.quantities.filter { $0.indicator == "原煤产量" }.map(\.unit) == ["噸"])
        #expect(new.quantities.filter { $0.indicator == "原煤产量" }.map(\.unit) == ["吨"])
        let kb = KnowledgeBase(articles: [old, new])
        let coal = try #require(kb.series.first { $0.indicator == "原煤产量" })
        #expect(coal.unit == "吨")
        #expect(coal.points.map { "\($0.period?.label ?? "-") \($0.value)" } == ["1953 66000000.0", "2024 4780000000.0"])
    }

    /// Two sources disagreeing about the same place and period are flagged.
    @Test func disagreeingSourcesAreFlagged() throws {
        let other = Self.henan.replacingOccurrences(of: "增长5.1%", with: "增长5.2%")
        let kb = KnowledgeBase(articles: [try Self.record(Self.henan, source: "a.txt"), try Self.record(other, source: "b.txt"),
                                          try Self.record(Self.jilin, source: "c.txt")])
        let growth = try #require(kb.series.first { $0.indicator == "地区生产总值" && $0.measure == .change })
        #expect(growth.points.map { "\($0.place ?? "-") \($0.value) \($0.conflict == true)" }
                == ["吉林省 4.3 false", "河南省 5.1 true", "河南省 5.2 true"])
    }

    @Test func periodLabels() {
        #expect(PeriodSpan(start: "2024-01-01", end: "2024-12-31").label == "2024")
        #expect(PeriodSpan(start: "2021-01-01", end: "2024-12-31").label == "2021..2024")
        #expect(PeriodSpan(start: "2024-01-01", end: "2024-06-30").label == "2024-01..2024-06")
        #expect(PeriodSpan(start: "2024-02-01", end: "2024-02-29").label == "2024-02")
        #expect(PeriodSpan(start: "2024-12-31", end: "2024-12-31").label == "2024-12-31")
        #expect(PeriodSpan(start: "2016-04-01", end: "2017-03-31").label == "2016-04..2017-03")
    }
}
