import Foundation
import Testing
@testable import ZhAnalysis

/// Countries, foreign cities, regions, natural features and one-character short forms
/// (`places.tsv` world section, `place-suffixes.tsv` abbr rows), and the organisations built on
/// them (sports teams; 中国政府 is a place and no organisation).
@Suite struct WorldPlaceTests {
    @Test(arguments: [
        "⟦place:法国⟧总统访问⟦place:亚洲⟧三国后返回⟦place:巴黎⟧。",
        "⟦place:长江⟧和⟦place:黄河⟧都注入⟦place:太平洋⟧的边缘海。",
        "登山队从⟦place:尼泊尔⟧一侧攀登⟦place:喜马拉雅山⟧。",
        "⟦place:东南亚⟧和⟦place:中东⟧的油价同时上涨。",
    ])
    func worldNames(marked: String) throws {
        try PlaceExtractorTests.check(marked)
    }

    @Test func foreignCityHasItsCountryAsParent() throws {
        let doc = try StructureSupport.analyse("代表团昨天抵达东京。")
        let tokyo = doc.entities.first { $0.type == .place && $0.name == "东京" }
        #expect(tokyo?.level == .prefecture)
        #expect(tokyo?.parent == "日本")
        let river = try StructureSupport.analyse("长江流经十一个省级行政区。").entities.first { $0.name == "长江" }
        #expect(river?.level == .feature)
    }

    @Test(arguments: [
        "两国领导人就⟦place:中⟧⟦place:美⟧关系交换了意见。",
        "⟦place:中⟧、⟦place:日⟧、⟦place:韩⟧三国外长举行会晤。",
        "外宾一行昨天抵⟦place:京⟧,这是他首次访⟦place:华⟧。",
        "⟦place:中⟧方对此表示欢迎。",
        // Not short forms: a date, an ordinary word, a word going on after the character.
        "会议5日中午结束,大家都很在意结果。",
        "他在京剧团工作了十年。",
        // 中 after a province's short form is its middle: 滇中 (central Yunnan), not Yunnan and China.
        "集中式光伏并网规模居前列，滇中稀贵金属集群入选国家先进制造业集群。",
        "黔中经济区和滇中城市群加快建设。",
    ])
    func shortForms(marked: String) throws {
        try PlaceExtractorTests.check(marked)
    }

    @Test func shortFormsResolveToTheFullName() throws {
        try PlaceExtractorTests.check("⟦place:中⟧⟦place:俄⟧边境贸易增长很快。", names: ["中": "中国", "俄": "俄罗斯"])
    }

    @Test(arguments: [
        "⟦org:中国女队⟧以三比零战胜⟦org:日本队⟧。",
        "⟦org:中国代表团⟧团长在开幕式上讲话。",
        // A country's government or firms are not organisation names.
        "中国政府和美国企业都表示支持。",
    ])
    func teamsAndGovernments(marked: String) throws {
        try OrganizationExtractorTests.check(marked)
    }
}
