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
    /// The weights, each stored plus 128 (as `UInt8`): widened to 16 bits with zeros, not signs,
    /// one instruction less per feature (`emissions` takes the 128s off the sum).
    let weights: UnsafePointer<UInt8>
    /// The weights of the constant feature (`EntityContext.constantFeature`), less 128 for each of
    /// the other features: where every character's sum of biased weights starts.
    let constantWeights: SIMD8<Int32>
    /// The small-payload features' own weights (`EntityContext.payloadBits`), past the hashed
    /// ones: feature t's payload p reads the bucket `t << denseSlotBits + p` of them, which holds
    /// the weights of the bucket its hash names (copied at load: the sums are the same). Their few
    /// values stay in the cache; they cost neither the hash nor a prefetch, and are added as
    /// the features are made (`Buckets`).
    let denseWeights: UnsafePointer<UInt8>
    /// Each small-payload feature has `2^denseSlotBits` buckets (room for the widest payload of
    /// `EntityContext.payloadBits`).
    static let denseSlotBits = 12
    /// transitions[from * 8 + to]
    let transitions: [Int32]
    /// `transitions` as the generic decoder adds them.
    let transitions64: [Int64]
    /// `transitions` as the 32-bit decoder reads them (`EntityLabel.transitionRows`); nil when
    /// they are too large for it.
    let transitionRows: [SIMD8<Int32>]?
    /// Where `weights` live while the model is loaded (see `init`).
    private let memory: LargePageMemory
    /// The feature hashes' terms (`TemplateHashing`).
    let payloadMultiplier: UInt64
    let templateOffsets: [UInt64]

    /// Maps `url` (read-only) and checks its header.
    public init(contentsOf url: URL) throws {
        file = try MappedModelFile(contentsOf: url, magic: Self.magic, kind: "entity model",
                                   weightsOffset: Self.weightsOffset, labels: Self.labels) { h in
            h.u32(8) != Self.version ? "unsupported version \(h.u32(8)) (this build reads \(Self.version); retrain with scripts/train-ner.sh)" :
            Int(h.u32(16)) != EntityFeatures.count ? "model has \(h.u32(16)) features per character, this build \(EntityFeatures.count) (retrain with scripts/train-ner.sh)" :
            Int(h.u32(20)) != Self.labels ? "model has \(h.u32(20)) labels, this build \(Self.labels)" :
            Self.largestClass(h) >> EntityContext.classBits != 0 ? "model has character class \(Self.largestClass(h)), this build reads classes below \(1 << EntityContext.classBits)" : nil
        }
        let h = file.header
        hashBits = file.hashBits
        scale = Float(bitPattern: h.u32(24))
        transitions = (0..<64).map { Int32(bitPattern: h.u32(Self.transitionsOffset + 4 * $0)) }
        transitions64 = transitions.map(Int64.init)
        transitionRows = EntityLabel.transitionRows(transitions)
        (payloadMultiplier, templateOffsets) = TemplateHashing.terms()
        classes = file.pointer(at: Self.classesOffset, as: UInt8.self)
        // The weights are read at random, 37 per character: copied out of the mapping into
        // memory the kernel may back with 2 MB pages (two TLB entries instead of a thousand),
        // biased by 128 on the way (`weights`).
        let weightBytes = (1 << hashBits) * Self.labels
        let denseTemplates = (0..<EntityFeatures.count).filter { EntityContext.payloadBits($0) > 0 }
        let denseBytes = ((denseTemplates.last ?? -1) + 1) << Self.denseSlotBits * Self.labels
        memory = LargePageMemory(byteCount: weightBytes + denseBytes)
        let stored = file.pointer(at: Self.weightsOffset, as: UInt8.self)
        // (64 bytes a step, 16 at a time: 2^hashBits buckets of 8, hashBits ≥ 10.)
        let from = UnsafeRawPointer(stored), to = memory.base
        @inline(__always) func bias(_ k: Int) {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: SIMD16<UInt8>.self) ^ 0x80, toByteOffset: k, as: SIMD16<UInt8>.self)
        }
        var k = 0
        while k < weightBytes {
            bias(k)
            bias(k &+ 16)
            bias(k &+ 32)
            bias(k &+ 48)
            k &+= 64
        }
        let denseBase = 1 << hashBits
        let shift = UInt64(64 - hashBits)
        // (`smallPayloadsBelow` is written out: it must count the features of `payloadBits`.)
        for t in 0...EntityFeatures.count {
            precondition(EntityContext.smallPayloadsBelow(t) == denseTemplates.count { $0 < t },
                         "EntityContext.smallPayloadsBelow(\(t)) does not count the features of payloadBits")
        }
        for t in denseTemplates {
            let bits = EntityContext.payloadBits(t)
            precondition(bits <= Self.denseSlotBits, "feature \(t)'s payload is too wide for its table")
            for payload in 0..<(1 << bits) {
                let bucket = Int(truncatingIfNeeded: EntityContext.mix(UInt64(t), UInt64(payload)) &>> shift)
                let slot = denseBase &+ t << Self.denseSlotBits &+ payload
                to.storeBytes(of: to.loadUnaligned(fromByteOffset: bucket * Self.labels, as: UInt64.self),
                              toByteOffset: slot * Self.labels, as: UInt64.self)
            }
        }
        weights = UnsafePointer(memory.base.bindMemory(to: UInt8.self, capacity: weightBytes + denseBytes))
        denseWeights = weights + weightBytes
        let constant = Int(truncatingIfNeeded: EntityContext.constantHash &>> UInt64(64 - hashBits)) * Self.labels
        constantWeights = SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(stored + constant).loadUnaligned(as: SIMD8<Int8>.self))
            &- SIMD8(repeating: Int32(128 * (EntityFeatures.count - 1)))
    }

    /// The largest class of the model's code-point table (`h` is the whole file, at least
    /// `weightsOffset` bytes).
    private static func largestClass(_ h: MappedModelFile.Header) -> UInt8 {
        UnsafeRawBufferPointer(start: h.base + classesOffset, count: 0x10000).reduce(0, max)
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

    /// Most features per character whose weights always sum within 16 bits (255 × 128 = 32,640;
    /// biased by 128, 255 × 255 < 65,536).
    static let narrowSumFeatures = 255

    /// Positions whose bucket numbers `emissions` works out before it reads their weights: as many
    /// as fit in 1 KB, what `withUnsafeTemporaryAllocation` keeps on the stack (above it, it
    /// allocates).
    @inline(__always) static var hashBlock: Int { 1024 / (EntityContext.hashedCount * MemoryLayout<UInt32>.stride) }

    /// The best labels of the sentence `s[context.range]`, one per character.
    public func labels(_ s: [Unicode.Scalar], context: EntityContext) -> [EntityLabel] {
        var context = context
        return withLabels(context: &context) { Array($0) }
    }

    /// `body` with the best labels of the sentence of `context`, one per character, in a temporary
    /// buffer; the sentence's scores are worked out in `context.scores` (kept for the next one).
    func withLabels<R>(context: inout EntityContext, _ body: (UnsafeBufferPointer<EntityLabel>) -> R) -> R {
        let n = context.range.count
        guard n > 0 else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        // (Taken out of the context, so that it is written in place while the context is read.)
        // (Swapped out and back: no retain and release per sentence.)
        var scores: [SIMD8<Int32>] = []
        swap(&scores, &context.scores)
        if scores.count < n { scores = .filled(SIMD8(), count: n) }
        defer { swap(&scores, &context.scores) }
        // (The context's pointers first: a closure that reads the `inout` context copies it.)
        return context.withPadded { padded in
            scores.withUnsafeMutableBufferPointer { buffer in
                let sc = buffer.baseAddress!
                emissions(padded, count: n, into: sc)
                if let rows = transitionRows, EntityFeatures.count <= Self.narrowSumFeatures {
                    return withUnsafeTemporaryAllocation(of: EntityLabel.self, capacity: n) { out in
                        rows.withUnsafeBufferPointer { EntityLabel.viterbi(n: n, scores: sc, rows: $0.baseAddress!, into: out.baseAddress!) }
                        return body(UnsafeBufferPointer(out))
                    }
                }
                let wide = (0..<(n * Self.labels)).map { Int64(sc[$0 / Self.labels][$0 % Self.labels]) }
                let labels = wide.withUnsafeBufferPointer {
                    EntityLabel.viterbi(n: n, scores: $0, transitions: transitions64, floor: Int64.min / 4)
                }
                return labels.withUnsafeBufferPointer(body)
            }
        }
    }

    /// The scores of every label at each of the `n` characters of a sentence (its context's
    /// `padded`) into `sc`: the sums of the weights of the character's features.
    func emissions(_ padded: EntityContext.Padded, count n: Int, into sc: UnsafeMutablePointer<SIMD8<Int32>>) {
        let shift = UInt64(64 - hashBits)
        // Two passes, as in `SegmentationModel.emissions`: the bucket numbers of a block of
        // positions first (arithmetic only; each bucket's cache line is asked for as soon as its
        // number is known, `zh_prefetch`), then the weight loads, which by then mostly hit the
        // cache (the weights do not fit in it).
        let block = Self.hashBlock
        // The class of each character and of the boundary on either side, looked up once (the
        // features of three positions read it).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 2) { classBuffer in
            let cls = classBuffer.baseAddress! + 1
            for k in -1...n { (cls + k).initialize(to: EntityContext.charClass(padded.chars[k], classes)) }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: block * EntityContext.hashedCount) { h in
                // The sums of the weights of each position's features of few values (`Buckets`).
                withUnsafeTemporaryAllocation(of: SIMD8<UInt16>.self, capacity: block) { partial in
                    templateOffsets.withUnsafeBufferPointer { offsets in
                        let hashing = TemplateHashing(multiplier: payloadMultiplier, offsets: offsets.baseAddress!)
                        // The constant itself, not a captured one: the loops below unroll fully.
                        let count = EntityContext.hashedCount
                        let hp = h.baseAddress!, pp = partial.baseAddress!
                        var first = 0
                        while first < n {
                            let last = min(n, first + block)
                            for k in first..<last {
                                var buckets = Buckets(out: hp + (k &- first) &* count, shift: shift, weights: weights,
                                                      hashing: hashing, denseWeights: denseWeights)
                                EntityContext.hashes(padded, at: k, classOf: { UInt64(cls[$0]) }, into: &buckets)
                                (pp + (k &- first)).initialize(to: buckets.sum)
                            }
                            for k in first..<last {
                                let o = (k &- first) &* count
                                @inline(__always) func weight(_ f: Int) -> SIMD8<UInt8> {
                                    UnsafeRawPointer(weights + Int(truncatingIfNeeded: hp[f]) &* Self.labels).loadUnaligned(as: SIMD8<UInt8>.self)
                                }
                                // The constant feature's weights start the sum (`Buckets` skips it),
                                // then those of few values, then the others. The sums are the signed
                                // weights' exactly: each biased weight is 128 more, and
                                // `constantWeights` holds those 128s less.
                                if EntityFeatures.count <= Self.narrowSumFeatures {
                                    // 16-bit lanes (one SSE register; UInt8 → UInt16 is one unpack):
                                    // the signed sum is within Int16, and wrapping adds reach it
                                    // whatever the order.
                                    var sum = SIMD8<UInt16>(truncatingIfNeeded: constantWeights) &+ pp[k &- first]
                                    for f in 0..<count { sum &+= SIMD8<UInt16>(truncatingIfNeeded: weight(o &+ f)) }
                                    (sc + k).initialize(to: SIMD8<Int32>(truncatingIfNeeded: SIMD8<Int16>(truncatingIfNeeded: sum)))
                                } else {
                                    // (The few-value sums are exact in 16 bits: under 256 biased weights each.)
                                    var sum = constantWeights &+ SIMD8<Int32>(truncatingIfNeeded: pp[k &- first])
                                    for f in 0..<count { sum &+= SIMD8<Int32>(truncatingIfNeeded: weight(o &+ f)) }
                                    (sc + k).initialize(to: sum)
                                }
                            }
                            first = last
                        }
                    }
                }
            }
        }
    }
}

