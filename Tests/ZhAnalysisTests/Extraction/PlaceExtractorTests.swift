import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct PlaceExtractorTests {
    /// Runs the stages on the plain text of marked text and returns the found place mentions
    /// as spans whose kind is the canonical place name (`place` spans in the marked text are
    /// compared by range, and their canonical names separately).
    static func placeSpans(_ doc: Document) -> [MarkedText.Span] {
        doc.entities.filter { $0.type == .place }.flatMap { e in
            e.mentions.map { MarkedText.Span(kind: "place", range: $0.range, text: doc.original($0.range)) }
        }.sorted()
    }

    static func check(_ marked: String, names expected: [String: String] = [:],
                      places extractor: PlaceExtractor = StructureSupport.places,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let m = try MarkedText(marked)
        let doc = try StructureSupport.analyse(m.text, places: extractor)
        let found = placeSpans(doc)
        #expect(found == m.spans(of: "place"), "found: \(MarkedText.render(m.text, spans: found))",
                sourceLocation: sourceLocation)
        for (surface, name) in expected {
            let entity = doc.entities.first { e in e.type == .place && e.mentions.contains { $0.text == surface } }
            #expect(entity?.name == name, "\(surface) → \(entity?.name ?? "nil")", sourceLocation: sourceLocation)
        }
    }

    @Test func gazetteerNamesInAChain() throws {
        try Self.check("⟦place:杭州市⟧⟦place:上城区⟧⟦place:紫阳街道⟧教育资源相对集中。",
                       names: ["杭州市": "杭州市", "上城区": "上城区", "紫阳街道": "紫阳街道"])
    }

    @Test(arguments: [
        "近日,⟦place:杭州市⟧⟦place:萧山区⟧⟦place:盈丰⟧知联开展“知联进校园”活动,知联会员中山大学法律硕士褚律师为孩子科普。",
        "在⟦place:杭州市⟧⟦place:钱塘区⟧⟦place:白杨街道⟧,“小事不出网格、大事不出社区”正在成为现实。",
        "日前,第四批⟦place:浙江省⟧生态环境系统共同富裕最佳实践名单公布,⟦place:杭州市⟧的“⟦place:余杭区⟧⟦place:百丈镇⟧竹产业”成功入选。",
        "联合杭州中学、杭州蒋筑英学校举办心理健康节,与浙江大学、浙江农林大学环资学院等院校开展合作。",
    ])
    func seedSentences(marked: String) throws {
        try Self.check(marked)
    }

    @Test func cityShortFormsStandAlone() throws {
        try Self.check("他在⟦place:北京⟧工作,常回⟦place:杭州⟧看看。", names: ["北京": "北京市", "杭州": "杭州市"])
    }

    @Test func aliasesResolveToCanonicalNames() throws {
        try Self.check("⟦place:杭州⟧⟦place:高新区(滨江)⟧全区常住人口为53万人,⟦place:高新区（滨江）⟧持续探索。",
                       names: ["高新区(滨江)": "滨江区", "高新区（滨江）": "滨江区", "杭州": "杭州市"])
        try Self.check("联合⟦place:余杭⟧竹产业,落户⟦place:建德⟧⟦place:更楼街道⟧。",
                       names: ["余杭": "余杭区", "建德": "建德市", "更楼街道": "更楼街道"])
    }

    @Test func rulePlacesWithParentFromContext() throws {
        let m = try MarkedText("在⟦place:白杨街道⟧⟦place:邻里社区⟧全面推行,⟦place:新洲区⟧⟦place:凤凰镇⟧建设园区。")
        let doc = try StructureSupport.analyse(m.text)
        #expect(Self.placeSpans(doc) == m.spans(of: "place"))
        let community = doc.entities.first { $0.name == "邻里社区" }
        #expect(community?.level == .community)
        #expect(community?.parent == "白杨街道")
        let town = doc.entities.first { $0.name == "凤凰镇" }
        #expect(town?.level == .township)
        #expect(town?.parent == "新洲区")
    }

    @Test func ruleParentFallsBackToTheSectionDistrict() throws {
        let doc = try StructureSupport.analyse("钱塘区：服务破难题\n\n姚 娟\n\n邻里社区现有企业300余家。")
        let community = doc.entities.first { $0.name == "邻里社区" }
        #expect(community?.parent == "钱塘区")
    }

    @Test func wordBreakAcrossARepairedParagraph() throws {
        let text = "“形成优势互补。”紫阳\n\n街道妇联副主席葛希说,妇联通过整合统筹资源。"
        let doc = try StructureSupport.analyse(text)
        let places = doc.entities.filter { $0.type == .place }
        #expect(places.map(\.name) == ["紫阳街道"])
        #expect(places.first?.mentions.map(\.text) == ["紫阳\n\n街道"])
        #expect(places.first?.mentions.first?.sentence == 1)
    }

    @Test(arguments: [
        "知联会员中山大学法律硕士褚律师为孩子科普。",
        "国家高新技术企业6家、雏鹰企业11家。",
        "联合杭州中学、浙江大学举办心理健康节。",
        "在所有街道社区卫生服务中心嵌入儿童健康管理中心。",
        "多次召开碰头研讨会,督促涉农村协调相关部门。",
        "是个典型的产业型社区,科学进社区,大事不出社区。",
        "设立9个新乡贤互动交流基地。",
        "作为浙江最大的高教园区,5家产业园区嵌入式托育园。",
    ])
    func falsePositives(sentence: String) throws {
        let doc = try StructureSupport.analyse(sentence)
        let places = doc.entities.filter { $0.type == .place }
        let allowed: Set<String> = ["浙江省"]
        #expect(places.filter { !allowed.contains($0.name) }.map(\.name) == [])
    }

    @Test func shortAliasFollowsTheContext() throws {
        // 紫阳 is both 紫阳街道 (上城区, 杭州) and 紫阳县 (安康市, 陕西).
        let gazetteer = Gazetteer(places: [
            .init(name: "浙江省", level: .province, aliases: ["浙江"]),
            .init(name: "陕西省", level: .province, aliases: ["陕西"]),
            .init(name: "杭州市", level: .prefecture, parent: "浙江省", aliases: ["杭州"]),
            .init(name: "安康市", level: .prefecture, parent: "陕西省", aliases: ["安康"]),
            .init(name: "上城区", level: .county, parent: "杭州市", aliases: ["上城"]),
            .init(name: "紫阳县", level: .county, parent: "安康市", aliases: ["紫阳"]),
            .init(name: "紫阳街道", level: .township, parent: "上城区", aliases: ["紫阳"]),
        ])
        let extractor = PlaceExtractor(gazetteer: gazetteer, rules: StructureSupport.places.rules,
                                       words: TestSupport.lexicons.words)
        let text = "上城区：守护成长\n\n杭州市上城区教育资源集中。紫阳妇联副主席说,工作有成效。"
        let doc = try StructureSupport.analyse(text, places: extractor)
        let names = doc.entities.filter { $0.type == .place }.map(\.name)
        #expect(names == ["上城区", "杭州市", "紫阳街道"])
        // 陕西 points to the county; a bare short form with no place around it is not resolved.
        let shaanxi = try StructureSupport.analyse("陕西紫阳茶叶远近闻名。", places: extractor)
        #expect(shaanxi.entities.filter { $0.type == .place }.map(\.name) == ["陕西省", "紫阳县"])
        let bare = try StructureSupport.analyse("紫阳茶叶远近闻名。", places: extractor)
        #expect(bare.entities.filter { $0.type == .place }.map(\.name) == [])
    }

    @Test func headingPlaceSetsTheDistrictOfNumberedSections() throws {
        let text = "一、上城区：守护成长\n\n内容一。\n\n二、萧山区：聚力创品牌\n\n内容二。"
        let doc = try StructureSupport.analyse(text)
        #expect(doc.sections.map(\.district) == ["上城区", "萧山区"])
    }

    /// Every place in the seed article, from a careful reading: the page label 杭州, the six
    /// districts, their 街道/镇 and the 社区, and the province (浙江省, 浙江全省).
    static let seedPlaces: Set<String> = [
        "杭州市", "上城区", "紫阳街道", "浙江省", "萧山区", "盈丰街道", "滨江区", "余杭区", "百丈镇",
        "钱塘区", "白杨街道", "邻里社区", "建德市", "更楼街道",
    ]

    @Test func seedPlacesF1() throws {
        let doc = try StructureSupport.analyse(try StructureSupport.seedText)
        let found = Set(doc.entities.filter { $0.type == .place }.map(\.name))
        let tp = Double(found.intersection(Self.seedPlaces).count)
        let precision = found.isEmpty ? 0 : tp / Double(found.count)
        let recall = tp / Double(Self.seedPlaces.count)
        let f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        #expect(f >= 0.9, "extra: \(found.subtracting(Self.seedPlaces).sorted()) missing: \(Self.seedPlaces.subtracting(found).sorted())")
        // Parents from the gazetteer and from context.
        let byName = Dictionary(doc.entities.filter { $0.type == .place }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["紫阳街道"]?.parent == "上城区")
        #expect(byName["邻里社区"]?.parent == "白杨街道")
        #expect(byName["滨江区"]?.aliases.contains("高新区(滨江)") == true)
        // 中山大学 is an organisation, 紫阳 is not 紫阳县.
        #expect(byName["中山市"] == nil && byName["紫阳县"] == nil)
        // The broken 紫阳 / 街道 is one mention spanning the break.
        #expect(byName["紫阳街道"]?.mentions.contains { $0.text == "紫阳\n\n街道" } == true)
        // Every mention has a sentence.
        #expect(doc.entities.filter { $0.type == .place }.allSatisfy { $0.mentions.allSatisfy { $0.sentence != nil } })
    }

    @Test func plainArticleUnlikeTheSeed() throws {
        let text = try String(contentsOf: TestSupport.fixture("wuhan-plain.txt"), encoding: .utf8)
        let doc = try StructureSupport.analyse(text)
        #expect(doc.title == "光谷新增一批科创企业")
        #expect(doc.sections.count == 1)
        #expect(doc.sections.first?.authors == ["陈思远", "刘洋"])
        let places = doc.entities.filter { $0.type == .place }
        #expect(Set(places.map(\.name)) == ["东湖新技术开发区", "武汉市", "洪山区", "珞南街道", "武昌区", "江汉区",
                                            "新洲区", "凤凰镇"])
        #expect(places.first { $0.name == "珞南街道" }?.parent == "洪山区")
        #expect(places.first { $0.name == "东湖新技术开发区" }?.mentions.count == 4)
    }
}

