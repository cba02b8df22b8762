import Foundation

/// The tables the person extractor reads: surnames, given-name characters, person cues
/// (titles, speech verbs, 小/老 prefixes, 总/工 suffixes, words that are not people) and
/// transliterated foreign names.
///
/// Files (see `Dictionaries/README.md`): `surnames.tsv` (`surname<TAB>weight[<TAB>ambiguous]`),
/// `given-chars.tsv` (`char<TAB>weight`), `person-cues.tsv` (`word<TAB>kind`),
/// `foreign-name-chars.txt` (one character a line), `foreign-names.txt` (`name<TAB>person`),
/// read once by `DictionaryTables`.
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
    /// Heads of place and facility names (园, 区, 路): a bare candidate ending in or followed by one
    /// is a place (海创园).
    public private(set) var placeHeads: Set<UInt32> = []
    public private(set) var foreignChars: Set<UInt32> = []
    /// Whole names known as people: `foreign-names.txt` and the user's `nr` words.
    public private(set) var foreignNames = Lexicon()

    public init() {}

    /// The tables of a dictionary folder (parsed once, shared with the other stages).
    public init(tables: DictionaryTables) throws {
        let names = try tables.names()
        for surname in names.surnames {
            surnames.insert(LexiconEntry(word: surname.name, frequency: surname.weight, tag: surname.ambiguous ? "ambiguous" : ""))
        }
        for given in names.givenCharacters { givenWeights[given.character.value] = given.weight }
        for cue in try tables.personCues() {
            let first = cue.word.unicodeScalars.first?.value ?? 0
            let entry = LexiconEntry(word: cue.word, frequency: 1, tag: cue.kind.rawValue)
            switch cue.kind {
            case .title: titles.insert(entry)
            case .speech: speech.insert(entry)
            case .suffix: suffixes.insert(entry)
            case .notperson: notPerson.insert(entry)
            case .prefix: prefixes.insert(first)
            case .place: placeHeads.insert(first)
            }
        }
        for c in names.foreignCharacters { foreignChars.insert(c.value) }
        for name in names.knownNames { foreignNames.insert(LexiconEntry(word: name, frequency: 1, tag: "person")) }
    }
}
