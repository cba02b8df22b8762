// zhkb-bench: throughput and memory of zhkb's stages measured side by side with a raw ICU
// word-break walk over the same text, in the same run (machines are noisy; ratios are what count).
//
//   zhkb-bench icu-segment FILE          raw ICU breaks, SIGHAN format (for scoring the baseline)
//   zhkb-bench icu-walk FILE             time of the raw ICU walk over FILE's lines (for extract-bench.sh)
//   zhkb-bench load                      time to load the bundled dictionaries
//   zhkb-bench speed [--mb N] [--repeat R] [--stage S] [--articles] [--cpu] [FILE…]
//                                        MB/s of ICU walk vs zhkb on ≥ N MB (default 8) of text
//                                        built by repeating FILEs (default Corpus/*.txt), alternating
//                                        the two R times (default 3) and reporting medians, plus peak RSS.
//                                        S: segment | pipeline | pipeline-no-keywords (the standard
//                                        pipeline without keywords and topics) | keywords (that
//                                        pipeline vs the whole one: both times and the overhead %) |
//                                        stages (time of each stage in "ICU walks", summed over R runs).
//                                        Documents are the lines of the FILEs; --articles: each FILE
//                                        whole, its ASCII digits changed in every copy. --cpu: thread
//                                        CPU time instead of wall time (for a busy machine).
//   zhkb-bench linear [--kb N] [--chars CS] [FILE…]
//                                        each stage on one N-KB document of news, of news without
//                                        punctuation and of each character of CS repeated (Linear.swift).
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

/// `--cpu`: time the thread's CPU time instead of the wall clock (steadier on a shared machine).
nonisolated(unsafe) var clock = CLOCK_MONOTONIC

func now() -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var args = Array(CommandLine.arguments.dropFirst())
guard let mode = args.first else { fail("usage: zhkb-bench icu-segment FILE | icu-walk FILE | han-variants | load | speed [--mb N] [--stage S] [--articles] [--cpu] [FILE…]") }
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
            let w = ScalarText.string(scalars, start, b.end)
            if !w.allSatisfy({ $0.isWhitespace }) { words.append(w) }
            start = b.end
        }
        out += words.joined(separator: " ") + "\n"
    }
    FileHandle.standardOutput.write(Data(out.utf8))

case "icu-walk":
    // The raw ICU word-break walk over every line of FILE (what `zhkb extract --lines` is compared
    // with): prints seconds, MB/s and the token count.
    guard let path = args.first, let data = FileManager.default.contents(atPath: path) else { fail("icu-walk: cannot read input") }
    let t0 = now()
    let text = String(decoding: data, as: UTF8.self)
    let breaker = try ICUWordBreaker(kind: .word)
    var tokens = 0
    for line in TextLines.split(text) {
        let scalars = Array(line.unicodeScalars)
        tokens += try breaker.breaks(scalars, in: 0..<scalars.count).count
    }
    let seconds = now() - t0
    print(String(format: "icu-walk: %.3f s  %.2f MB/s  %d tokens", seconds, Double(data.count) / 1_048_576 / seconds, tokens))

case "han-variants":
    // Not a benchmark: writes Sources/CZhICU/HanVariants.h (the Traditional/Simplified tables the
    // library carries compiled in) from the ICU on this machine.
    FileHandle.standardOutput.write(Data(try HanVariants.header().utf8))

case "load":
    // Time to load every bundled dictionary (segmentation lexicon and name tables), median of 5.
    var times: [Double] = []
    var words = 0
    for _ in 0..<5 {
        let t0 = now()
        let lexicons = try LexiconSet.load()
        _ = try NameCandidates(names: lexicons.tables.names())
        times.append(now() - t0)
        words = lexicons.words.count
    }
    times.sort()
    print(String(format: "dictionaries: %d lexicon words, load %.1f ms (median of 5)", words, times[2] * 1000))
    // What `zhkb segment --standard msr` loads: the lexicon, the name tables and the mapped model.
    var modelTimes: [Double] = []
    for _ in 0..<5 {
        let t0 = now()
        let segmenter = try Segmenter.trained(lexicons: try LexiconSet.load(), standard: .msr)
        guard segmenter.model != nil else { fail("load: no segmentation model in the bundled dictionaries") }
        modelTimes.append(now() - t0)
    }
    modelTimes.sort()
    print(String(format: "segmenter with the msr model: %.1f ms (median of 5)", modelTimes[2] * 1000))
    // The whole standard pipeline (every stage's tables), and each stage on its own.
    var pipelineTimes: [Double] = []
    for _ in 0..<5 {
        let t0 = now()
        _ = try Pipeline.standard(lexicons: try LexiconSet.load())
        pipelineTimes.append(now() - t0)
    }
    pipelineTimes.sort()
    print(String(format: "standard pipeline with its dictionaries: %.1f ms (median of 5)", pipelineTimes[2] * 1000))

