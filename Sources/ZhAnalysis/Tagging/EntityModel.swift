import Foundation
internal import CZhICU

/// A trained character-level entity tagger (averaged structured perceptron, BIO labels for PER,
/// LOC and ORG), memory-mapped from its file: nothing is parsed at start-up.
///
/// File layout (little-endian):
///
///     0     "ZHNERM01"           magic
///     8     UInt32 version (1)   12  UInt32 hashBits   16  UInt32 features per character
///     20    UInt32 labels (8)    24  Float32 scale (weight = Int8 / scale)
///     28    UInt32 reserved
///     32    Int32 transitions[8][8] (from × to, in `EntityLabel` order; scaled like the weights)
///     288   UInt8 classes[65536]  code-point table (SegmentationFeatures.CharClass)
///     65824 Int8 weights[2^hashBits][8]   hashed feature weights, one per label (8 adjacent bytes;
///           the eighth is unused padding)
public final class EntityModel: @unchecked Sendable {
    public static let magic: [UInt8] = Array("ZHNERM01".utf8)
    public static let fileName = "ner.model"
    public static let labels = 8
    public static let version: UInt32 = 1
    public static let transitionsOffset = 32
    public static let classesOffset = 32 + 64 * 4
    public static let weightsOffset = classesOffset + 0x10000

    public let hashBits: Int
    public let scale: Float
    let file: MappedModelFile
    let classes: UnsafePointer<UInt8>
    let weights: UnsafePointer<Int8>
    /// transitions[from * 8 + to]
    let transitions: [Int32]
    /// `transitions` as the generic decoder adds them.
    let transitions64: [Int64]
    /// `transitions` as the 32-bit decoder reads them (`EntityLabel.transitionRows`); nil when
    /// they are too large for it.
    let transitionRows: [SIMD8<Int32>]?
    /// Where `weights` live while the model is loaded (see `init`).
    private let memory: LargePageMemory

    /// Maps `url` (read-only) and checks its header.
    public init(contentsOf url: URL) throws {
        file = try MappedModelFile(contentsOf: url, magic: Self.magic, kind: "entity model",
                                   weightsOffset: Self.weightsOffset, labels: Self.labels) { h in
            h.u32(8) != Self.version ? "unsupported version \(h.u32(8)) (this build reads \(Self.version); retrain with scripts/train-ner.sh)" :
            Int(h.u32(16)) != EntityFeatures.count ? "model has \(h.u32(16)) features per character, this build \(EntityFeatures.count) (retrain with scripts/train-ner.sh)" :
            Int(h.u32(20)) != Self.labels ? "model has \(h.u32(20)) labels, this build \(Self.labels)" : nil
        }
        let h = file.header
        hashBits = file.hashBits
        scale = Float(bitPattern: h.u32(24))
        transitions = (0..<64).map { Int32(bitPattern: h.u32(Self.transitionsOffset + 4 * $0)) }
        transitions64 = transitions.map(Int64.init)
        transitionRows = EntityLabel.transitionRows(transitions)
        classes = file.pointer(at: Self.classesOffset, as: UInt8.self)
        // The weights are read at random, 37 per character: copied out of the mapping into
        // memory the kernel may back with 2 MB pages (two TLB entries instead of a thousand).
        let weightBytes = (1 << hashBits) * Self.labels
        memory = LargePageMemory(byteCount: weightBytes)
        memory.base.copyMemory(from: file.pointer(at: Self.weightsOffset, as: UInt8.self), byteCount: weightBytes)
        weights = UnsafePointer(memory.base.bindMemory(to: Int8.self, capacity: weightBytes))
    }

    /// The bundled model in `directory`.
    public static func load(from directory: URL) throws -> EntityModel {
        try EntityModel(contentsOf: directory.appendingPathComponent(fileName))
    }

    /// The bytes of a model file (written by `zhkb-train ner`): `weights` holds `2^hashBits × 8`
    /// quantised weights, `transitions` 64, both from `SegmentationModel.quantize`.
    public static func fileData(hashBits: Int, scale: Float, weights: [Int8], transitions: [Int32]) -> [UInt8] {
        var out = magic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put32(version)
        put32(UInt32(hashBits))
        put32(UInt32(EntityFeatures.count))
        put32(UInt32(labels))
        put32(scale.bitPattern)
        put32(0)
        for t in transitions { put32(UInt32(bitPattern: t)) }
        out.append(contentsOf: EntityFeatures.classTable())
        out.append(contentsOf: weights.map { UInt8(bitPattern: $0) })
        return out
    }

