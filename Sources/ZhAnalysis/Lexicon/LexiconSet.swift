import Foundation

/// All dictionaries the analysis uses, loaded once and injected into stages.
///
/// `words` is the segmentation lexicon: the bundled word lists (`words-*.txt`), the names from the
/// gazetteers (places, organisations, foreign names), and user dictionaries, which always win.
/// `tables` holds every other dictionary file, each parsed once into typed rows that the stages
/// share (`DictionaryTables`).
public struct LexiconSet: Sendable {
    public let directory: URL
    public private(set) var words: Lexicon
    /// The typed tables of `directory` and the user dictionaries' tagged names.
    public let tables: DictionaryTables

    /// Frequency given to user words without one: high enough that they win every lattice.
    public static let userDefaultFrequency: Double = 50_000

    public init(directory: URL, userDictionaries: [URL] = []) throws {
        self.directory = directory
        var lexicon = Lexicon()
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory.path) else { throw ZhError.missingDictionary(path: directory.path) }
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasPrefix("words") && name.hasSuffix(".txt") {
            let file = try DictionaryFile(contentsOf: directory.appendingPathComponent(name))
            for entry in try file.jiebaEntries(origin: .lexicon, defaultFrequency: 100) { lexicon.insert(entry) }
        }
        var user: [LexiconEntry] = []
        for url in userDictionaries {
            let file = try DictionaryFile(contentsOf: url)
            user += try file.jiebaEntries(origin: .user, defaultFrequency: Self.userDefaultFrequency)
        }
        let tables = try DictionaryTables(directory: directory, user: user)
        // Gazetteer names and their aliases of two characters or more.
        for place in tables.places {
            lexicon.insert(LexiconEntry(word: place.name, frequency: 2000, tag: "ns"))
            for alias in place.aliases where alias.unicodeScalars.count >= 2 {
                lexicon.insert(LexiconEntry(word: alias, frequency: 2000, tag: "ns"))
            }
        }
        for organization in tables.organizations {
            for key in DictionaryTables.matchKeys(organization) where key.unicodeScalars.count >= 2 {
                lexicon.insert(LexiconEntry(word: key, frequency: 1000, tag: "nt"))
            }
        }
        for name in tables.foreignNames { lexicon.insert(LexiconEntry(word: name, frequency: 500, tag: "nr")) }
        for entry in user { lexicon.insert(entry) }
        self.words = lexicon
        self.tables = tables
    }

    /// Splits an alias column ("杭州,杭州市区" or "a、b").
    static func aliasList(_ column: String) -> [String] {
        column.unicodeScalars.split(whereSeparator: { $0 == "," || $0 == "、" || $0 == "，" })
            .map { String(String.UnicodeScalarView($0)).trimmingSpaces() }
            .filter { !$0.isEmpty }
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
