import Foundation
import Testing
@testable import ZhAnalysis

/// Changes (增长6.0% · 比上年末增加13.5万人), vague amounts (数十个 · 上千人), halves (半年 · 三年半)
/// and the document's place.
@Suite struct QuantityChangeTests {
    typealias T = QuantityTestSupport

    /// (text, subject, qualifiers) of every quantity of a text.
    static func facts(_ text: String) throws -> [String] {
        try T.quantities(text).map { "\($0.text)|\($0.subject)|\($0.qualifiers.joined(separator: ","))" }
    }

    @Test func changeTakesTheSubjectOfTheStatisticAndItsBase() throws {
        #expect(try Self.facts("全市实现地区生产总值22074.7亿元，按可比价格计算，比上年增长6.0%。") == [
            "22074.7亿元|地区生产总值|", "6.0%|地区生产总值|比上年,增长",
        ])
        #expect(try Self.facts("第一产业增加值594.9亿元，增长3.0%；第二产业增加值6370.6亿元，增长3.9%。") == [
            "594.9亿元|第一产业增加值|", "3.0%|第一产业增加值|增长",
            "6370.6亿元|第二产业增加值|", "3.9%|第二产业增加值|增长",
        ])
        #expect(try Self.facts("年末全市常住人口2140.3万人，比上年末增加13.5万人。") == [
            "2140.3万人|常住人口|", "13.5万人|常住人口|比上年末,增加",
        ])
        #expect(try Self.facts("农产品网上销售额突破3亿元，同比增长18%。") == [
            "突破3亿元|农产品网上销售额|", "18%|农产品网上销售额|同比,增长",
        ])
        #expect(try Self.facts("进出口总额1200亿元，较2022年下降2.3%。").last == "2.3%|进出口总额|较2022年,下降")
    }

    @Test func changeWithItsOwnSubject() throws {
        #expect(try Self.facts("全市规上工业增加值比上年增长5.2%。") == ["5.2%|规上工业增加值|比上年,增长"])
        #expect(try Self.facts("与上年相比，社会消费品零售总额增长8.1%。") == ["8.1%|社会消费品零售总额|与上年相比,增长"])
        #expect(try Self.facts("利润总额同比分别下降3%。") == ["3%|利润总额|同比,下降"])
        #expect(try Self.facts("比重比上年提高0.5个百分点。") == ["0.5个百分点|比重|比上年,提高"])
        // One-character verbs only after a base.
        #expect(try Self.facts("出口额环比降4.5%。") == ["4.5%|出口额|环比,降"])
    }

    @Test func listsOfChangesRepeatTheQualifiers() throws {
        let qs = try T.quantities("三次产业增加值分别增长3.0%、3.9%和7.0%。")
        #expect(qs.map(\.text) == ["3.0%", "3.9%", "7.0%"])
        #expect(qs.map(\.qualifiers) == [["增长"], ["增长"], ["增长"]])
        #expect(qs.map(\.subject) == ["三次产业增加值", "三次产业增加值", "三次产业增加值"])
    }

    @Test func levelsAndOtherNumbersAreNotChanges() throws {
        // A verb with 到/在 gives the new level.
        let level = try T.only("改造完成后小区绿化率提高到35%左右。")
        #expect(level?.subject == "小区绿化率")
        #expect(level?.qualifiers == [])
        #expect(try T.only("城镇登记失业率控制在4%以内。")?.subject == "城镇登记失业率")
        // 新增 counts what is new; 增加值 is a noun; 新增 and 比例 are not verbs or bases.
        #expect(try Self.facts("城镇新增就业26.3万人。") == ["26.3万人|城镇新增就业|"])
        #expect(try Self.facts("第一产业增加值594.9亿元。") == ["594.9亿元|第一产业增加值|"])
        // A change of another unit kind does not take the subject of the amount before it.
        #expect(try Self.facts("投资3000亿元，比上年增加20个。").last == "20个||比上年,增加")
    }

    @Test func vagueAmounts() throws {
        func one(_ text: String) throws -> (Double, Double?, Approximation, String)? {
            try T.only(text).map { ($0.value, $0.upper, $0.approx, $0.unit) }
        }
        #expect(try one("活动吸引了数十个团队参加。").map { "\($0)" } == "(10.0, Optional(90.0), ZhAnalysis.Approximation.about, \"个\")")
        let thousand = try T.only("上千人到场观看。")
        #expect(thousand?.text == "上千人")
        #expect(thousand?.value == 1000)
        #expect(thousand?.upper == nil)
        #expect(thousand?.approx == .about)
        let money = try T.only("共投入几十万元。")
        #expect(money?.text == "几十万元")
        #expect(money?.value == 100_000)
        #expect(money?.upper == 900_000)
        #expect(money?.approx == .about)
        let hundreds = try T.only("数百名志愿者参与。")
        #expect(hundreds.map { [$0.value, $0.upper ?? 0] } == [100, 900])
        #expect(hundreds?.subject == "志愿者")
        #expect(try T.only("吸引上万名游客。").map { [$0.value] } == [10_000])
        #expect(try T.only("筹集数亿元资金。").map { [$0.value, $0.upper ?? 0] } == [1e8, 9e8])
        #expect(try T.only("全区近百家企业参与。")?.value == 100)
        // Not amounts: words and idioms.
        #expect(try T.quantities("成千上万的人来到这里。").isEmpty)
        #expect(try T.quantities("发展数字经济，人数十分多。").isEmpty)
    }

    @Test func halves() throws {
        func read(_ text: String) throws -> [String] {
            try T.quantities(text).map { "\($0.text)=\($0.value)\($0.unit)" }
        }
        #expect(try read("项目历时半年。") == ["半年=0.5年"])
        #expect(try read("又过了半个月。") == ["半个月=0.5个月"])
        #expect(try read("步行半小时。") == ["半小时=0.5小时"])
        #expect(try read("他工作了三年半。") == ["三年半=3.5年"])
        #expect(try read("会议开了一个半小时，工期两个半月。") == ["一个半小时=1.5小时", "两个半月=2.5月"])
        #expect(try read("近半年来很忙。") == ["近半年=0.5年"])
        // 上半年 is a time word, 半导体 a word, 一半 not a period.
        #expect(try read("上半年和下半年都很忙。") == [])
        #expect(try read("研究十年半导体。") == ["十年=10.0年"])
        #expect(try read("完成了一半。") == [])
    }

    @Test func documentPlaceFillsQuantitiesWithoutOne() throws {
        func run(_ text: String, _ places: [(String, PlaceLevel, [Int])]) throws -> [String?] {
            var doc = Document(id: "t", text: text)
            try TestSupport.segmenter.process(&doc)
            doc.sentences = SentenceSplitter().split(doc.analysis, in: doc.fullRange).enumerated().map {
                Sentence(index: $0.offset, range: $0.element)
            }
            doc.entities = places.map { name, level, starts in
                Entity(type: .place, name: name,
                       mentions: starts.map { Mention(range: TextRange(start: $0, end: $0 + name.count), text: name) },
                       level: level)
            }
            try T.extractor.process(&doc)
            return doc.quantities.map(\.place)
        }
        // The place of the first line (the year is a time, placed by no one).
        #expect(try run("2023年成都市统计公报\n全市实现地区生产总值22074.7亿元。", [("成都市", .prefecture, [5])])
                == [nil, "成都市"])
        // A place in the sentence still wins.
        #expect(try run("成都市统计公报\n全市人口2140万人。武侯区人口120万人。",
                        [("成都市", .prefecture, [0]), ("武侯区", .county, [19])]) == ["成都市", "武侯区"])
        // No place in the first line: the prefecture or county named most often, else none.
        let body = "全市人口2140万人。温江区建成公园8个。温江区新增绿地20公顷。"
        #expect(try run(body, [("温江区", .county, [11, 21])]) == ["温江区", "温江区", "温江区"])
        #expect(try run(body, [("温江区", .county, [11])]) == [nil, "温江区", nil])
    }
}
