import Foundation
import Testing
@testable import ZhAnalysis

/// True names: what the article writes, canonical names only with evidence, scopes, short forms,
/// coverage of Hong Kong bodies and company short forms, and name boundaries.
@Suite struct EntityResolverTests {
    typealias Named = (type: EntityType, name: String, canonical: String?)

    static func entities(_ text: String) throws -> [Entity] {
        try PersonTestSupport.analyse(text).entities
    }

    static func named(_ text: String, _ type: EntityType) throws -> [String: String?] {
        var out: [String: String?] = [:]
        for e in try entities(text) where e.type == type { out[e.name] = e.canonical }
        return out
    }

    /// Every entity name is written in the text (the fullest form among its mentions).
    static func namesAreWritten(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for e in try entities(text) {
            #expect(text.contains(e.name), "\(e.type):\(e.name) is not written in \(text)", sourceLocation: sourceLocation)
        }
    }

    // MARK: era

    /// A body renamed in 2018 keeps its old name in earlier articles; the article's date decides,
    /// and without a date the written form stays.
    @Test(arguments: [
        ("2012年6月12日\n农业部今天发布通知，要求各地做好夏粮收购。", nil as String?),
        ("2020年5月8日\n农业部的老同志回忆当年的工作。", "农业农村部"),
        ("农业部发布通知，要求各地做好夏粮收购。", nil),
        ("2003年3月5日\n国家计委和国家经贸委联合发文。", "国家发展计划委员会"),
    ])
    func renamedBodiesFollowTheArticleDate(text: String, canonical: String?) throws {
        let orgs = try Self.entities(text).filter { $0.type == .organization }
        let first = try #require(orgs.first)
        #expect(first.name == (text.contains("农业部") ? "农业部" : "国家计委"))
        #expect(first.canonical == canonical)
        try Self.namesAreWritten(text)
    }

    // MARK: region

    @Test func hongKongPartyIsNotTheBritishOne() throws {
        let text = "立法會今日辯論條例草案，工黨議員反對，民建聯和公民黨則表示支持。"
        let orgs = try Self.named(text, .organization)
        #expect(orgs["工黨"] == .some(nil))
        #expect(orgs["立法會"] == .some(nil))
        #expect(orgs["民建聯"] == .some("民主建港協進聯盟"))
        #expect(orgs.values.allSatisfy { $0 != "英国工党" })
    }

    @Test func sharedShortFormResolvesOnlyBesideTheFullName() throws {
        let full = try Self.entities("英国工党领袖表示，工党将赢得选举。").filter { $0.type == .organization }
        #expect(full.map(\.name) == ["英国工党"])
        #expect(full.first?.mentions.map(\.text) == ["英国工党", "工党"])
        let bare = try Self.named("工党领袖在议会发表讲话。", .organization)
        #expect(bare["工党"] == .some(nil))
    }

    /// Hong Kong names stay in their script: the folded analysis text never becomes the name.
    @Test func hongKongNamesAreNotSimplified() throws {
        let text = "醫管局、食衞局、勞福局和社署及社聯均表示關注，關智偉說。"
        let orgs = try Self.named(text, .organization)
        #expect(orgs["醫管局"] == .some("醫院管理局"))
        #expect(orgs["食衞局"] == .some("食物及衞生局"))
        #expect(orgs["勞福局"] == .some("勞工及福利局"))
        #expect(orgs["社署"] == .some("社會福利署"))
        #expect(orgs["社聯"] == .some("香港社會服務聯會"))
        #expect(try Self.named(text, .person).keys.sorted() == ["關智偉"])
        try Self.namesAreWritten(text)
    }

    // MARK: places inside longer words

    @Test(arguments: [
        "他从⟦place:上海东站⟧出发前往⟦place:杭州⟧。",
        "记者蒲长城报道，游客在⟦place:长城⟧上拍照。",
        "这项政策是稳定经济的定海神针。",
        "环⟦place:杭州湾⟧地区经济发展迅速。",
        "⟦place:秦皇岛港⟧和⟦place:天津港⟧的煤价下跌。",
    ])
    func noPlaceFromInsideALongerWord(marked: String) throws {
        let (expected, found, text) = try PersonTestSupport.check(marked, type: .place, kind: "place")
        #expect(found == expected, "\(MarkedText.render(text, spans: found))")
    }

    @Test func personOverALandmark() throws {
        let people = try Self.named("记者蒲长城报道，游客在长城上拍照。", .person)
        #expect(people.keys.sorted() == ["蒲长城"])
    }

    /// 吉林 is the province where the article names the province (吉林全省), the city only as 吉林市.
    @Test func provinceOrCityOfTheSameName() throws {
        let places = try Self.entities("2025年吉林省政府工作报告。吉林市经济增长5%，吉林全省粮食增产。").filter { $0.type == .place }
        let province = try #require(places.first { $0.name == "吉林省" })
        #expect(province.mentions.map(\.text) == ["吉林省", "吉林"])
        #expect(places.first { $0.name == "吉林市" }?.mentions.map(\.text) == ["吉林市"])
    }

