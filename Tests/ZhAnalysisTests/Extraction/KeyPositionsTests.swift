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
}