    public var classTable: UnsafePointer<UInt8> { classes }

    /// Most features per character whose Int8 weights always sum within Int16 (255 × 128 = 32,640).
    static let narrowSumFeatures = 255

    /// The best labels of the sentence `s[context.range]`, one per character.
    public func labels(_ s: [Unicode.Scalar], context: EntityContext) -> [EntityLabel] {
        let n = context.range.count
        guard n > 0 else { return [] }
        let count = EntityFeatures.count
        let shift = UInt64(64 - hashBits)
        // Two passes, as in `SegmentationModel.emissions`: the bucket offsets of a block of
        // positions first (arithmetic only; each bucket's cache line is asked for as soon as its
        // number is known, `zh_prefetch`), then the weight loads, which by then mostly hit the
        // cache (the weights do not fit in it).
        let block = 64
        return withUnsafeTemporaryAllocation(of: SIMD8<Int32>.self, capacity: n) { scores in
            let sc = scores.baseAddress!
            context.withPadded { padded in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: block * count) { h in
                    // The constant itself, not the captured `count`: the loops below unroll fully.
                    let count = EntityFeatures.count
                    let hp = h.baseAddress!
                    var first = 0
                    while first < n {
                        let last = min(n, first + block)
                        for k in first..<last {
                            EntityContext.hashes(padded, at: k, classes: classes,
                                                 into: Buckets(out: hp + (k - first) * count, shift: shift, weights: weights))
                        }
                        for k in first..<last {
                            let o = (k - first) * count
                            @inline(__always) func weight(_ f: Int) -> SIMD8<Int8> {
                                UnsafeRawPointer(weights + Int(truncatingIfNeeded: hp[f]) &* Self.labels).loadUnaligned(as: SIMD8<Int8>.self)
                            }
                            if count <= Self.narrowSumFeatures {
                                // 16-bit lanes (one SSE register; Int8 → Int16 is one unpack): up to
                                // 255 Int8 weights sum to at most 32,640 in magnitude, so the sum is
                                // the 32-bit one exactly.
                                var sum = SIMD8<Int16>()
                                for f in o..<(o + count) { sum &+= SIMD8<Int16>(truncatingIfNeeded: weight(f)) }
                                (sc + k).initialize(to: SIMD8<Int32>(truncatingIfNeeded: sum))
                            } else {
                                var sum = SIMD8<Int32>()
                                for f in o..<(o + count) { sum &+= SIMD8<Int32>(truncatingIfNeeded: weight(f)) }
                                (sc + k).initialize(to: sum)
                            }
                        }
                        first = last
                    }
                }
            }
            if let rows = transitionRows, count <= Self.narrowSumFeatures {
                return rows.withUnsafeBufferPointer { EntityLabel.viterbi(n: n, scores: UnsafePointer(sc), rows: $0.baseAddress!) }
            }
            let wide = (0..<(n * Self.labels)).map { Int64(sc[$0 / Self.labels][$0 % Self.labels]) }
            return wide.withUnsafeBufferPointer {
                EntityLabel.viterbi(n: n, scores: $0, transitions: transitions64, floor: Int64.min / 4)
            }
        }
    }
}

/// Feature hashes as the model reads them: each stored as the number of its bucket of weights
/// (`hash >> (64 - hashBits)`; 8 bytes each, the scale of an address), whose cache line is asked
/// for at once.
struct Buckets: EntityContext.HashSink {
    let out: UnsafeMutablePointer<UInt64>
    let shift: UInt64
    let weights: UnsafePointer<Int8>

    subscript(t: Int) -> UInt64 {
        get { out[t] }
        nonmutating set {
            // `shift` is 64 − hashBits, below 64: the masking shift is the same, without the
            // test for an oversized shift that `>>` makes at every feature.
            let bucket = newValue &>> shift
            out[t] = bucket
            zh_prefetch(weights + Int(truncatingIfNeeded: bucket) &* EntityModel.labels)
        }
    }
}

/// A score the tagger's decoder adds and compares: the model's integers (wrapping adds, which
/// never wrap at these magnitudes) and training's floats.
public protocol ViterbiScore: Comparable, Sendable {
    static func plus(_ a: Self, _ b: Self) -> Self
}

