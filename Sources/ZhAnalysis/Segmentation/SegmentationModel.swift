import Foundation
internal import CZhICU
#if canImport(Glibc)
import Glibc
#endif

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
    /// The weights of the bias (template 0), the same at every position.
    let bias: SIMD4<Int32>
    /// The weights of the single-character templates 1…5 of every BMP code point and of the two
    /// values outside a line (U+110001 before, U+110002 after; records 0x10000 and 0x10001),
    /// gathered from the hashed table when the model is loaded: record r holds templates 1…5
    /// at `singles[5 r ..< 5 r + 5]`. A position reads five 4-byte weights from the records of
    /// its five characters, which stay in cache (running text uses a few thousand characters),
    /// instead of five scattered buckets of the 2 MB table. The same weights, so the same scores.
    let singles: UnsafeMutablePointer<SIMD4<Int8>>
    static let singleRecords = 0x10000 + 2
    /// Where `weights` and `singles` live while the model is loaded (see `init`).
    private let memory: LargePageMemory

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
        // The weights are read at random, about twenty per character: copied out of the mapping
        // into memory the kernel may back with 2 MB pages (one TLB entry instead of 512 for the
        // 2 MB table), the per-character records after them.
        let weightBytes = (1 << hashBits) * Self.labels
        let singleBytes = Self.singleRecords * 5 * MemoryLayout<SIMD4<Int8>>.stride
        memory = LargePageMemory(byteCount: weightBytes + singleBytes)
        memory.base.copyMemory(from: file.pointer(at: Self.weightsOffset, as: UInt8.self), byteCount: weightBytes)
        weights = UnsafePointer(memory.base.bindMemory(to: Int8.self, capacity: weightBytes))
        singles = (memory.base + weightBytes).bindMemory(to: SIMD4<Int8>.self, capacity: Self.singleRecords * 5)
        let shift = UInt64(64 - hashBits), weights = weights
        @inline(__always) func bucket(_ hash: UInt64) -> SIMD4<Int8> {
            UnsafeRawPointer(weights + Int(truncatingIfNeeded: (hash >> shift) &* 4)).loadUnaligned(as: SIMD4<Int8>.self)
        }
        bias = SIMD4<Int32>(truncatingIfNeeded: bucket(SegmentationFeatures.mix(0, 0)))
        for r in 0..<Self.singleRecords {
            let v = r < 0x10000 ? UInt32(r) : 0x11_0001 + UInt32(r - 0x10000)
            for t in 1...5 { (singles + (5 * r + t - 1)).initialize(to: bucket(SegmentationFeatures.singleCharacterHash(t, v))) }
        }
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

    /// Label scores of positions `positions` of a line (`line`: its padded feature inputs) into
    /// `scores` (4 per position): the sum of the weights of the position's features
    /// (`SegmentationFeatures.hashes`), the bias and single characters read from `bias` and
    /// `singles`.
    func emissions(_ line: SegmentationFeatures.PaddedLine, positions: Range<Int>, into scores: UnsafeMutablePointer<Int32>) {
        let shift = UInt64(64 - hashBits)
        let count = SegmentationFeatures.count - SegmentationFeatures.contextStart
        let weights = weights, singles = singles, bias = bias
        /// The weights of single-character template `t` for the character at `k`.
        @inline(__always) func single(_ t: Int, _ k: Int) -> SIMD4<Int32> {
            let v = line.chars[k]
            let w: SIMD4<Int8>
            if v < 0x10000 {
                w = singles[5 &* Int(v) &+ (t &- 1)]
            } else if v > 0x11_0000 {
                w = singles[5 &* (0x10000 &+ Int(v &- 0x11_0001)) &+ (t &- 1)]
            } else {
                let b = Int(truncatingIfNeeded: (SegmentationFeatures.singleCharacterHash(t, v) >> shift) &* 4)
                w = UnsafeRawPointer(weights + b).loadUnaligned(as: SIMD4<Int8>.self)
            }
            return SIMD4<Int32>(truncatingIfNeeded: w)
        }
        // Two passes: the bucket numbers of the context features of the run first, each bucket's
        // cache line asked for as soon as its number is known (`zh_prefetch`), then the weight
        // loads, which by then mostly hit the cache (they stalled on the 2 MB table before).
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: positions.count * count) { h in
            let hp = h.baseAddress!
            var o = 0
            for i in positions {
                SegmentationFeatures.contextHashes(line, at: i, into: hp + o)
                for f in o..<(o + count) {
                    hp[f] = (hp[f] >> shift) &* 4
                    zh_prefetch(weights + Int(truncatingIfNeeded: hp[f]))
                }
                o += count
            }
            o = 0
            var k = 0
            for i in positions {
                var sum = bias &+ single(1, i &- 2) &+ single(2, i &- 1) &+ single(3, i) &+ single(4, i &+ 1) &+ single(5, i &+ 2)
                // The 4 label weights of a bucket are 4 adjacent bytes: one load, widened.
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

/// Anonymous memory aligned to 2 MB and offered to the kernel for transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`; where the kernel does not give them it is ordinary memory).
final class LargePageMemory: @unchecked Sendable {
    static let alignment = 2 << 20
    let base: UnsafeMutableRawPointer
    private let mapping: UnsafeMutableRawPointer?
    private let mappedBytes: Int

    init(byteCount: Int) {
        let size = (byteCount + Self.alignment - 1) / Self.alignment * Self.alignment
        #if canImport(Glibc)
        if let p = mmap(nil, size + Self.alignment, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
           p != MAP_FAILED {
            let aligned = UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: p) + Self.alignment - 1) / Self.alignment * Self.alignment)!
            _ = madvise(aligned, size, Int32(MADV_HUGEPAGE))
            mapping = p
            mappedBytes = size + Self.alignment
            base = aligned
            return
        }
        #endif
        mapping = nil
        mappedBytes = 0
        base = .allocate(byteCount: size, alignment: 64)
    }

    deinit {
        if let mapping { munmap(mapping, mappedBytes) } else { base.deallocate() }
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
