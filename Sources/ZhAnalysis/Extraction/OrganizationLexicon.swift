import Foundation

/// The tables the organisation extractor reads.
///
/// - `organizations.tsv`: `name<TAB>kind<TAB>aliases` (aliases comma-separated, may be empty);
/// - `org-suffixes.tsv`: `suffix<TAB>kind[,weak]` — head words that end an organisation name;
///   `weak` marks single characters (局, 部, 社…) that need a strong name before them;
/// - `places.tsv` names and aliases, so a place prefix (浙江大学, 上城团区委) is recognised even
///   when the place stage did not tag it.
/// A missing file leaves its table empty; a malformed line throws.
public struct OrganizationLexicon: Sendable {
    /// Names and aliases; the entry's tag is the kind.
    public private(set) var names = Lexicon()
    /// Alias → canonical name.
    public private(set) var canonical: [String: String] = [:]
    /// Suffixes; tag is the kind, frequency 1 for weak suffixes and 2 for strong ones.
    public private(set) var suffixes = Lexicon()
    public private(set) var places = Lexicon()
    /// Titles from `person-cues.tsv` (书记, 主任): a head word may end inside a word that goes on
    /// with a title (吉林省委书记 → 吉林省委 + 书记).
    public private(set) var titles = Lexicon()
    /// Characters that end many place names (市, 省, 县, 区…), learned from `places.tsv`: one of
    /// them right before a government or party head word names that level's body (市委, 省政府).
    public private(set) var levelChars: Set<UInt32> = []
    /// Which of `names`, `suffixes` and `places` (two characters or more) may match at a position:
    /// bits `Self.namesBit`, `Self.suffixesBit`, `Self.placesBit`.
    private(set) var starts = StartFilter()
    static let namesBit: UInt8 = 1, suffixesBit: UInt8 = 2, placesBit: UInt8 = 4

    public init() {}

    /// The canonical name of the `names` entry at `index`.
    func canonicalName(_ index: Int) -> String {
        let word = names.entries[index].word
        return canonical[word] ?? word
    }

    @inline(__always)
    func isLevelChar(_ c: Unicode.Scalar) -> Bool { levelChars.contains(c.value) }

    public init(directory: URL) throws {
        func file(_ name: String) throws -> DictionaryFile? { try PersonLexicon.optionalFile(name, in: directory) }
        if let f = try file("organizations.tsv") {
            for row in try f.tabRows(minColumns: 2, maxColumns: 3) {
                let name = row.fields[0], kind = row.fields[1]
                guard !kind.isEmpty else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                names.insert(LexiconEntry(word: name, frequency: 2, tag: kind))
                canonical[name] = name
                if row.fields.count == 3 {
                    for alias in LexiconSet.aliasList(row.fields[2]) where canonical[alias] == nil {
                        names.insert(LexiconEntry(word: alias, frequency: 1, tag: kind))
                        canonical[alias] = name
                    }
                }
            }
        }
        if let f = try file("org-suffixes.tsv") {
            for row in try f.tabRows(minColumns: 2, maxColumns: 2) {
                let parts = row.fields[1].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                guard let kind = parts.first, !kind.isEmpty else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                let weak = parts.dropFirst().contains("weak")
                suffixes.insert(LexiconEntry(word: row.fields[0], frequency: weak ? 1 : 2, tag: kind))
            }
        }
        if let f = try file("person-cues.tsv") {
            for row in try f.tabRows(minColumns: 2, maxColumns: 2) where row.fields[1] == "title" {
                titles.insert(LexiconEntry(word: row.fields[0], frequency: 1, tag: "title"))
            }
        }
        if let f = try file("places.tsv") {
            var lastCounts: [UInt32: Int] = [:]
            defer { levelChars = Set(lastCounts.filter { $0.value >= 20 }.keys) }
            for row in try f.tabRows(minColumns: 1, maxColumns: 8) {
                if let last = row.fields[0].unicodeScalars.last { lastCounts[last.value, default: 0] += 1 }
                places.insert(LexiconEntry(word: row.fields[0], frequency: 1, tag: "ns"))
                if row.fields.count >= 4 {
                    for alias in LexiconSet.aliasList(row.fields[3]) where alias.unicodeScalars.count >= 2 {
                        places.insert(LexiconEntry(word: alias, frequency: 1, tag: "ns"))
                    }
                }
            }
        }
        starts = StartFilter([(names, 1), (suffixes, 1), (places, 2)])
    }
}
