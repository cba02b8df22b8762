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
        for v in 0..<UInt32(0x10000) {
            if let c = Unicode.Scalar(v), predicate(c) { insert(c) }
        }
    }

    mutating func insert(_ c: Unicode.Scalar) {
        guard c.value < 0x10000 else { return }
        bits[Int(c.value >> 6)] |= 1 << UInt64(c.value & 63)
    }

    /// Whether the BMP code point `v` (< 0x10000) is in the set.
    @inline(__always) func contains(_ v: UInt32) -> Bool {
        bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0
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

    @inline(__always) func contains(_ a: UInt32, _ b: UInt32) -> Bool {
        let i = Self.slot(a, b)
        return bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
}