    // MARK: scopes

    @Test func scopedNamesTakeTheNearestPlaceOfTheirLevel() throws {
        let text = "浙江省委书记到杭州调研，杭州市委召开会议。随后省委作出部署。湖南省长沙市，市委强调，省委要求。"
        let scoped = try Self.entities(text).filter { $0.type == .organization && ScopedName.isScoped($0) }
        #expect(scoped.map { "\($0.name)@\($0.scope ?? "-")" } == ["省委@浙江省", "省委@湖南省", "市委@长沙市"])
    }

    @Test func titleGivesTheScope() throws {
        let text = "2025年吉林省政府工作报告\n现在，我代表省政府，向大会报告工作。在省委坚强领导下，辽宁省代表团来访，省政府表示欢迎。"
        let scoped = try Self.entities(text).filter { $0.type == .organization && ScopedName.isScoped($0) }
        #expect(Set(scoped.map { "\($0.name)@\($0.scope ?? "-")" }) == ["省政府@吉林省", "省委@吉林省"])
        #expect(scoped.first { $0.name == "省政府" }?.mentions.count == 2)
    }

    @Test func scopedNameWithoutAPlaceStaysUnscoped() throws {
        let scoped = try Self.entities("会议由区委主持，区委书记讲话。").filter { $0.type == .organization && ScopedName.isScoped($0) }
        #expect(scoped.map(\.name) == ["区委"])
        #expect(scoped.first?.scope == nil)
    }

    @Test(arguments: [("省委", true), ("市人民政府", true), ("區議會", false), ("街道党工委", true), ("縣委", true), ("浙江省委", false), ("委员会", false)])
    func scopedNameShapes(name: String, scoped: Bool) {
        #expect(ScopedName.isScoped(name) == scoped)
    }

    // MARK: short forms

    @Test func shortFormWithoutItsPlaceJoinsTheName() throws {
        let text = "更楼街道桥岭地瓜共富工坊正式开业。桥岭地瓜共富工坊负责人说，产品供不应求。"
        let orgs = try Self.entities(text).filter { $0.type == .organization }
        #expect(orgs.map(\.name) == ["更楼街道桥岭地瓜共富工坊"])
        #expect(orgs.first?.mentions.map(\.text) == ["更楼街道桥岭地瓜共富工坊", "桥岭地瓜共富工坊"])
    }

    @Test func abbreviationShape() throws {
        let resolver = try EntityResolver(lexicons: TestSupport.lexicons)
        func a(_ s: String, _ l: String) -> Bool { resolver.isAbbreviation(Array(s.unicodeScalars), of: Array(l.unicodeScalars)) }
        #expect(a("中央农广校", "中央农业广播电视学校"))
        #expect(a("世贸组织", "世界贸易组织"))
        #expect(!a("农广校", "中央农业广播电视学校"))
        #expect(!a("中央学校", "中央农业广播电视学院"))
    }

    // MARK: references (该校, 其)

    /// The mentions of the organisations of `text`, by entity name.
    static func orgMentions(_ text: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for e in try entities(text) where e.type == .organization { out[e.name, default: []] += e.mentions.map(\.text) }
        return out
    }

    @Test func demonstrativeWithAHeadJoinsTheOrganisationItFits() throws {
        let school = try Self.orgMentions("阿里巴巴集团与浙江大学签署合作协议。该校将派出教师参与研发，该集团提供资金。")
        #expect(school["浙江大学"] == ["浙江大学", "该校"])
        #expect(school["阿里巴巴集团"] == ["阿里巴巴集团", "该集团"])
        let company = try Self.orgMentions("杭州海康威视数字技术股份有限公司发布年报。该公司去年营业收入增长一成。")
        #expect(company.values.contains { $0.last == "该公司" })
    }

    @Test func demonstrativeWithoutAFittingOrganisationStaysOut() throws {
        // 该地区 and 该项 name no organisation; 该校 has no school before it.
        let orgs = try Self.orgMentions("国家统计局发布数据，该地区的经济增长较快。该项政策已在杭州中学以外推开。")
        #expect(orgs.values.allSatisfy { !$0.contains { $0.hasPrefix("该") } })
        let none = try Self.orgMentions("该校学生参加了比赛，浙江大学获得冠军。")
        #expect(none.values.allSatisfy { !$0.contains("该校") })
    }

    @Test func loneQiAfterTheOrganisationJoinsIt() throws {
        let orgs = try Self.orgMentions("浙江大学发布通知，其招生计划将于下月公布。")
        #expect(orgs["浙江大学"] == ["浙江大学", "其"])
        // A person between them, or 其 inside a word (其中, 其实), refers to no organisation.
        let person = try Self.orgMentions("浙江大学教授李明说，其研究已经完成。")
        #expect(person["浙江大学"] == ["浙江大学"])
        let word = try Self.orgMentions("浙江大学发布通知，其中三个专业扩招。")
        #expect(word["浙江大学"] == ["浙江大学"])
    }

