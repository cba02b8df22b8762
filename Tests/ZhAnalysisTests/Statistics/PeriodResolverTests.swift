import Testing
@testable import ZhAnalysis

/// Periods of statistics in real sentence shapes: `⟦START/END:figure⟧` marks a statistic dated
/// START…END (ISO, inclusive; one date for a point), `⟦-:figure⟧` one without a period.
@Suite struct PeriodResolverTests {
    @discardableResult
    static func check(_ marked: String, given: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Document {
        try StatisticMarks.quantities(marked, given: given, sourceLocation: sourceLocation) { span, q in
            #expect(q.role == .statistic, "\(span.text) is \(q.role)", sourceLocation: sourceLocation)
            if span.kind == "-" {
                #expect(q.period == nil, "\(span.text): \(String(describing: q.period))", sourceLocation: sourceLocation)
            } else {
                let want = span.kind.contains("/") ? span.kind : span.kind + "/" + span.kind
                #expect(q.period.map { $0.start + "/" + $0.end } == want,
                        "\(span.text): \(String(describing: q.period))", sourceLocation: sourceLocation)
            }
        }
    }

    static let year2024 = "2024-01-01/2024-12-31"

    // MARK: a dated report head, section headings, the plan

    @Test func datedReportHeadAndSections() throws {
        let doc = try Self.check("""
        2025年河南省政府工作报告
        2025年1月18日在河南省第十四届人民代表大会第三次会议上
        各位代表：
        一、2024年工作回顾
        过去一年，全省上下稳中求进。
        全年生产总值⟦2024-01-01/2024-12-31:6.36万亿元⟧、增长⟦2024-01-01/2024-12-31:5.1%⟧，规上工业增加值增长⟦2024-01-01/2024-12-31:8.1%⟧。
        中欧班列（郑州）累计开行⟦2024-12-31:1.3万列⟧。
        二、2025年工作安排
        今年经济社会发展的主要预期目标是：地区生产总值增长⟦2025-01-01/2025-12-31:5.5%左右⟧，城镇新增就业⟦2025-01-01/2025-12-31:110万人以上⟧。
        """)
        #expect(doc.referenceDate == ReferenceDate(year: 2025, month: 1, day: 18, source: .text))
    }

    /// The text's date wins over the given one.
    @Test func textDateWinsOverGivenDate() throws {
        let doc = try Self.check("""
        2025年吉林省政府工作报告
        ——2025年1月14日在吉林省第十四届人民代表大会第四次会议上
        各位代表：
        过去一年，全省地区生产总值增长⟦2024-01-01/2024-12-31:4.3%⟧。
        """, given: "2025-02-01")
        #expect(doc.referenceDate?.iso == "2025-01-14")
        #expect(doc.referenceDate?.source == .text)
    }

    /// A newswire dateline dates the item: 今年以来 runs to its day, 去年 and 上月 count back from it.
    @Test func newswireDateline() throws {
        let doc = try Self.check(
            "新华社北京2024年3月5日电 今年以来，全国新增就业⟦2024-01-01/2024-03-05:312万人⟧。去年全年粮食产量⟦2023-01-01/2023-12-31:13908亿斤⟧。"
            + "上月全国居民消费价格同比上涨⟦2024-02-01/2024-02-29:0.7%⟧。")
        #expect(doc.referenceDate == ReferenceDate(year: 2024, month: 3, day: 5, source: .text))
    }

    /// A full date in the head dates the text only where a date line stands: opening its line,
    /// after a byline or label, before 电. A date inside a sentence of the lead dates an event.
    @Test func aDateInsideTheLeadIsNotTheTextsDate() throws {
        let lead = try Self.check("""
        港鐵沙中線將再估價
        港鐵公布業績，委任歐陽伯權7月1日起接任主席，任期兩年半，直至2021年12月31日。今年盈利⟦-:120億元⟧。
        """)
        #expect(lead.referenceDate == nil)
        let byline = try Self.check("本报讯（记者 王明）2019年3月5日，今年以来全市新增就业⟦2019-01-01/2019-03-05:3.2万人⟧。")
        #expect(byline.referenceDate == ReferenceDate(year: 2019, month: 3, day: 5, source: .text))
        let label = try Self.check("""
        全市就业形势稳定
        发布日期：2019年3月5日
        今年以来全市新增就业⟦2019-01-01/2019-03-05:3.2万人⟧。
        """)
        #expect(label.referenceDate == ReferenceDate(year: 2019, month: 3, day: 5, source: .text))
    }

