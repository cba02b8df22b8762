import ArgumentParser
import Foundation
import Synchronization
import ZhAnalysis

/// Options shared by every command that analyses text.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .customLong("dict"), help: ArgumentHelp("A user dictionary in jieba format (word [freq] [tag]); repeatable.", valueName: "FILE"))
    var userDictionaries: [String] = []

    @Option(name: .customLong("dictionaries"), help: ArgumentHelp("Use the dictionaries in DIR instead of the bundled ones.", valueName: "DIR"))
    var dictionaryDirectory: String?

    /// The dictionaries, kept until the process ends (`ProcessLifetime`).
    func load() throws -> LexiconSet {
        let lexicons = try LexiconSet.load(
            dictionaries: dictionaryDirectory.map { URL(fileURLWithPath: $0) },
            userDictionaries: userDictionaries.map { URL(fileURLWithPath: $0) })
        ProcessLifetime.keep(lexicons)
        return lexicons
    }
}

/// Tables a command keeps until the process ends: freeing the dictionaries and a pipeline's tables
/// when a run returns only costs time (tens of millions of instructions for the standard
/// pipeline, a sizeable share of a short run); the process exits right after.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: any Sendable) { kept.withLock { $0.append(value) } }
}
