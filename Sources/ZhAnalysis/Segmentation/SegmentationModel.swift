import Foundation

/// Segmentation standards the bundled models were trained for.
public enum SegmentationStandard: String, Sendable, CaseIterable {
    /// Peking University (People's Daily 1998): names split into surname and given name, dates
    /// and numbers apart from their measure words, compound names split.
    case pku
    /// Microsoft Research: personal names, dates, numbers with their measure words and long
    /// names of places and organisations whole.
    case msr

    /// The model file in `Dictionaries/`.
    public var modelFile: String { "seg-\(rawValue).model" }
}

/// A trained character-tagging segmentation model (averaged structured perceptron, BMES labels),
/// memory-mapped from its file: nothing is parsed at start-up.
///
/// File layout (little-endian):
///
///     0     "ZHSEGM01"           magic
///     8     UInt32 version (2)   12  UInt32 hashBits   16  UInt32 features per character
///     20    UInt32 standard (0 pku, 1 msr)              24  Float32 scale (weight = Int8 / scale)
///     28    UInt32 reserved
///     32    Int32 transitions[4][4] (from × to, S B M E; scaled like the weights)
///     96    UInt8 classes[65536]  code-point table: SegmentationFeatures.CharClass of each BMP code point
///     65632 Int8 weights[2^hashBits][4]   hashed feature weights, one per label (4 adjacent bytes)
public final class SegmentationModel: @unchecked Sendable {
    public static let magic: [UInt8] = Array("ZHSEGM01".utf8)
    public static let headerSize = 32
    public static let classesOffset = 96
    public static let weightsOffset = 96 + 0x10000
    public static let labels = 4
    public static let version: UInt32 = 2

    public let standard: SegmentationStandard
    public let hashBits: Int
    public let scale: Float
    let file: MappedModelFile
    let classes: UnsafePointer<UInt8>
    let weights: UnsafePointer<Int8>
    /// transitions[from * 4 + to]
    let transitions: [Int32]

    /// Maps `url` (read-only) and checks its header.
    public init(contentsOf url: URL) throws {
        file = try MappedModelFile(contentsOf: url, magic: Self.magic, kind: "segmentation model",
                                   weightsOffset: Self.weightsOffset, labels: Self.labels) { h in
            h.u32(8) != Self.version ? "unsupported version \(h.u32(8)) (this build reads \(Self.version); retrain with scripts/train-seg.sh)" :
            Int(h.u32(16)) != SegmentationFeatures.count ? "model has \(h.u32(16)) features per character, this build \(SegmentationFeatures.count)" : nil
        }
        let h = file.header
        hashBits = file.hashBits
        standard = h.u32(20) == 1 ? .msr : .pku
        scale = Float(bitPattern: h.u32(24))
        transitions = (0..<16).map { Int32(bitPattern: h.u32(32 + 4 * $0)) }
        classes = file.pointer(at: Self.classesOffset, as: UInt8.self)
        weights = file.pointer(at: Self.weightsOffset, as: Int8.self)
    }

    /// The bundled model of `standard` in `directory`.
    public static func load(_ standard: SegmentationStandard, from directory: URL) throws -> SegmentationModel {
        try SegmentationModel(contentsOf: directory.appendingPathComponent(standard.modelFile))
    }

    /// Weights and transitions quantised to Int8 / Int32 with one scale: `clip` maps to 127,
    /// larger weights are clipped (a handful of extreme weights would otherwise flatten the rest).
    public static func quantize(weights: [Float], transitions: [Float], clip: Float)
        -> (scale: Float, weights: [Int8], transitions: [Int32]) {
        let scale: Float = clip > 0 ? 127 / clip : 1
        let q = weights.map { Int8(max(-127, min(127, ($0 * scale).rounded()))) }
        return (scale, q, transitions.map { Int32(($0 * scale).rounded()) })
    }

    /// The bytes of a model file (written by `zhkb-train`): `weights` holds `2^hashBits × 4`
    /// quantised weights, `transitions` 16, both from `quantize`.
    public static func fileData(standard: SegmentationStandard, hashBits: Int, scale: Float, weights: [Int8],
                                transitions: [Int32]) -> [UInt8] {
        var out = magic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put32(version)
        put32(UInt32(hashBits))
        put32(UInt32(SegmentationFeatures.count))
        put32(standard == .msr ? 1 : 0)
        put32(scale.bitPattern)
        put32(0)
        for t in transitions { put32(UInt32(bitPattern: t)) }
        out.append(contentsOf: SegmentationFeatures.classTable())
        out.append(contentsOf: weights.map { UInt8(bitPattern: $0) })
        return out
    }

    public var classTable: UnsafePointer<UInt8> { classes }

