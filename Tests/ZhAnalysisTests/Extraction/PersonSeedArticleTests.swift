import Foundation
import Testing
@testable import ZhAnalysis

/// People and organisations in the seed article (Corpus/hangzhou-districts.txt) against a careful
/// reading of it. The lists are written out by hand; the thresholds are the project's targets.
@Suite struct PersonSeedArticleTests {
    static let document: Document? = {
        guard let text = try? String(contentsOf: TestSupport.seedArticle, encoding: .utf8) else { return nil }
        return try? PersonTestSupport.analyse(text)
    }()

    /// Every person named in the article: the ten byline authors, the people quoted or named,
    /// and two partial references.
    static let people: Set<String> = [
        "张梦月", "夏衍", "龚晨忱", "郑宸", "李晶", "肖皓桐", "李佳佳", "姚娟", "娄晓涵", "纪苏雯",
        "徐静雯", "葛希", "王恒泽", "杨飞", "邓美红",
        "小赵", "褚律师",
    ]

    @Test func people() throws {
        let doc = try #require(Self.document)
        let found = Set(doc.entities.filter { $0.type == .person }.map(\.name))
        let score = PersonTestSupport.score(found: found, expected: Self.people)
        #expect(score.f >= 0.9, "\(score)")
        // The classic false positives never appear.
        for word in ["高新区", "白杨", "青少年", "高新"] { #expect(!found.contains(word)) }
    }

    @Test func rolesOfQuotedPeople() throws {
        let doc = try #require(Self.document)
        let roles = Dictionary(doc.entities.filter { $0.type == .person }.map { ($0.name, $0.roles ?? []) },
                               uniquingKeysWith: { a, _ in a })
        #expect(roles["王恒泽"]?.contains("副书记") == true)
        #expect(roles["葛希"]?.contains("副主席") == true)
        #expect(roles["褚律师"] == ["律师"])
    }

    /// Organisations by the surface text of their mentions (a second, shorter mention of the same
    /// body is listed separately). `alternatives` accepts a defensible variant of the extent;
    /// `optional` lists generic references (街道团工委, 社区党群服务中心) that count neither way.
    static let organizations: Set<String> = [
        "紫阳街道青少年心理健康共融中心", "青少年心理健康共融中心", "上城团区委", "浙江省社区研究会心理健康专委会",
        "杭州中学", "杭州蒋筑英学校", "紫阳街道团工委", "紫阳街道妇联",
        "盈丰知联", "中山大学", "盈丰5G创新谷知联驿站",
        "滨江区托育综合服务中心",
        "中央农广校", "浙江大学农技推广中心", "浙江大学", "浙江农林大学环资学院", "浙江农林大学",
        "双枪科技股份有限公司", "杭州沛诺集团有限公司", "千年舟投资集团有限公司",
        "桥岭地瓜共富工坊", "更楼街道纪工委监察办",
    ]
    static let alternatives: [String: Set<String>] = [
        "桥岭地瓜共富工坊": ["更楼街道桥岭地瓜共富工坊"],
        "浙江省社区研究会心理健康专委会": ["浙江省社区研究会"],
        "盈丰知联": ["萧山区盈丰知联"],
    ]
    static let optional: Set<String> = [
        "社工站", "学校驻校社工站", "驻校社工站", "街道社工站", "街道社会工作站", "社会工作站",
        "妇联", "街道妇联", "社区党群服务中心", "党群服务中心", "南区党群服务中心",
        "知联会", "街道知联会", "高校知联会", "新联会", "校友会", "知联驿站", "议事会",
        "区妇幼保健院", "妇幼保健院", "社区卫生服务中心", "街道社区卫生服务中心", "儿童健康管理中心",
        "街道团工委", "街道纪工委", "该街道纪工委", "街道纪工委监察办", "纪工委监察办", "街道农业农村科",
        "共富工坊", "桥岭地瓜共富工坊", "专项监督小组", "青少年宫", "家门口的青少年宫", "田间学校",
        "海康", "大华", "英飞特", "盈丰街道", "人大",
    ]

    @Test func organizations() throws {
        let doc = try #require(Self.document)
        // Mention texts without the line breaks of the page layout (紫阳\n\n街道妇联).
        let found = Set(doc.entities.filter { $0.type == .organization }.flatMap {
            $0.mentions.map { String($0.text.unicodeScalars.filter { !$0.properties.isWhitespace }) }
        })
        let score = PersonTestSupport.score(found: found, expected: Self.organizations,
                                            alternatives: Self.alternatives, optional: Self.optional)
        #expect(score.f >= 0.75, "\(score)")
        // No generic or run-on name is emitted (measured: precision 1.0).
        #expect(score.spurious.isEmpty, "\(score)")
    }
}