    /// A report without a date in its text: the title's year, or the given date.
    @Test func reportDatedByTitleOrGivenDate() throws {
        let text = """
        1985年中华人民共和国国务院政府工作报告
        各位代表：
        刚刚过去的１９８４年，是我国各族人民取得伟大成就的一年。
        去年全国平均每人占有粮食⟦1984-01-01/1984-12-31:近八百斤⟧，一般已可以达到温饱有余。
        城乡居民收入有较大增长，农民人均纯收入达到⟦1984-01-01/1984-12-31:三百五十五元⟧。
        """
        let byTitle = try Self.check(text)
        #expect(byTitle.referenceDate == ReferenceDate(year: 1985, source: .title))
        let given = try Self.check(text, given: "1985-03-27")
        #expect(given.referenceDate == ReferenceDate(year: 1985, month: 3, day: 27, source: .option))
    }

    // MARK: explicit years, bases, relative words

    @Test(arguments: [
        // Each figure its own year; 比/较 + year is a base, never the period.
        "职工工资总额占国民收入的比重由1978年的⟦1978-01-01/1978-12-31:36.5%⟧降低到1981年的⟦1981-01-01/1981-12-31:28.5%⟧。",
        "2024年，全省粮食产量⟦2024-01-01/2024-12-31:1300亿斤⟧，比2020年增长⟦2024-01-01/2024-12-31:5%⟧。",
        "一九五四年预计原煤产量⟦1954-01-01/1954-12-31:八千一百九十九万吨⟧，等于一九四九年的⟦1954-01-01/1954-12-31:二点六倍⟧。",
        "从１９７９年到１９８３年，农业总产值平均每年增长⟦1979-01-01/1983-12-31:７．９％⟧，１９８４年增长⟦1984-01-01/1984-12-31:１４．５％⟧。",
        "截至2024年底，全省经营主体⟦2024-12-31:1127.8万户⟧。",
        "2024年上半年，全市规上工业增加值同比增长⟦2024-01-01/2024-06-30:6.2%⟧。",
        // The origin of a change (由…的) dates the figure right after it; the new level takes the
        // period before the origin.
        "私营工业的比重在一九五四年将由一九四九年的⟦1949-01-01/1949-12-31:百分之二十八点八⟧上升为⟦1954-01-01/1954-12-31:百分之四十二点三⟧。",
    ])
    func explicitPeriods(_ marked: String) throws { try Self.check(marked) }

    /// A time clause opening a sentence dates the figures of the sentences after it in its
    /// paragraph, until another one opens a sentence; a new paragraph starts afresh.
    @Test func timeClauseCarriesOnThroughItsParagraph() throws {
        try Self.check("2024年上半年，全市规上工业增加值同比增长⟦2024-01-01/2024-06-30:6.2%⟧。固定资产投资增长⟦2024-01-01/2024-06-30:4.1%⟧。"
            + "社会消费品零售总额增长⟦2024-01-01/2024-06-30:3.5%⟧。2023年，全市外贸进出口增长⟦2023-01-01/2023-12-31:2.0%⟧。"
            + "实际使用外资增长⟦2023-01-01/2023-12-31:1.5%⟧。\n全市新增城镇就业⟦-:3.2万人⟧。")
    }

    /// Relative words against the given date (a news item of 15 June 2012).
    @Test(arguments: [
        "今年1-5月，全市规上工业增加值同比增长⟦2012-01-01/2012-05-31:8.5%⟧，增速比去年同期回落⟦2012-01-01/2012-05-31:3.2个百分点⟧。",
        "去年全市接待游客⟦2011-01-01/2011-12-31:1200万人次⟧。",
        "截至6月10日，秦皇岛港煤炭库存⟦2012-06-10:950万吨⟧，较上月同期增加⟦2012-06-10:120万吨⟧。",
        "目前国内外煤价倒挂达到了⟦2012-06-15:120多元⟧。",
        "今年以来，全市新增就业⟦2012-01-01/2012-06-15:3.2万人⟧。",
    ])
    func relativeToGivenDate(_ marked: String) throws { try Self.check(marked, given: "2012-06-15") }

