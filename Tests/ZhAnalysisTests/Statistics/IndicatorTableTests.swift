import Foundation
import Testing
@testable import ZhAnalysis

/// The bundled indicator table: its size and consistency, and how subjects are matched.
@Suite struct IndicatorTableTests {
    static let table: IndicatorTable? = try? IndicatorTable.load(from: TestSupport.dictionaries)
    static let gazetteer: Gazetteer? = try? TestSupport.lexicons.tables.gazetteer()

    @Test func bundledTableIsConsistent() throws {
        let table = try #require(Self.table)
        #expect(table.indicators.count >= 150)
        #expect(table.ambiguousKeys == [], "a name or alias is claimed by two indicators")
        #expect(Set(table.indicators.map(\.name)).count == table.indicators.count)
        // Every kind is a unit kind of units.tsv.
        let units = try String(contentsOf: TestSupport.dictionaries.appendingPathComponent("units.tsv"), encoding: .utf8)
        var kinds = Set(units.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: "\t").dropFirst().first.map(String.init) })
        kinds.formUnion(["percent", "permille", "year"])
        for i in table.indicators { #expect(i.kinds.allSatisfy(kinds.contains), "\(i.name): \(i.kinds)") }
    }

    @Test(arguments: [
        ("全省地区生产总值", "地区生产总值"),
        ("GDP增速", "地区生产总值"),
        ("经济总量", "地区生产总值"),
        ("本地生產總值", "地区生产总值"),
        ("社会消费品零售额", "社会消费品零售总额"),
        ("社会商品零售总额", "社会消费品零售总额"),
        ("規模以上工業增加值", "规模以上工业增加值"),
        ("全年规上工业增加值", "规模以上工业增加值"),
        ("实际使用的国外资金", "实际使用外资金额"),
        ("郑州机场货邮吞吐量", "机场货邮吞吐量"),
        ("河南省城镇新增就业", "城镇新增就业人数"),
        ("失業率", "失业率"),
        ("工農業總産值", "工农业总产值"),
        ("PM2.5平均浓度", "细颗粒物平均浓度"),
    ])
    func matches(_ subject: String, _ indicator: String) throws {
        let table = try #require(Self.table), gazetteer = try #require(Self.gazetteer)
        let k = table.match(subject: subject) { head in
            var best = 0
            gazetteer.forEachMatch(in: head, from: 0, limit: head.count) { end, _ in best = max(best, end) }
            return best
        }
        #expect(k.map { table.indicators[$0].name } == indicator)
    }

    /// What stands before a known name must only place the figure: a brand or a part is another figure.
    @Test(arguments: ["红旗汽车产量", "省管企业研发投入强度", "项目", "托位数", "内河航运", ""])
    func noMatch(_ subject: String) throws {
        let table = try #require(Self.table)
        #expect(table.match(subject: subject) == nil)
    }

    @Test func unitKindsMustFit() throws {
        let table = try #require(Self.table)
        let gdp = try #require(table.lookup(key: table.key("地区生产总值")))
        #expect(table.fits(gdp, unitKind: "money", unit: "元"))
        #expect(table.fits(gdp, unitKind: "percent", unit: "%"))
        #expect(!table.fits(gdp, unitKind: "count", unit: "家"))
        let grain = try #require(table.lookup(key: table.key("粮食产量")))
        #expect(table.fits(grain, unitKind: "mass", unit: "千克"))
        #expect(!table.fits(grain, unitKind: "money", unit: "元"))
    }

    /// Keys are compared as `String`s are, by canonical equivalence, though the tables hold code
    /// points: a compatibility ideograph (U+2F800, canonically 丽) finds the key written with 丽, and
    /// a key outside the BMP (𠀀, U+20000) is found as written, by itself and through its stem.
    @Test func keysCompareByCanonicalEquivalence() {
        var cues = StatisticCues()
        cues.stems = ["总产量", "产量"]
        let table = IndicatorTable(indicators: [.init(name: "丽水生产总值"), .init(name: "\u{20000}粮食产量")], cues: cues)
        #expect(table.lookup(key: "丽水生产总值") == 0)
        #expect(table.lookup(key: "\u{2F800}水生产总值") == 0)
        #expect(table.lookup(scalars: Array("\u{2F800}水生产总值".unicodeScalars)) == 0)
        #expect(table.lookup(key: "\u{20000}粮食产量") == 1)
        #expect(table.lookup(key: "\u{20000}粮食总产量") == 1)
        #expect(table.lookup(key: "\u{20001}粮食总产量") == nil)
        #expect(table.lookup(key: "\u{2F801}水生产总值") == nil)
    }

    @Test func malformedCueLineIsAnError() throws {
        let dir = try TestSupport.temporaryDirectory("cues")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(StatisticCues.fileName)
        try "scope\t全省\nverb\t增长\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ZhError.malformedLexiconLine(file: url.path, line: 2, text: "verb\t增长")) {
            try StatisticCues(contentsOf: url)
        }
    }
}
