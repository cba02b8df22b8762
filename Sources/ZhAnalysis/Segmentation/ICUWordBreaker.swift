internal import CZhICU
import Synchronization

/// ICU's dictionary-based word (or sentence) breaker over code points.
///
/// ICU break iterators are not thread-safe; a small pool hands one to each concurrent caller,
/// so one `ICUWordBreaker` value can be shared by every thread of an ingest.
public final class ICUWordBreaker: Sendable {
    public enum Kind: Int32, Sendable { case word = 0, sentence = 1 }

    /// A boundary: the code-point offset where a segment ends, and ICU's rule status for it
    /// (0–99 none/punctuation, 100–199 number, 200–299 letter, 300–399 kana, 400–499 ideographic).
    public struct Break: Hashable, Sendable {
        public var end: Int
        public var status: Int32
    }

    private struct Handle: @unchecked Sendable { let pointer: OpaquePointer }
    private let pool = Mutex<[Handle]>([])
    public let kind: Kind
    public let locale: String

    public init(kind: Kind = .word, locale: String = "zh") throws {
        self.kind = kind
        self.locale = locale
        let first = try open()
        pool.withLock { $0.append(first) }
    }

    deinit {
        pool.withLock { handles in
            for h in handles { zh_breaker_close(h.pointer) }
            handles.removeAll()
        }
    }

    private func open() throws -> Handle {
        var status: Int32 = 0
        guard let p = zh_breaker_open(kind.rawValue, locale, &status), status <= 0 else {
            throw ZhError.icuFailure(operation: "ubrk_open", status: status, name: String(cString: zh_status_name(status)))
        }
        return Handle(pointer: p)
    }

    /// Work arrays of `breaks(_:in:buffers:into:)`, kept by a caller that breaks many short texts.
    public struct Buffers: Sendable {
        var utf16: [UInt16] = []
        var bounds: [Int32] = []
        var statuses: [Int32] = []
        public init() {}
    }

    /// Boundaries of `scalars[range]`, as absolute code-point offsets (the start is omitted, the
    /// last boundary is `range.upperBound`).
    public func breaks(_ scalars: [Unicode.Scalar], in range: Range<Int>) throws -> [Break] {
        var buffers = Buffers()
        var result: [Break] = []
        try breaks(scalars, in: range, buffers: &buffers, into: &result)
        return result
    }

    /// `breaks(_:in:)` into `result` (replaced), reusing `buffers`.
    public func breaks(_ scalars: [Unicode.Scalar], in range: Range<Int>, buffers: inout Buffers,
                       into result: inout [Break]) throws {
        result.removeAll(keepingCapacity: true)
        if range.isEmpty { return }
        // UTF-16 written through a pointer into a buffer kept at its largest size (its count is
        // capacity, not content: `capacity` below is the content).
        if buffers.utf16.count < 2 * range.count {
            buffers.utf16 = [UInt16](repeating: 0, count: max(2 * range.count, 2 * buffers.utf16.count, 256))
        }
        var astral = false
        let capacity = scalars.withUnsafeBufferPointer { sp in
            buffers.utf16.withUnsafeMutableBufferPointer { u -> Int in
                var m = 0
                for i in range {
                    let v = sp[i].value
                    if v < 0x10000 {
                        u[m] = UInt16(truncatingIfNeeded: v)
                        m += 1
                    } else {
                        astral = true
                        let w = v - 0x10000
                        u[m] = UInt16(0xD800 + (w >> 10))
                        u[m + 1] = UInt16(0xDC00 + (w & 0x3FF))
                        m += 2
                    }
                }
                return m
            }
        }
        let handle = try pool.withLock { $0.popLast() } ?? open()
        defer { pool.withLock { $0.append(handle) } }
        if buffers.bounds.count < capacity {
            buffers.bounds = [Int32](repeating: 0, count: capacity)
            buffers.statuses = [Int32](repeating: 0, count: capacity)
        }
        var status: Int32 = 0
        let n = Int(zh_breaker_run(handle.pointer, buffers.utf16, Int32(capacity), &buffers.bounds, &buffers.statuses,
                                   Int32(capacity), &status))
        guard status <= 0 else {
            throw ZhError.icuFailure(operation: "ubrk_next", status: status, name: String(cString: zh_status_name(status)))
        }
        result.reserveCapacity(n)
        let bounds = buffers.bounds, statuses = buffers.statuses
        if !astral {
            for k in 0..<n { result.append(Break(end: range.lowerBound + Int(bounds[k]), status: statuses[k])) }
        } else {
            // Map UTF-16 offsets back to code points.
            var cp = range.lowerBound
            var u = 0
            var k = 0
            var i = range.lowerBound
            while k < n {
                while u < Int(bounds[k]) {
                    u += scalars[i].value < 0x10000 ? 1 : 2
                    i += 1
                    cp += 1
                }
                result.append(Break(end: cp, status: statuses[k]))
                k += 1
            }
        }
    }
}