    @Test func referencesAreNotTaggedInTheNERView() throws {
        let doc = try PersonTestSupport.analyse("浙江大学发布通知，该校今年扩招。")
        let tags = doc.bioTags()
        let text = Array(doc.text.unicodeScalars)
        let k = try #require(text.firstIndex(of: "该"))
        #expect(tags[k] == "O" && tags[k + 1] == "O")
        #expect(tags[0] == "B-ORG")
    }

    // MARK: companies

    @Test func companyShortFormsInAList() throws {
        let text = "方太、公牛、杉杉、海康、大华等企业参展，雅戈尔和奥克斯也参加了。"
        let orgs = try Self.named(text, .organization)
        #expect(orgs.keys.sorted() == ["公牛", "大华", "奥克斯", "方太", "杉杉", "海康", "雅戈尔"].sorted())
        #expect(orgs["海康"] == .some("杭州海康威视数字技术股份有限公司"))
        #expect(try Self.named(text, .person).isEmpty)
    }

    @Test func ambiguousShortFormsNeedContext() throws {
        #expect(try Self.named("他像一头公牛，冲了过去。", .organization).isEmpty)
        #expect(try Self.named("大华说他明天再来。", .organization).isEmpty)
        #expect(try Self.named("海康和大华的安防产品销量领先。", .organization).keys.sorted() == ["大华", "海康"])
    }

    // MARK: boundaries

    @Test(arguments: [
        "省长⟦person:刘捷⟧作政府工作报告。",
        "（记者⟦person:王雷⟧　⟦person:危玮⟧）",
    ])
    func personBoundaries(marked: String) throws {
        let (expected, found, text) = try PersonTestSupport.check(marked, type: .person, kind: "person")
        #expect(found == expected, "\(MarkedText.render(text, spans: found))")
    }

    @Test func cantoneseFunctionWordsAreNeverInsideNames() throws {
        let doc = try PersonTestSupport.analyse("社福機構表示，資源佢喺社區好缺乏，計數都係政府。何漢威敦促政府加快。")
        let names = doc.entities.filter { $0.type != .person }.map(\.name)
        #expect(!names.contains { n in ["佢", "喺", "係"].contains { n.contains($0) } })
        #expect(!names.contains("何漢威敦促政府"))
    }

    @Test func companyNameAcrossALayoutBreak() throws {
        let text = "第一段内容在这里，说明了一些情况，这是一个很长的句子用来测试。\n公告称，近日，杭州沛诺科技股\n\n份有限公司发布公告，公司业绩增长。\n"
        let orgs = try Self.entities(text).filter { $0.type == .organization }
        #expect(orgs.map(\.name) == ["杭州沛诺科技股份有限公司"])
        #expect(orgs.first?.mentions.first?.text == "杭州沛诺科技股\n\n份有限公司")
    }

    // MARK: key look-up

    /// The code-point trie of the match keys answers as the String table does: keys in unified
    /// ideographs, texts spelling none of them or more than one, a key with Latin letters.
    @Test func keyTrieAgreesWithTheStringTable() {
        let orgs = [DictionaryTables.Organization(name: "杭州中学", kind: "school", aliases: ["杭中"]),
                    DictionaryTables.Organization(name: "IBM中国", kind: "company", aliases: []),
                    DictionaryTables.Organization(name: "杭中集团", kind: "company", aliases: ["杭中"])]
        let resolver = EntityResolver(organizations: orgs, gazetteer: Gazetteer())
        #expect(resolver.keyTrieComplete)
        for text in ["杭州中学", "杭中", "杭州", "杭中集团", "杭州中学校", "IBM中国", "中国", "杭中\n\n集团"] {
            let a = Array(text.unicodeScalars)
            let found = resolver.keyList(a, 0, a.count)
            let expected = resolver.byKey[OrganizationContext.withoutLayoutBreaks(a[...])]
            #expect(found?.list == expected, "\(text)")
            if let found { #expect(found.key == OrganizationContext.withoutLayoutBreaks(a[...]), "\(text)") }
        }
        #expect(resolver.keyList(Array("杭中".unicodeScalars), 0, 2)?.list == [0, 2])
    }

    /// A key written with a compatibility ideograph (U+F900) equals, as a String, the text written
    /// with the unified one (U+8C48), which the trie would miss: the String table answers then.
    @Test func compatibilityIdeographKeysKeepTheStringTable() {
        let orgs = [DictionaryTables.Organization(name: "\u{F900}山公司", kind: "company", aliases: [])]
        let resolver = EntityResolver(organizations: orgs, gazetteer: Gazetteer())
        #expect(!resolver.keyTrieComplete)
        let a = Array("\u{8C48}山公司".unicodeScalars)
        #expect(resolver.keyList(a, 0, a.count)?.list == [0])
    }
}
