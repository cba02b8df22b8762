/// Fast conversion of a run of code points to a `String` (UTF-8 encoded straight into the new
/// string's storage; the generic `UnicodeScalarView.append(contentsOf:)` path was a hot spot).
public enum ScalarText {
    @inline(__always)
    public static func string(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        let count = end - start
        if count <= 0 { return "" }
        return String(unsafeUninitializedCapacity: count * 4) { buffer in
            var n = 0
            for i in start..<end {
                let v = scalars[i].value
                if v < 0x80 {
                    buffer[n] = UInt8(v); n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | (v >> 6)); buffer[n + 1] = UInt8(0x80 | (v & 0x3F)); n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | (v >> 12)); buffer[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | (v & 0x3F)); n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | (v >> 18)); buffer[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); buffer[n + 3] = UInt8(0x80 | (v & 0x3F)); n += 4
                }
            }
            return n
        }
    }
}
