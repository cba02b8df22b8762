// What both trainers share: the command line, the corpus reader and the choice of the Int8 clip.
import Foundation
import ZhAnalysis

/// The options of `zhkb-train` and `zhkb-train ner`: CORPUS --out DIR [--dictionaries DIR]
/// [--epochs N] [--bits B] [--holdout N], plus the options a trainer adds (`extra`: name → value).
struct TrainingOptions {
    var corpusPath = ""
    var outDir = "Dictionaries"
    var dictionaries: URL?
    var epochs: Int
    var bits = 19
    var holdout = 50
    var extra: [String: String] = [:]

    /// Parses `arguments`; `usage` is printed for --help and on errors, `extraOptions` are the
    /// trainer's own options that take a value.
    static func parse(_ arguments: [String], epochs: Int, usage: String, extraOptions: Set<String> = []) -> TrainingOptions {
        var o = TrainingOptions(epochs: epochs)
        var corpus: String?
        var args = arguments
        while !args.isEmpty {
            let a = args.removeFirst()
            func value() -> String {
                guard !args.isEmpty else { fail("\(a) needs a value") }
                return args.removeFirst()
            }
            switch a {
            case "--out": o.outDir = value()
            case "--dictionaries": o.dictionaries = URL(fileURLWithPath: value())
            case "--epochs": o.epochs = Int(value()) ?? o.epochs
            case "--bits": o.bits = Int(value()) ?? o.bits
            case "--holdout": o.holdout = Int(value()) ?? o.holdout
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                if extraOptions.contains(a) { o.extra[a] = value(); continue }
                if a.hasPrefix("-") { fail("unknown option \(a)") }
                corpus = a
            }
        }
        guard let corpus else { fail(usage) }
        o.corpusPath = corpus
        return o
    }
}

// MARK: - corpus

struct Word { var text: String; var tag: String }

func parseLine(_ line: Substring) -> [Word] {
    line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { item in
        guard let slash = item.lastIndex(of: "/"), slash != item.startIndex else { return nil }
        return Word(text: String(item[..<slash]), tag: String(item[item.index(after: slash)...]))
    }
}

/// The paragraphs of a corpus in word/tag format (one paragraph a line; empty lines dropped).
func readCorpus(_ path: String) -> [[Word]] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let paragraphs = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(parseLine).filter { !$0.isEmpty }
    note("corpus: \(paragraphs.count) paragraphs")
    return paragraphs
}

/// Int8 weights: the clip (the weight that maps to 127) is a high quantile of |w|, chosen by
/// `score` (the held-out F of the quantised weights; nil when nothing is held out, and the largest
/// weight is the clip).
func bestQuantisation(weights: [Float], transitions: [Float], label: String,
                      score: ((scale: Float, weights: [Int8], transitions: [Int32])) -> Double?)
    -> (scale: Float, weights: [Int8], transitions: [Int32]) {
    let magnitudes = weights.lazy.map(abs).filter { $0 > 0 }.sorted()
    var best: (f: Double, q: (scale: Float, weights: [Int8], transitions: [Int32]))?
    for quantile in [1, 0.99999, 0.9999, 0.9995] {
        let clip = magnitudes.isEmpty ? 1 : magnitudes[min(magnitudes.count - 1, Int(Double(magnitudes.count - 1) * quantile))]
        let q = SegmentationModel.quantize(weights: weights, transitions: transitions, clip: clip)
        guard let f = score(q) else { return q }
        note(String(format: "%@ Int8, clip at quantile %.5f (%.2f): held-out F %.4f", label, quantile, clip, f))
        if best == nil || f > best!.f { best = (f, q) }
    }
    return best!.q
}
