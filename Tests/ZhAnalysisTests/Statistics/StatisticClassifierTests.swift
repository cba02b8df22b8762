import Testing
@testable import ZhAnalysis

/// Indicator and measure of statistics in real sentence shapes: `⟦indicator|measure:figure⟧`
/// marks a statistic (`-` for no indicator); every marked figure must be a quantity with exactly
/// that indicator and measure.
@Suite struct StatisticClassifierTests {
    static func check(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try StatisticMarks.quantities(marked, sourceLocation: sourceLocation) { span, q in
            let parts = span.kind.split(separator: "|").map(String.init)
            try #require(parts.count == 2, sourceLocation: sourceLocation)
            #expect(q.indicator == (parts[0] == "-" ? nil : parts[0]), "\(span.text): subject \(q.subject)",
                    sourceLocation: sourceLocation)
            #expect(q.measure?.rawValue == parts[1], "\(span.text)", sourceLocation: sourceLocation)
        }
    }

    // MARK: provincial work reports (2025, reviewing 2024)

    @Test(arguments: [
        "全年生产总值⟦地区生产总值|level:6.36万亿元⟧、增长⟦地区生产总值|change:5.1%⟧，规上工业增加值增长⟦规模以上工业增加值|change:8.1%⟧，固定资产投资增长⟦固定资产投资|change:7%⟧。",
        "全疆地区生产总值同比增长⟦地区生产总值|change:6.1%⟧、⟦地区生产总值|level:突破2万亿元⟧大关。",
        "居民人均可支配收入增长⟦居民人均可支配收入|change:5.4%⟧，农村居民人均可支配收入增长⟦农村居民人均可支配收入|change:6.1%⟧。",
        "高技术制造业增加值占规上工业⟦高技术制造业增加值占规模以上工业增加值比重|share:12.3％⟧。",
        "一般公共预算收入增长⟦一般公共预算收入|change:10.8％⟧。",
        "郑州机场货邮吞吐量⟦机场货邮吞吐量|level:突破80万吨⟧。",
        "城镇新增就业⟦城镇新增就业人数|level:120万人⟧。",
        "空气质量优良天数⟦空气质量优良天数比率|share:92.9％⟧。",
        "城乡居民基本医疗保险补助标准提高到每人每年⟦城乡居民基本医疗保险人均财政补助标准|level:670元⟧。",
        "能耗强度降低⟦单位地区生产总值能耗|change:5.1%⟧。",
        "全省地区生产总值增长⟦地区生产总值|change:5.8%⟧，经济总量跨上⟦地区生产总值|level:5万亿元⟧台阶。",
        "全疆粮食播种面积⟦粮食播种面积|level:4440万亩⟧，粮食增产⟦粮食产量|change:42.2亿斤⟧。",
    ])
    func provincialReport(_ marked: String) throws { try Self.check(marked) }

    // MARK: State Council reports (1954 in traditional characters, 1985 with full-width digits)

    @Test(arguments: [
        "１９８４年，我国工农业总产值⟦工农业总产值|level:突破一万亿元⟧，在１９７９到１９８３年平均每年递增⟦工农业总产值|change:７．９％⟧的基础上，比上年增长⟦工农业总产值|change:１４．２％⟧。",
        "全年社会商品零售总额，比上年增长⟦社会消费品零售总额|change:１７．８％⟧，吃穿用各类商品的销售量都有较大的增长。",
        "電力⟦发电量|level:一百零八億度⟧，等於一九四九年的⟦发电量|change:二點五倍⟧；原煤⟦原煤产量|level:八千一百九十九萬噸⟧，等於一九四九年的⟦原煤产量|change:二點六倍⟧。",
        "一九五三年工業總産值仍然比一九五二年增加了⟦工业总产值|change:百分之三十三⟧。",
        "全国以各种形式实际使用的国外资金达⟦实际使用外资金额|level:二十六亿六千万美元⟧。",
        "去年全国平均每人占有粮食⟦人均粮食占有量|level:近八百斤⟧，按照我国人民当前的食物结构，一般已可以达到温饱有余。",
        "从１９７９年到１９８３年，农业总产值（包括村办工业）平均每年增长⟦农业总产值|change:７．９％⟧，１９８４年增长⟦农业总产值|change:１４．５％⟧。",
        "１９８２年重工业总产值比上年增长⟦重工业总产值|change:９．８％⟧，１９８３年增长⟦重工业总产值|change:１２．４％⟧。",
    ])
    func stateCouncilReport(_ marked: String) throws { try Self.check(marked) }

    // MARK: news (mainland and Hong Kong)

    @Test(arguments: [
        "国家统计局今天发布，４月份全国居民消费价格同比上涨⟦居民消费价格|change:３．４％⟧。",
        "本港第三季本地生產總值按年實質增長⟦地区生产总值|change:1.8%⟧，經季節性調整的失業率為⟦失业率|share:2.9%⟧。",
        "入場人次以2015/16年度的跌幅最大，達⟦-|change:18.9%⟧。",
    ])
    func news(_ marked: String) throws { try Self.check(marked) }

    // MARK: each measure

    @Test(arguments: [
        "今年经济社会发展的主要预期目标是：地区生产总值增长⟦地区生产总值|target:5%左右⟧，城镇新增就业⟦城镇新增就业人数|target:110万人以上⟧。",
        "力争粮食产量稳定在⟦粮食产量|target:1300亿斤以上⟧。",
        "二、2025年工作安排\n扩大内需，全省社会消费品零售总额增长⟦社会消费品零售总额|target:6%左右⟧，城镇新增就业⟦城镇新增就业人数|level:110万人⟧。",
        "一、2024年工作回顾\n全省社会消费品零售总额增长⟦社会消费品零售总额|change:3%左右⟧。",
        "大力推进重点任务落实，建设筹集保障性租赁住房⟦保障性住房|level:7.1万套⟧。",
        "经济总量居全国⟦地区生产总值|rank:第5位⟧。",
        "县级医院⟦-|share:80%⟧达到三级医院水平。",
        "省属国企一级企业数量压减⟦-|change:80％⟧。",
        "我们的年度计划并不是都完成了，例如中央六个工业部的基本建设计划就只完成了⟦-|share:百分之九十四点三⟧。",
    ])
    func measures(_ marked: String) throws { try Self.check(marked) }

    // MARK: no indicator where none is named

    @Test(arguments: [
        "红旗汽车产量增长⟦-|change:22.9％⟧。",
        "新增零碳工厂⟦-|level:11家⟧、超级能效工厂⟦-|level:8家⟧。",
        "国民收入和国家财政收入都比上年增长⟦-|change:１２％⟧。",
        "第三产业企业⟦-|level:500家⟧。",
    ])
    func unknownSubject(_ marked: String) throws { try Self.check(marked) }
}