extension Int64: ViterbiScore {
    @inline(__always) public static func plus(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
}

extension Float: ViterbiScore {
    @inline(__always) public static func plus(_ a: Float, _ b: Float) -> Float { a + b }
}

/// BIO labels of the entity tagger (the order of the model's weights and transitions).
public enum EntityLabel: UInt8, Sendable, CaseIterable {
    case outside = 0, beginPerson, insidePerson, beginPlace, insidePlace, beginOrganization, insideOrganization

    /// Labels in use (the model stores 8 per bucket; the eighth is padding).
    public static let used = 7

    public var type: EntityType? {
        switch self {
        case .outside: return nil
        case .beginPerson, .insidePerson: return .person
        case .beginPlace, .insidePlace: return .place
        case .beginOrganization, .insideOrganization: return .organization
        }
    }

    public var isBegin: Bool { self == .beginPerson || self == .beginPlace || self == .beginOrganization }

    public static func begin(_ type: EntityType) -> EntityLabel {
        switch type {
        case .person: return .beginPerson
        case .place: return .beginPlace
        case .organization: return .beginOrganization
        }
    }

    public static func inside(_ type: EntityType) -> EntityLabel {
        EntityLabel(rawValue: begin(type).rawValue + 1)!
    }

    /// I-X follows only B-X or I-X.
    @inline(__always) public static func canFollow(_ prev: Int, _ cur: Int) -> Bool {
        cur == 0 || cur & 1 == 1 || prev == cur || prev == cur - 1
    }

    /// The best label sequence of `n` characters given `scores` (8 per character) and
    /// `transitions` (8 × 8), with I-X allowed only after B-X or I-X. `floor` is a score below any
    /// reachable path (training decodes with Float weights, inference with integers).
    public static func viterbi<T: ViterbiScore>(n: Int, scores: UnsafeBufferPointer<T>, transitions: [T],
                                                floor: T) -> [EntityLabel] {
        guard n > 0 else { return [] }
        let L = used, stride = EntityModel.labels
        assert(L == 7, "the unrolled step below is written for O and three B-X / I-X pairs")
        var back = [UInt8].filled(0, count: n * L)
        // The scores of the previous and the current character live in one temporary buffer (two
        // rows of `stride`, swapped by pointer); the loops visit only the allowed predecessors
        // (`canFollow`: every label for O and B-X, B-X and I-X for I-X), in ascending order, so the
        // result is that of testing `canFollow` on every pair. The first best predecessor wins ties.
        // (Pointers go to the helpers as arguments: captured mutable variables would be checked
        // for exclusive access at every use.)
        var y = withUnsafeTemporaryAllocation(of: T.self, capacity: 2 * stride) { rows -> Int in
            transitions.withUnsafeBufferPointer { tb in
                back.withUnsafeMutableBufferPointer { bb -> Int in
                    var b = rows.baseAddress!, nx = b + stride
                    b.initialize(repeating: floor, count: 2 * stride)
                    for y in 0..<L where y == 0 || y & 1 == 1 { b[y] = scores[y] }
                    let tr = tb.baseAddress!, sc = scores.baseAddress! as UnsafePointer<T>
                    /// The best predecessor of label `y` among `first...last` (scores `b`) into
                    /// `nx[y]` and `bk[y]`.
                    @inline(__always) func relax(_ y: Int, _ first: Int, _ last: Int, _ i: Int, _ b: UnsafeMutablePointer<T>,
                                                 _ nx: UnsafeMutablePointer<T>, _ bk: UnsafeMutablePointer<UInt8>) {
                        var v = floor, arg = -1
                        var p = first
                        while p <= last {
                            if b[p] > floor {
                                let c = T.plus(b[p], tr[p &* stride &+ y])
                                if arg < 0 || c > v { v = c; arg = p }
                            }
                            p &+= 1
                        }
                        nx[y] = arg >= 0 ? T.plus(v, sc[i &* stride &+ y]) : floor
                        bk[y] = UInt8(truncatingIfNeeded: max(arg, 0))
                    }
                    /// `relax` when every previous score is above `floor` (every character but the
                    /// first): no test per predecessor, the same comparisons otherwise. `all`: every
                    /// label precedes `y` (O, B-X), else B-X and I-X (I-X); constant bounds, so the
                    /// loop unrolls.
                    @inline(__always) func relaxReached(_ y: Int, all: Bool, _ i: Int, _ b: UnsafeMutablePointer<T>,
                                                        _ nx: UnsafeMutablePointer<T>, _ bk: UnsafeMutablePointer<UInt8>) {
                        let first = all ? 0 : y &- 1
                        var v = T.plus(b[first], tr[first &* stride &+ y]), arg = first
                        if all {
                            for p in 1..<7 {
                                let c = T.plus(b[p], tr[p &* stride &+ y])
                                if c > v { v = c; arg = p }
                            }
                        } else {
                            let c = T.plus(b[y], tr[y &* stride &+ y])
                            if c > v { v = c; arg = y }
                        }
                        nx[y] = T.plus(v, sc[i &* stride &+ y])
                        bk[y] = UInt8(truncatingIfNeeded: arg)
                    }
                    var bk = bb.baseAddress! + L
                    var i = 1
                    while i < n {
                        var reached = true
                        for p in 0..<L where !(b[p] > floor) { reached = false }
                        if reached {
                            relaxReached(0, all: true, i, b, nx, bk)
                            relaxReached(1, all: true, i, b, nx, bk)
                            relaxReached(2, all: false, i, b, nx, bk)
                            relaxReached(3, all: true, i, b, nx, bk)
                            relaxReached(4, all: false, i, b, nx, bk)
                            relaxReached(5, all: true, i, b, nx, bk)
                            relaxReached(6, all: false, i, b, nx, bk)
                        } else {
                            for y in 0..<L {
                                let all = y == 0 || y & 1 == 1
                                relax(y, all ? 0 : y - 1, all ? L - 1 : y, i, b, nx, bk)
                            }
                        }
                        swap(&b, &nx)
                        bk += L
                        i += 1
                    }
                    var best = 0
                    for k in 1..<L where b[k] > b[best] { best = k }
                    return best
                }
            }
        }
        var out = [EntityLabel].filled(.outside, count: n)
        var i = n - 1
        while i >= 0 {
            out[i] = EntityLabel(rawValue: UInt8(y))!
            if i > 0 { y = Int(back[i * L + y]) }
            i -= 1
        }
        return out
    }

