import ArgumentParser
import Foundation
import ZhAnalysis

/// Options shared by every command that analyses text.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .customLong("dict"), help: ArgumentHelp("A user dictionary in jieba format (word [freq] [tag]); repeatable.", valueName: "FILE"))
    var userDictionaries: [String] = []

    @Option(name: .customLong("dictionaries"), help: ArgumentHelp("Use the dictionaries in DIR instead of the bundled ones.", valueName: "DIR"))
    var dictionaryDirectory: String?

    func load() throws -> LexiconSet {
        try LexiconSet.load(
            dictionaries: dictionaryDirectory.map { URL(fileURLWithPath: $0) },
            userDictionaries: userDictionaries.map { URL(fileURLWithPath: $0) })
    }
}