@Suite struct PlaceExtractorScriptTests {
    @Test func traditionalTextMatchesTheSimplifiedGazetteer() throws {
        let doc = try StructureSupport.analyse("杭州市上城區紫陽街道教育資源相對集中，轄區未成年人有5000餘人。")
        let places = doc.entities.filter { $0.type == .place }
        #expect(places.map(\.name) == ["杭州市", "上城区", "紫阳街道"])
        #expect(places.map { $0.mentions.first?.text } == ["杭州市", "上城區", "紫陽街道"])
    }
}

@Suite struct PlaceRuleTests {
    static func places(_ text: String) throws -> [(String, PlaceLevel?, String?)] {
        try StructureSupport.analyse(text).entities.filter { $0.type == .place }.map { ($0.name, $0.level, $0.parent) }
    }

    @Test func villageUnderATownship() throws {
        let found = try Self.places("建德市更楼街道桥岭村的村民们正忙着加工地瓜干。")
        #expect(found.map(\.0) == ["建德市", "更楼街道", "桥岭村"])
        #expect(found.last?.1 == .village)
        #expect(found.last?.2 == "更楼街道")
    }

    @Test func zoneAfterACity() throws {
        let found = try Self.places("杭州钱江经济开发区新引进项目12个。")
        #expect(found.map(\.0) == ["杭州市", "钱江经济开发区"])
        #expect(found.last?.1 == .zone)
        #expect(found.last?.2 == "杭州市")
    }