    /// What the 32-bit decoder adds for a transition that `canFollow` forbids, and holds for a
    /// label no path reaches (I-X at the first character): far below every real score (see
    /// `viterbi(n:scores:rows:)`), far enough above `Int32.min` that two of them and a transition
    /// do not wrap.
    static let excluded: Int32 = -(1 << 29)

    /// Largest transition magnitude the 32-bit decoder takes (`viterbi(n:scores:rows:)`).
    static let narrowTransitionLimit: Int32 = 1 << 24

    /// The transitions (8 × 8, from × to) as `viterbi(n:scores:rows:)` reads them: row p holds
    /// p's transitions to every label, `excluded` where `canFollow` forbids the pair and in the
    /// padding label; nil when a transition reaches `narrowTransitionLimit`.
    static func transitionRows(_ transitions: [Int32]) -> [SIMD8<Int32>]? {
        guard transitions.count == EntityModel.labels * EntityModel.labels,
              transitions.allSatisfy({ $0 > -narrowTransitionLimit && $0 < narrowTransitionLimit }) else { return nil }
        return (0..<used).map { p in
            var row = SIMD8<Int32>(repeating: excluded)
            for y in 0..<used where canFollow(p, y) { row[y] = transitions[p * EntityModel.labels + y] }
            return row
        }
    }

