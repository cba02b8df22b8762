import Crypto

/// Content hashes: the KB identifies an article by the SHA-256 of its UTF-8 text, written as 64
/// lowercase hex digits. The digest itself is swift-crypto's (BoringSSL, with the processor's SHA
/// instructions where it has them: about a tenth of the cost of the Swift implementation this
/// replaced, on one-line documents); this type only adds the hex form. One-shot (`hex(of:)`,
/// `hex(ofBuffer:)`) or streaming (`update` any number of times, then `finalize`).
public struct SHA256 {
    private var hasher = Crypto.SHA256()

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

    /// Hex digest of `bytes`.
    public static func hex(ofBuffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hasher = Crypto.SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        return hexString(hasher.finalize())
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    /// The 32 digest bytes of everything updated so far.
    public mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    public mutating func finalizeHex() -> String {
        Self.hexString(hasher.finalize())
    }

    /// The digest as 64 lowercase hex digits, four bytes at a time (`hexDigits`), copied as known
    /// ASCII (`String(copying:)` does not validate bytes again that can only be hex digits).
    private static func hexString(_ digest: Crypto.SHA256.Digest) -> String {
        digest.withUnsafeBytes { d in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * d.count) { out in
                let words = UnsafeMutableRawBufferPointer(out)
                for k in 0..<d.count / 4 {
                    let v = UInt32(littleEndian: d.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self))
                    words.storeBytes(of: hexDigits(v).littleEndian, toByteOffset: 8 * k, as: UInt64.self)
                }
                return String(copying: UTF8Span(unchecked: UnsafeBufferPointer(out).span, isKnownASCII: true))
            }
        }
    }

    /// The hex digits of four bytes (the first in the low byte of `v`), in order from the low
    /// byte: eight at once, where a digit at a time cost a table look-up and a store each.
    @inline(__always) static func hexDigits(_ v: UInt32) -> UInt64 {
        // Each byte spread to two, its high nibble first: byte 2k is b_k >> 4, byte 2k + 1 b_k & 15.
        var y = UInt64(v)
        y = (y | y << 16) & 0x0000_FFFF_0000_FFFF
        y = (y | y << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (y >> 4) & 0x000F_000F_000F_000F | (y & 0x000F_000F_000F_000F) << 8
        // '0' + n, and 'a' − '0' − 10 = 39 more where n ≥ 10 (where n + 6 carries into bit 4).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let letters = ((nibbles &+ 6 &* ones) >> 4) & ones
        return nibbles &+ 0x30 &* ones &+ letters &* 39
    }
}