/// Feature hashes as the model reads them: each stored as the number of its bucket of weights
/// (`hash >> (64 - hashBits)`), whose cache line is asked for at once.
struct Buckets: EntityContext.HashSink {
    /// Bucket numbers (below 2^26, `MappedModelFile`) in 32 bits: more positions per block.
    let out: UnsafeMutablePointer<UInt32>
    let shift: UInt64
    let weights: UnsafePointer<UInt8>
    /// The hashes as `payload × multiplier + offsets[t]` (`TemplateHashing`).
    let hashing: TemplateHashing
    /// `EntityModel.denseWeights`.
    let denseWeights: UnsafePointer<UInt8>
    /// The sum of the (biased) weights of the features of few values put so far.
    var sum = SIMD8<UInt16>()

    @inline(__always) mutating func put(_ t: Int, _ payload: UInt64) {
        // The constant feature's weights are the model's `constantWeights`: not looked up.
        guard t != EntityContext.constantFeature else { return }
        // (`t` is a constant where this is inlined: the branch is resolved at compile time. The
        // mask changes no payload `fill` makes; it keeps any other within the table.)
        let bits = EntityContext.payloadBits(t)
        if bits > 0 {
            let slot = t << EntityModel.denseSlotBits &+ Int(truncatingIfNeeded: payload & (1 << UInt64(bits) &- 1))
            sum &+= SIMD8<UInt16>(truncatingIfNeeded: UnsafeRawPointer(denseWeights + slot &* EntityModel.labels)
                .loadUnaligned(as: SIMD8<UInt8>.self))
            return
        }
        // `shift` is 64 − hashBits, below 64: the masking shift is the same, without the
        // test for an oversized shift that `>>` makes at every feature.
        let bucket = (payload &* hashing.multiplier &+ hashing.offsets[t]) &>> shift
        out[EntityContext.hashedSlot(t)] = UInt32(truncatingIfNeeded: bucket)
        zh_prefetch(weights + Int(truncatingIfNeeded: bucket) &* EntityModel.labels)
    }
}

