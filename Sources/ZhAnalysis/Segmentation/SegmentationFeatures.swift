/// The features of the trained segmentation model, shared by training (`zhkb-train`) and
/// inference (`SegmentationModel`): character n-grams, character classes, ICU's own word
/// boundaries and the longest lexicon words beginning and ending at each character.
///
/// Every feature is a 64-bit hash of a template number and its values; the model maps it to one
/// of `2^hashBits` buckets, each holding one weight per BMES label. A line is described by three
/// per-character arrays computed once (`LineContext`); features of a position read them and the
/// scalars around it, never further than two characters away.
public enum SegmentationFeatures {
    /// Features per character (templates 0…21).
    public static let count = 22

    /// Character classes written into the model's code-point table.
    public enum CharClass: UInt8, CaseIterable, Sendable {
        case other = 0, han, digit, chineseNumeral, latin, punctuation, dateUnit, space, letter, boundary
    }

    /// The class of one code point (the trainer writes the table; inference reads it from the model).
    public static func charClass(_ v: UInt32) -> CharClass {
        guard let scalar = Unicode.Scalar(v) else { return .other }
        if v >= 48 && v <= 57 { return .digit }
        if NumberScanner.isChineseNumeral(scalar) || v == 0x3007 || v == 0x25CB { return .chineseNumeral }
        if NumberScanner.isDateUnit(scalar) { return .dateUnit }
        if (v | 0x20) >= 97 && (v | 0x20) <= 122 { return .latin }
        let p = scalar.properties
        if p.isWhitespace { return .space }
        if p.isIdeographic { return .han }
        switch p.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .otherSymbol:
            return .punctuation
        case .decimalNumber: return .digit
        case .uppercaseLetter, .lowercaseLetter, .otherLetter, .modifierLetter, .titlecaseLetter: return .letter
        default: return .other
        }
    }

    /// The code-point table stored in the model: one class byte for each BMP code point.
    public static func classTable() -> [UInt8] {
        (0..<0x10000).map { charClass(UInt32($0)).rawValue }
    }

    /// ICU tag of a character: its position in ICU's word (1 single, 2 begin, 3 middle, 4 end)
    /// times 8 plus the word length (capped at 7); 0 outside the line.
    public static func icuTags(_ breaks: some Sequence<ICUWordBreaker.Break>, from start: Int, into tags: inout [UInt8]) {
        var p = start
        for b in breaks {
            let len = b.end - p
            let cap = UInt8(min(len, 7))
            if len == 1 {
                tags[p - start] = 8 + cap
            } else {
                tags[p - start] = 16 + cap
                var k = p + 1
                while k < b.end - 1 { tags[k - start] = 24 + cap; k += 1 }
                tags[b.end - 1 - start] = 32 + cap
            }
            p = b.end
        }
    }

    /// Longest bundled lexicon word beginning (`begin`) and ending (`end`) at each character of
    /// `s[range]`, capped at 6. User-dictionary words are left out of the features (the segmenter
    /// forces them); `user`, when given, receives the end of the longest user word starting at
    /// each character (0 for none).
    public static func lexiconSpans(_ lexicon: Lexicon, _ s: [Unicode.Scalar], range: Range<Int>,
                                    begin: inout [UInt8], end: inout [UInt8], user: UnsafeMutablePointer<Int32>? = nil) {
        let lo = range.lowerBound
        for i in range {
            lexicon.forEachMatchWeight(in: s, from: i, limit: range.upperBound) { wEnd, _, isUser in
                if isUser {
                    if let user, Int32(wEnd) > user[i - lo] { user[i - lo] = Int32(wEnd) }
                    return
                }
                let len = UInt8(min(wEnd - i, 6))
                if len > begin[i - lo] { begin[i - lo] = len }
                if len > end[wEnd - 1 - lo] { end[wEnd - 1 - lo] = len }
            }
        }
    }

    /// The hash of template `t` with its values packed into `payload` (below bit 58): one
    /// multiply (Fibonacci hashing; the model keeps the top bits). The template's offset is a
    /// constant once inlined.
    @inline(__always) static func mix(_ t: UInt64, _ payload: UInt64) -> UInt64 {
        (payload &+ (t &+ 1) &* 0x9E37_79B9_7F4A_7C15) &* 0xD6E8_FEB8_6659_FD93
    }

    /// The code point at `k` of the run `s[lo..<hi]` as a feature value; outside the run one of
    /// two boundary values (before, after) above every code point. Shared with `EntityFeatures`.
    @inline(__always) public static func scalar(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ k: Int, _ lo: Int, _ hi: Int) -> UInt32 {
        k >= lo && k < hi ? s[k].value : 0x11_0000 + UInt32(k < lo ? 1 : 2)
    }

    /// The class (`CharClass`, from the model's code-point table `classes`) of the code point at
    /// `k` of the run `s[lo..<hi]`; `boundary` outside it, `han` beyond the BMP.
    @inline(__always) public static func charClass(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ k: Int, _ lo: Int, _ hi: Int,
                                                   _ classes: UnsafePointer<UInt8>) -> UInt32 {
        guard k >= lo && k < hi else { return UInt32(CharClass.boundary.rawValue) }
        let v = s[k].value
        return v < 0x10000 ? UInt32(classes[Int(v)]) : UInt32(CharClass.han.rawValue)
    }

    /// The features of position `i` (absolute) of a line `s[context]`, as hashes into `out[0..<count]`.
    /// `classes` is the model's code-point table; `icu`, `lexBegin`, `lexEnd` are indexed from
    /// `context.lowerBound`.
    @inline(__always)
    public static func hashes(_ s: UnsafeBufferPointer<Unicode.Scalar>, context: Range<Int>, at i: Int,
                              classes: UnsafePointer<UInt8>,
                              icu: UnsafeBufferPointer<UInt8>, lexBegin: UnsafeBufferPointer<UInt8>,
                              lexEnd: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt64>) {
        let lo = context.lowerBound, hi = context.upperBound
        @inline(__always) func ch(_ k: Int) -> UInt32 { scalar(s, k, lo, hi) }
        @inline(__always) func cls(_ k: Int) -> UInt32 { charClass(s, k, lo, hi, classes) }
        @inline(__always) func tag(_ k: Int) -> UInt32 { k >= lo && k < hi ? UInt32(icu[k - lo]) : 0 }
        @inline(__always) func lb(_ k: Int) -> UInt32 { k >= lo && k < hi ? UInt32(lexBegin[k - lo]) : 0 }
        @inline(__always) func le(_ k: Int) -> UInt32 { k >= lo && k < hi ? UInt32(lexEnd[k - lo]) : 0 }
        hashes(at: i, ch: ch, cls: cls, tag: tag, lb: lb, le: le, into: out)
    }

    /// A line's feature inputs, padded with two positions on each side (the values `hashes`
    /// gives outside the line: characters U+110001 / U+110002, class `boundary`, tags 0), so a
    /// position's features are read without range checks. Each pointer is indexed by absolute
    /// position k, for k in `context.lowerBound - 2 ..< context.upperBound + 2`.
    struct PaddedLine {
        var chars: UnsafePointer<UInt32>
        var classes: UnsafePointer<UInt8>
        var icu: UnsafePointer<UInt8>
        var lexBegin: UnsafePointer<UInt8>
        var lexEnd: UnsafePointer<UInt8>
    }

    /// `hashes(_:context:at:…)` read from a padded line (the same hashes).
    @inline(__always)
    static func hashes(_ line: PaddedLine, at i: Int, into out: UnsafeMutablePointer<UInt64>) {
        hashes(at: i, ch: { line.chars[$0] }, cls: { UInt32(line.classes[$0]) }, tag: { UInt32(line.icu[$0]) },
               lb: { UInt32(line.lexBegin[$0]) }, le: { UInt32(line.lexEnd[$0]) }, into: out)
    }

    /// Templates 1…5 are one character each, the one at offset t − 3 from the position: their
    /// hash depends on the template and that character's value alone, so a model can gather
    /// their weights per character (`SegmentationModel` does). Template 0 is the bias; templates
    /// `contextStart…` read more than one value (`contextHashes`).
    public static let contextStart = 6

    /// The hash of single-character template `t` (1…5) for the character value `v`.
    @inline(__always) public static func singleCharacterHash(_ t: Int, _ v: UInt32) -> UInt64 {
        mix(UInt64(t), UInt64(v))
    }

    /// Templates `contextStart…` (everything but the bias, template 0, and the single characters)
    /// of position `i` of a padded line, into `out[0..<count - contextStart]`.
    @inline(__always)
    static func contextHashes(_ line: PaddedLine, at i: Int, into out: UnsafeMutablePointer<UInt64>) {
        contextHashes(at: i, ch: { line.chars[$0] }, cls: { UInt32(line.classes[$0]) }, tag: { UInt32(line.icu[$0]) },
                      lb: { UInt32(line.lexBegin[$0]) }, le: { UInt32(line.lexEnd[$0]) }, into: out)
    }

    /// The features of position `i` given readers of the context around it (character, class,
    /// ICU tag, lexicon begin / end at an absolute position): the one place features are made.
    @inline(__always)
    static func hashes(at i: Int, ch: (Int) -> UInt32, cls: (Int) -> UInt32, tag: (Int) -> UInt32,
                       lb: (Int) -> UInt32, le: (Int) -> UInt32, into out: UnsafeMutablePointer<UInt64>) {
        out[0] = mix(0, 0)
        for t in 1...5 { out[t] = singleCharacterHash(t, ch(i + t - 3)) }
        contextHashes(at: i, ch: ch, cls: cls, tag: tag, lb: lb, le: le, into: out + contextStart)
    }

    /// Templates 6…21 of position `i` into `out[0..<16]` (`out[t - 6]` for template t).
    @inline(__always)
    static func contextHashes(at i: Int, ch: (Int) -> UInt32, cls: (Int) -> UInt32, tag: (Int) -> UInt32,
                              lb: (Int) -> UInt32, le: (Int) -> UInt32, into o: UnsafeMutablePointer<UInt64>) {
        let out = o - contextStart
        let m2 = UInt64(ch(i - 2)), m1 = UInt64(ch(i - 1)), c0 = UInt64(ch(i)), p1 = UInt64(ch(i + 1)), p2 = UInt64(ch(i + 2))
        out[6] = mix(6, m2 | m1 << 21)
        out[7] = mix(7, m1 | c0 << 21)
        out[8] = mix(8, c0 | p1 << 21)
        out[9] = mix(9, p1 | p2 << 21)
        out[10] = mix(10, m1 | p1 << 21)
        let tm2 = cls(i - 2), tm1 = cls(i - 1), t0 = cls(i), tp1 = cls(i + 1), tp2 = cls(i + 2)
        out[11] = mix(11, UInt64(tm1 << 8 | t0 << 4 | tp1))
        out[12] = mix(12, UInt64(tm2 << 16 | tm1 << 12 | t0 << 8 | tp1 << 4 | tp2))
        let dup = (c0 == m1 ? 1 : 0) | (c0 == m2 ? 2 : 0) | (c0 == p1 ? 4 : 0) as UInt32
        out[13] = mix(13, UInt64(dup | t0 << 3))
        let g0 = UInt64(tag(i))
        out[14] = mix(14, g0)
        out[15] = mix(15, g0 | c0 << 6)
        out[16] = mix(16, UInt64(tag(i - 1)) | g0 << 6 | UInt64(tag(i + 1)) << 12)
        let b0 = UInt64(lb(i)), e0 = UInt64(le(i))
        out[17] = mix(17, b0 | e0 << 3)
        out[18] = mix(18, b0 | c0 << 3)
        out[19] = mix(19, e0 | c0 << 3)
        out[20] = mix(20, UInt64(le(i - 1)) | b0 << 3)
        out[21] = mix(21, UInt64(lb(i + 1)) | e0 << 3)
    }
}