    /// No date anywhere: relative words stay unresolved and undated figures get no period (never
    /// today's date).
    @Test(arguments: [
        "今年全市接待游客⟦-:1200万人次⟧。",
        "重庆上邦高尔夫球场非法占地⟦-:764亩⟧，被罚⟦-:1273万元⟧。",
    ])
    func noDateAtAll(_ marked: String) throws {
        let doc = try Self.check(marked)
        #expect(doc.referenceDate == nil)
    }

    /// A day names an event, not the period of what follows in other clauses.
    @Test func dayDatesItsClauseOnly() throws {
        try Self.check("昨日（6月14日），重庆市房管局办公室的一位负责人证实了此事，开发商为非法占地付出了⟦-:1273万元⟧的代价。",
                       given: "2012-06-15")
    }

    // MARK: the reference date and its parts

    @Test func referenceDateReadsAndWritesItsPrecision() throws {
        #expect(ReferenceDate(iso: "2025-02-29", source: .option) == nil)
        #expect(ReferenceDate(iso: "2024-02-29", source: .option)?.iso == "2024-02-29")
        #expect(ReferenceDate(iso: "2024-2-9", source: .option) == nil)
        #expect(ReferenceDate(year: 1985, source: .title).iso == "1985")
        #expect(CivilDate.adding(days: -1, to: 2024, 3, 1) == "2024-02-29")
        let (y, m) = CivilDate.adding(months: -1, to: 2025, 1)
        #expect(y == 2024 && m == 12)
    }
}

/// Financial years, five-year plans and years counted from the document's date.
@Suite struct FiscalPeriodTests {
    static func check(_ marked: String, given: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try PeriodResolverTests.check(marked, given: given, sourceLocation: sourceLocation)
    }

    /// Ocean Park's year runs July–June: its split years, its past financial years, 上年度 and
    /// 连续两年 count in it.
    @Test func aBodysFinancialYear() throws {
        try Self.check("""
        海洋公園連續兩年虧損⟦2015-07-01/2017-06-30:逾2億⟧
        海洋公園將於未來1年提供⟦2018-02-28/2019-02-27:1萬張⟧入場券予本地的中小學生。
        海洋公園近年業績倒退，在過去兩個財政年度更每年虧損⟦2015-07-01/2017-06-30:逾2億元⟧。
        翻查資料，海洋公園2016/17年度的入場人次為⟦2016-07-01/2017-06-30:580萬⟧，按年跌⟦2016-07-01/2017-06-30:20萬人次⟧。
        海洋公園最近5年入場人次
        年度\t入場人次\t增幅／跌幅
        2015/16\t⟦2015-07-01/2016-06-30:600萬⟧\t⟦2015-07-01/2016-06-30:-18.92%⟧
        2011/12\t⟦2011-07-01/2012-06-30:770萬⟧\t⟦2011-07-01/2012-06-30:+8.45%⟧
        由於11歲或以下的小童需由家長陪同，合共只涉及⟦-:2萬人次⟧。
        """, given: "2018-02-28")
    }

    /// With no body named, a split year is the Hong Kong government's (April–March); 学年 starts
    /// it in September.
    @Test func theGovernmentsYearAndTheSchoolYear() throws {
        try Self.check("""
        18歲以下精神病患者整體人數：
        2016/17年度，患者人數為⟦2016-04-01/2017-03-31:32300人⟧。
        政府會於2016/17學年起推行優化服務，本學年已有⟦2016-09-01/2017-08-31:80間⟧中、小學接受服務。
        """, given: "2018-03-01")
    }

    /// A five-year plan dates the figures of its period (第一个五年计划期间), not a figure of
    /// something merely listed in it (列入第六个五年计划的…产品).
    @Test func fiveYearPlans() throws {
        try Self.check("""
        我國在第一個五年計劃期間新建和改建的重大工業建設項目⟦1953-01-01/1957-12-31:約有六百個⟧。
        “十四五”期间，全省累计新增城镇就业⟦2021-01-01/2025-12-31:300万人⟧。
        """, given: "1954-09-23")
        try Self.check("""
        1985年中华人民共和国国务院政府工作报告
        列入第六个五年计划的⟦1984-01-01/1984-12-31:六十五种⟧主要产品的产量，到１９８４年已有四十三种提前达到计划指标。
        """)
    }
}
