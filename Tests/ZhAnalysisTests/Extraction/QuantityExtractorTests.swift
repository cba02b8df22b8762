import Foundation
import Testing
@testable import ZhAnalysis

/// Runs segmentation, sentence splitting and the quantity stages on a text.
enum QuantityTestSupport {
    static let extractor: QuantityExtractor = {
        do { return try QuantityExtractor(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("units.tsv failed to load: \(error)")
        }
    }()

    static func document(_ text: String) throws -> Document {
        var doc = Document(id: "t", text: text)
        try TestSupport.segmenter.process(&doc)
        doc.sentences = SentenceSplitter().split(doc.analysis, in: doc.fullRange).enumerated().map {
            Sentence(index: $0.offset, range: $0.element)
        }
        try extractor.process(&doc)
        try WrittenUnits().process(&doc)
        return doc
    }

    static func quantities(_ text: String) throws -> [Quantity] { try document(text).quantities }

    /// The one quantity of a text (nil when there is not exactly one).
    static func only(_ text: String) throws -> Quantity? {
        let qs = try quantities(text)
        return qs.count == 1 ? qs[0] : nil
    }
}

@Suite struct QuantityExtractorTests {
    typealias T = QuantityTestSupport

    /// The extractor's kind constants are numbered by hand (literals, so that a test of a kind is
    /// one compare): each must be its name's place in `UnitKind.builtInNames`, and every unit of
    /// units.tsv must report a kind's name back.
    @Test func unitKindConstantsMatchTheirNames() throws {
        let named: [(UnitKind, String)] = [
            (.count, "count"), (.percent, "percent"), (.permille, "permille"), (.percentagePoint, "percentage_point"),
            (.fraction, "fraction"), (.money, "money"), (.duration, "duration"), (.year, "year"), (.date, "date"),
            (.decade, "decade"), (.clock, "clock"), (.ordinal, "ordinal"), (.label, "label"), (.phone, "phone"),
            (.ratio, "ratio"), (.plan, "plan"), (.degree, "degree"), (.length, "length"), (.mass, "mass"),
            (.energy, "energy"), (.power, "power"), (.voltage, "voltage"), (.data, "data"), (.person, "person"),
            (.personTime, "person_time"), (.household, "household"), (.age, "age"),
        ]
        #expect(named.count == UnitKind.builtInNames.count)
        let table = try UnitTable(directory: TestSupport.lexicons.directory)
        for (kind, name) in named {
            #expect(UnitKind.builtInNames[kind.code] == name)
            #expect(table.name(of: kind) == name)
        }
        for name in ["人", "万元", "%", "亩"] {
            let unit = try #require(table.unit(named: name))
            #expect(table.name(of: table.kind(of: unit)) == unit.kind)
        }
    }

    @Test func reportedErrors() throws {
        let big = try T.only("全国财政收入达一万五千亿元。")
        #expect(big?.value == 1.5e12)
        #expect(big?.unit == "元")
        let vague = try T.only("投资规模达三十万多亿。")
        #expect(vague?.value == 3e13)
        #expect(vague?.approx == .over)
        #expect(try T.only("项目总投资1,100万元。")?.value == 11_000_000)
        let pair = try T.only("门口站着两三个孩子。")
        #expect(pair?.value == 2)
        #expect(pair?.upper == 3)
        #expect(try T.quantities("他把西瓜切两半。").isEmpty)
        #expect(try T.quantities("学校形成了“一校一品”的特色。").isEmpty)
    }

