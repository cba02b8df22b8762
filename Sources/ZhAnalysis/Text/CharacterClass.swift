/// The character classes the stages ask about, each defined once. Inner loops call these instead
/// of `Unicode.Scalar.properties` (slow there); the fixed lists are tested against the properties
/// they stand for (`CharacterClassTests`).
enum CharacterClass {
    /// Cantonese function words written in Hong Kong news (佢 he, 喺 at, 係 is, 嘅 of, 咗 done,
    /// 唔 not, 啲 some…): never inside a place or organisation name. 係 is the copula unless it
    /// ends 關係 / 聯係 (relation), the written word.
    static func isCantoneseFunction(_ scalars: [Unicode.Scalar], at k: Int) -> Bool {
        let c = scalars[k]
        if c == "係" { return !(k > 0 && ["關", "聯", "联", "关", "維"].contains(scalars[k - 1])) }
        return cantoneseFunction.contains(c)
    }

    static let cantoneseFunction: Set<Unicode.Scalar> = [
        "佢", "喺", "嘅", "咗", "唔", "啲", "冇", "嗰", "咁", "哋", "嚟", "畀", "咩", "喇", "嘢", "囉", "㗎", "噉", "乜", "嘞", "咪",
    ]

    /// A Han ideograph: the CJK unified ideographs (basic block, extension A, and plane 2 —
    /// extensions B–F and the supplementary compatibility ideographs) and the BMP compatibility
    /// ideographs (U+F900–U+FAFF).
    @inline(__always)
    static func isHan(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x20000...0x2FFFF).contains(v) || (0xF900...0xFAFF).contains(v)
    }

    /// A CJK unified ideograph of the BMP (basic block and extension A): no canonical decomposition,
    /// and never the result of one.
    @inline(__always)
    static func isUnifiedIdeograph(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
    }

    /// CJK Compatibility Ideographs and their supplement (U+F900–U+FAFF, U+2F800–U+2FA1F): most
    /// decompose canonically to a unified ideograph, so a String holding one can equal a String
    /// of unified ideographs with other code points.
    static func isCompatibilityIdeograph(_ c: Unicode.Scalar) -> Bool {
        (0xF900...0xFAFF).contains(c.value) || (0x2F800...0x2FA1F).contains(c.value)
    }

    /// A code point below U+0300 or a BMP unified ideograph: NFC, and never composed with a
    /// neighbour of this class. A text made only of these is in NFC as it stands, so two such
    /// texts are equal as `String`s exactly when their code points are, and `String`'s order is
    /// their code-point order.
    @inline(__always)
    static func isStableNFC(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x300 || isUnifiedIdeograph(c)
    }

    /// The Unicode White_Space property (a fixed list of 25 code points), the same answer as
    /// `c.properties.isWhitespace`.
    @inline(__always)
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v <= 0x20 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v < 0x85 { return false }
        return v == 0x85 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x2028 || v == 0x2029
            || v == 0x202F || v == 0x205F || v == 0x3000
    }

    /// A character that ends a line: LF, VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. A CR is
    /// not one (CRLF is one break, and a CR alone is treated as space).
    @inline(__always)
    static func isLineBreak(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v < 0x0E ? v >= 0x0A && v <= 0x0C : v == 0x85 || v == 0x2028 || v == 0x2029
    }

    /// The first line break (`isLineBreak`) in `a[s..<e]`, nil when there is none.
    /// Every line break is at most U+2029 and a text is mostly Han and CJK punctuation above it:
    /// one comparison for most characters (most documents hold no line break at all).
    static func firstLineBreak(in a: [Unicode.Scalar], from s: Int = 0, to e: Int? = nil) -> Int? {
        a.withUnsafeBufferPointer { b in
            let end = e ?? b.count
            var k = s
            while k < end {
                if b[k].value <= 0x2029, isLineBreak(b[k]) { return k }
                k += 1
            }
            return nil
        }
    }

    /// False when no UTF-8 byte of `text` passes `test`, a screen of the first bytes of the
    /// characters sought: `text` then holds none of them, found without decoding a code point
    /// (continuation bytes, 0x80–0xBF, are never a first byte).
    @inline(__always)
    static func mayHold(_ text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(where: test) } ?? true
    }

    /// The first bytes of the line breaks: LF, VT, FF, U+0085 (0xC2), U+2028 and U+2029 (0xE2).
    static func lineBreakBytes(_ b: UInt8) -> Bool { (b >= 0x0A && b <= 0x0C) || b == 0xC2 || b == 0xE2 }

    /// The first bytes of `isWhitespace`'s characters: ASCII spaces and controls
    /// up to 0x20, U+0085 and U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2), U+3000 (0xE3).
    static func whitespaceBytes(_ b: UInt8) -> Bool { b <= 0x20 || b == 0xC2 || (b >= 0xE1 && b <= 0xE3) }

    /// The characters Foundation's `.whitespacesAndNewlines` trims (White_Space plus U+200B).
    @inline(__always)
    static func isTrimmedSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The Unicode Ideographic property, from a bit table for the BMP (built once per process).
    @inline(__always)
    static func isIdeographic(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x10000 ? ideographic.contains(c.value) : c.properties.isIdeographic
    }

    /// The BMP's Ideographic code points, as ranges (asking the property of all 65,536 code
    /// points cost 10 ms at the first document): 〆 〇, the Hangzhou numerals 〡–〩 and 〸–〺,
    /// extension A, the unified ideographs and the compatibility ideographs. `CharacterClassTests`
    /// checks every code point against `properties.isIdeographic`.
    static let ideographic: ScalarBitSet = {
        var set = ScalarBitSet()
        for range: ClosedRange<UInt32> in [0x3006...0x3007, 0x3021...0x3029, 0x3038...0x303A, 0x3400...0x4DBF,
                                           0x4E00...0x9FFF, 0xF900...0xFA6D, 0xFA70...0xFAD9] {
            for v in range { if let c = Unicode.Scalar(v) { set.insert(c) } }
        }
        return set
    }()
}
