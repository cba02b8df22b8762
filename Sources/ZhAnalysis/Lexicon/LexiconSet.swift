import Dispatch
import Foundation
import Synchronization

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
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory.path) else { throw ZhError.missingDictionary(path: directory.path) }
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        // The word lists go into the trie on one core while the user dictionaries and the other
        // files are parsed on another (start-up waits for both); errors are thrown in the order
        // of reading one after the other: word lists, user dictionaries, tables.
        let parts = LoadParts()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                parts.words.withLock { $0 = Result {
                    var lexicon = Lexicon()
                    for name in names.sorted() where name.hasPrefix("words") && name.hasSuffix(".txt") {
                        let file = try DictionaryFile(contentsOf: directory.appendingPathComponent(name))
                        for entry in try file.jiebaEntries(origin: .lexicon, defaultFrequency: 100) { lexicon.insert(entry) }
                    }
                    return lexicon
                } }
            } else {
                parts.tables.withLock { $0 = Result {
                    var user: [LexiconEntry] = []
                    for url in userDictionaries {
                        let file = try DictionaryFile(contentsOf: url)
                        user += try file.jiebaEntries(origin: .user, defaultFrequency: Self.userDefaultFrequency)
                    }
                    return (user, try DictionaryTables(directory: directory, user: user))
                } }
            }
        }
        // Taken out of its slot, not copied: the trie's arrays stay uniquely referenced, and the
        // inserts below do not copy them first.
        var lexicon = try parts.words.withLock { try $0.take()!.get() }
        let (user, tables) = try parts.tables.withLock { try $0!.get() }
        // Gazetteer names and their aliases of two characters or more (a second code point is
        // looked for, not all of them counted).
        for place in tables.places {
            lexicon.insert(LexiconEntry(word: place.name, frequency: 2000, tag: "ns"))
            for alias in place.aliases where !alias.unicodeScalars.dropFirst().isEmpty {
                lexicon.insert(LexiconEntry(word: alias, frequency: 2000, tag: "ns"))
            }
        }
        for keys in tables.organizationKeys {
            for key in keys where !key.unicodeScalars.dropFirst().isEmpty {
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
        // On the UTF-8 bytes: "," is 2C, "、" E3 80 81, "，" EF BC 8C.
        let u = Array(column.utf8)
        var result: [String] = []
        func add(_ from: Int, _ to: Int) {
            var a = from, b = to
            while a < b && (u[a] == 0x20 || u[a] == 0x09) { a += 1 }
            while b > a && (u[b - 1] == 0x20 || u[b - 1] == 0x09) { b -= 1 }
            if a < b { result.append(String(decoding: u[a..<b], as: UTF8.self)) }
        }
        var start = 0, i = 0
        while i < u.count {
            var width = 0
            if u[i] == 0x2C {
                width = 1
            } else if i + 2 < u.count,
                      (u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x81) || (u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] == 0x8C) {
                width = 3
            }
            if width > 0 {
                add(start, i)
                i += width
                start = i
            } else {
                i += 1
            }
        }
        add(start, u.count)
        return result
    }
}

/// What the two halves of `LexiconSet.init` produce on their threads.
private final class LoadParts: Sendable {
    let words = Mutex<Result<Lexicon, any Error>?>(nil)
    let tables = Mutex<Result<([LexiconEntry], DictionaryTables), any Error>?>(nil)
}