    @Test(arguments: [
        // (sentence, text, value, upper, unit, kind)
        ("预计收益3至5万元。", "3至5万元", 30000.0, 50000.0 as Double?, "元", "money"),
        ("每组3-5个人参加。", "3-5个", 3, 5, "个", "count"),
        ("会场里坐了二三十人。", "二三十人", 20, 30, "人", "person"),
        ("十几个孩子在操场上。", "十几个", 10, 19, "个", "count"),
        ("约三成企业表示满意。", "约三成", 30, nil, "%", "percent"),
        ("商场的衣服一律打八五折。", "八五折", 85, nil, "%", "percent"),
        ("三分之一的居民参加了投票。", "三分之一", 1.0 / 3, nil, "", "fraction"),
        ("不良率为千分之五。", "千分之五", 5, nil, "‰", "permille"),
        ("今年的降幅为3‰。", "3‰", 3, nil, "‰", "permille"),
        ("增速为百分之三点五。", "百分之三点五", 3.5, nil, "%", "percent"),
        ("失业率为３０％。", "３０％", 30, nil, "%", "percent"),
        ("合同金额为人民币壹万贰仟元。", "壹万贰仟元", 12000, nil, "元", "money"),
        ("线路全长3公里。", "3公里", 3, nil, "公里", "length"),
        ("年产量达2万吨。", "2万吨", 20_000, nil, "吨", "mass"),
        ("比上年提高3个百分点。", "3个百分点", 3, nil, "个百分点", "percentage_point"),
        ("他在那里工作了一个半小时。", "一个半小时", 1.5, nil, "小时", "duration"),
        ("奖金为2.5万美元。", "2.5万美元", 25000, nil, "美元", "money"),
        ("农历廿五日举行婚礼。", "廿五日", 25, nil, "日", "date"),
    ] as [(String, String, Double, Double?, String, String)])
    func forms(_ sentence: String, _ text: String, _ value: Double, _ upper: Double?, _ unit: String, _ kind: String) throws {
        let q = try T.only(sentence)
        #expect(q?.text == text)
        if let q { #expect(abs(q.value - value) < 1e-9 * max(1, value)) }
        #expect(q?.upper == upper)
        #expect(q?.unit == unit)
        #expect(q?.unitKind == kind)
    }

    @Test(arguments: [
        ("约3000人参加。", "约3000人", Approximation.about),
        ("共有近百家企业入驻。", "近百家", .about),
        ("不到10%的人反对。", "不到10%", .under),
        ("现场不足5人。", "不足5人", .under),
        ("投资10万元以上。", "10万元以上", .over),
        ("每月至少3次。", "至少3次", .atLeast),
        ("每组最多5人。", "最多5人", .max),
        ("期限不超过3年。", "不超过3年", .atMost),
        ("患者50岁左右。", "50岁左右", .about),
        ("吸引逾万名游客。", "逾万名", .over),
        ("全村有200余户。", "200余户", .over),
        ("月收入2000多元。", "2000多元", .over),
        ("已经过去三年多了。", "三年多", .over),
    ] as [(String, String, Approximation)])
    func approximations(_ sentence: String, _ text: String, _ approx: Approximation) throws {
        let q = try T.only(sentence)
        #expect(q?.text == text)
        #expect(q?.approx == approx)
    }

    @Test func yearsDatesAndOrdinals() throws {
        let qs = try T.quantities("2021年12月31日，第四批名单公布。")
        #expect(qs.map(\.text) == ["2021年", "12月", "31日", "第四批"])
        #expect(qs.map(\.unitKind) == ["year", "date", "date", "ordinal"])
        #expect(qs.map(\.value) == [2021, 12, 31, 4])
        let chineseYear = try T.quantities("二〇二三年三月")
        #expect(chineseYear.first?.unitKind == "year")
        #expect(chineseYear.first?.value == 2023)
        // Three years is a duration, not the year 3.
        #expect(try T.only("建设周期为3年。")?.unitKind == "duration")
    }

    @Test(arguments: [
        "5G基站覆盖全区。",
        "构筑“1+3+N”工作新模式。",
        "开展“一对一”帮扶。",
        "第一时间掌握居民诉求。",
        "吸引一大批人才落户。",
        "推出一系列举措。",
        "发放一次性补助。",
        "打通服务群众的“最后一公里”。",
        "统一思想，唯一的办法，进一步加强，一些人一起去。",
        "千家万户，三心二意，接二连三，十全十美。",
        "他家住在四川，一切都好。",
        "百年大计，教育为本。",
        "订单号A20210721已发货。",
        "他拾起一块石头，放肆地笑了。",
    ])
    func notQuantities(_ sentence: String) throws {
        #expect(try T.quantities(sentence).map(\.text) == [])
    }

    /// Names and labels written with numerals are kept with their role, never as statistics.
    @Test(arguments: [
        ("已完成“十四五”规划目标。", "十四五", QuantityRole.label),
        ("原因如下：一、出于好奇；二、受他人影响。", "一", .label),
        ("原因如下：一、出于好奇；二、受他人影响。", "二", .label),
    ])
    func labels(_ sentence: String, _ text: String, _ role: QuantityRole) throws {
        let qs = try T.quantities(sentence)
        #expect(qs.first { $0.text == text }?.role == role)
        #expect(!qs.contains { $0.role == .statistic })
    }

    @Test func valuesAreCleanDecimals() throws {
        // 2.3 × 10⁸ is 229999999.99999997 in binary floating point; the value keeps 14 digits.
        #expect(try T.only("累计投入资金2.3亿元。")?.value == 230_000_000)
        #expect(try T.only("高于全国0.3个百分点。")?.value == 0.3)
        let months = try T.quantities("今年1至9月，产值增长。")
        #expect(months.first?.text == "1至9月")
        #expect(months.first?.unitKind == "date")
        #expect(months.first?.upper == 9)
        #expect(months.first?.time == "今年")
    }

    @Test func bareNumbersAreCounts() throws {
        let q = try T.only("排名上升到第12，得分为87.5。")
        #expect(q == nil)
        let qs = try T.quantities("排名上升到第12，得分为87.5。")
        #expect(qs.map(\.text) == ["第12", "87.5"])
        #expect(qs.map(\.unitKind) == ["ordinal", "count"])
        #expect(qs[1].unit == "")
    }

    @Test func subjectsAndQualifiers() throws {
        #expect(try T.only("辖区未成年人有5000余人。")?.subject == "未成年人")
        #expect(try T.only("全区常住人口为53万人。")?.subject == "常住人口")
        #expect(try T.only("已建成托位367个。")?.subject == "托位")
        #expect(try T.only("吸引超50家科创企业落户。")?.subject == "科创企业")
        #expect(try T.only("开展各类主题活动20余场。")?.subject == "主题活动")
        #expect(try T.only("白杨街道集聚14所高校。")?.subject == "高校")
        // A verb phrase the lexicon does not list (降到 · 住在 · 失業咗) is no subject.
        #expect(try T.only("城镇调查失业率降到5.5%。")?.subject == "城镇调查失业率")
        #expect(try T.only("陳女士與丈夫及兒子3人住在劏房。")?.subject == "兒子")
        #expect(try T.only("佢失業咗一年有多。")?.subject == "")
        // Adverbs and linking words between the noun and its verb go with the verb.
        #expect(try T.only("港口煤炭库存已经升至2035万吨。")?.subject == "港口煤炭库存")
        #expect(try T.only("中欧班列累计开行1.3万列。")?.subject == "中欧班列")
        #expect(try T.only("一般性支出压减10%。")?.subject == "一般性支出")
        // One unlisted character the segmenter left alone takes the word before it, or is no subject.
        #expect(try T.only("全市粮食单产提高14.5%。")?.subject == "粮食单产")
        #expect(try T.only("政府獨立增撥10億元。")?.subject == "")
        #expect(try T.only("提供每程0.3元的折扣。")?.subject == "")
        // A subject does not reach over a clause break, nor a change's over a semicolon.
        #expect(try T.only("据统计局介绍，1200万元用于补贴。")?.subject == "")
        let prices = try T.quantities("动力煤价格是650元/吨，较前期每吨下降了35元；精煤每吨下调了60元。")
        #expect(prices.map(\.subject) == ["动力煤价格", "动力煤价格", ""])
        let rate = try T.only("每千人口拥有托位4.55个。")
        #expect(rate?.qualifiers == ["每千人口"])
        #expect(rate?.subject == "托位")
        let yearly = try T.only("房租补助每年最高达10万元。")
        #expect(yearly?.text == "最高达10万元")
        #expect(yearly?.approx == .max)
        #expect(yearly?.value == 100_000)
        #expect(yearly?.qualifiers == ["每年"])
        #expect(try T.only("农民人均可支配收入增长6.5%。")?.qualifiers == ["人均", "增长"])
        #expect(try T.only("村民月增收2000多元。")?.qualifiers == ["每月"])
    }

    /// A numeral inside a mention found by an earlier stage is part of the name, not a quantity;
    /// the same numeral outside every mention (or under a mention that runs past the text) is one.
    @Test func numeralsInsideMentionsAreNames() throws {
        let text = "三百家公司参加，另有三百家公司。"
        func counts(_ mentions: [TextRange]) throws -> [String] {
            var doc = Document(id: "t", text: text)
            try TestSupport.segmenter.process(&doc)
            doc.entities = mentions.isEmpty ? [] : [Entity(type: .organization, name: "三百家公司",
                                                           mentions: mentions.map { Mention(range: $0, text: "三百家公司") })]
            try T.extractor.process(&doc)
            return doc.quantities.map(\.text)
        }
        let free = try counts([])
        #expect(free == ["三百家", "三百家"])
        #expect(try counts([TextRange(start: 0, end: 5)]) == ["三百家"])
        #expect(try counts([TextRange(start: 0, end: 5), TextRange(start: 10, end: 15)]).isEmpty)
        #expect(try counts([TextRange(start: 10, end: 40)]) == free)
    }

    @Test func timePlaceAndSentence() throws {
        var doc = Document(id: "t", text: "上城区2021年以来新建驿站12个。余杭区今年培育人才300名。")
        try TestSupport.segmenter.process(&doc)
        doc.sentences = SentenceSplitter().split(doc.analysis, in: doc.fullRange).enumerated().map {
            Sentence(index: $0.offset, range: $0.element)
        }
        doc.entities = [
            Entity(type: .place, name: "上城区", mentions: [Mention(range: TextRange(start: 0, end: 3), text: "上城区")]),
            Entity(type: .place, name: "余杭区", mentions: [Mention(range: TextRange(start: 18, end: 21), text: "余杭区")]),
        ]
        try T.extractor.process(&doc)
        let counts = doc.quantities.filter { $0.unitKind == "count" || $0.unitKind == "person" }
        #expect(counts.map(\.text) == ["12个", "300名"])
        #expect(counts.map(\.place) == ["上城区", "余杭区"])
        #expect(counts.map(\.time) == ["2021年以来", "今年"])
        #expect(counts.map(\.sentence) == [0, 1])
        // Without sentences and entities the stage still works; the section's district is the place.
        var bare = Document(id: "t", text: "新建驿站12个")
        bare.sections = [Section(range: bare.fullRange, district: "钱塘区")]
        try T.extractor.process(&bare)
        #expect(bare.quantities.first?.place == "钱塘区")
        #expect(bare.quantities.first?.sentence == nil)
    }

    @Test func unitTableRejectsBadLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("units.tsv")
        try "# c\n万元\tmoney\t10000\t元\n亩\tarea\t10000/15\t平方米\n坏\tcount\tzero\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ZhError.malformedLexiconLine(file: url.path, line: 4, text: "坏\tcount\tzero")) {
            _ = try UnitTable(directory: dir)
        }
        try "万元\tmoney\t10000\t元\n亩\tarea\t10000/15\t平方米\n".write(to: url, atomically: true, encoding: .utf8)
        let table = try UnitTable(directory: dir)
        #expect(table.unit(named: "万元")?.factor == 10000)
        #expect(table.unit(named: "亩")?.factor == 10000.0 / 15)
    }

    /// A unit name's one code point, compared with a character as `String ==` would (canonical
    /// equivalence): a compatibility ideograph is its unified ideograph, a decomposed letter its
    /// composed form; names of two characters are none.
    @Test func unitNameAsOneCodePoint() {
        #expect(QuantityExtractor.soleScalar("年") == "年")
        #expect(QuantityExtractor.soleScalar("\u{F98E}") == "年" && "\u{F98E}" == "年")
        #expect(QuantityExtractor.soleScalar("%") == "%" && QuantityExtractor.soleScalar("‰") == "‰")
        #expect(QuantityExtractor.soleScalar("e\u{301}") == "é")
        #expect(QuantityExtractor.soleScalar("万元") == nil && QuantityExtractor.soleScalar("个\u{301}") == nil)
        #expect(QuantityExtractor.soleScalar("") == nil)
    }
}
