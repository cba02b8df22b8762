import ArgumentParser
import Foundation

/// `--jobs`: the worker threads of the commands that work on several (`segment`, `extract`,
/// `ingest`).
struct JobsOption: ParsableArguments {
    @Option(help: "Worker threads (default: active processors).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}
