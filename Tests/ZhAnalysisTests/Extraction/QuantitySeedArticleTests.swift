import Foundation
import Testing
@testable import ZhAnalysis

/// Every quantity of the seed article (Corpus/hangzhou-districts.txt), from a careful reading,
/// and none of its slogans.
@Suite struct QuantitySeedArticleTests {
    struct Expected: Sendable, CustomStringConvertible {
        var text: String
        var value: Double
        var approx: Approximation
        var unit: String
        var kind: String
        /// nil: not checked (the phrase is unclear or cut by a layout break).
        var subject: String?
        var qualifiers: [String] = []
        var description: String { text }
    }

    static func E(_ text: String, _ value: Double, _ approx: Approximation, _ unit: String, _ kind: String,
                  _ subject: String?, qualifiers: [String] = []) -> Expected {
        Expected(text: text, value: value, approx: approx, unit: unit, kind: kind, subject: subject, qualifiers: qualifiers)
    }

    static let expected: [Expected] = [
        // 上城区
        E("5000余人", 5000, .over, "人", "person", "未成年人"),
        E("2021年", 2021, .exact, "年", "year", nil),
        E("1100余人次", 1100, .over, "人次", "person_time", "青少年"),
        E("三级", 3, .exact, "级", "count", nil),
        // 萧山区
        E("2022年", 2022, .exact, "年", "year", nil),
        E("20余场", 20, .over, "场", "count", "主题活动"),
        E("30余次", 30, .over, "次", "count", "专业服务"),
        E("10余次", 10, .over, "次", "count", "创业大赛"),
        E("超50家", 50, .over, "家", "count", "科创企业"),
        E("2家", 2, .exact, "家", "count", "独角兽企业"),
        E("6家", 6, .exact, "家", "count", "国家高新技术企业"),
        E("11家", 11, .exact, "家", "count", "雏鹰企业"),
        E("3家", 3, .exact, "家", "count", "专精特新企业"),
        // 高新区(滨江)
        E("53万人", 530_000, .exact, "人", "person", "常住人口"),
        E("33.5岁", 33.5, .exact, "岁", "age", "年龄", qualifiers: ["平均"]),
        E("3岁以下", 3, .under, "岁", "age", nil, qualifiers: ["每千人口"]),
        E("4.55个", 4.55, .exact, "个", "count", nil, qualifiers: ["每千人口"]),
        // The 14th five-year plan: a label, kept with its role (not a statistic).
        E("十四五", 14, .exact, "", "plan", nil),
        E("4.5个", 4.5, .exact, "个", "count", nil),
        E("6家", 6, .exact, "家", "count", "综合功能托育园"),
        E("367个", 367, .exact, "个", "count", "托位"),
        E("26家", 26, .exact, "家", "count", nil),
        E("100%", 100, .exact, "%", "percent", nil),
        E("5家", 5, .exact, "家", "count", "产业园区嵌入式托育园"),
        E("300个", 300, .exact, "个", "count", "托位"),
        E("65岁以上", 65, .over, "岁", "age", "老年人"),
        E("最高达10万元", 100_000, .max, "元", "money", nil, qualifiers: ["每年"]),
        // 余杭区
        E("第四批", 4, .exact, "批", "ordinal", nil),
        E("三类", 3, .exact, "类", "count", nil),
        E("32场次", 32, .exact, "场次", "count", "培训"),
        E("13500余人次", 13500, .over, "人次", "person_time", "参训农业人才"),
        E("2.5万人", 25000, .exact, "人", "person", "农村实用人才"),
        E("906名", 906, .exact, "名", "person", "农创客"),
        // 钱塘区
        E("300余家", 300, .over, "家", "count", "企业"),
        E("一批", 1, .exact, "批", "count", nil),
        E("100%", 100, .exact, "%", "percent", "矛盾纠纷"),
        E("9个", 9, .exact, "个", "count", nil),
        E("14所", 14, .exact, "所", "count", "高校"),
        E("22万名", 220_000, .exact, "名", "person", "在校师生"),
        // 建德市
        E("200余户", 200, .over, "户", "household", "村民"),
        E("2000多元", 2000, .over, "元", "money", nil, qualifiers: ["每月"]),
        E("一年", 1, .exact, "年", "duration", nil),
        E("20余万元", 200_000, .over, "元", "money", "村集体经济", qualifiers: ["每年"]),
        E("18个", 18, .exact, "个", "count", "问题"),
    ]

    static let document: Document? = {
        guard let text = try? String(contentsOf: TestSupport.seedArticle, encoding: .utf8) else { return nil }
        return try? QuantityTestSupport.document(text)
    }()

    @Test func everyQuantityInOrder() throws {
        let doc = try #require(Self.document)
        #expect(doc.quantities.map(\.text) == Self.expected.map(\.text))
    }

    @Test(arguments: Array(expected.enumerated()).map { ($0.offset, $0.element) })
    func quantity(_ index: Int, _ e: Expected) throws {
        let doc = try #require(Self.document)
        try #require(index < doc.quantities.count)
        let q = doc.quantities[index]
        #expect(q.text == e.text)
        #expect(abs(q.value - e.value) < 1e-9 * max(1, e.value))
        #expect(q.upper == nil)
        #expect(q.approx == e.approx)
        #expect(q.unit == e.unit)
        #expect(q.unitKind == e.kind)
        if let subject = e.subject { #expect(q.subject == subject) }
        #expect(q.qualifiers == e.qualifiers)
        #expect(doc.original(q.range) == q.text)
    }

    /// The standard pipeline (sections, places, people and organisations before quantities)
    /// finds the same quantities, each with a sentence and a place (the section's district or a
    /// place named earlier in the sentence).
    @Test func standardPipeline() throws {
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let doc = try Pipeline.standard(lexicons: TestSupport.lexicons).run(Document(id: "seed", text: text))
        #expect(doc.quantities.map(\.text) == Self.expected.map(\.text))
        #expect(doc.quantities.allSatisfy { $0.sentence != nil && ($0.place != nil || $0.role != .statistic) })
        #expect(doc.quantities.first { $0.text == "20余万元" }?.time == "目前")
    }

    @Test(arguments: ["十四五", "1+3+N", "5G", "88暖", "一校一品", "最后一公里", "第一时间", "一对一", "一大批", "一系列", "一次性", "千年舟"])
    func noSlogan(_ slogan: String) throws {
        let doc = try #require(Self.document)
        let text = Array(doc.text.unicodeScalars)
        let pattern = Array(slogan.unicodeScalars)
        var found = 0
        var i = 0
        while i + pattern.count <= text.count {
            if Array(text[i..<(i + pattern.count)]) == pattern {
                found += 1
                let r = TextRange(start: i, end: i + pattern.count)
                // A slogan is never a statistic (十四五 is kept as a label).
                #expect(!doc.quantities.contains { $0.range.overlaps(r) && $0.role == .statistic }, "\(slogan) at \(i)")
            }
            i += 1
        }
        #expect(found > 0)
    }
}
