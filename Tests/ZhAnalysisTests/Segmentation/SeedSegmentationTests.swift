import Foundation
import Testing
@testable import ZhAnalysis

/// The seed page segmented line by line: district, street and town names and the statistics
/// come out as whole tokens.
@Suite struct SeedSegmentationTests {
    static let lines: [[String]] = {
        guard let text = try? String(contentsOf: TestSupport.seedArticle, encoding: .utf8) else { return [] }
        return TextLines.split(text).filter { !$0.isEmpty }.compactMap { try? TestSupport.segment(String($0)) }
    }()
    static let tokens: Set<String> = Set(lines.joined())
    static let places = ["上城区", "萧山区", "钱塘区", "建德市", "余杭区", "滨江区", "高新区", "杭州市",
                         "紫阳街道", "盈丰街道", "白杨街道", "更楼街道", "百丈镇"]

    @Test(arguments: places)
    func placeNamesAreWhole(name: String) {
        let found = Self.tokens.contains(name)
        #expect(found)
    }

    @Test(arguments: ["4.55", "33.5", "2.5万", "53万", "22万", "5000", "13500", "1100", "367", "2021年", "2022年", "100%"])
    func numbersAreWhole(number: String) {
        let found = Self.tokens.contains(number)
        #expect(found)
    }

    /// No two neighbouring tokens spell a place name (上/城区, 萧/山区 as raw ICU cuts them).
    @Test func noPlaceNameIsCutInTwo() {
        #expect(!Self.lines.isEmpty)
        var cut: [String] = []
        for line in Self.lines {
            for (a, b) in zip(line, line.dropFirst()) where Self.places.contains(a + b) { cut.append(a + "/" + b) }
        }
        #expect(cut == [])
    }
}
