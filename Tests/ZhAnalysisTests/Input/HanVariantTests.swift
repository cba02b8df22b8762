import Testing
@testable import ZhAnalysis

/// The Traditional/Simplified tables compiled into the library (`Sources/CZhICU/HanVariants.h`)
/// must be exactly what ICU's transliterators give on this machine; when ICU changes, regenerate
/// them with `zhkb-bench han-variants > Sources/CZhICU/HanVariants.h`.
struct HanVariantTests {
    @Test func compiledTablesAreICUs() throws {
        for toTraditional in [false, true] {
            let compiled = try HanVariants.compiled(toTraditional: toTraditional)
            let icu = try HanVariants.fromICU(toTraditional: toTraditional)
            let differing = compiled.indices.filter { compiled[$0] != icu[$0] }
            #expect(differing.isEmpty, "toTraditional \(toTraditional): \(differing.count) code points differ, first U+\(String(HanVariants.first + UInt32(differing.first ?? 0), radix: 16))")
        }
    }

    @Test func knownPairs() throws {
        let toHans = try HanVariants.compiled(toTraditional: false)
        let toHant = try HanVariants.compiled(toTraditional: true)
        func map(_ table: [UInt32], _ c: Unicode.Scalar) -> Unicode.Scalar {
            Unicode.Scalar(table[Int(c.value - HanVariants.first)])!
        }
        #expect(map(toHans, "區") == "区")
        #expect(map(toHans, "灣") == "湾")
        #expect(map(toHans, "中") == "中")
        #expect(map(toHant, "说") == "說")
        #expect(map(toHant, "们") == "們")
        #expect(TextFolder().fold("香港特別行政區政府") == "香港特别行政区政府")
    }
}
