// zhkb-train: trains the segmentation models in Dictionaries/ (seg-pku.model, seg-msr.model)
// from the People's Daily January 1998 corpus (word/tag format, two spaces between tokens).
//
//   zhkb-train CORPUS --out DIR [--dictionaries DIR] [--epochs N] [--bits B] [--standard pku|msr|both]
//
// Both models see the same text and the same features (SegmentationFeatures, shared with the
// segmenter); only the gold boundaries differ: PKU as the corpus is written, MSR after joining
// personal names, dates, number + measure word and gazetteer names (see `msrWords`). With
// --holdout N (default 50) every Nth paragraph is held out and scored after each epoch (word F);
// --holdout 0 trains on every paragraph. The shipped models use the defaults (50, 10 epochs, 2^19).
// `zhkb-train ner CORPUS --out DIR …` trains the entity tagger (Dictionaries/ner.model) instead.
import Dispatch
import Foundation
import ZhAnalysis

// `zhkb-train ner CORPUS …` trains the entity tagger instead (EntityTraining.swift).
if CommandLine.arguments.dropFirst().first == "ner" {
    do { try EntityTraining.run(Array(CommandLine.arguments.dropFirst(2))) } catch { fail("\(error)") }
    exit(0)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("zhkb-train: \(message)\n".utf8))
    exit(2)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

let options = TrainingOptions.parse(Array(CommandLine.arguments.dropFirst()), epochs: 10,
                                   usage: "usage: zhkb-train CORPUS --out DIR [--dictionaries DIR] [--epochs N] [--bits B] [--standard pku|msr|both] [--holdout N]",
                                   extraOptions: ["--standard"])
let outDir = options.outDir, dictionaries = options.dictionaries, epochs = options.epochs, bits = options.bits
let holdout = options.holdout
let standards: [SegmentationStandard] = options.extra["--standard"].map { v in
    v == "both" ? [.pku, .msr] : [SegmentationStandard(rawValue: v) ?? .pku]
} ?? [.pku, .msr]

let started = Date()
let paragraphs = readCorpus(options.corpusPath)

let lexicons = try LexiconSet.load(dictionaries: dictionaries)
// Gazetteer names (places and organisations) that MSR keeps whole.
var gazetteerNames = Set<String>()
for file in ["places.tsv", "organizations.tsv"] {
    let text = (try? String(contentsOf: lexicons.directory.appendingPathComponent(file), encoding: .utf8)) ?? ""
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        if let name = line.split(separator: "\t").first, name.count >= 3 { gazetteerNames.insert(String(name)) }
    }
}

func isNumeralStart(_ w: String) -> Bool {
    guard let c = w.unicodeScalars.first else { return false }
    let v = c.value
    return (v >= 48 && v <= 57) || (v >= 0xFF10 && v <= 0xFF19) || "〇○零一二三四五六七八九十两百千万亿".unicodeScalars.contains(c)
}

/// The MSR reading of a PKU paragraph (MSR keeps factoids, named entities and morphologically
/// derived words whole): surname + given name (consecutive nr) joined, a date (consecutive
/// numeric t words) joined, a number or ordinal with its approximators and measure word (m… + q)
/// joined, a demonstrative and its measure word (这个) joined,
/// prefixes (h) and suffixes (k) attached, and runs of up to six words that spell a gazetteer
/// name joined.
/// Demonstratives and quantifying pronouns that MSR writes together with a measure word (这个, 每年).
let demonstratives: Set<String> = ["这", "那", "哪", "每", "各", "某", "该", "此", "本", "几", "多少", "另"]

