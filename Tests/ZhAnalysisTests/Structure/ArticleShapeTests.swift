import Foundation
import Testing
@testable import ZhAnalysis

/// Article shapes beyond the seed page: reports with an issuing body and a date, bracketed and
/// numbered headings, plain articles, news datelines, traditional Chinese, list items.
@Suite struct ArticleShapeTests {
    static func sentences(_ doc: Document) -> [String] { doc.sentences.map { doc.original($0.range) } }
    static func headlines(_ doc: Document) -> [String?] { doc.sections.map(\.headline) }

    // MARK: - Issuer and date lines

    @Test func bulletinTitleIssuerAndDate() throws {
        let text = """
        2023年成都市国民经济和社会发展统计公报

        成都市统计局
        2024年3月

        \u{3000}\u{3000}2023年，全市实现地区生产总值22074.7亿元，比上年增长6.0%。
        \u{3000}\u{3000}年末全市常住人口2140.3万人。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "2023年成都市国民经济和社会发展统计公报")
        #expect(doc.subtitle == nil)
        #expect(doc.kicker == nil)
        #expect(doc.issuer == "成都市统计局")
        #expect(doc.date == "2024年3月")
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].authors == [])
        #expect(doc.sections[0].range.start == doc.paragraphs[3].start)
        #expect(doc.sentences.filter { $0.section == -1 }.map { doc.original($0.range) }
                == ["2023年成都市国民经济和社会发展统计公报", "成都市统计局", "2024年3月"])
        #expect(Self.sentences(doc).count == 5)
    }

    @Test func noticeWithParenthesisedChineseNumeralDate() throws {
        let text = """
        关于做好春节期间安全生产工作的通知
        杭州市应急管理局
        （二〇二四年一月二十日）

        各区、县（市）应急管理局：
        春节将至，请切实做好安全生产工作。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "关于做好春节期间安全生产工作的通知")
        #expect(doc.subtitle == nil && doc.kicker == nil)
        #expect(doc.issuer == "杭州市应急管理局")
        #expect(doc.date == "（二〇二四年一月二十日）")
        #expect(doc.sections.count == 1)
        #expect(Self.sentences(doc).suffix(2) == ["各区、县（市）应急管理局：", "春节将至，请切实做好安全生产工作。"])
    }

    @Test func jointIssuersAndNumericDate() throws {
        let doc = try StructureSupport.read("""
        2023年武汉市人口变动情况抽样调查主要数据公报

        武汉市统计局 国家统计局武汉调查队
        2024-04-15

        全市常住人口1377.40万人。
        """)
        #expect(doc.title == "2023年武汉市人口变动情况抽样调查主要数据公报")
        #expect(doc.issuer == "武汉市统计局 国家统计局武汉调查队")
        #expect(doc.date == "2024-04-15")
        #expect(doc.subtitle == nil)
    }

    @Test func closingSignatureIsIssuerAndDate() throws {
        let text = """
        关于开展城市更新试点工作的通知

        各区人民政府，市政府各部门：

        为推动城市高质量发展，现就开展城市更新试点工作通知如下。

        成都市人民政府办公厅
        2024年3月5日
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "关于开展城市更新试点工作的通知")
        #expect(doc.issuer == "成都市人民政府办公厅")
        #expect(doc.date == "2024年3月5日")
        // The signature is not joined to the body and stays two lines.
        #expect(doc.paragraphs.suffix(2).map { doc.original($0) } == ["成都市人民政府办公厅", "2024年3月5日"])
    }

    @Test func titleBylineAndDateWithWeekday() throws {
        let text = """
        成都地铁新线开通

        记者 王 芳
        2024年3月5日 星期二

        3月5日，成都地铁新线正式开通运营。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "成都地铁新线开通")
        #expect(doc.subtitle == nil)
        #expect(doc.date == "2024年3月5日 星期二")
        #expect(doc.issuer == nil)
        #expect(doc.sections.map(\.authors) == [["王芳"]])
    }

    @Test func subtitleAboutAnOrganisationStaysASubtitle() throws {
        let doc = try StructureSupport.read("守护生命的白衣天使\n走进成都市第一人民医院\n\n清晨六点，急诊科已经忙碌起来。")
        #expect(doc.title == "守护生命的白衣天使")
        #expect(doc.subtitle == "走进成都市第一人民医院")
        #expect(doc.issuer == nil && doc.date == nil)
    }

    @Test(arguments: [
        ("2024年3月", true), ("2024年3月5日", true), ("二〇二四年三月", true), ("（2024年3月5日）", true),
        ("2024.3.5", true), ("2024/03/05", true), ("2024年3月5日发布", true),
        ("成都市统计局", false), ("国家统计局成都调查队", false), ("中共杭州市委办公厅", false),
        ("2024年3月5日上午", nil), ("3月5日", nil), ("统计局", nil), ("走进成都市第一人民医院", nil),
        ("多元聚合力 奋进向未来", nil), ("张梦月 夏 衍", nil), ("2023年工作回顾", nil),
    ] as [(String, Bool?)])
    func metaLines(line: String, kind: Bool?) {
        let s = Array(TextFolder().fold(line).unicodeScalars)
        let l = ArticleReader.Line(range: TextRange(start: 0, end: s.count), indent: 0, blankBefore: true)
        #expect(StructureSupport.reader.metaKind(l, s) == kind)
    }

    // MARK: - Bracketed and numbered headings

    @Test func bracketHeadingsWithHeadlineAfterTheBracket() throws {
        let text = """
        社区新闻汇编

        【民生】老旧小区加装电梯有序推进
        今年以来，全区已完成加装电梯58部。

        【教育】新建学校秋季开学
        3所新建学校9月1日正式开学。

        【文化】社区书屋上新
        书屋新增图书2000余册。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "社区新闻汇编")
        #expect(Self.headlines(doc) == ["老旧小区加装电梯有序推进", "新建学校秋季开学", "社区书屋上新"])
        #expect(doc.sections.allSatisfy { $0.district == nil })
        #expect(doc.sentences.filter { $0.section == 1 }.map { doc.original($0.range) }
                == ["【教育】新建学校秋季开学", "3所新建学校9月1日正式开学。"])
    }

    @Test func singleBracketLineDoesNotMakeSections() throws {
        let doc = try StructureSupport.read("【提示】\n\n明天起气温下降，请注意保暖。\n\n市民出行请关注天气预报。")
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].headline == nil)
    }

    @Test(arguments: [
        ("一、总体要求\n\n坚持稳中求进。\n\n二、主要任务\n\n推进城市更新。\n\n三、保障措施\n\n加强组织领导。",
         ["总体要求", "主要任务", "保障措施"]),
        ("（一）加强组织领导\n各区要建立工作专班。\n（二）强化资金保障\n市财政安排专项资金。",
         ["加强组织领导", "强化资金保障"]),
        ("1. 基础设施建设\n新建道路12公里。\n2. 公共服务提升\n新增托位3000个。",
         ["基础设施建设", "公共服务提升"]),
        ("1）项目概况\n项目总投资5亿元。\n2）建设内容\n新建厂房2万平方米。",
         ["项目概况", "建设内容"]),
        ("第一部分 总体情况\n\n全年经济平稳运行。\n\n第二部分 主要指标\n\n地区生产总值增长6%。",
         ["总体情况", "主要指标"]),
        ("第一章 总则\n\n为规范管理，制定本办法。\n\n第二章 管理职责\n\n市住建局负责实施。",
         ["总则", "管理职责"]),
    ])
    func numberedHeadings(text: String, headlines: [String]) throws {
        let doc = try StructureSupport.read(text)
        #expect(Self.headlines(doc) == headlines)
        #expect(doc.title == nil)
        #expect(doc.sections.allSatisfy { $0.heading?.start == $0.range.start })
    }

    @Test func numberedItemsEndingASentenceAreBody() throws {
        let doc = try StructureSupport.read("主要措施如下。\n1.加快推进道路建设。\n2.完善公共服务设施。")
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].headline == nil)
        #expect(Self.sentences(doc) == ["主要措施如下。", "1.加快推进道路建设。", "2.完善公共服务设施。"])
    }

    // MARK: - Plain articles

    @Test(arguments: [
        "今年以来，西安市持续推进老旧小区改造，已完成改造项目120个。\n\n下一步，西安市将继续扩大改造范围。",
        "　　记者从南京市交通运输局获悉，地铁5号线将于年底开通。\n　　该线全长37.4公里，设站30座。",
        "昆明市今年新增绿地面积200公顷。",
    ])
    func plainArticleIsOneSection(text: String) throws {
        let doc = try StructureSupport.read(text)
        #expect(doc.title == nil && doc.subtitle == nil && doc.kicker == nil)
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].heading == nil && doc.sections[0].headline == nil && doc.sections[0].authors == [])
        #expect(doc.sentences.allSatisfy { $0.section == 0 })
    }

    // MARK: - Datelines

    @Test func localNewsDateline() throws {
        let doc = try StructureSupport.read("本报讯（记者 陈思远 通讯员 刘 洋）12月1日，武汉市召开会议。\n会议要求各区抓好落实。")
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].dateline == "本报讯")
        #expect(doc.sections[0].authors == ["陈思远", "刘洋"])
    }

    @Test(arguments: [
        ("新华社北京3月5日电（记者 张三 李四）第十四届全国人民代表大会第二次会议5日上午开幕。",
         "新华社北京3月5日电", ["张三", "李四"]),
        ("中新社上海6月1日电（记者 王 磊）上海市今年新增就业岗位10万个。", "中新社上海6月1日电", ["王磊"]),
        ("本报北京讯（记者 赵一鸣）国家统计局今天发布数据。", "本报北京讯", ["赵一鸣"]),
        ("新华社电 国家统计局今天发布数据。", "新华社电", []),
        ("电力供应（保障）工作平稳有序。", nil, []),
    ] as [(String, String?, [String])])
    func newswireDatelines(text: String, dateline: String?, authors: [String]) throws {
        let doc = try StructureSupport.read(text)
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].dateline == dateline)
        #expect(doc.sections[0].authors == authors)
        // The same text with a title line above it reads the same dateline.
        let titled = try StructureSupport.read("要闻\n\n" + text)
        #expect(titled.sections.map(\.dateline) == [dateline])
        #expect(titled.sections.map(\.authors) == [authors])
    }

    @Test func datelinesPerSection() throws {
        let text = """
        苏州
        各区多措并举推进民生实事

        姑苏区：老旧小区改造惠及万余户居民
        \u{3000}\u{3000}本报讯（记者 王 磊 通讯员 陈晓燕）今年以来，姑苏区加快推进老旧小区改造。

        吴中区:就业服务站覆盖所有村社区
        \u{3000}\u{3000}本报讯（记者 张 婷）吴中区人社局近日发布数据。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.kicker == "苏州")
        #expect(doc.title == "各区多措并举推进民生实事")
        #expect(doc.sections.map(\.district) == ["姑苏区", "吴中区"])
        #expect(Self.headlines(doc) == ["老旧小区改造惠及万余户居民", "就业服务站覆盖所有村社区"])
        #expect(doc.sections.map(\.dateline) == ["本报讯", "本报讯"])
        #expect(doc.sections.map(\.authors) == [["王磊", "陈晓燕"], ["张婷"]])
    }

    // MARK: - Place headings, colons, traditional Chinese

    @Test(arguments: ["：", ":", " ： "])
    func placeHeadingWithEitherColon(colon: String) throws {
        let text = "西湖区\(colon)数字赋能基层治理\n\n李 晶\n\n近日，西湖区上线基层治理平台。\n\n拱墅区\(colon)老厂房变身文创园\n\n拱墅区一处老厂房完成改造。"
        let doc = try StructureSupport.read(text)
        #expect(doc.sections.map(\.district) == ["西湖区", "拱墅区"])
        #expect(Self.headlines(doc) == ["数字赋能基层治理", "老厂房变身文创园"])
        #expect(doc.sections.map(\.authors) == [["李晶"], []])
    }

    @Test func traditionalArticle() throws {
        let text = """
        臺北捷運新線明年通車

        記者 陳 明

        臺北市政府昨日宣布，將投入新臺幣三十億元改善捷運系統，預計明年底前完工。
        市長表示，這項計畫可望每天服務超過二十萬人次。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "臺北捷運新線明年通車")
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].authors == ["陈明"])
        #expect(Self.sentences(doc).count == 4)
    }

    @Test func traditionalNewswireAndBulletin() throws {
        let wire = try StructureSupport.read("中央社臺北3月5日電（記者 林 志 明）行政院今天通過新一年度預算案。")
        #expect(wire.sections.map(\.dateline) == ["中央社臺北3月5日電"])
        #expect(wire.sections.map(\.authors) == [["林志明"]])
        let bulletin = try StructureSupport.read("2023年香港經濟概況\n\n香港特別行政區政府統計處\n2024年2月\n\n本地生產總值增長3.2%。")
        #expect(bulletin.title == "2023年香港經濟概況")
        #expect(bulletin.issuer == "香港特別行政區政府統計處")
        #expect(bulletin.date == "2024年2月")
    }

    // MARK: - Layout repair and list items

    @Test func listItemsAreNotJoined() throws {
        let text = """
        近日，市政府印发实施方案，明确今年重点推进以下几个方面的工作任务
        1. 加快推进城市快速路网建设，完善轨道交通线网布局，提升公共交通分担率和出行效率
        2. 完善社区养老服务设施，扩大普惠托育服务供给，建设一批社区嵌入式服务设施和综合体
        ① 优化营商环境，深化行政审批制度改革，推进政务服务事项全程网上办理和跨省通办
        （3）加强生态环境保护，深入打好蓝天碧水净土保卫战，持续改善全市生态环境质量
        下一步，各部门将按照职责分工抓好落实。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.paragraphs.count == 6)
        #expect(doc.paragraphs.allSatisfy { !doc.original($0).contains("\n") })
    }

    @Test func wrappedLineStillJoinsWithoutAMarker() throws {
        let doc = try StructureSupport.read("近日，市政府印发实施方案，明确今年重点推进以下几个方面的工作\n任务，包括道路建设和公共服务。")
        #expect(doc.paragraphs.count == 1)
    }

    @Test func headingsBetweenBrokenLinesAreNotJoined() throws {
        let text = "二、主要任务\n\n各区要加快推进城市更新，完善公共服务设施，提升城市品质和居民生活\n\n三、保障措施\n\n加强组织领导。\n\n一、总体要求\n\n坚持稳中求进。"
        let doc = try StructureSupport.read(text)
        #expect(Self.headlines(doc) == ["主要任务", "保障措施", "总体要求"])
        #expect(doc.paragraphs.map { doc.original($0) }.contains("三、保障措施"))
    }
}
