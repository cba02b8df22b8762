/// A set of BMP code points, one bit each (8 KB): the membership test of inner loops. Code
/// points above the BMP are never members (callers that need them test those separately).
struct ScalarBitSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)

    init() {}

    /// The code points of `scalars` that lie in the BMP.
    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        for c in scalars { insert(c) }
    }

    /// Every BMP code point for which `predicate` holds.
    init(where predicate: (Unicode.Scalar) -> Bool) {
        self.init(where: predicate, outside: [])
    }

    /// Every BMP code point for which `predicate` holds, the predicate asked only outside the
    /// ranges in `outside`, which the caller knows it holds for none of.
    init(where predicate: (Unicode.Scalar) -> Bool, outside: [ClosedRange<UInt32>]) {
        var v: UInt32 = 0
        while v < 0x10000 {
            if let skip = outside.first(where: { $0.contains(v) }) { v = skip.upperBound + 1; continue }
            if let c = Unicode.Scalar(v), predicate(c) { insert(c) }
            v += 1
        }
    }

    /// Blocks of letters only (CJK Unified Ideographs and Extension A, Hangul syllables) and the
    /// private use area: no punctuation, symbol, digit or space among them.
    static let letterBlocks: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xE000...0xF8FF]

    mutating func insert(_ c: Unicode.Scalar) {
        guard c.value < 0x10000 else { return }
        bits[Int(c.value >> 6)] |= 1 << UInt64(c.value & 63)
    }

    /// Whether the BMP code point `v` (< 0x10000) is in the set. The word is read without a
    /// bounds check, its index masked into the table's 1,024 (inner loops test every character).
    @inline(__always) func contains(_ v: UInt32) -> Bool {
        bits.withUnsafeBufferPointer { $0[Int((v >> 6) & 0x3FF)] } & (1 << UInt64(v & 63)) != 0
    }

    /// Whether `c` is in the set (false above the BMP).
    @inline(__always) func contains(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x10000 && contains(c.value)
    }
}

/// A set of code-point pairs as a 128K-bit table under a hash (false positives possible, no
/// false negatives): a cheap test before a trie walk.
struct ScalarPairFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1 << 11)

    init() {}

    @inline(__always) private static func slot(_ a: UInt32, _ b: UInt32) -> Int {
        Int((((a &* 0x9E37_79B1) ^ b) &* 0x85EB_CA6B) >> 15)
    }

    mutating func insert(_ a: UInt32, _ b: UInt32) {
        let i = Self.slot(a, b)
        bits[i >> 6] |= 1 << UInt64(i & 63)
    }

    /// (The slot is below 2¹⁷, so its word is in the table: read without a bounds check.)
    @inline(__always) func contains(_ a: UInt32, _ b: UInt32) -> Bool {
        let i = Self.slot(a, b)
        return bits.withUnsafeBufferPointer { $0[i >> 6] } & (1 << UInt64(i & 63)) != 0
    }
}
