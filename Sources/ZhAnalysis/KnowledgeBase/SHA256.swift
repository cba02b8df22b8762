/// A small SHA-256 (FIPS 180-4) for content hashes: the KB identifies an article by the SHA-256
/// of its UTF-8 text. One-shot (`hex(of:)`, `hex(ofBuffer:)`: no allocation but the result) or
/// streaming (`update` any number of times, then `finalize`).
public struct SHA256: Sendable {
    private var state = SHA256.initial
    private var block = [UInt8](repeating: 0, count: 64)
    private var blockCount = 0
    private var length: UInt64 = 0

    /// The eight working words.
    struct State: Sendable {
        var h0, h1, h2, h3, h4, h5, h6, h7: UInt32
    }

    static let initial = State(h0: 0x6a09e667, h1: 0xbb67ae85, h2: 0x3c6ef372, h3: 0xa54ff53a,
                               h4: 0x510e527f, h5: 0x9b05688c, h6: 0x1f83d9ab, h7: 0x5be0cd19)

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public init() {}

    /// Hex digest of the UTF-8 bytes of `text`.
    public static func hex(of text: String) -> String {
        var copy = text
        return copy.withUTF8 { hex(ofBuffer: $0) }
    }

    public static func hex<C: Collection>(ofBytes bytes: C) -> String where C.Element == UInt8 {
        if let done = bytes.withContiguousStorageIfAvailable({ hex(ofBuffer: $0) }) { return done }
        return Array(bytes).withUnsafeBufferPointer { hex(ofBuffer: $0) }
    }

    /// Hex digest of `bytes`, in one pass (the padded tail in a stack buffer).
    public static func hex(ofBuffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        var state = initial
        let n = bytes.count
        let full = n & ~63
        if let p = bytes.baseAddress {
            var i = 0
            while i < full { compress(&state, p + i); i += 64 }
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
            let t = tail.baseAddress!
            let rest = n - full
            if rest > 0 { t.initialize(from: bytes.baseAddress! + full, count: rest) }
            let blocks = rest < 56 ? 1 : 2
            t[rest] = 0x80
            (t + rest + 1).initialize(repeating: 0, count: blocks * 64 - 8 - rest - 1)
            writeLength(UInt64(n), t + blocks * 64 - 8)
            compress(&state, t)
            if blocks == 2 { compress(&state, t + 64) }
        }
        return hexString(state)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        length &+= UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        if blockCount > 0 {
            while blockCount < 64 && i < n { block[blockCount] = bytes[i]; blockCount += 1; i += 1 }
            if blockCount == 64 {
                block.withUnsafeBufferPointer { Self.compress(&state, $0.baseAddress!) }
                blockCount = 0
            }
        }
        while n - i >= 64 {
            Self.compress(&state, bytes.baseAddress! + i)
            i += 64
        }
        while i < n { block[blockCount] = bytes[i]; blockCount += 1; i += 1 }
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var pad: [UInt8] = [0x80]
        let used = (blockCount + 1) % 64
        pad.append(contentsOf: repeatElement(0, count: used <= 56 ? 56 - used : 120 - used))
        for shift in stride(from: 56, through: 0, by: -8) { pad.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        let savedLength = length
        update(pad)
        length = savedLength
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7] {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    public mutating func finalizeHex() -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        chars.reserveCapacity(64)
        for b in finalize() {
            chars.append(digits[Int(b >> 4)])
            chars.append(digits[Int(b & 15)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    /// The message length in bits, big-endian, at `p`.
    private static func writeLength(_ bytes: UInt64, _ p: UnsafeMutablePointer<UInt8>) {
        let bits = bytes &* 8
        for k in 0..<8 { p[k] = UInt8(truncatingIfNeeded: bits &>> UInt64(56 - 8 * k)) }
    }

    /// The 64 lowercase hex digits of a final state.
    private static func hexString(_ s: State) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            var k = 0
            for word in [s.h0, s.h1, s.h2, s.h3, s.h4, s.h5, s.h6, s.h7] {
                var shift: UInt32 = 28
                for _ in 0..<8 {
                    let d = UInt8(truncatingIfNeeded: (word &>> shift) & 15)
                    out[k] = d < 10 ? 0x30 + d : 0x57 + d
                    k += 1
                    shift &-= 4
                }
            }
            return 64
        }
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// One 64-byte block at `p` into `state`.
    private static func compress(_ state: inout State, _ p: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
            let w = wb.baseAddress!
            let raw = UnsafeRawPointer(p)
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] &>> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] &>> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = state.h0, b = state.h1, c = state.h2, d = state.h3
            var e = state.h4, f = state.h5, g = state.h6, h = state.h7
            k.withUnsafeBufferPointer { kb in
                let k = kb.baseAddress!
                for t in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[t] &+ w[t]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            state.h0 &+= a; state.h1 &+= b; state.h2 &+= c; state.h3 &+= d
            state.h4 &+= e; state.h5 &+= f; state.h6 &+= g; state.h7 &+= h
        }
    }
}
