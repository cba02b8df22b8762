import Testing
@testable import ZhAnalysis

/// Places of statistics in real sentence shapes: `⟦PLACE:figure⟧` marks a statistic filed under
/// PLACE, `⟦-:figure⟧` one without a place.
@Suite struct StatisticPlacerTests {
    static func check(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try StatisticMarks.quantities(marked, sourceLocation: sourceLocation) { span, q in
            #expect(q.place == (span.kind == "-" ? nil : span.kind), "\(span.text)", sourceLocation: sourceLocation)
        }
    }

    /// Two cities compared: each figure stays with its own city; a city after 比 · 高于 is the
    /// base, unless the figure is its own (高于杭州的6.7%).
    @Test(arguments: [
        "宁波市地区生产总值增长⟦宁波市:8.2%⟧，高于杭州的⟦杭州市:6.7%⟧。",
        "宁波市居民人均可支配收入比杭州多⟦宁波市:3000元⟧。",
        "今年一季度，宁波市地区生产总值增长⟦宁波市:6.1%⟧，杭州市增长⟦杭州市:5.2%⟧。",
    ])
    func twoCities(_ marked: String) throws { try Self.check(marked) }

    /// A provincial report: scope words are the province; regions, rivers, one-character
    /// abbreviations and names beginning with 全国 are not places of their figures.
    @Test func provincialReport() throws {
        try Self.check("""
        2025年河南省政府工作报告
        各位代表：
        全省生产总值⟦河南省:6.36万亿元⟧。中原科技城新增国家级科研平台⟦河南省:23家⟧。
        郑州市快递业务量⟦郑州市:突破20亿件⟧。中欧班列累计开行⟦河南省:1.3万列⟧。
        黄河流域治理水土流失面积⟦河南省:1876平方公里⟧。办理全国政协提案⟦河南省:3件⟧。
        """)
    }

    /// A State Council report: national.
    @Test func stateCouncilReport() throws {
        try Self.check("""
        1985年中华人民共和国国务院政府工作报告
        各位代表：
        去年粮食产量达到⟦全国:四亿零七百多万吨⟧，比上年增长⟦全国:５．１％⟧。
        """)
    }

    /// Hong Kong: 全港 names Hong Kong whatever the article.
    @Test func hongKongScope() throws {
        try Self.check("不過，全港有⟦香港特别行政区:近71萬名⟧中小學生，1萬張入場券可怎樣分配？")
    }

    /// A port, an airport or a firm named after a city or province stands for it in its own
    /// clause, and for the figures going on about the same subject (同比增长12%) — not as one of a list, not a country
    /// (中国银行), and not outside the article's area (a Zhejiang university in Henan's report); a
    /// branch named after a second place (广东省人民医院海南分院) is that place's.
    @Test(arguments: [
        "截至5月底，宁波港集装箱吞吐量达到⟦宁波市:3000万标箱⟧。",
        "大连机场旅客吞吐量⟦大连市:突破2000万人次⟧，同比增长⟦大连市:12%⟧。",
        "上个月，四川长虹电器公司彩电出口⟦四川省:超过50万台⟧。",
        "上海港、宁波港及青岛港等三大港口货物吞吐量⟦-:超过20亿吨⟧。",
        "中国银行前三季度实现净利润⟦-:1800亿元⟧。",
        "广东省人民医院海南分院新增床位⟦海南省:300张⟧。",
    ])
    func namedAfterAPlace(_ marked: String) throws { try Self.check(marked) }

    @Test func namedAfterAPlaceInsideTheArticle() throws {
        try Self.check("""
        2025年河南省政府工作报告
        各位代表：
        洛阳机场货邮吞吐量增长⟦洛阳市:15%⟧。浙江大学在豫招生⟦河南省:1200人⟧。
        """)
    }

    /// No place anywhere: none is guessed.
    @Test func noPlace() throws {
        try Self.check("建设一座18洞标准球场需要购买土地⟦-:1200亩⟧，投入⟦-:约3亿元⟧。")
    }
}
