import Foundation
import Testing
@testable import ZhAnalysis

/// Runs the segmenter and the structure stage (and optionally the places stage) on a text.
enum StructureSupport {
    static let reader: ArticleReader = {
        do { return try ArticleReader(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("structure stage failed to load: \(error)")
        }
    }()

    static let places: PlaceExtractor = {
        do { return try PlaceExtractor(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("places stage failed to load: \(error)")
        }
    }()

    static func read(_ text: String) throws -> Document {
        var doc = Document(id: "t", text: text)
        try TestSupport.segmenter.process(&doc)
        try reader.process(&doc)
        return doc
    }

    static func analyse(_ text: String, places extractor: PlaceExtractor = places) throws -> Document {
        var doc = try read(text)
        try extractor.process(&doc)
        return doc
    }

    static var seedText: String {
        get throws { try String(contentsOf: TestSupport.seedArticle, encoding: .utf8) }
    }
}

@Suite struct ArticleReaderTests {
    struct ExpectedSection: Equatable, CustomStringConvertible {
        var district: String?
        var headline: String?
        var authors: [String]
        var description: String { "\(district ?? "-") | \(headline ?? "-") | \(authors)" }
    }

    static func sections(_ doc: Document) -> [ExpectedSection] {
        doc.sections.map { ExpectedSection(district: $0.district, headline: $0.headline, authors: $0.authors) }
    }

    @Test func seedSectionsDistrictsHeadlinesAndAuthors() throws {
        let doc = try StructureSupport.read(try StructureSupport.seedText)
        #expect(doc.kicker == "杭州")
        #expect(doc.title == "多元聚合力 奋进向未来")
        #expect(doc.subtitle == nil)
        #expect(Self.sections(doc) == [
            ExpectedSection(district: "上城区", headline: "驻校社工护成长", authors: ["张梦月", "夏衍"]),
            ExpectedSection(district: "萧山区", headline: "“盈知”聚力创品牌", authors: ["龚晨忱", "郑宸"]),
            ExpectedSection(district: "滨江区", headline: "“幼有善育”聚人才", authors: ["李晶", "肖皓桐"]),
            ExpectedSection(district: "余杭区", headline: "人才赋能竹产业", authors: ["李佳佳"]),
            ExpectedSection(district: "钱塘区", headline: "“点单”服务破难题", authors: ["姚娟", "娄晓涵"]),
            ExpectedSection(district: "建德市", headline: "监督下沉兴“工坊”", authors: ["纪苏雯"]),
        ])
        // Sections run from heading to heading and cover every sentence after the title.
        for (k, section) in doc.sections.enumerated() {
            #expect(section.heading?.start == section.range.start)
            if k + 1 < doc.sections.count { #expect(section.range.end == doc.sections[k + 1].range.start) }
        }
        #expect(doc.sentences.filter { $0.section == -1 }.map { doc.original($0.range) } == ["杭州", "多元聚合力 奋进向未来"])
    }

    @Test func seedLayoutBreaksAreRepaired() throws {
        let doc = try StructureSupport.read(try StructureSupport.seedText)
        let joined = doc.paragraphs.filter { doc.original($0).contains("\n") }
        #expect(joined.count == 11)
        let sentences = doc.sentences.map { doc.original($0.range) }
        #expect(sentences.contains("紫阳\n\n街道妇联副主席葛希说,妇联通过整合统筹各个社区党群服务中心阵地、人员及社会力量等资源,发挥新时代妇联作用,聚合“家+校+社”共同发力。"))
        #expect(sentences.contains("为助推该工坊顺利运行,街道\n\n纪工委监察办立即督促街道农业农村科协调相关部门、农技专家和涉农村,多次召开碰头研讨会,就各条线职能落实进行问题交办,全力保障服务对接、措施落地工作闭环。"))
        // No sentence begins with the tail of a broken one.
        for fragment in ["街道妇联", "心”“谁羽争锋”", "儿成长驿站", "份有限公司", "人员设立", "展活动的场所", "纪工委监察办立即"] {
            #expect(!sentences.contains { $0.hasPrefix(fragment) }, "\(fragment)")
        }
        // Headings and bylines stay paragraphs of their own.
        #expect(doc.paragraphs.map { doc.original($0) }.contains("张梦月 夏 衍"))
        #expect(doc.paragraphs.map { doc.original($0) }.contains("上城区：驻校社工护成长"))
    }

    @Test(arguments: [
        ("夏 衍", ["夏衍"]),
        ("李 晶 肖 皓 桐", ["李晶", "肖皓桐"]),
        ("张梦月 夏 衍", ["张梦月", "夏衍"]),
        ("姚 娟 娄晓涵", ["姚娟", "娄晓涵"]),
        ("龚晨忱 郑 宸", ["龚晨忱", "郑宸"]),
        ("记者 王恒泽", ["王恒泽"]),
        ("记者王恒泽 通讯员 葛 希", ["王恒泽", "葛希"]),
        ("（记者 王恒泽 通讯员 李 晶）", ["王恒泽", "李晶"]),
        ("文/图 欧阳娜娜", ["欧阳娜娜"]),
        ("本报记者 徐静雯 摄", ["徐静雯"]),
    ])
    func bylines(line: String, names: [String]) {
        let parsed = StructureSupport.reader.bylines.parse(Array(TextFolder().fold(line).unicodeScalars))
        #expect(parsed?.names == names)
    }

    @Test(arguments: ["同心聚力", "高新区", "近日", "紫阳街道", "多元聚合力 奋进向未来", "浙江大学", "上城区"])
    func notBylines(line: String) {
        #expect(StructureSupport.reader.bylines.parse(Array(line.unicodeScalars)) == nil)
    }

    /// One-line documents are read by a shortcut; the general reading must agree with it.
    @Test(arguments: ["新华社北京12月1日电（记者 王 珏 欧阳娜娜）国务院新闻办公室1日举行发布会。",
                      "希腊的经济结构较特殊。海运业雄踞全球之首，按吨位计占世界总数的１７％。",
                      "  他要与中国人合作。  ", "扬帆远东做与中国合作的先行", "一、总体要求", "上城区：驻校社工护成长",
                      "记者 王恒泽", "（本报记者李舸摄）", "本报讯（记者 王某某 通讯员 李某）今天，会议召开。",
                      "新华社北京3月5日电（记者 张三 李四）大会开幕。", "本报讯 今天，会议召开。", "2024年3月5日",
                      "成都市统计局", "1. 基础设施建设", "【聚焦民生】", "好", "夏 衍", "张梦月 夏 衍", "记者王恒泽",
                      "文/图 欧阳娜娜", "融媒体记者阿卜杜勒·克里木摄"])
    func singleLineShortcutAgreesWithTheGeneralReading(line: String) throws {
        var options = ArticleReader.Options()
        options.singleLineShortcut = false
        let general = ArticleReader(gazetteer: StructureSupport.reader.gazetteer, bylines: StructureSupport.reader.bylines,
                                    options: options)
        var document = Document(id: "t", text: line)
        try TestSupport.segmenter.process(&document)
        var fast = document, slow = document
        try StructureSupport.reader.process(&fast)
        try general.process(&slow)
        #expect(fast.sections == slow.sections)
        #expect(fast.sentences == slow.sentences)
        #expect(fast.paragraphs == slow.paragraphs)
        #expect(fast.title == slow.title && fast.kicker == slow.kicker && fast.subtitle == slow.subtitle)
        #expect(fast.diagnostics == slow.diagnostics)
    }

    /// `mayBeByline` is the cheap test run before `parse`: it must pass every line `parse` reads.
    @Test(arguments: ["夏 衍", "李 晶 肖 皓 桐", "记者王恒泽 通讯员 葛 希", "（记者 王恒泽 通讯员 李 晶）", "文/图 欧阳娜娜",
                      "本报记者 徐静雯 摄", "融媒体记者阿卜杜勒·克里木摄", "记者：王恒泽、葛希"])
    func cheapBylineTestPassesBylines(line: String) {
        let s = Array(TextFolder().fold(line).unicodeScalars)
        #expect(StructureSupport.reader.bylines.parse(s) != nil)
        #expect(BylineParser.mayBeByline(s, TextRange(start: 0, end: s.count)))
    }

    /// `mayHaveRole` is the cheap test run before `parse` on a one-line text: it must pass every
    /// line that `parse` finds a role in.
    @Test(arguments: ["记者 王恒泽", "记者王恒泽 通讯员 葛 希", "（记者 王恒泽 通讯员 李 晶）", "（本报记者李舸摄）",
                      "融媒体记者阿卜杜勒·克里木摄", "记者：王恒泽、葛希", "(通讯员 李 晶)"])
    func cheapRoleTestPassesBylinesWithRoles(line: String) {
        let s = Array(TextFolder().fold(line).unicodeScalars)
        #expect(StructureSupport.reader.bylines.parse(s)?.hasRole == true)
        #expect(BylineParser.mayHaveRole(s, TextRange(start: 0, end: s.count)))
    }

    @Test(arguments: ["好", "夏 衍", "李 晶 肖 皓 桐", "张梦月 夏 衍", "王恒泽、葛希"])
    func cheapRoleTestRejectsNamesOnly(line: String) {
        let s = Array(TextFolder().fold(line).unicodeScalars)
        #expect(!BylineParser.mayHaveRole(s, TextRange(start: 0, end: s.count)))
        #expect(StructureSupport.reader.bylines.parse(s)?.hasRole != true)
    }

    @Test(arguments: ["希腊的经济结构较特殊。", "他要与中国人合作。", "5G创新谷", "（一）总体要求", "2024年3月", ""])
    func cheapBylineTestRejectsSentences(line: String) {
        let s = Array(TextFolder().fold(line).unicodeScalars)
        #expect(!BylineParser.mayBeByline(s, TextRange(start: 0, end: s.count)))
        #expect(StructureSupport.reader.bylines.parse(s) == nil)
    }

    @Test func plainArticleIsOneSectionWithTitleAndByline() throws {
        let text = """
        成都地铁新线开通

        记者 王 芳

        12月18日，成都地铁新线正式开通运营。

        新线全长约30公里，沿线设站20座，串联起武侯区与双流区的多个
        社区。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "成都地铁新线开通")
        #expect(doc.kicker == nil)
        #expect(Self.sections(doc) == [ExpectedSection(district: nil, headline: nil, authors: ["王芳"])])
        #expect(doc.sections[0].range.start == doc.paragraphs[1].start)
        #expect(doc.sentences.map { doc.original($0.range) } == [
            "成都地铁新线开通", "记者 王 芳", "12月18日，成都地铁新线正式开通运营。",
            "新线全长约30公里，沿线设站20座，串联起武侯区与双流区的多个\n社区。",
        ])
    }

    @Test func articleWithoutTitleOrHeadings() throws {
        let text = "本报讯（记者 陈思远）12月1日，武汉市召开会议。\n会议要求各区抓好落实。\n"
        let doc = try StructureSupport.read(text)
        #expect(doc.title == nil)
        #expect(Self.sections(doc) == [ExpectedSection(district: nil, headline: nil, authors: ["陈思远"])])
        #expect(doc.sentences.map { doc.original($0.range) } == ["本报讯（记者 陈思远）12月1日，武汉市召开会议。", "会议要求各区抓好落实。"])
    }

    @Test func numberedHeadingsMakeSectionsAndSubheadingsStayAlone() throws {
        let text = """
        政府工作报告

        过去一年，全市经济稳中有进。

        一、2023年工作回顾

        （一）经济运行稳中向好

        地区生产总值增长6.5%。

        二、2024年主要任务

        推动高质量发展。
        """
        let doc = try StructureSupport.read(text)
        #expect(doc.title == "政府工作报告")
        #expect(Self.sections(doc) == [
            ExpectedSection(district: nil, headline: nil, authors: []),
            ExpectedSection(district: nil, headline: "2023年工作回顾", authors: []),
            ExpectedSection(district: nil, headline: "2024年主要任务", authors: []),
        ])
        #expect(doc.sentences.map { doc.original($0.range) }.contains("（一）经济运行稳中向好"))
    }

    @Test func bracketHeadings() throws {
        let text = "【聚焦民生】\n\n加装电梯工作有序推进。\n\n【基层声音】\n\n居民纷纷点赞。"
        let doc = try StructureSupport.read(text)
        #expect(Self.sections(doc).map(\.headline) == ["聚焦民生", "基层声音"])
    }

    @Test func headingIsNotJoinedAndShortLinesAreNotBroken() throws {
        let text = "萧山区：“盈知”聚力创品牌\n\n近日,杭州市萧山区盈丰知联开展活动\n\n截至目前,已累计开展各类主题活动20余场。"
        let doc = try StructureSupport.read(text)
        #expect(doc.sections.count == 1)
        #expect(doc.sections[0].district == "萧山区")
        // The second line ends without punctuation and has inner punctuation: it is repaired.
        #expect(doc.paragraphs.count == 2)
        let short = try StructureSupport.read("来源：杭州日报\n\n近日,盈丰知联开展活动。")
        #expect(short.paragraphs.count == 2)
    }

    @Test func indentedLineStartsANewParagraph() throws {
        let text = "\u{3000}\u{3000}会议指出,要抓好落实\n\u{3000}\u{3000}会议强调,要守住底线。"
        let doc = try StructureSupport.read(text)
        #expect(doc.paragraphs.count == 2)
        let wrapped = try StructureSupport.read("\u{3000}\u{3000}会议指出,要抓好\n落实。\n\u{3000}\u{3000}会议强调,要守住底线。")
        #expect(wrapped.paragraphs.count == 2)
        #expect(wrapped.sentences.map { wrapped.original($0.range) }.first == "会议指出,要抓好\n落实。")
    }

    @Test func emptyText() throws {
        let doc = try StructureSupport.read("\n \n")
        #expect(doc.sections.isEmpty && doc.sentences.isEmpty && doc.paragraphs.isEmpty)
    }
}

@Suite struct ArticleReaderVarietyTests {
    @Test func namesOnlyBylineUnderATitle() throws {
        let doc = try StructureSupport.read("社区食堂开进老小区\n\n张梦月 夏 衍\n\n近日,紫阳街道首家社区食堂开业。")
        #expect(doc.title == "社区食堂开进老小区")
        #expect(doc.subtitle == nil)
        #expect(doc.sections.map(\.authors) == [["张梦月", "夏衍"]])
    }

    @Test func datelineWithParenthesisedByline() throws {
        let doc = try StructureSupport.analyse("新华社北京12月1日电（记者 王 珏 欧阳娜娜）国务院新闻办公室1日举行发布会。")
        #expect(doc.sections.map(\.authors) == [["王珏", "欧阳娜娜"]])
        #expect(doc.entities.filter { $0.type == .place }.map(\.name) == ["北京市"])
    }

    @Test func hardWrappedTextWithoutBlankLines() throws {
        let text = "近日，成都市武侯区玉林街道组织辖区居民开展垃圾分类宣传活\n动，吸引了200余名居民参加。活动现场，志愿者向居民发放宣传\n资料。\n下一步，街道将持续推进。"
        let doc = try StructureSupport.analyse(text)
        #expect(doc.paragraphs.count == 2)
        #expect(doc.sentences.map { doc.original($0.range) } == [
            "近日，成都市武侯区玉林街道组织辖区居民开展垃圾分类宣传活\n动，吸引了200余名居民参加。",
            "活动现场，志愿者向居民发放宣传\n资料。",
            "下一步，街道将持续推进。",
        ])
        let places = doc.entities.filter { $0.type == .place }
        #expect(places.map(\.name) == ["成都市", "武侯区", "玉林街道"])
        #expect(places.last?.parent == "武侯区")
    }

    @Test func traditionalSectionHeading() throws {
        let doc = try StructureSupport.read("上城區：駐校社工護成長\n\n張夢月 夏 衍\n\n杭州市上城區紫陽街道教育資源相對集中。")
        #expect(doc.sections.map(\.district) == ["上城区"])
        #expect(doc.sections.map(\.headline) == ["駐校社工護成長"])
        #expect(doc.sections.map(\.authors) == [["张梦月", "夏衍"]])
    }
}

@Suite struct ArticleReaderTitleTests {
    @Test func longFirstLineIsATitleNotABrokenSentence() throws {
        let title = "关于进一步加强城乡社区治理推进基层治理体系和治理能力现代化建设以及完善社区服务功能的实施意见"
        let doc = try StructureSupport.read(title + "\n\n为深入贯彻落实有关精神，现提出如下意见。")
        #expect(doc.title == title)
        #expect(doc.paragraphs.count == 2)
    }
}