    /// `viterbi(n:scores:transitions:floor:)` for the model's integer scores, all labels of a
    /// character at once: the same labels, ties included.
    ///
    /// `scores` (one vector per character) are sums of at most 255 Int8 weights (|s| < 2^15);
    /// `rows` come from `transitionRows` (|t| < 2^24). Every step takes the best score through
    /// any predecessor for all labels together (in pairs of groups rather than one by one: a
    /// shorter chain of dependent instructions); a forbidden pair or an unreached predecessor
    /// scores below -2^28, every allowed reached one above -2^27, so it never wins over one.
    /// After each step the scores are shifted by O's score (the same for every label, so no
    /// comparison changes), which keeps them within ±4 × (max |t| + max |s|) < 2^27: they fit in
    /// 32 bits. The steps keep only the scores; the way back takes, at each character, the first
    /// best predecessor of the one label chosen after it, in ascending order as the generic
    /// decoder does, from the same sums (seven sums per character, not seven vectors of
    /// predecessors per step).
    static func viterbi(n: Int, scores: UnsafePointer<SIMD8<Int32>>, rows: UnsafePointer<SIMD8<Int32>>) -> [EntityLabel] {
        guard n > 0 else { return [] }
        let L = used
        let excluded = SIMD8<Int32>(repeating: Self.excluded)
        // O and B-X start a sentence; I-X cannot (and the padding label is no label).
        let starts: SIMDMask<SIMD8<Int32>> = [true, true, false, true, false, true, false, false]
        var b = excluded.replacing(with: scores[0] &- SIMD8(repeating: scores[0][0]), where: starts)
        return withUnsafeTemporaryAllocation(of: SIMD8<Int32>.self, capacity: n) { kept in
            let at = kept.baseAddress!
            at.initialize(to: b)
            /// The score through predecessor `p` for every label.
            @inline(__always) func through(_ p: Int) -> SIMD8<Int32> { SIMD8(repeating: b[p]) &+ rows[p] }
            @inline(__always) func best(_ a: SIMD8<Int32>, _ c: SIMD8<Int32>) -> SIMD8<Int32> {
                a.replacing(with: c, where: c .> a)
            }
            var i = 1
            while i < n {
                // Seven predecessors (the literal keeps the pairing unrolled).
                assert(L == 7)
                let next = best(best(best(through(0), through(1)), best(through(2), through(3))),
                                best(best(through(4), through(5)), through(6))) &+ scores[i]
                b = next &- SIMD8(repeating: next[0])
                (at + i).initialize(to: b)
                i += 1
            }
            var y = 0
            for k in 1..<L where b[k] > b[y] { y = k }
            // The kept scores and the transitions as Int32s (8 per character, 8 per row).
            let kept32 = UnsafeRawPointer(at).assumingMemoryBound(to: Int32.self)
            let tr = UnsafeRawPointer(rows).assumingMemoryBound(to: Int32.self)
            var out = [EntityLabel].filled(.outside, count: n)
            i = n - 1
            while i >= 0 {
                out[i] = EntityLabel(rawValue: UInt8(truncatingIfNeeded: y))!
                if i > 0 {
                    // The first best predecessor of `y`, from the scores kept at `i - 1`.
                    let previous = kept32 + (i &- 1) &* 8, column = tr + y
                    var v = previous[0] &+ column[0], arg = 0
                    for p in 1..<7 {
                        let c = previous[p] &+ column[p &* 8]
                        if c > v { v = c; arg = p }
                    }
                    y = arg
                }
                i -= 1
            }
            return out
        }
    }

    /// The labels (raw values) of every code point of a text of `length` code points from the
    /// mentions of `entities`; overlapping mentions keep the longest, then the earliest.
    public static func labels(of entities: [Entity], length: Int) -> [UInt8] {
        var out = [UInt8].filled(0, count: length)
        func write(_ r: TextRange, _ type: EntityType) {
            out[r.start] = begin(type).rawValue
            let inside = inside(type).rawValue
            for k in (r.start + 1)..<r.end { out[k] = inside }
        }
        // Mentions that do not overlap (most texts) are written as they come: the filter below
        // keeps them all then, and their order changes nothing. A mention that meets a label
        // written before it sends every mention through the filter. (The entities are read in
        // place, by index: a `for` over them copies every entity it passes.)
        var overlap = false
        written: for i in entities.indices {
            let type = entities[i].type
            for m in entities[i].mentions where m.start < m.end && m.end <= length {
                if (m.start..<m.end).contains(where: { out[$0] != 0 }) { overlap = true; break written }
                write(m.range, type)
            }
        }
        guard overlap else { return out }
        var spans: [(TextRange, EntityType)] = []
        for i in entities.indices {
            let type = entities[i].type
            for m in entities[i].mentions where m.start < m.end && m.end <= length { spans.append((m.range, type)) }
        }
        out.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        for (r, type) in SpanFilter.longestThenEarliest(spans, range: { $0.0 }) { write(r, type) }
        return out
    }

    /// The spans of a label sequence (offsets from `start`).
    public static func spans(_ labels: [EntityLabel], start: Int = 0) -> [(range: TextRange, type: EntityType)] {
        var out: [(range: TextRange, type: EntityType)] = []
        forEachSpan(labels, start: start) { out.append(($0, $1)) }
        return out
    }

    /// `body` with each span of a label sequence in order (offsets from `start`): the tagger reads
    /// them once, without an array per sentence.
    static func forEachSpan(_ labels: [EntityLabel], start: Int = 0, _ body: (TextRange, EntityType) -> Void) {
        var i = 0
        while i < labels.count {
            guard labels[i].isBegin, let type = labels[i].type else { i += 1; continue }
            let inside = inside(type)
            var j = i + 1
            while j < labels.count && labels[j] == inside { j += 1 }
            body(TextRange(start: start + i, end: start + j), type)
            i = j
        }
    }
}
