/// Lookup tables for inner loops that read code points: no `Hasher`, no `String`.

/// Up to eight flags per BMP code point (one byte each, 64 KB); code points above the BMP have
/// none. Built once in a stage's init, read per position.
struct ScalarFlags: Sendable {
    private var table = [UInt8](repeating: 0, count: 0x10000)

    init() {}

    /// Sets `flag` on every code point of `scalars` (those above the BMP are ignored).
    mutating func insert<S: Sequence>(_ scalars: S, _ flag: UInt8) where S.Element == Unicode.Scalar {
        for c in scalars where c.value < 0x10000 { table[Int(c.value)] |= flag }
    }

    /// Whether `c` has any of the bits of `flag`.
    @inline(__always) func contains(_ c: Unicode.Scalar, _ flag: UInt8) -> Bool {
        c.value < 0x10000 && table[Int(c.value)] & flag != 0
    }

    /// The first position at or after `start` whose code point has any of the bits of `flag`:
    /// `s[start...].firstIndex { contains($0, flag) }` read through buffer pointers, without two
    /// bounds checks per code point (the scans for where something may start read every one).
    func firstIndex(in s: [Unicode.Scalar], from start: Int, _ flag: UInt8) -> Int? {
        table.withUnsafeBufferPointer { table in
            s.withUnsafeBufferPointer { s in
                var i = max(start, 0)
                while i < s.count {
                    let v = s[i].value
                    if v < 0x10000, table[Int(v)] & flag != 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}

/// Short words (up to four BMP code points) mapped to a byte of flags, looked up by a run of code
/// points: each word is packed into one `UInt64` key (16 bits per code point), kept in a small
/// open-addressing table. Longer runs and runs with code points above the BMP are never found.
struct ShortWordTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt8]
    private var mask: Int

    /// `words`: (word, flag); a word listed more than once gets the union of its flags.
    init<S: Sequence>(_ words: S) where S.Element == (String, UInt8) {
        let list = Array(words)
        var capacity = 16
        while capacity < list.count * 3 { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [UInt8](repeating: 0, count: capacity)
        mask = capacity - 1
        for (word, flag) in list {
            let s = Array(word.unicodeScalars)
            guard let key = Self.key(s, 0, s.count) else { continue }
            let i = slot(key)
            keys[i] = key
            values[i] |= flag
        }
    }

    /// The packed key of `s[start..<end]`, nil when it cannot be a word of the table. Code point 0
    /// never occurs in a word, so shorter words never collide with longer ones.
    @inline(__always) private static func key(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt64? {
        guard end > start, end - start <= 4 else { return nil }
        var key: UInt64 = 0
        for i in start..<end {
            let v = s[i].value
            guard v < 0x10000, v != 0 else { return nil }
            key = key << 16 | UInt64(v)
        }
        return key
    }

    /// Where `key` is, or the empty slot where it goes (key 0: empty).
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    /// The flags of the word `s[start..<end]` (0 when it is not in the table).
    @inline(__always) func flags(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt8 {
        guard let key = Self.key(s, start, end) else { return 0 }
        return values[slot(key)]
    }
}
