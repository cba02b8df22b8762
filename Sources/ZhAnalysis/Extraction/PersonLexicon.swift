import Foundation

/// The tables the person extractor reads: surnames, given-name characters, person cues
/// (titles, speech verbs, 小/老 prefixes, 总/工 suffixes, words that are not people) and
/// transliterated foreign names.
///
/// Files (see `Dictionaries/README.md`): `surnames.tsv` (`surname<TAB>weight[<TAB>ambiguous]`),
/// `given-chars.tsv` (`char<TAB>weight`), `person-cues.tsv` (`word<TAB>kind`),
/// `foreign-name-chars.txt` (one character a line), `foreign-names.txt` (`name<TAB>person`).
/// A missing file leaves its table empty; a malformed line throws.
public struct PersonLexicon: Sendable {
    public struct Surname: Hashable, Sendable {
        public var weight: Double
        public var ambiguous: Bool
    }

    /// Surnames (single and compound), `frequency` = weight, tag "ambiguous" or "".
    public private(set) var surnames = Lexicon()
    /// Given-name character weights by code point.
    public private(set) var givenWeights: [UInt32: Double] = [:]
    public private(set) var titles = Lexicon()
    public private(set) var speech = Lexicon()
    public private(set) var suffixes = Lexicon()
    public private(set) var notPerson = Lexicon()
    public private(set) var prefixes: Set<UInt32> = []
    public private(set) var foreignChars: Set<UInt32> = []
    public private(set) var foreignNames = Lexicon()

    public init() {}

    /// Reads `name` from a dictionary directory; nil when the file is absent (its table stays
    /// empty). Shared by the people and organisation tables.
    static func optionalFile(_ name: String, in directory: URL) throws -> DictionaryFile? {
        let url = directory.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? try DictionaryFile(contentsOf: url) : nil
    }

    public init(directory: URL) throws {
        func file(_ name: String) throws -> DictionaryFile? { try Self.optionalFile(name, in: directory) }
        if let f = try file("surnames.tsv") {
            for row in try f.tabRows(minColumns: 2, maxColumns: 3) {
                guard let w = Double(row.fields[1]) else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                let ambiguous = row.fields.count == 3 && row.fields[2] == "ambiguous"
                surnames.insert(LexiconEntry(word: row.fields[0], frequency: w, tag: ambiguous ? "ambiguous" : ""))
            }
        }
        if let f = try file("given-chars.tsv") {
            for row in try f.tabRows(minColumns: 2, maxColumns: 2) {
                let scalars = Array(row.fields[0].unicodeScalars)
                guard scalars.count == 1, let w = Double(row.fields[1]) else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                givenWeights[scalars[0].value] = w
            }
        }
        if let f = try file("person-cues.tsv") {
            for row in try f.tabRows(minColumns: 2, maxColumns: 2) {
                let word = row.fields[0]
                let entry = LexiconEntry(word: word, frequency: 1, tag: row.fields[1])
                switch row.fields[1] {
                case "title": titles.insert(entry)
                case "speech": speech.insert(entry)
                case "suffix": suffixes.insert(entry)
                case "notperson": notPerson.insert(entry)
                case "prefix":
                    let scalars = Array(word.unicodeScalars)
                    guard scalars.count == 1 else {
                        throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: word)
                    }
                    prefixes.insert(scalars[0].value)
                default:
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
            }
        }
        if let f = try file("foreign-name-chars.txt") {
            for line in f.lines {
                let t = line.text.trimmingCharacters(in: .whitespaces)
                let scalars = Array(t.unicodeScalars)
                guard scalars.count == 1 else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: line.number, text: String(line.text))
                }
                foreignChars.insert(scalars[0].value)
            }
        }
        if let f = try file("foreign-names.txt") {
            for row in try f.tabRows(minColumns: 1, maxColumns: 3) {
                foreignNames.insert(LexiconEntry(word: row.fields[0], frequency: 1, tag: "person"))
            }
        }
    }
}
