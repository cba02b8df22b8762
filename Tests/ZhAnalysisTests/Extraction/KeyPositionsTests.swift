import Testing
@testable import ZhAnalysis

@Suite struct KeyPositionsTests {
    /// Scanned and hashed look-ups give the same positions, below, at and above the limit.
    @Test func scannedAndHashedAgree() {
        for limit in [0, 1, 3, 100] {
            var positions = KeyPositions<String>(capacity: 0, limit: limit)
            for i in 0..<10 {
                #expect(positions.position(of: "k\(i)") == nil)
                positions.append("k\(i)")
                for j in 0...i { #expect(positions.position(of: "k\(j)") == j, "limit \(limit), \(j) of \(i + 1)") }
                #expect(positions.position(of: "k\(i + 1)") == nil)
            }
        }
    }

    /// Built from a list that names a key twice: the first position, scanned or hashed.
    @Test func repeatedKeysGiveTheFirstPosition() {
        let keys = ["a", "b", "a", "c", "b"]
        for limit in [0, 2, 5, 100] {
            let positions = KeyPositions(keys, limit: limit)
            #expect(positions.position(of: "a") == 0 && positions.position(of: "b") == 1, "limit \(limit)")
            #expect(positions.position(of: "c") == 3 && positions.position(of: "d") == nil, "limit \(limit)")
            #expect(FewKeys(keys, limit: limit).contains("c") && !FewKeys(keys, limit: limit).contains("d"))
        }
    }

    /// Names are found as `==` finds them, scanned or hashed: a name spelled with a compatibility
    /// ideograph or a decomposed accent is the name.
    @Test func namesAreComparedAsStrings() {
        for limit in [0, 100] {
            var positions = KeyPositions<String>(capacity: 4, limit: limit)
            for name in ["杭州", "\u{F900}山", "Jos\u{E9}", "王恒泽"] { positions.append(name) }
            #expect(positions.position(of: "杭州") == 0 && positions.position(of: "\u{8C48}山") == 1, "limit \(limit)")
            #expect(positions.position(of: "Jose\u{301}") == 2 && positions.position(of: "王恒") == nil, "limit \(limit)")
        }
    }
}
