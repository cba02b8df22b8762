// zhkb-bench: throughput and memory of zhkb's stages measured side by side with a raw ICU
// word-break walk over the same text, in the same run (machines are noisy; ratios are what count).
//
//   zhkb-bench icu-segment FILE          raw ICU breaks, SIGHAN format (for scoring the baseline)
//   zhkb-bench speed [--mb N] [--repeat R] [--stage segment|pipeline] [FILE…]
//                                        MB/s of ICU walk vs zhkb on ≥ N MB (default 8) of text
//                                        built by repeating FILEs (default Corpus/*.txt), alternating
//                                        the two R times (default 3) and reporting medians, plus peak RSS
import Foundation
import ZhAnalysis

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? -1
        return kb / 1024
    }
    return -1
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var args = Array(CommandLine.arguments.dropFirst())
guard let mode = args.first else { fail("usage: zhkb-bench icu-segment FILE | speed [--mb N] [--stage segment|pipeline] [FILE…]") }
args.removeFirst()

switch mode {
case "icu-segment":
    guard let path = args.first, let data = FileManager.default.contents(atPath: path) else { fail("icu-segment: cannot read input") }
    let text = String(decoding: data, as: UTF8.self)
    let breaker = try ICUWordBreaker(kind: .word)
    var out = ""
    for line in TextLines.split(text) {
        let scalars = Array(line.unicodeScalars)
        var start = 0
        var words: [String] = []
        for b in try breaker.breaks(scalars, in: 0..<scalars.count) {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[start..<b.end])
            let w = String(v)
            if !w.allSatisfy({ $0.isWhitespace }) { words.append(w) }
            start = b.end
        }
        out += words.joined(separator: " ") + "\n"
    }
    FileHandle.standardOutput.write(Data(out.utf8))

case "speed":
    var megabytes = 8.0
    var stage = "segment"
    var repeats = 3
    var files: [String] = []
    while let a = args.first {
        args.removeFirst()
        switch a {
        case "--mb": megabytes = Double(args.removeFirst()) ?? 8
        case "--stage": stage = args.removeFirst()
        case "--repeat": repeats = max(1, Int(args.removeFirst()) ?? 3)
        default: files.append(a)
        }
    }
    if files.isEmpty {
        let dir = "Corpus"
        files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") }.map { "\(dir)/\($0)" }
    }
    var sample = ""
    for f in files { sample += (try? String(contentsOfFile: f, encoding: .utf8)) ?? "" }
    guard !sample.isEmpty else { fail("speed: no input text") }
    // Lines of the sample, repeated until the corpus reaches the requested size.
    let sampleLines = TextLines.split(sample).filter { !$0.isEmpty }.map(String.init)
    var lines: [String] = []
    var bytes = 0
    while Double(bytes) < megabytes * 1_048_576 {
        for l in sampleLines { lines.append(l); bytes += l.utf8.count + 1 }
    }
    let lineScalars = lines.map { Array($0.unicodeScalars) }
    let mb = Double(bytes) / 1_048_576
    let lexicons = try LexiconSet.load()
    let breaker = try ICUWordBreaker(kind: .word)

    var icuTokens = 0
    var zhTokens = 0
    var icuTimes: [Double] = []
    var zhTimes: [Double] = []
    let segmenter = try Segmenter(lexicon: lexicons.words, names: NameCandidates(directory: lexicons.directory), breaker: breaker)
    let pipeline = try Pipeline.standard(lexicons: lexicons)
    let folder = TextFolder()
    guard stage == "segment" || stage == "pipeline" else { fail("speed: unknown stage \(stage)") }
    for _ in 0..<repeats {
        var t0 = now()
        icuTokens = 0
        for s in lineScalars { icuTokens += try breaker.breaks(s, in: 0..<s.count).count }
        icuTimes.append(now() - t0)

        t0 = now()
        zhTokens = 0
        if stage == "segment" {
            for s in lineScalars {
                let folded = folder.fold(s).scalars
                zhTokens += try segmenter.tokens(folded, in: 0..<folded.count).count
            }
        } else {
            for (i, l) in lines.enumerated() {
                let doc = try pipeline.run(Document(id: String(i), text: l))
                zhTokens += doc.tokens.count
            }
        }
        zhTimes.append(now() - t0)
    }
    func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
    let ratios = zip(icuTimes, zhTimes).map { $0 / $1 }
    let icuSeconds = median(icuTimes), zhSeconds = median(zhTimes)
    let icuRate = mb / icuSeconds, zhRate = mb / zhSeconds
    print(String(format: "text: %.1f MB (%d lines)", mb, lines.count))
    print(String(format: "raw ICU walk:  %7.2f MB/s  (%d tokens, median %.2f s)", icuRate, icuTokens, icuSeconds))
    print(String(format: "zhkb %@: %7.2f MB/s  (%d tokens, median %.2f s)", stage, zhRate, zhTokens, zhSeconds))
    print(String(format: "ratio zhkb/ICU: %.2f (median of %d side-by-side runs; each run: %@)", median(ratios), repeats,
                 ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")))
    print(String(format: "peak RSS: %.1f MB", peakRSSMegabytes()))

default:
    fail("unknown mode \(mode)")
}
