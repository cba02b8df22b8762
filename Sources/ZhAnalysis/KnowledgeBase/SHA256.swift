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

    /// The digest as 64 lowercase hex digits, copied as known ASCII (`String(copying:)` does not
    /// validate bytes again that can only be hex digits).
    private static func hexString(_ digest: Crypto.SHA256.Digest) -> String {
        digest.withUnsafeBytes { d in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * d.count) { out in
                let digits: StaticString = "0123456789abcdef"
                let hex = digits.utf8Start
                for i in 0..<d.count {
                    let b = d[i]
                    out[2 * i] = hex[Int(b >> 4)]
                    out[2 * i + 1] = hex[Int(b & 15)]
                }
                return String(copying: UTF8Span(unchecked: UnsafeBufferPointer(out).span, isKnownASCII: true))
            }
        }
    }
}
