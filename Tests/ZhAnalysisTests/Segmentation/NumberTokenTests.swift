import Testing
@testable import ZhAnalysis

@Suite struct NumberTokenTests {
    @Test(arguments: [
        ("辖区未成年人有5000余人", "5000"),
        ("常住人口为53万人", "53万"),
        ("平均年龄仅33.5岁", "33.5"),
        ("托位数达4.55个", "4.55"),
        ("参训农业人才达13,500余人次", "13,500"),
        ("已培育农村实用人才2.5万人", "2.5万"),
        ("总投资1.2亿元", "1.2亿"),
        ("占比百分之三十", "百分之三十"),
        ("增长30%", "30%"),
        ("１９９８年出生", "１９９８年"),
    ])
    func numbersStayWhole(sentence: String, number: String) throws {
        let tokens = try TestSupport.segment(sentence)
        #expect(tokens.contains(number), "tokens: \(tokens)")
    }
}
