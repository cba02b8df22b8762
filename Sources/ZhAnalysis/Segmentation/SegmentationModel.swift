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
        /// The labels (bit y) a character may take between boundary states `left` and `right`:
        /// after a split it starts a word (S B), after a join it does not (M E); before a split
        /// it ends a word (S E), before a join it does not (B M).
        @inline(__always) func allowed(_ left: UInt8, _ right: UInt8) -> UInt8 {
            var m: UInt8 = 0b1111
            if left == 1 { m &= 0b0011 } else if left == 2 { m &= 0b1100 }
            if right == 1 { m &= 0b1001 } else if right == 2 { m &= 0b0110 }
            return m
        }
        // S and B follow S or E (0, 3); M and E follow B or M (1, 2).
        let tSS = transitions[0], tSB = transitions[1], tBM = transitions[6], tBE = transitions[7]
        let tMM = transitions[10], tME = transitions[11], tES = transitions[12], tEB = transitions[13]
        /// Best score of label y at character i from predecessors p and q (scores vp, vq; transitions
        /// tp, tq); the predecessor goes to `back`. Ties go to p.
        @inline(__always) func step(_ ok: Bool, _ vp: Int32, _ vq: Int32, _ tp: Int32, _ tq: Int32,
                                    _ p: UInt8, _ q: UInt8, _ k: Int) -> Int32 {
            guard ok else { return minus }
            if vp <= minus && vq <= minus { return minus }
            let a = vp &+ tp, b = vq &+ tq
            let takeP = vq <= minus || (vp > minus && a >= b)
            back[k] = takeP ? p : q
            return (takeP ? a : b) &+ scores[k]
        }
        let m0 = allowed(1, n == 1 ? 1 : boundaries[1])
        var l0 = m0 & 1 != 0 ? scores[0] : minus, l1 = m0 & 2 != 0 ? scores[1] : minus
        var l2 = m0 & 4 != 0 ? scores[2] : minus, l3 = m0 & 8 != 0 ? scores[3] : minus
        var i = 1
        while i < n {
            let m = allowed(boundaries[i], i == n - 1 ? 1 : boundaries[i + 1])
            let k = i * 4
            let s0 = step(m & 1 != 0, l0, l3, tSS, tES, 0, 3, k)
            let s1 = step(m & 2 != 0, l0, l3, tSB, tEB, 0, 3, k + 1)
            let s2 = step(m & 4 != 0, l1, l2, tBM, tMM, 1, 2, k + 2)
            let s3 = step(m & 8 != 0, l1, l2, tBE, tME, 1, 2, k + 3)
            l0 = s0; l1 = s1; l2 = s2; l3 = s3
            i += 1
        }
        // The last label ends a word: S, or E when it scores higher.
        var y = 0
        var best = minus
        if l0 > best { best = l0; y = 0 }
        if l3 > best { best = l3; y = 3 }
        i = n - 1
        while true {
            labels[i] = UInt8(y)
            if i == 0 { break }
            y = Int(back[i * 4 + y])
            i -= 1
        }
    }
}