case "speed":
    var megabytes = 8.0
    var stage = "segment"
    var repeats = 3
    var articles = false
    var batch = 1
    var files: [String] = []
    while let a = args.first {
        args.removeFirst()
        switch a {
        case "--mb": megabytes = Double(args.removeFirst()) ?? 8
        case "--stage": stage = args.removeFirst()
        case "--repeat": repeats = max(1, Int(args.removeFirst()) ?? 3)
        case "--articles": articles = true
        case "--batch":
            guard let v = args.first.flatMap({ Int($0) }), v >= 1 else { fail("speed: --batch needs a count ≥ 1") }
            args.removeFirst()
            batch = v
        case "--cpu": clock = CLOCK_THREAD_CPUTIME_ID
        default: files.append(a)
        }
    }
    let stages = ["segment", "pipeline", "pipeline-no-keywords", "keywords", "stages"]
    guard stages.contains(stage) else { fail("speed: unknown stage \(stage) (\(stages.joined(separator: "|")))") }
    if files.isEmpty {
        let dir = "Corpus"
        files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") }.map { "\(dir)/\($0)" }.sorted()
    }
    let samples = files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.filter { !$0.isEmpty }
    guard !samples.isEmpty else { fail("speed: no input text") }
    // Documents: the lines of the samples (or, with --articles, each sample whole with its ASCII
    // digits shifted by the copy number so no two copies are equal), repeated up to the size.
    let sampleLines = samples.flatMap { TextLines.split($0).filter { !$0.isEmpty }.map(String.init) }
    var documents: [String] = []
    var bytes = 0
    var copy = 0
    while Double(bytes) < megabytes * 1_048_576 {
        if articles {
            for text in samples {
                var v = String.UnicodeScalarView()
                for c in text.unicodeScalars {
                    if c.value >= 0x30 && c.value <= 0x39 {
                        v.append(Unicode.Scalar(0x30 + (c.value - 0x30 + UInt32(copy % 10)) % 10)!)
                    } else { v.append(c) }
                }
                let d = String(v)
                documents.append(d)
                bytes += d.utf8.count
            }
        } else {
            for l in sampleLines { documents.append(l); bytes += l.utf8.count + 1 }
        }
        copy += 1
    }
    let documentScalars = documents.map { Array($0.unicodeScalars) }
    let mb = Double(bytes) / 1_048_576
    let lexicons = try LexiconSet.load()
    let breaker = try ICUWordBreaker(kind: .word)

    var icuTokens = 0
    var zhTokens = 0
    var icuTimes: [Double] = []
    var zhTimes: [Double] = []
    let segmenter = try Segmenter.trained(lexicons: lexicons, breaker: breaker)
    let pipeline = try Pipeline.standard(lexicons: lexicons, options: stage == "pipeline-no-keywords" ? [.noKeywords] : [])
    let baseline = try Pipeline.standard(lexicons: lexicons, options: [.noKeywords])
    let folder = TextFolder()
    func runPipeline(_ p: Pipeline) throws -> Int {
        var n = 0
        for (i, d) in documents.enumerated() { n += try p.run(Document(id: String(i), text: d)).tokens.count }
        return n
    }
    if stage == "stages" {
        // Per-stage CPU time of the standard pipeline, each against the raw ICU walk over the same
        // documents: which stage costs how many "ICU walks".
        var perStage = [Double](repeating: 0, count: pipeline.stages.count)
        var initTime = 0.0
        var icuTotal = 0.0
        for _ in 0..<repeats {
            var t0 = now()
            for s in documentScalars { icuTokens += try breaker.breaks(s, in: 0..<s.count).count }
            icuTotal += now() - t0
            // --batch N: each stage runs over N documents before the next stage starts.
            var first = 0
            while first < documents.count {
                let last = min(documents.count, first + batch)
                t0 = now()
                var docs = documents[first..<last].map { Document(id: "", text: $0) }
                initTime += now() - t0
                for (k, st) in pipeline.stages.enumerated() {
                    t0 = now()
                    for j in docs.indices { try st.process(&docs[j]) }
                    perStage[k] += now() - t0
                }
                first = last
            }
        }
        let total = perStage.reduce(0, +) + initTime
        print(String(format: "text: %.1f MB (%d %@), %d runs", mb, documents.count, articles ? "articles" : "lines", repeats))
        print(String(format: "raw ICU walk: %7.2f MB/s", mb * Double(repeats) / icuTotal))
        print("  " + "Document (fold)".padding(toLength: 22, withPad: " ", startingAt: 0)
              + String(format: " %6.2f s  %5.2f × ICU", initTime, initTime / icuTotal))
        for (k, st) in pipeline.stages.enumerated() {
            let name = st.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            print("  " + name + String(format: " %6.2f s  %5.2f × ICU", perStage[k], perStage[k] / icuTotal))
        }
        print("  " + "total".padding(toLength: 22, withPad: " ", startingAt: 0)
              + String(format: " %6.2f s  %5.2f × ICU  → ratio ICU/zhkb %.2f", total, total / icuTotal, icuTotal / total))
        print(String(format: "peak RSS: %.1f MB", peakRSSMegabytes()))
        exit(0)
    }
    for _ in 0..<repeats {
        // The reference: raw ICU walk (lines), or the pipeline without keywords and topics.
        var t0 = now()
        if stage == "keywords" {
            icuTokens = try runPipeline(baseline)
        } else {
            icuTokens = 0
            for s in documentScalars { icuTokens += try breaker.breaks(s, in: 0..<s.count).count }
        }
        icuTimes.append(now() - t0)

        t0 = now()
        if stage == "segment" {
            zhTokens = 0
            for s in documentScalars {
                let folded = folder.fold(s).scalars
                zhTokens += try segmenter.tokens(folded, in: 0..<folded.count).count
            }
        } else {
            zhTokens = try runPipeline(pipeline)
        }
        zhTimes.append(now() - t0)
    }
    func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
    let ratios = zip(icuTimes, zhTimes).map { $0 / $1 }
    let icuSeconds = median(icuTimes), zhSeconds = median(zhTimes)
    let icuRate = mb / icuSeconds, zhRate = mb / zhSeconds
    print(String(format: "text: %.1f MB (%d %@)", mb, documents.count, articles ? "articles" : "lines"))
    if stage == "keywords" {
        let overheads = zip(icuTimes, zhTimes).map { ($1 - $0) / $0 * 100 }
        print(String(format: "pipeline without keywords/topics: %7.2f MB/s  (median %.2f s)", icuRate, icuSeconds))
        print(String(format: "pipeline with keywords/topics:    %7.2f MB/s  (median %.2f s)", zhRate, zhSeconds))
        print(String(format: "keywords+topics overhead: %.1f %% (median of %d side-by-side runs; each run: %@)",
                     median(overheads), repeats, overheads.map { String(format: "%.1f", $0) }.joined(separator: " ")))
    } else {
        print(String(format: "raw ICU walk:  %7.2f MB/s  (%d tokens, median %.2f s)", icuRate, icuTokens, icuSeconds))
        print(String(format: "zhkb %@: %7.2f MB/s  (%d tokens, median %.2f s)", stage, zhRate, zhTokens, zhSeconds))
        print(String(format: "ratio zhkb/ICU: %.2f (median of %d side-by-side runs; each run: %@)", median(ratios), repeats,
                     ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")))
    }
    print(String(format: "peak RSS: %.1f MB", peakRSSMegabytes()))

case "linear":
    try linearBenchmark(args)

default:
    fail("unknown mode \(mode)")
}
