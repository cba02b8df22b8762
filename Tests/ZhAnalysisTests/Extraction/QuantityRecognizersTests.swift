import Foundation
import Testing
@testable import ZhAnalysis

/// The Microsoft Recognizers-Text Chinese specs (../shared/eval/recognizers_zh): a case is
/// recovered when every gold result is overlapped by a quantity with the same value (percent
/// 5.5 for "5.5%", per mille divided by ten, either bound of a range), and a case without gold
/// results when nothing is reported. At least 85% of the cases of each model must be recovered.
/// (scripts/recognizers_eval.py measures the same through the zhkb binary.)
@Suite(.enabled(if: TestSupport.sharedDirectory != nil))
struct QuantityRecognizersTests {
    struct Case: Decodable {
        var Input: String
        var Results: [Result]?
    }

    struct Result: Decodable {
        var Start: Int
        var End: Int
        var Resolution: Resolution?
    }

    struct Resolution: Decodable {
        var value: String?
    }

    static func goldValue(_ s: String?) -> Double? {
        guard var s = s?.trimmingCharacters(in: .whitespaces) else { return nil }
        s = s.replacingOccurrences(of: ",", with: "")
        if s.hasSuffix("%") { s.removeLast() }
        return Double(s)
    }

    static func recovered(_ c: Case, _ quantities: [Quantity]) -> Bool {
        let results = c.Results ?? []
        if results.isEmpty { return quantities.isEmpty }
        return results.allSatisfy { r in
            guard let g = goldValue(r.Resolution?.value) else { return false }
            let span = TextRange(start: r.Start, end: r.End + 1)
            return quantities.contains { q in
                guard q.range.overlaps(span) else { return false }
                let scale = q.unitKind == "permille" ? 0.1 : 1
                return ([q.value] + (q.upper.map { [$0] } ?? [])).contains { abs($0 * scale - g) <= 1e-6 * max(abs(g), 1e-12) }
            }
        }
    }

    @Test(arguments: ["Number", "Percent", "Currency", "Age"])
    func model(_ name: String) throws {
        let shared = try #require(TestSupport.sharedDirectory)
        let url = shared.appendingPathComponent("eval/recognizers_zh/\(name)Model.json")
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
        var ok = 0
        for c in cases {
            let text = c.Input.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            if Self.recovered(c, try QuantityTestSupport.quantities(text)) { ok += 1 }
        }
        let share = Double(ok) / Double(cases.count)
        #expect(share >= 0.85, "\(name): \(ok)/\(cases.count)")
    }
}