func msrWords(_ words: [Word], gazetteerNames: Set<String>) -> [String] {
    var out: [String] = []
    var i = 0
    while i < words.count {
        // Gazetteer names first (longest run of 2…6 words).
        var joined = false
        var k = min(words.count, i + 6)
        while k >= i + 2 {
            let name = words[i..<k].map(\.text).joined()
            if gazetteerNames.contains(name) {
                out.append(name); i = k; joined = true; break
            }
            k -= 1
        }
        if joined { continue }
        let w = words[i]
        var j = i + 1
        if w.tag == "nr" {
            while j < words.count && words[j].tag == "nr" && j - i < 3 { j += 1 }
        } else if w.tag == "t" && isNumeralStart(w.text) {
            while j < words.count && words[j].tag == "t" && isNumeralStart(words[j].text) { j += 1 }
        } else if w.tag == "m" {
            if isNumeralStart(w.text) { while j < words.count && words[j].tag == "m" { j += 1 } }
            if j < words.count && words[j].tag == "q" { j += 1 }
        } else if w.tag == "r" && demonstratives.contains(w.text) && j < words.count && words[j].tag == "q" {
            j += 1
        } else if w.tag == "h" && j < words.count {
            j += 1
        }
        // Suffixes (k: 们, 型, 者) stay with their word.
        while j < words.count && words[j].tag == "k" { j += 1 }
        out.append(words[i..<j].map(\.text).joined())
        i = j
    }
    return out
}

// MARK: - features (computed once; both standards share the text)

struct Sentence {
    var start: Int      // first character in `allBuckets` / label arrays (× features)
    var count: Int
}

nonisolated(unsafe) let featureCount = SegmentationFeatures.count
let shift = UInt64(64 - bits)
let classes = SegmentationFeatures.classTable()
let folder = TextFolder()
let breaker = try ICUWordBreaker(kind: .word)
var sentences: [Sentence] = []
var buckets: [Int32] = []
var gold: [SegmentationStandard: [UInt8]] = [:]
for s in standards { gold[s] = [] }
buckets.reserveCapacity(2_000_000 * featureCount)

func labels(_ words: [String]) -> [UInt8] {
    var out: [UInt8] = []
    for w in words {
        let n = w.unicodeScalars.count
        if n == 1 { out.append(0) } else if n > 1 {
            out.append(1)
            for _ in 0..<(n - 2) { out.append(2) }
            out.append(3)
        }
    }
    return out
}