    @Test func ambiguousDistrictFollowsTheArticle() throws {
        let doc = try StructureSupport.analyse("普陀区：海岛旅游升温\n\n舟山市普陀区沈家门街道游客增多。")
        let putuo = doc.entities.first { $0.name == "普陀区" }
        #expect(putuo?.parent == "舟山市")
    }

    /// A village or community cut by the segmenter (金|山村) right after a town or street is
    /// still X + suffix, with the town as parent.
    @Test func villageGluedAfterATown() throws {
        try PlaceExtractorTests.check("⟦place:吴中区⟧⟦place:木渎镇⟧⟦place:金山村⟧村民李阿姨说，现在在村里就能报名。")
        let doc = try StructureSupport.analyse("吴中区木渎镇金山村村民李阿姨说，现在在村里就能报名。")
        let village = doc.entities.first { $0.name == "金山村" }
        #expect(village?.level == .village)
        #expect(village?.parent == "木渎镇")
    }

    /// A bare place head is no name: 村社区, 村（社区）.
    /// Hong Kong, Macao and Taiwan side by side are one region named as written; a short form in
    /// a policy word (援藏) or inside a word (出港, 港口) is no place; China and Australia stay two.
    @Test(arguments: [
        "向⟦place:港澳⟧同胞、⟦place:台湾⟧同胞致以诚挚的问候。",
        "外事侨务、⟦place:港澳台⟧、民族宗教等工作取得新进展。",
        "测绘、援疆、援藏等工作取得新的进步。",
        "货轮出港后驶往港口锚地。",
        "⟦place:中⟧⟦place:澳⟧两国签署自由贸易协定。",
    ])
    func shortFormsOfSpecialRegions(marked: String) throws {
        try PlaceExtractorTests.check(marked)
    }

    @Test(arguments: [
        "⟦place:吴中区⟧就业服务站覆盖所有村社区，实现村（社区）全覆盖。",
        "各镇街道、村社区都建起了服务站。",
    ])
    func bareHeadsAreNoPlaces(marked: String) throws {
        try PlaceExtractorTests.check(marked)
    }

    /// A street or town opening the name of its own government or party body is a place mention
    /// too, even when the segmenter glued the head to the body (双塔|街道党工委书记).
    @Test(arguments: [
        "⟦place:姑苏区⟧⟦place:双塔街道⟧党工委书记刘建国介绍，街道累计加装电梯58部。",
        "⟦place:阳澄湖镇⟧党委书记表示，⟦place:松陵街道⟧办事处主任也到场。",
    ])
    func placeOpeningItsBody(marked: String) throws {
        try PlaceExtractorTests.check(marked)
    }
}
