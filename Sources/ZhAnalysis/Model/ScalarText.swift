/// Fast conversion of a run of code points to a `String` (UTF-8 encoded straight into the new
/// string's storage; the generic `UnicodeScalarView.append(contentsOf:)` path was a hot spot).
public enum ScalarText {
    @inline(__always)
    public static func string(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        if end - start <= 0 { return "" }
        return scalars.withUnsafeBufferPointer { string(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The string of any run of code points (a slice of the analysis text, most often).
    @inline(__always)
    public static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        if let s = scalars.withContiguousStorageIfAvailable({ string($0) }) { return s }
        return Array(scalars).withUnsafeBufferPointer { string($0) }
    }

    public static func string(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> String {
        if scalars.isEmpty { return "" }
        // Encoded into a temporary buffer of the largest size it can take (on the stack unless
        // long) and copied as a `UTF8Span` known valid: the bytes are the encoding of code
        // points, so the check `String(unsafeUninitializedCapacity:)` makes of every byte again
        // (about 200 instructions for a short Han string) can only pass. The copy is a small
        // string, with no heap storage, when up to 15 bytes long (five Han characters).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * scalars.count) { buffer in
            var n = 0
            for c in scalars {
                let v = c.value
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
            let bytes = UnsafeBufferPointer(rebasing: buffer[..<n])
            return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: n == scalars.count))
        }
    }

    /// The code points of `text` (`Array(text.unicodeScalars)`), decoded straight from its UTF-8
    /// storage (`scalars(utf8:)`; the generic path counted the scalars first, then copied them one
    /// by one through the view's iterator).
    public static func scalars(of text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { scalars(utf8: $0) }
    }

    /// The code points of valid UTF-8 `bytes` (a String's own bytes: lead bytes give the lengths),
    /// decoded into a temporary buffer, then copied into an array of the right size:
    /// `Array(unsafeUninitializedCapacity:)` allocates through the standard library's generic
    /// entry point (a type-metadata look-up per call), copying a buffer in code specialised here.
    public static func scalars(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        let n = bytes.count
        guard n > 0, let p = bytes.baseAddress else { return [] }
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: n) { out in
            var i = 0, k = 0
            while i < n {
                let b = UInt32(p[i])
                var v: UInt32
                if b < 0x80 {
                    v = b; i += 1
                } else if b < 0xE0 {
                    v = (b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); i += 2
                } else if b < 0xF0 {
                    v = (b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i += 3
                } else {
                    v = (b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                        | UInt32(p[i + 3] & 0x3F)
                    i += 4
                }
                out[k] = Unicode.Scalar(v) ?? "\u{FFFD}"
                k += 1
            }
            return Array(UnsafeBufferPointer(rebasing: out[..<k]))
        }
    }
}

extension ScalarText {
    /// `a == b`, decided from the bytes when they can decide it: equal bytes are equal strings,
    /// and two texts made only of code points that are NFC as they stand
    /// (`CharacterClass.isStableNFC`: ideographs, ASCII) are equal only with equal bytes. Else
    /// `==` (canonical equivalence). `==` on two different non-ASCII strings takes its
    /// normalising path, some 450 instructions for two short Han names.
    @inline(__always)
    public static func equal(_ a: String, _ b: String) -> Bool {
        let decided = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                if x.count == y.count {
                    var k = 0
                    while k < x.count, x[k] == y[k] { k += 1 }
                    if k == x.count { return true }
                }
                return isStableNFC(utf8: x) && isStableNFC(utf8: y) ? false : nil
            } ?? nil
        } ?? nil
        return decided ?? (a == b)
    }

    /// True when every code point of valid UTF-8 `bytes` is `CharacterClass.isStableNFC` (below
    /// U+0300, or a unified ideograph U+3400–U+4DBF, U+4E00–U+9FFF), told from the lead byte and,
    /// at the edges of those blocks, the next one.
    static func isStableNFC(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
            } else if b < 0xCC {
                i += 2   // U+0080–U+02FF
            } else if b >= 0xE5 && b <= 0xE9 {
                i += 3   // U+5000–U+9FFF
            } else if b == 0xE4, i + 1 < n, bytes[i + 1] != 0xB7 {
                i += 3   // U+4000–U+4DBF, U+4E00–U+4FFF (not the hexagrams U+4DC0–U+4DFF)
            } else if b == 0xE3, i + 1 < n, bytes[i + 1] >= 0x90 {
                i += 3   // U+3400–U+3FFF
            } else {
                return false
            }
        }
        return true
    }
}
