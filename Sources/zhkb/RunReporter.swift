import Foundation
import ZhAnalysis

/// Prints a run's events: problems and stage failures always, warnings always and notes with
/// `--verbose`, as `path: severity: [stage] message` on stderr, and the progress line.
struct RunReporter {
    let verbose: Bool
    var progress = ProgressLine()

    init(verbose: Bool) { self.verbose = verbose }

    mutating func report(_ event: RunEvent) {
        switch event {
        case .files(let files): progress.start(files: files)
        case .problem(let p):
            progress.clear()
            Console.warn(p.description)
        case .failure(let location, let d):
            progress.clear()
            Console.warn("\(location): error: [\(d.stage)] \(d.message)")
        case .diagnostic(let location, let d):
            guard d.severity != .note || verbose else { return }
            progress.clear()
            Console.warn("\(location): \(d.severity.rawValue): [\(d.stage)] \(DisplayPath.escaped(d.message))")
        case .read(let bytes): progress.advance(bytes: bytes)
        case .fileDone: progress.fileDone()
        }
    }

    mutating func finish() { progress.clear() }
}

/// "files 3/10, 12.5 MB, 4.2 MB/s, ETA 0:03" on stderr, redrawn at most 4 times a second, only
/// when stderr is a terminal.
struct ProgressLine {
    let enabled = isatty(2) != 0
    var totalBytes = 0
    var files = 0
    var filesDone = 0
    var bytes = 0
    var started = 0.0
    var lastDraw = 0.0
    var shown = false

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    mutating func start(files list: [String]) {
        guard enabled else { return }
        files = list.count
        totalBytes = list.reduce(0) { sum, path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return sum + ((attributes?[.size] as? Int) ?? 0)
        }
        started = Self.now()
    }

    mutating func advance(bytes n: Int) {
        guard enabled else { return }
        bytes += n
        draw()
    }

    mutating func fileDone() {
        guard enabled else { return }
        filesDone += 1
        draw()
    }

    mutating func draw() {
        let t = Self.now()
        guard t - lastDraw >= 0.25 else { return }
        lastDraw = t
        let mb = Double(bytes) / 1_048_576
        let rate = mb / max(t - started, 0.001)
        var line = "zhkb: files \(filesDone)/\(files), \(String(format: "%.1f", mb)) MB, \(String(format: "%.1f", rate)) MB/s"
        if totalBytes > bytes, rate > 0 {
            let eta = Int(Double(totalBytes - bytes) / 1_048_576 / rate)
            line += ", ETA \(eta / 60):\(String(format: "%02d", eta % 60))"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    mutating func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
