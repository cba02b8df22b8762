import Testing
@testable import ZhAnalysis

/// Subjects of statistics in real sentence shapes: `⟦SUBJECT:figure⟧` marks a statistic whose
/// subject is exactly SUBJECT (`-` for none).
@Suite struct StatisticSubjectTests {
    static func check(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try StatisticMarks.quantities(marked, sourceLocation: sourceLocation) { span, q in
            #expect(q.role == .statistic, "\(span.text) is \(q.role)", sourceLocation: sourceLocation)
            #expect(q.subject == (span.kind == "-" ? "" : span.kind), "\(span.text)", sourceLocation: sourceLocation)
        }
    }

    /// After the number: through a quoted name, and a name of digits and a Latin letter.
    @Test(arguments: [
        "争取中央预算内投资和超长期特别国债项目资金，实施⟦两重项目:216个⟧“两重”项目。",
        "新建5G基站⟦5G基站:3.2万个⟧。",
    ])
    func afterTheNumber(_ marked: String) throws { try Self.check(marked) }

    /// Before the number, read back over an adverb and a comparison base (仍然比一九五二年增加了),
    /// past a conjunction and a time opening the clause, keeping a 的 that joins two nouns.
    @Test(arguments: [
        "但是一九五三年工業總産值仍然比一九五二年增加了⟦工業總産值:百分之三十三⟧。",
        "一九五四年消費資料的生産將等於一九四九年的⟦消費資料的生産:三點一倍左右⟧，而生産資料的生産却將等於一九四九年的⟦生産資料的生産:五點七倍左右⟧。",
        "翻查資料，海洋公園近年營業表現倒退，2016/17年度的入場人次為⟦入場人次:580萬⟧，按年跌⟦入場人次:20萬人次⟧。",
    ])
    func beforeTheNumber(_ marked: String) throws { try Self.check(marked) }

    /// An adverb right before the number (its verb inside the quantity's text) is read over, not
    /// taken for the subject (nor is 大关 after the unit); a subject beginning inside a name begins
    /// with the name (宁波|港).
    @Test(arguments: [
        "今年以来，港口铁矿石库存更是⟦港口铁矿石库存:突破1.5亿吨⟧大关。",
        "这次参加培训的学员仅⟦学员:36人⟧。",
        "截至5月底，宁波港集装箱吞吐量达到⟦宁波港集装箱吞吐量:3000万标箱⟧。",
    ])
    func adverbBeforeTheNumber(_ marked: String) throws { try Self.check(marked) }

    /// No verb phrase as a subject: words the lexicon lacks that end as verb phrases do (注意到 ·
    /// 住在 · 失業咗), Cantonese function words, and no subject over a semicolon.
    @Test(arguments: [
        "但记者注意到，⟦-:1200万元⟧已经到账。",
        "城镇调查失业率降到⟦城镇调查失业率:5.5%⟧。",
        "陳女士與丈夫及兒子⟦兒子:3人⟧住在劏房。",
        "动力煤价格是⟦动力煤价格:650元/吨⟧，较前期每吨下降了⟦动力煤价格:35元⟧；精煤每吨下调了⟦-:60元⟧。",
    ])
    func noVerbPhrases(_ marked: String) throws { try Self.check(marked) }

    /// 分别: each figure takes its item; a bare modifier takes the head noun of the last item.
    @Test(arguments: [
        "全省粮食、棉花、油料产量分别增长⟦粮食产量:2.1%⟧、⟦棉花产量:3.5%⟧、⟦油料产量:4.2%⟧。",
        "规模以上工业发电量、全社会用电量、西电东送电量分别增长⟦规模以上工业发电量:10.6%⟧、⟦全社会用电量:10.9%⟧、⟦西电东送电量:22.9%⟧。",
        "生产安全事故起数、死亡人数分别下降⟦生产安全事故起数:40.5％⟧、⟦死亡人数:32.7％⟧。",
        "清洁能源、新能源装机占比分别达⟦清洁能源占比:94.6%⟧、⟦新能源装机占比:70%⟧。",
    ])
    func respectively(_ marked: String) throws { try Self.check(marked) }

    /// A table: each cell counts what its column header names; a change column the column before
    /// it; a header of two figures gives each its part.
    @Test func tableHeaders() throws {
        try Self.check("""
        海洋公園最近5年入場人次
        年度\t入場人次\t增幅／跌幅
        2016/17\t⟦入場人次:580萬⟧\t⟦入場人次:-3.33%⟧
        2015/16\t⟦入場人次:600萬⟧\t⟦入場人次:-18.92%⟧
        海洋公園的收入近亦見萎縮。
        \t學生人數 X 團體票價\t金額
        小學\t⟦學生人數:352,500⟧ x ⟦團體票價:$70⟧\t⟦金額:$2,467.5萬⟧
        """)
    }
}
