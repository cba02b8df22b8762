import Foundation
import ZhAnalysis

/// `zhkb-bench linear [--kb N] [--chars 斯哈的一1a] [FILE…]`: every stage of the standard pipeline
/// on one document of N KB (default 1024) of news (the FILEs repeated, default Corpus/*.txt), the
/// same news without any punctuation or line break, and N KB of each single character repeated —
/// each time against the news. A stage that is linear on any input keeps every ratio small (the
/// issue asks ≤ 3); a stage that rescans from every position shows up as a ratio of hundreds.
func linearBenchmark(_ arguments: [String]) throws {
    var args = arguments
    var kilobytes = 1024
    var characters = "斯哈的一1a"
    var files: [String] = []
    while let a = args.first {
        args.removeFirst()
        switch a {
        case "--kb": kilobytes = Int(args.removeFirst()) ?? 1024
        case "--chars": characters = args.removeFirst()
        default: files.append(a)
        }
    }
    if files.isEmpty {
        let dir = "Corpus"
        files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") }.sorted().map { "\(dir)/\($0)" }
    }
    var corpus = ""
    for f in files { corpus += (try? String(contentsOfFile: f, encoding: .utf8)) ?? "" }
    guard !corpus.isEmpty else { fail("linear: no text in \(files)") }
    let bytes = kilobytes * 1024
    func fill(_ piece: String) -> String {
        var out = ""
        let scalars = Array(piece.unicodeScalars)
        var view = String.UnicodeScalarView()
        var size = 0
        while size < bytes {
            for c in scalars {
                view.append(c)
                size += String(c).utf8.count
                if size >= bytes { break }
            }
        }
        out = String(view)
        return out
    }
    let news = fill(corpus)
    let unpunctuated = fill(String(String.UnicodeScalarView(corpus.unicodeScalars.filter {
        !($0.properties.generalCategory.isPunctuation || $0.properties.isWhitespace)
    })))
    var inputs: [(String, String)] = [("news", news), ("news without punctuation", unpunctuated)]
    for c in characters.unicodeScalars { inputs.append(("\(c) × \(bytes / String(c).utf8.count)", fill(String(c)))) }

    let lexicons = try LexiconSet.load()
    let pipeline = try Pipeline.standard(lexicons: lexicons)
    var newsTimes: [Double] = []
    print("one document of \(kilobytes) KB each; seconds per stage, and the ratio to news")
    print("input".padding(toLength: 28, withPad: " ", startingAt: 0) + pipeline.stages.map { $0.name.padding(toLength: 16, withPad: " ", startingAt: 0) }.joined() + "total")
    for (name, text) in inputs {
        var times: [Double] = []
        let t0 = now()
        var doc = Document(id: "bench", text: text)
        times.append(now() - t0)
        for st in pipeline.stages {
            let t = now()
            try st.process(&doc)
            times.append(now() - t)
        }
        times.append(times.reduce(0, +))
        if newsTimes.isEmpty { newsTimes = times }
        var line = name.padding(toLength: 28, withPad: " ", startingAt: 0)
        for (k, t) in times.enumerated().dropFirst() {
            let ratio = t / max(newsTimes[k], 1e-4)
            line += String(format: "%6.2f s %5.1f× ", t, ratio)
        }
        print(line)
    }
}

private extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}
