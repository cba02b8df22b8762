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

    /// An ICU break iterator (one caller at a time).
    struct Iterator: @unchecked Sendable { fileprivate let pointer: OpaquePointer }
    private let pool = Mutex<[Iterator]>([])
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

    private func open() throws -> Iterator {
        var status: Int32 = 0
        guard let p = zh_breaker_open(kind.rawValue, locale, &status), status <= 0 else {
            throw ZhError.icuFailure(operation: "ubrk_open", status: status, name: String(cString: zh_status_name(status)))
        }
        return Iterator(pointer: p)
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
        let iterator = try take()
        defer { put(iterator) }
        try appendBreaks(scalars, in: range, iterator: iterator, buffers: &buffers, to: &result)
    }

    /// One of the pool's iterators, for a caller that breaks many texts in a row
    /// (`appendBreaks`); it goes back with `put`. A batch of one-line documents takes one for
    /// all of them: taking and giving it back for each cost two locks and two array updates apiece.
    func take() throws -> Iterator { try pool.withLock { $0.popLast() } ?? open() }

    func put(_ iterator: Iterator) { pool.withLock { $0.append(iterator) } }

    /// Brings ICU's word dictionary back into the cache before a run of texts is broken (no
    /// effect on results; see `zh_breaker_warm`).
    func warm() { zh_breaker_warm() }

    /// The breaks of `scalars[range]` (as `breaks(_:in:)`) appended to `result` (nothing is
    /// appended when it throws): a batch's breaks go straight into one array, where each
    /// document's were copied there after.
    func appendBreaks(_ scalars: [Unicode.Scalar], in range: Range<Int>, iterator: Iterator, buffers: inout Buffers,
                      to result: inout [Break]) throws {
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
        if buffers.bounds.count < capacity {
            buffers.bounds = [Int32](repeating: 0, count: capacity)
            buffers.statuses = [Int32](repeating: 0, count: capacity)
        }
        var status: Int32 = 0
        let n = Int(zh_breaker_run(iterator.pointer, buffers.utf16, Int32(capacity), &buffers.bounds, &buffers.statuses,
                                   Int32(capacity), &status))
        guard status <= 0 else {
            throw ZhError.icuFailure(operation: "ubrk_next", status: status, name: String(cString: zh_status_name(status)))
        }
        // (A batch's array takes many texts' breaks one after another.)
        result.reserveForAppending(n)
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