    /// Label scores of positions `positions` of the line `s[context]` into `scores` (4 per position).
    func emissions(_ s: UnsafeBufferPointer<Unicode.Scalar>, context: Range<Int>, positions: Range<Int>,
                   icu: UnsafeBufferPointer<UInt8>, lexBegin: UnsafeBufferPointer<UInt8>,
                   lexEnd: UnsafeBufferPointer<UInt8>, into scores: UnsafeMutablePointer<Int32>) {
        let shift = UInt64(64 - hashBits)
        let count = SegmentationFeatures.count
        // Two passes: all bucket numbers of the run first (arithmetic only), then the weight loads,
        // which are independent of each other and overlap in the memory system.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: positions.count * count) { h in
            let hp = h.baseAddress!
            var o = 0
            for i in positions {
                SegmentationFeatures.hashes(s, context: context, at: i, classes: classes, icu: icu,
                                            lexBegin: lexBegin, lexEnd: lexEnd, into: hp + o)
                for f in o..<(o + count) { hp[f] = (hp[f] >> shift) &* 4 }
                o += count
            }
            o = 0
            var k = 0
            for _ in positions {
                // The 4 label weights of a bucket are 4 adjacent bytes: one load, widened.
                var sum = SIMD4<Int32>()
                for f in o..<(o + count) {
                    let w = UnsafeRawPointer(weights + Int(truncatingIfNeeded: hp[f])).loadUnaligned(as: SIMD4<Int8>.self)
                    sum &+= SIMD4<Int32>(truncatingIfNeeded: w)
                }
                scores[k] = sum[0]; scores[k + 1] = sum[1]; scores[k + 2] = sum[2]; scores[k + 3] = sum[3]
                k += 4
                o += count
            }
        }
    }
}

/// BMES labels and the constrained Viterbi search over them.
public enum SegmentationDecoder {
    public static let single: UInt8 = 0, begin: UInt8 = 1, middle: UInt8 = 2, end: UInt8 = 3
    /// Labels that may follow each label (S, E → S, B; B, M → M, E).
    @inline(__always) static func canFollow(_ prev: Int, _ cur: Int) -> Bool {
        (prev == 0 || prev == 3) == (cur == 0 || cur == 1)
    }

    /// Boundary states: what must hold at the boundary before a character.
    public enum Boundary: UInt8 { case free = 0, split = 1, joined = 2 }

    /// The best labels of `n` characters given emission `scores` (4 per character), `transitions`
    /// (16), and `boundaries[k]` for the boundary before character k (k in 0...n; 0 and n are
    /// always splits). Writes one label per character into `labels`.
    static func viterbi(n: Int, scores: UnsafePointer<Int32>, transitions: [Int32], boundaries: UnsafePointer<UInt8>,
                        labels: UnsafeMutablePointer<UInt8>, back: UnsafeMutablePointer<UInt8>) {
        guard n > 0 else { return }
        let minus = Int32.min / 4
        @inline(__always) func allowed(_ i: Int, _ y: Int) -> Bool {
            let left = i == 0 ? 1 : boundaries[i], right = i == n - 1 ? 1 : boundaries[i + 1]
            let startsWord = y == 0 || y == 1, endsWord = y == 0 || y == 3
            if left == 1 && !startsWord { return false }
            if left == 2 && startsWord { return false }
            if right == 1 && !endsWord { return false }
            if right == 2 && endsWord { return false }
            return true
        }
        var last = (minus, minus, minus, minus)
        @inline(__always) func get(_ t: (Int32, Int32, Int32, Int32), _ k: Int) -> Int32 {
            k == 0 ? t.0 : k == 1 ? t.1 : k == 2 ? t.2 : t.3
        }
        @inline(__always) func start(_ y: Int) -> Int32 { allowed(0, y) ? scores[y] : minus }
        last = (start(0), start(1), start(2), start(3))
        var i = 1
        while i < n {
            @inline(__always) func step(_ y: Int) -> Int32 {
                guard allowed(i, y) else { return minus }
                // S and B follow S or E (0, 3); M and E follow B or M (1, 2).
                let (p, q) = y == 0 || y == 1 ? (0, 3) : (1, 2)
                let vp = get(last, p), vq = get(last, q)
                if vp <= minus && vq <= minus { return minus }
                let a = vp &+ transitions[p * 4 + y], b = vq &+ transitions[q * 4 + y]
                let takeP = vq <= minus || (vp > minus && a >= b)
                back[i * 4 + y] = UInt8(takeP ? p : q)
                return (takeP ? a : b) &+ scores[i * 4 + y]
            }
            last = (step(0), step(1), step(2), step(3))
            i += 1
        }
        var y = 0
        var best = minus
        for k in [0, 3] where get(last, k) > best { best = get(last, k); y = k }
        i = n - 1
        while true {
            labels[i] = UInt8(y)
            if i == 0 { break }
            y = Int(back[i * 4 + y])
            i -= 1
        }
    }
}
