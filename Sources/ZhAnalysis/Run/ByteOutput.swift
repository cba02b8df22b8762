import Foundation

/// Buffered writes to a file handle: one write per ~64 KB.
public struct ByteOutput {
    private let handle: FileHandle
    fileprivate var buffer: [UInt8] = []

    public init(_ handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    public mutating func write<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public mutating func write(_ byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= 1 << 16 { flush() }
    }

    public mutating func write(_ string: String) { write(string.utf8) }

    /// The bytes of `data` in one copy.
    public mutating func write(_ data: Data) {
        data.withUnsafeBytes { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 16 { flush() }
    }

    public mutating func flush() {
        if buffer.isEmpty { return }
        // Lent to the write, not copied (`Data(buffer)` copied the block byte by byte).
        buffer.withUnsafeBytes { b in
            handle.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: b.baseAddress!), count: b.count, deallocator: .none))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension ByteOutput {
    /// The UTF-8 bytes of `scalars[start..<end]` (no String made).
    public mutating func write(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) {
        for i in start..<end {
            let v = scalars[i].value
            if v < 0x80 {
                buffer.append(UInt8(v))
            } else if v < 0x800 {
                buffer.append(UInt8(0xC0 | v >> 6)); buffer.append(UInt8(0x80 | v & 0x3F))
            } else if v < 0x10000 {
                buffer.append(UInt8(0xE0 | v >> 12)); buffer.append(UInt8(0x80 | v >> 6 & 0x3F))
                buffer.append(UInt8(0x80 | v & 0x3F))
            } else {
                buffer.append(UInt8(0xF0 | v >> 18)); buffer.append(UInt8(0x80 | v >> 12 & 0x3F))
                buffer.append(UInt8(0x80 | v >> 6 & 0x3F)); buffer.append(UInt8(0x80 | v & 0x3F))
            }
        }
        if buffer.count >= 1 << 16 { flush() }
    }
}
