import Foundation

/// Rules for places that are not in the gazetteer (`Dictionaries/place-suffixes.tsv`).
public struct PlaceRules: Sendable {
    public static let fileName = "place-suffixes.tsv"

    /// Place heads (街道, 镇, 社区, 开发区…) with the level of the place they make.
    public private(set) var suffixes: [String: PlaceLevel] = [:]
    /// Organisation heads (大学, 中学, 公司…) that make a preceding place part of an organisation.
    public private(set) var blocks: Set<String> = []
    /// Words that are never the X of X + suffix.
    public private(set) var stops: Set<String> = []
    /// Characters that never end X.
    public private(set) var stopEnds: Set<Unicode.Scalar> = []
    /// Gazetteer names that are ordinary words in most texts (城区, 南区): a place only when a
    /// place above or below it is named in the article.
    public private(set) var weak: Set<String> = []
    /// One-character short forms of countries and provinces (中 → 中国, 京 → 北京), used only in
    /// runs (中美, 中、日), after a cue character (访华, 抵京) or before 方 (中方).
    public private(set) var abbreviations: [Unicode.Scalar: String] = [:]
    /// Characters that make the short form after them a place (访, 来, 在, 驻, 抗…).
    public private(set) var abbreviationCues: Set<Unicode.Scalar> = []
    /// Words that look like runs or cue + short form but are ordinary words (中华, 美德, 来日).
    public private(set) var abbreviationStops: Set<String> = []
    var suffixTrie = Lexicon()
    var blockTrie = Lexicon()
    /// Strong government and party heads of `org-suffixes.tsv` (党工委, 办事处, 人民政府): a place
    /// head glued to one in a token (双塔|街道党工委书记) still ends a place name.
    var bodyTrie = Lexicon()

    public init() {}

    init(file: DictionaryFile) throws {
        for row in try file.tabRows(minColumns: 2, maxColumns: 3) {
            let kind = row.fields[0], text = row.fields[1]
            // Built only when thrown (joining the fields costs more than parsing them).
            func bad() -> ZhError {
                ZhError.malformedLexiconLine(file: file.path, line: row.number, text: row.fields.joined(separator: "\t"))
            }
            guard !text.isEmpty else { throw bad() }
            switch kind {
            case "suffix":
                guard row.fields.count == 3, let level = PlaceLevel(rawValue: row.fields[2]) else { throw bad() }
                suffixes[text] = level
                suffixTrie.insert(LexiconEntry(word: text, frequency: 1, tag: level.rawValue))
            case "block":
                blocks.insert(text)
                blockTrie.insert(LexiconEntry(word: text, frequency: 1))
            case "stop":
                stops.insert(text)
            case "weak":
                weak.insert(text)
            case "abbr":
                guard row.fields.count == 3, text.unicodeScalars.count == 1, let c = text.unicodeScalars.first else { throw bad() }
                abbreviations[c] = row.fields[2]
            case "abbrcue":
                guard text.unicodeScalars.count == 1, let c = text.unicodeScalars.first else { throw bad() }
                abbreviationCues.insert(c)
            case "abbrstop":
                abbreviationStops.insert(text)
            case "stopend":
                guard text.unicodeScalars.count == 1, let c = text.unicodeScalars.first else { throw bad() }
                stopEnds.insert(c)
            default:
                throw bad()
            }
        }
    }

    /// The rules of a dictionary folder (an absent `place-suffixes.tsv` gives none), with the
    /// strong government and party heads of `org-suffixes.tsv`: read once per folder and shared
    /// by the stages that ask (`DictionaryTables.placeRules()`).
    public static func load(tables: DictionaryTables) throws -> PlaceRules {
        try tables.placeRules()
    }

    /// Reads what `load(tables:)` gives.
    static func read(tables: DictionaryTables) throws -> PlaceRules {
        guard let file = try DictionaryTables.file(fileName, in: tables.directory) else { return PlaceRules() }
        var rules = try PlaceRules(file: file)
        for suffix in try tables.organizationSuffixes()
        where suffix.plain && (suffix.kind == "government" || suffix.kind == "party") && !suffix.word.isEmpty {
            rules.bodyTrie.insert(LexiconEntry(word: suffix.word, frequency: 1))
        }
        return rules
    }
}
