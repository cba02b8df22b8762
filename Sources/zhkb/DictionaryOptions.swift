import ArgumentParser
import Foundation
import ZhAnalysis

/// Options shared by every command that analyses text.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .customLong("dict"), help: ArgumentHelp("A user dictionary in jieba format (word [freq] [tag]); repeatable.", valueName: "FILE"))
    var userDictionaries: [String] = []

    @Option(name: .customLong("dictionaries"), help: ArgumentHelp("Use the dictionaries in DIR instead of the bundled ones.", valueName: "DIR"))
    var dictionaryDirectory: String?

    @Option(name: .customLong("idf"), help: ArgumentHelp("Background IDF for keywords in jieba's idf.txt format (word idf); default: from the lexicon's word frequencies.", valueName: "FILE"))
    var idfFile: String?

    /// The `--idf` table, nil without the option.
    func backgroundIDF() throws -> IDFTable? {
        try idfFile.map { try IDFTable(contentsOf: URL(fileURLWithPath: $0)) }
    }

    func load() throws -> LexiconSet {
        try LexiconSet.load(
            dictionaries: dictionaryDirectory.map { URL(fileURLWithPath: $0) },
            userDictionaries: userDictionaries.map { URL(fileURLWithPath: $0) })
    }
}