/// `EntityContext.mix(t, payload)` as `payload × multiplier + offsets[t]` (wrapping): the same
/// hash (the mix multiplies the payload plus a constant of the template), with each template's
/// constant read from memory by the add itself, where the inlined mix loaded a 64-bit constant
/// into a register first (one instruction less per feature, 36 per character).
struct TemplateHashing {
    let multiplier: UInt64
    /// `mix(t, 0)` of each template t (`EntityModel.templateOffsets`).
    let offsets: UnsafePointer<UInt64>

    /// The multiplier and the offsets of `EntityContext.mix`, checked to give its hashes.
    static func terms() -> (multiplier: UInt64, offsets: [UInt64]) {
        let multiplier = EntityContext.mix(0, 1) &- EntityContext.mix(0, 0)
        let offsets = (0..<EntityFeatures.count).map { EntityContext.mix(UInt64($0), 0) }
        for t in offsets.indices {
            for payload: UInt64 in [1, 0x7F, 0x1F_FFFF, 0x3FF_FFFF_FFFF, 0x3FF_FFFF_FFFF_FFFF] {
                precondition(EntityContext.mix(UInt64(t), payload) == payload &* multiplier &+ offsets[t],
                             "EntityContext.mix is no longer affine in its payload: Buckets must call it")
            }
        }
        return (multiplier, offsets)
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
    /// any predecessor for all labels together, in two halves (`SIMD4`): O and the B-X (labels 0,
    /// 1, 3, 5), which may follow any label, take the best over all seven (in pairs of groups
    /// rather than one by one: a shorter chain of dependent instructions); the I-X (2, 4, 6, and
    /// the padding) the better of the only two allowed, their B-X and themselves. A forbidden
    /// pair or an unreached predecessor scores below -2^28, every allowed reached one above
    /// -2^27 (and a B-X is always reached), so it never wins over one: the best of the two is the
    /// best of all seven. After each step the scores are shifted by O's score (the same for every
    /// label, so no comparison changes), which keeps them within ±4 × (max |t| + max |s|) < 2^27:
    /// they fit in 32 bits. The steps keep only the scores, each character's in place of its
    /// emission scores (read once, just before; in halves, `lane`); the way back takes, at each
    /// character, the first best predecessor of the one label chosen after it, in ascending order
    /// as the generic decoder does, from the same sums (seven sums per character, not seven
    /// vectors of predecessors per step). The labels go to `out[0..<n]`.
    static func viterbi(n: Int, scores: UnsafeMutablePointer<SIMD8<Int32>>, rows: UnsafePointer<SIMD8<Int32>>,
                        into out: UnsafeMutablePointer<EntityLabel>) {
        guard n > 0 else { return }
        let L = used
        assert(L == 7, "the halves below are written for O and three B-X / I-X pairs")
        /// The halves of a vector by label: O and the B-X, then the I-X and the padding.
        @inline(__always) func outer(_ v: SIMD8<Int32>) -> SIMD4<Int32> { SIMD4(v[0], v[1], v[3], v[5]) }
        @inline(__always) func inner(_ v: SIMD8<Int32>) -> SIMD4<Int32> { SIMD4(v[2], v[4], v[6], v[7]) }
        /// The lane of label `p` in a kept vector (the two halves).
        @inline(__always) func lane(_ p: Int) -> Int { p == 0 ? 0 : p & 1 == 1 ? (p + 1) / 2 : 3 + p / 2 }
        let excluded = SIMD8<Int32>(repeating: Self.excluded)
        // O and B-X start a sentence; I-X cannot (and the padding label is no label).
        let starts: SIMDMask<SIMD8<Int32>> = [true, true, false, true, false, true, false, false]
        let first = excluded.replacing(with: scores[0] &- SIMD8(repeating: scores[0][0]), where: starts)
        var o = outer(first), ins = inner(first)
        scores[0] = SIMD8(lowHalf: o, highHalf: ins)
        // Each label's transitions to O and the B-X; B-X → I-X and I-X → I-X.
        let r0 = outer(rows[0]), r1 = outer(rows[1]), r2 = outer(rows[2]), r3 = outer(rows[3])
        let r4 = outer(rows[4]), r5 = outer(rows[5]), r6 = outer(rows[6])
        let fromBegin = SIMD4(rows[1][2], rows[3][4], rows[5][6], Self.excluded)
        let fromInside = SIMD4(rows[2][2], rows[4][4], rows[6][6], Self.excluded)
        /// The score through a predecessor of score `v` with transitions `r`.
        @inline(__always) func through(_ v: Int32, _ r: SIMD4<Int32>) -> SIMD4<Int32> { SIMD4(repeating: v) &+ r }
        @inline(__always) func best(_ a: SIMD4<Int32>, _ c: SIMD4<Int32>) -> SIMD4<Int32> {
            a.replacing(with: c, where: c .> a)
        }
        var i = 1
        while i < n {
            // O and B-X: the seven predecessors in label order, O, B-P, I-P, B-L, I-L, B-O, I-O
            // (the literal keeps the pairing unrolled).
            let toOuter = best(best(best(through(o[0], r0), through(o[1], r1)), best(through(ins[0], r2), through(o[2], r3))),
                               best(best(through(ins[1], r4), through(o[3], r5)), through(ins[2], r6)))
            // I-X: from its B-X (B-P, B-L, B-O; the padding from B-O, excluded) or itself.
            let toInner = best(SIMD4(o[1], o[2], o[3], o[3]) &+ fromBegin, ins &+ fromInside)
            let s = scores[i]
            let nextOuter = toOuter &+ outer(s), nextInner = toInner &+ inner(s)
            let shift = SIMD4(repeating: nextOuter[0])
            o = nextOuter &- shift
            ins = nextInner &- shift
            scores[i] = SIMD8(lowHalf: o, highHalf: ins)
            i += 1
        }
        var y = 0
        let last = scores[n - 1]
        for k in 1..<L where last[lane(k)] > last[lane(y)] { y = k }
        // The kept scores and the transitions as Int32s (8 per character, 8 per row).
        let kept32 = UnsafeRawPointer(scores).assumingMemoryBound(to: Int32.self)
        let tr = UnsafeRawPointer(rows).assumingMemoryBound(to: Int32.self)
        i = n - 1
        while i >= 0 {
            (out + i).initialize(to: EntityLabel(rawValue: UInt8(truncatingIfNeeded: y))!)
            if i > 0 {
                // The first best predecessor of `y`, from the scores kept at `i - 1`.
                let previous = kept32 + (i &- 1) &* 8, column = tr + y
                var v = previous[0] &+ column[0], arg = 0
                for p in 1..<7 {
                    let c = previous[lane(p)] &+ column[p &* 8]
                    if c > v { v = c; arg = p }
                }
                y = arg
            }
            i -= 1
        }
    }

    /// `viterbi(n:scores:rows:into:)` as an array (`scores` are overwritten).
    static func viterbi(n: Int, scores: UnsafeMutablePointer<SIMD8<Int32>>, rows: UnsafePointer<SIMD8<Int32>>) -> [EntityLabel] {
        guard n > 0 else { return [] }
        return [EntityLabel](unsafeUninitializedCapacity: n) { out, count in
            viterbi(n: n, scores: scores, rows: rows, into: out.baseAddress!)
            count = n
        }
    }

    /// The labels (raw values) of every code point of a text of `length` code points from the
    /// mentions of `entities`; overlapping mentions keep the longest, then the earliest.
    public static func labels(of entities: [Entity], length: Int) -> [UInt8] {
        var out: [UInt8] = []
        labels(of: entities, length: length, into: &out)
        return out
    }

    /// `labels(of:length:)` into `out[0..<length]` (`out` grows to `length` where shorter; what
    /// lies beyond is left as it was): the tagger reuses one array for every document of a batch.
    static func labels(of entities: [Entity], length: Int, into out: inout [UInt8]) {
        if out.count < length { out = .filled(0, count: length) } else {
            out.withUnsafeMutableBufferPointer { $0.baseAddress?.update(repeating: 0, count: length) }
        }
        func write(_ r: TextRange, _ type: EntityType) {
            out[r.start] = begin(type).rawValue
            let inside = inside(type).rawValue
            for k in (r.start + 1)..<r.end { out[k] = inside }
        }
        // Mentions that do not overlap (most texts) are written as they come: the filter below
        // keeps them all then, and their order changes nothing. A mention that meets a label
        // written before it sends every mention through the filter. (The entities are read in
        // place, by index: a `for` over them copies every entity, or mention array, it passes.)
        var overlap = false
        written: for i in entities.indices {
            let type = entities[i].type
            for j in entities[i].mentions.indices {
                let start = entities[i].mentions[j].start, end = entities[i].mentions[j].end
                guard start < end && end <= length else { continue }
                if (start..<end).contains(where: { out[$0] != 0 }) { overlap = true; break written }
                write(TextRange(start: start, end: end), type)
            }
        }
        guard overlap else { return }
        var spans: [(TextRange, EntityType)] = []
        for i in entities.indices {
            let type = entities[i].type
            for m in entities[i].mentions where m.start < m.end && m.end <= length { spans.append((m.range, type)) }
        }
        out.withUnsafeMutableBufferPointer { $0.baseAddress?.update(repeating: 0, count: length) }
        for (r, type) in SpanFilter.longestThenEarliest(spans, range: { $0.0 }) { write(r, type) }
    }

    /// The spans of a label sequence (offsets from `start`).
    public static func spans(_ labels: [EntityLabel], start: Int = 0) -> [(range: TextRange, type: EntityType)] {
        var out: [(range: TextRange, type: EntityType)] = []
        labels.withUnsafeBufferPointer { forEachSpan($0, start: start) { out.append(($0, $1)) } }
        return out
    }

    /// `body` with each span of a label sequence in order (offsets from `start`): the tagger reads
    /// them once, without an array per sentence. (Inlined: called, it took the tagger's closure
    /// with a retain and a release of the text it captures, per sentence.)
    @inline(__always) static func forEachSpan(_ labels: UnsafeBufferPointer<EntityLabel>, start: Int = 0, _ body: (TextRange, EntityType) -> Void) {
        guard let base = labels.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < labels.count {
            // Most labels are `outside` (raw value 0): eight read at once, to the first that is not.
            if labels.count &- i >= 8 {
                let eight = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if eight == 0 { i &+= 8; continue }
                i &+= eight.trailingZeroBitCount &>> 3
            }
            guard labels[i].isBegin, let type = labels[i].type else { i += 1; continue }
            let inside = inside(type)
            var j = i + 1
            while j < labels.count && labels[j] == inside { j += 1 }
            body(TextRange(start: start + i, end: start + j), type)
            i = j
        }
    }
}
