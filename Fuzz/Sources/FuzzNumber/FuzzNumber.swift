import ZhAnalysis

/// The numeral reader (`ChineseNumber.read`) from every start position of the input read as
/// UTF-8 text: a reading must lie inside the limit, start where asked and have ordered bounds.
let reader = ChineseNumber()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let s = Array(text.unicodeScalars)
    for start in 0..<s.count {
        guard let r = reader.read(s, at: start, limit: s.count) else { continue }
        guard r.start >= start, r.start <= r.end, r.end <= s.count, !r.value.isNaN else {
            fatalError("bad reading \(r) at \(start) of \(s.count)")
        }
        if let upper = r.upper, upper.isNaN { fatalError("NaN upper bound at \(start)") }
    }
    return 0
}
