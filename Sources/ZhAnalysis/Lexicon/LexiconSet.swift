import Foundation

/// All dictionaries the analysis uses, loaded once and injected into stages.
///
/// `words` is the segmentation lexicon: the bundled word lists (`words-*.txt`), the names from the
/// gazetteers (places, organisations, foreign names), and user dictionaries, which always win.
/// Extractors read their own tables from `directory` through their own loaders.
public struct LexiconSet: Sendable {
    public let directory: URL
    public private(set) var words: Lexicon
    /// Word files that were read, for diagnostics and `--verbose`.
    public private(set) var files: [String]

    /// Frequency given to user words without one: high enough that they win every lattice.
    public static let userDefaultFrequency: Double = 50_000

    public init(directory: URL, userDictionaries: [URL] = []) throws {
        self.directory = directory
        var lexicon = Lexicon()
        var files: [String] = []
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory.path) else { throw ZhError.missingDictionary(path: directory.path) }
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasPrefix("words") && name.hasSuffix(".txt") {
            let file = try DictionaryFile(contentsOf: directory.appendingPathComponent(name))
            for entry in try file.jiebaEntries(origin: .lexicon, defaultFrequency: 100) { lexicon.insert(entry) }
            files.append(name)
        }
        // Gazetteer names and their aliases (column index of the alias list in each file).
        for (name, tag, frequency, aliasColumn) in [("places.tsv", "ns", 2000.0, 3), ("organizations.tsv", "nt", 1000.0, 2)] {
            let url = directory.appendingPathComponent(name)
            guard fm.fileExists(atPath: url.path) else { continue }
            let file = try DictionaryFile(contentsOf: url)
            for row in try file.tabRows(minColumns: 1, maxColumns: 8) {
                lexicon.insert(LexiconEntry(word: row.fields[0], frequency: frequency, tag: tag))
                if row.fields.count > aliasColumn {
                    for alias in Self.aliasList(row.fields[aliasColumn]) where alias.unicodeScalars.count >= 2 {
                        lexicon.insert(LexiconEntry(word: alias, frequency: frequency, tag: tag))
                    }
                }
            }
            files.append(name)
        }
        let foreign = directory.appendingPathComponent("foreign-names.txt")
        if fm.fileExists(atPath: foreign.path) {
            let file = try DictionaryFile(contentsOf: foreign)
            for row in try file.tabRows(minColumns: 1, maxColumns: 3) {
                lexicon.insert(LexiconEntry(word: row.fields[0], frequency: 500, tag: "nr"))
            }
            files.append("foreign-names.txt")
        }
        for url in userDictionaries {
            let file = try DictionaryFile(contentsOf: url)
            for entry in try file.jiebaEntries(origin: .user, defaultFrequency: Self.userDefaultFrequency) {
                lexicon.insert(entry)
            }
            files.append(url.path)
        }
        self.words = lexicon
        self.files = files
    }

    /// Splits an alias column ("杭州,杭州市区" or "a、b").
    static func aliasList(_ column: String) -> [String] {
        column.unicodeScalars.split(whereSeparator: { $0 == "," || $0 == "、" || $0 == "，" })
            .map { String(String.UnicodeScalarView($0)).trimmingSpaces() }
            .filter { !$0.isEmpty }
    }

    /// Adds words at run time (used by tests and by `zhkb words --into`).
    public mutating func addUserWords(_ entries: [LexiconEntry]) {
        for var e in entries {
            e.origin = .user
            words.insert(e)
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    func trimmingSpaces() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return String(self[first...last])
    }
}