for words in paragraphs {
    let text = words.map(\.text).joined()
    let original = Array(text.unicodeScalars)
    let s = folder.fold(original).scalars
    let n = s.count
    guard n > 0, n == original.count else { continue }
    for standard in standards {
        let l = standard == .pku ? labels(words.map(\.text)) : labels(msrWords(words, gazetteerNames: gazetteerNames))
        gold[standard]!.append(contentsOf: l)
    }
    var icu = [UInt8](repeating: 0, count: n)
    SegmentationFeatures.icuTags(try breaker.breaks(s, in: 0..<n), from: 0, into: &icu)
    var lb = [UInt8](repeating: 0, count: n), le = [UInt8](repeating: 0, count: n)
    SegmentationFeatures.lexiconSpans(lexicons.words, s, range: 0..<n, begin: &lb, end: &le)
    sentences.append(Sentence(start: buckets.count / featureCount, count: n))
    var h = [UInt64](repeating: 0, count: featureCount)
    s.withUnsafeBufferPointer { sp in
        icu.withUnsafeBufferPointer { ip in
            lb.withUnsafeBufferPointer { bp in
                le.withUnsafeBufferPointer { ep in
                    classes.withUnsafeBufferPointer { cp in
                        h.withUnsafeMutableBufferPointer { hp in
                            for i in 0..<n {
                                SegmentationFeatures.hashes(sp, context: 0..<n, at: i, classes: cp.baseAddress!, icu: ip,
                                                            lexBegin: bp, lexEnd: ep, into: hp.baseAddress!)
                                for f in 0..<featureCount { buckets.append(Int32(truncatingIfNeeded: hp[f] >> shift)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
let totalChars = buckets.count / featureCount
note(String(format: "features: %d sentences, %d characters, %.0f s", sentences.count, totalChars, Date().timeIntervalSince(started)))

// MARK: - averaged structured perceptron

final class Trainer: @unchecked Sendable {
    let standard: SegmentationStandard
    let gold: [UInt8]
    let buckets: [Int32]
    var w: [Float]
    var acc: [Float]
    var t = [Float](repeating: 0, count: 16)
    var tAcc = [Float](repeating: 0, count: 16)
    var c: Float = 1

    init(_ standard: SegmentationStandard, gold: [UInt8], buckets: [Int32], size: Int) {
        self.standard = standard
        self.buckets = buckets
        self.gold = gold
        w = [Float](repeating: 0, count: size * 4)
        acc = [Float](repeating: 0, count: size * 4)
    }

    static func canFollow(_ p: Int, _ y: Int) -> Bool { (p == 0 || p == 3) == (y == 0 || y == 1) }

    /// Best labels under weights `w`/`t` (or the averaged ones when `averaged`).
    func decode(_ s: Sentence, averaged: Bool, into out: inout [UInt8], score: inout [Float], back: inout [UInt8]) {
        let n = s.count
        for i in 0..<n {
            let base = (s.start + i) * featureCount
            for y in 0..<4 { score[i * 4 + y] = 0 }
            for f in 0..<featureCount {
                let b = Int(buckets[base + f]) * 4
                for y in 0..<4 {
                    score[i * 4 + y] += averaged ? w[b + y] - acc[b + y] / c : w[b + y]
                }
            }
        }
        let trans = averaged ? (0..<16).map { t[$0] - tAcc[$0] / c } : t
        var last = [Float](repeating: -.infinity, count: 4)
        last[0] = score[0]; last[1] = score[1]
        var cur = [Float](repeating: -.infinity, count: 4)
        for i in 1..<max(n, 1) {
            for y in 0..<4 {
                var best = -Float.infinity, arg = 0
                for p in 0..<4 where Self.canFollow(p, y) && last[p] > -.infinity {
                    let v = last[p] + trans[p * 4 + y]
                    if v > best { best = v; arg = p }
                }
                cur[y] = best + score[i * 4 + y]
                back[i * 4 + y] = UInt8(arg)
            }
            swap(&cur, &last)
        }
        var y = last[0] >= last[3] ? 0 : 3
        var i = n - 1
        while i >= 0 {
            out[i] = UInt8(y)
            if i > 0 { y = Int(back[i * 4 + y]) }
            i -= 1
        }
    }

    func update(_ s: Sentence, predicted: [UInt8]) {
        for i in 0..<s.count {
            let g = Int(gold[s.start + i]), p = Int(predicted[i])
            if g != p {
                let base = (s.start + i) * featureCount
                for f in 0..<featureCount {
                    let b = Int(buckets[base + f]) * 4
                    w[b + g] += 1; acc[b + g] += c
                    w[b + p] -= 1; acc[b + p] += -c
                }
            }
            if i > 0 {
                let gp = Int(gold[s.start + i - 1]), pp = Int(predicted[i - 1])
                if gp != pp || g != p {
                    t[gp * 4 + g] += 1; tAcc[gp * 4 + g] += c
                    t[pp * 4 + p] -= 1; tAcc[pp * 4 + p] -= c
                }
            }
        }
    }

    /// Word-level F of the averaged model on the held-out sentences.
    func evaluate(_ held: [Sentence]) -> Double {
        var out = [UInt8](repeating: 0, count: 4096), score = [Float](repeating: 0, count: 4096 * 4)
        var back = [UInt8](repeating: 0, count: 4096 * 4)
        var correct = 0, goldCount = 0, predCount = 0
        for s in held {
            if s.count > out.count {
                out = [UInt8](repeating: 0, count: s.count); score = [Float](repeating: 0, count: s.count * 4)
                back = [UInt8](repeating: 0, count: s.count * 4)
            }
            decode(s, averaged: true, into: &out, score: &score, back: &back)
            var gStart = 0, pStart = 0
            for i in 0..<s.count {
                let g = gold[s.start + i], p = out[i]
                if g == 0 || g == 1 { gStart = i }
                if p == 0 || p == 1 { pStart = i }
                let gEnd = g == 0 || g == 3, pEnd = p == 0 || p == 3
                if gEnd { goldCount += 1 }
                if pEnd { predCount += 1 }
                if gEnd && pEnd && gStart == pStart { correct += 1 }
            }
        }
        let p = Double(correct) / Double(max(predCount, 1)), r = Double(correct) / Double(max(goldCount, 1))
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }

    func train(_ sentences: [Sentence], held: [Sentence], epochs: Int) {
        var out = [UInt8](repeating: 0, count: 4096), score = [Float](repeating: 0, count: 4096 * 4)
        var back = [UInt8](repeating: 0, count: 4096 * 4)
        var order = Array(sentences.indices)
        var rng = SplitMix(seed: 42)
        for epoch in 1...epochs {
            let t0 = Date()
            order.shuffle(using: &rng)
            var errors = 0
            for k in order {
                let s = sentences[k]
                if s.count > out.count {
                    out = [UInt8](repeating: 0, count: s.count); score = [Float](repeating: 0, count: s.count * 4)
                    back = [UInt8](repeating: 0, count: s.count * 4)
                }
                decode(s, averaged: false, into: &out, score: &score, back: &back)
                var wrong = false
                for i in 0..<s.count where out[i] != gold[s.start + i] { wrong = true; break }
                if wrong {
                    errors += 1
                    update(s, predicted: Array(out[0..<s.count]))
                }
                c += 1
            }
            note(String(format: "%@ epoch %d: %d sentences wrong, held-out F %@, %.0f s", standard.rawValue, epoch, errors,
                        held.isEmpty ? "-" : String(format: "%.4f", evaluate(held)), Date().timeIntervalSince(t0)))
        }
    }

    func averagedWeights() -> (weights: [Float], transitions: [Float]) {
        ((0..<w.count).map { w[$0] - acc[$0] / c }, (0..<16).map { t[$0] - tAcc[$0] / c })
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let held = holdout > 0 ? sentences.enumerated().filter { $0.offset % holdout == holdout - 1 }.map(\.element) : []
let train = holdout > 0 ? sentences.enumerated().filter { $0.offset % holdout != holdout - 1 }.map(\.element) : sentences
let trainers = standards.map { Trainer($0, gold: gold[$0]!, buckets: buckets, size: 1 << bits) }
let rounds = epochs
DispatchQueue.concurrentPerform(iterations: trainers.count) { k in
    trainers[k].train(train, held: held, epochs: rounds)
}
try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
for trainer in trainers {
    let (weights, transitions) = trainer.averagedWeights()
    // Int8 weights: the clip is chosen on the held-out paragraphs (`bestQuantisation`).
    let q = bestQuantisation(weights: weights, transitions: transitions, label: trainer.standard.rawValue) { q in
        guard !held.isEmpty else { return nil }
        trainer.w = q.weights.map { Float($0) }
        trainer.acc = [Float](repeating: 0, count: trainer.w.count)
        trainer.t = q.transitions.map { Float($0) }
        trainer.tAcc = [Float](repeating: 0, count: 16)
        return trainer.evaluate(held)
    }
    let bytes = SegmentationModel.fileData(standard: trainer.standard, hashBits: bits, scale: q.scale, weights: q.weights,
                                           transitions: q.transitions)
    let url = URL(fileURLWithPath: outDir).appendingPathComponent(trainer.standard.modelFile)
    try Data(bytes).write(to: url)
    note("wrote \(url.path) (\(bytes.count) bytes)")
}
note(String(format: "total %.0f s", Date().timeIntervalSince(started)))
