/// Well-formed UTF-8 (the Unicode Standard's table 3-7: no overlong form, no surrogate, nothing
/// above U+10FFFF), checked for the input's blocks before documents are cut from them.
///
/// The standard library's check (`UTF8Span(validating:)`) took about 10 instructions a byte on
/// Chinese text, each byte read on its own; this one checks a three-byte character (nearly all of
/// a Chinese text) with one read and one mask, and ASCII eight bytes at a time. It only says
/// whether the bytes are valid: where they are not, callers ask the standard library where the
/// fault is.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8 throughout (a character cut at the end is not).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i < n {
            // Three bytes of lead E1–EC or EE–EF (nearly every Chinese character and punctuation
            // mark), read as one word: 1110xxxx 10xxxxxx 10xxxxxx with the lead's low four bits
            // neither 0 (E0) nor D (ED), whose second bytes have narrower bounds (below).
            if i &+ 4 <= n {
                let w = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                let low = w & 0x0F
                if w & 0x00C0_C0F0 == 0x0080_80E0, low != 0, low != 0x0D {
                    i &+= 3
                    continue
                }
            }
            let c = p[i]
            if c < 0x80 {
                // ASCII: the rest of its run eight bytes at a time.
                i += 1
                while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                continue
            }
            if c >= 0xE0 && c < 0xF0 {
                // Three bytes: E0 A0–BF, ED 80–9F (not a surrogate), any other lead 80–BF; then 80–BF.
                guard i + 2 < n else { return false }
                let c1 = p[i + 1]
                let low: UInt8 = c == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = c == 0xED ? 0x9F : 0xBF
                guard c1 >= low, c1 <= high, p[i + 2] & 0xC0 == 0x80 else { return false }
                i += 3
                continue
            }
            if c >= 0xC2 && c < 0xE0 {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
                continue
            }
            if c >= 0xF0 && c <= 0xF4 {
                // Four bytes: F0 90–BF, F4 80–8F (at most U+10FFFF), F1–F3 80–BF; then 80–BF twice.
                guard i + 3 < n else { return false }
                let c1 = p[i + 1]
                let low: UInt8 = c == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = c == 0xF4 ? 0x8F : 0xBF
                guard c1 >= low, c1 <= high, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return false }
                i += 4
                continue
            }
            // A continuation byte where a character starts, C0, C1 (overlong), or F5–FF.
            return false
        }
        return true
    }
}
