import Foundation
import Synchronization

/// Every dictionary file of the folder parsed once into typed rows, shared by the stages that
/// read it (as cppjieba's one façade over its loaded parts): `surnames.tsv` and `given-chars.tsv`
/// serve the segmenter's name candidates, the byline reader and the people stage;
/// `places.tsv` the segmentation lexicon, the gazetteer (article reader and places stage) and the
/// organisation stage; `organizations.tsv` the lexicon and the organisation stage;
/// `org-suffixes.tsv` the organisation and place stages; `person-cues.tsv` the people and
/// organisation stages; `place-suffixes.tsv` the places stage and the entity tagger.
///
/// The segmentation lexicon's sources (places, organisations, foreign names) are read when the
/// `LexiconSet` is built; every other table is parsed the first time a stage asks for it (stages
/// are built on several threads at once; the others wait for that one parse). A missing file
/// gives an empty table; a malformed line throws `ZhError.malformedLexiconLine`.
///
/// Words of user dictionaries (`--dict`, jieba format) tagged `nr`, `ns` or `nt` also join the
/// known person names, the gazetteer (level `other`) and the organisations (kind `other`).
public final class DictionaryTables: Sendable {
    public let directory: URL
    /// `places.tsv` in file order.
    public let places: [Gazetteer.Place]
    /// `organizations.tsv` in file order.
    public let organizations: [Organization]
    /// `matchKeys` of each of `organizations`, in the same order: folding the traditional names
    /// is ICU work (10 K instructions a name), done here once for the lexicon and the
    /// organisation stage, and on the thread that waits for the word lists (`LexiconSet`).
    public let organizationKeys: [[String]]
    /// `foreign-names.txt`: transliterated names known as people.
    public let foreignNames: [String]
    /// User dictionary words by tag: `nr` people, `ns` places, `nt` organisations (file order,
    /// each word once).
    public let userPeople: [String]
    public let userPlaces: [String]
    public let userOrganizations: [String]

    private let gazetteerOnce = Once<Gazetteer>()
    private let namesOnce = Once<NameTables>()
    private let cuesOnce = Once<[PersonCue]>()
    private let orgSuffixesOnce = Once<[OrganizationSuffix]>()
    private let placeRulesOnce = Once<PlaceRules>()

    /// An organisation of `organizations.tsv`: `name<TAB>kind[<TAB>aliases[<TAB>facts]]`, facts
    /// `key=value` separated by `;`: `region` (HK, MO, TW: a body of that region, written in its
    /// script), `since` / `until` (years the name was in use), `successor` (the name it took),
    /// `shared` and `ambiguous` (comma-separated aliases, below).
    public struct Organization: Hashable, Sendable {
        public var name: String
        public var kind: String
        public var aliases: [String]
        public var region: String? = nil
        public var since: Int? = nil
        public var until: Int? = nil
        public var successor: String? = nil
        /// Aliases several bodies share (工党): they resolve to this body only when the article
        /// also writes one of its other names.
        public var shared: [String] = []
        /// Aliases that are also ordinary words or names (公牛, 大华): an organisation only with
        /// context (see `OrganizationExtractor`).
        public var ambiguous: [String] = []
    }

    /// A head word of `org-suffixes.tsv`: `suffix<TAB>kind[,weak]`.
    public struct OrganizationSuffix: Hashable, Sendable {
        public var word: String
        public var kind: String
        /// Marked `weak`: a single character (局, 部) that needs a strong name before it.
        public var weak: Bool
        /// No flag after the kind (a strong head as written).
        public var plain: Bool
        /// Marked `alone`: the head names one body by itself (人大, 政协, 管委会, 组委会).
        public var alone: Bool = false
    }

    /// A line of `person-cues.tsv`: `word<TAB>kind`, kind ∈ title, speech, suffix, notperson,
    /// prefix, place (the last two single characters).
    public struct PersonCue: Hashable, Sendable {
        public enum Kind: String, Sendable { case title, speech, suffix, notperson, prefix, place }
        public var word: String
        public var kind: Kind
    }

    /// Reads the lexicon's sources from `directory`; `user` are the user dictionaries' entries.
    init(directory: URL, user: [LexiconEntry]) throws {
        self.directory = directory
        places = try Self.file(Gazetteer.fileName, in: directory).map(Gazetteer.places(in:)) ?? []
        organizations = try Self.file("organizations.tsv", in: directory).map(Self.organizations(in:)) ?? []
        organizationKeys = organizations.map(Self.matchKeys)
        foreignNames = try Self.file("foreign-names.txt", in: directory).map { f in
            try f.tabRows(minColumns: 1, maxColumns: 3).map { $0.fields[0] }
        } ?? []
        func words(tagged tag: String) -> [String] {
            var seen = Set<String>()
            return user.filter { $0.tag == tag && seen.insert($0.word).inserted }.map(\.word)
        }
        userPeople = words(tagged: "nr")
        userPlaces = words(tagged: "ns")
        userOrganizations = words(tagged: "nt")
    }

    /// The file `name` of `directory`, nil when there is none.
    static func file(_ name: String, in directory: URL) throws -> DictionaryFile? {
        let url = directory.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? try DictionaryFile(contentsOf: url) : nil
    }

    // MARK: - Tables built on first use

    /// The gazetteer over `places` and the user's `ns` words (built once).
    public func gazetteer() throws -> Gazetteer {
        try gazetteerOnce.get {
            // The set of names only when there are user words to check against it.
            guard !userPlaces.isEmpty else { return Gazetteer(places: places) }
            let known = Set(places.map(\.name))
            let user = userPlaces.filter { !known.contains($0) }.map { Gazetteer.Place(name: $0, level: .other) }
            return Gazetteer(places: places + user)
        }
    }

    /// Surnames, given-name characters, transliteration characters and known names.
    public func names() throws -> NameTables {
        try namesOnce.get { try NameTables(directory: directory, knownNames: foreignNames + userPeople) }
    }

    /// `person-cues.tsv`.
    public func personCues() throws -> [PersonCue] {
        try cuesOnce.get {
            guard let f = try Self.file("person-cues.tsv", in: directory) else { return [] }
            return try f.tabRows(minColumns: 2, maxColumns: 2).map { row in
                guard let kind = PersonCue.Kind(rawValue: row.fields[1]) else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                if kind == .prefix || kind == .place, row.fields[0].unicodeScalars.count != 1 {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields[0])
                }
                return PersonCue(word: row.fields[0], kind: kind)
            }
        }
    }

    /// `org-suffixes.tsv`.
    public func organizationSuffixes() throws -> [OrganizationSuffix] {
        try orgSuffixesOnce.get {
            guard let f = try Self.file("org-suffixes.tsv", in: directory) else { return [] }
            return try f.tabRows(minColumns: 2, maxColumns: 2).map { row in
                let parts = row.fields[1].split(separator: ",").map(Self.trimmed)
                guard let kind = parts.first, !kind.isEmpty else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                return OrganizationSuffix(word: row.fields[0], kind: kind, weak: parts.dropFirst().contains("weak"),
                                          plain: parts.count == 1 && row.fields[1] == kind, alone: parts.dropFirst().contains("alone"))
            }
        }
    }

    /// `place-suffixes.tsv` with the strong heads of `org-suffixes.tsv` (`PlaceRules.load`).
    public func placeRules() throws -> PlaceRules {
        try placeRulesOnce.get { try PlaceRules.read(tables: self) }
    }

    /// The organisations of `organizations.tsv` plus the user's `nt` words (kind `other`).
    var allOrganizations: [Organization] {
        organizations + userOrganizations.map { Organization(name: $0, kind: "other", aliases: []) }
    }

    /// `matchKeys` of each of `allOrganizations`, in the same order (a user's word is its one key).
    var allOrganizationKeys: [[String]] {
        organizationKeys + userOrganizations.map { [$0] }
    }

    static func organizations(in f: DictionaryFile) throws -> [Organization] {
        try f.tabRows(minColumns: 2, maxColumns: 4).map { row in
            // Built only when thrown (joining the fields costs more than parsing them).
            func bad() -> ZhError {
                ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
            }
            guard !row.fields[1].isEmpty else { throw bad() }
            var o = Organization(name: row.fields[0], kind: row.fields[1],
                                 aliases: row.fields.count >= 3 ? LexiconSet.aliasList(row.fields[2]) : [])
            guard row.fields.count == 4 else { return o }
            for fact in row.fields[3].split(separator: ";") {
                let kv = fact.split(separator: "=", maxSplits: 1).map(Self.trimmed)
                guard kv.count == 2, !kv[1].isEmpty else { throw bad() }
                switch kv[0] {
                case "region" where ["HK", "MO", "TW"].contains(kv[1]): o.region = kv[1]
                case "since": guard let y = Int(kv[1]) else { throw bad() }; o.since = y
                case "until": guard let y = Int(kv[1]) else { throw bad() }; o.until = y
                case "successor": o.successor = kv[1]
                case "shared": o.shared = LexiconSet.aliasList(kv[1])
                case "ambiguous": o.ambiguous = LexiconSet.aliasList(kv[1])
                default: throw bad()
                }
            }
            return o
        }
    }

    /// `text` trimmed of `CharacterSet.whitespaces` (general category Zs and tab). Foundation's
    /// trimming costs thousands of instructions a call and the columns rarely need it: it runs
    /// only when an end is white space (every Zs character and the tab are).
    static func trimmed(_ text: Substring) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              CharacterClass.isWhitespace(first) || CharacterClass.isWhitespace(last) else { return String(text) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The keys an organisation is matched by in the analysis text: name and aliases, and for a
    /// body written in traditional characters (a `region` entry) their simplified forms too.
    static func matchKeys(_ o: Organization) -> [String] {
        let written = [o.name] + o.aliases
        guard o.region != nil else { return written }
        let folder = TextFolder(script: .traditional)
        var keys = written
        for w in written {
            let k = folder.fold(w)
            if !keys.contains(k) { keys.append(k) }
        }
        return keys
    }
}

/// The name tables (`surnames.tsv`, `given-chars.tsv`, `foreign-name-chars.txt`, plus known
/// names), in file order.
public struct NameTables: Sendable {
    public struct Surname: Hashable, Sendable {
        public var name: String
        /// People per million bearing it.
        public var weight: Double
        /// Also a common word or character (marked `ambiguous`).
        public var ambiguous: Bool
    }

    public struct GivenCharacter: Hashable, Sendable {
        public var character: Unicode.Scalar
        public var weight: Double
    }

    public var surnames: [Surname] = []
    public var givenCharacters: [GivenCharacter] = []
    /// Characters of transliterated foreign names.
    public var foreignCharacters: [Unicode.Scalar] = []
    /// Whole names known as people: `foreign-names.txt` and the user's `nr` words.
    public var knownNames: [String] = []

    public init() {}

    init(directory: URL, knownNames: [String]) throws {
        self.knownNames = knownNames
        if let f = try DictionaryTables.file("surnames.tsv", in: directory) {
            for row in try f.tabRows(minColumns: 2, maxColumns: 3) {
                guard let w = Double(row.fields[1]), w >= 0 else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                surnames.append(Surname(name: row.fields[0], weight: w,
                                        ambiguous: row.fields.count == 3 && row.fields[2] == "ambiguous"))
            }
        }
        if let f = try DictionaryTables.file("given-chars.tsv", in: directory) {
            for row in try f.tabRows(minColumns: 2, maxColumns: 2) {
                let scalars = Array(row.fields[0].unicodeScalars)
                guard scalars.count == 1, let w = Double(row.fields[1]), w >= 0 else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                givenCharacters.append(GivenCharacter(character: scalars[0], weight: w))
            }
        }
        if let f = try DictionaryTables.file("foreign-name-chars.txt", in: directory) {
            for line in f.lines {
                let scalars = Array(DictionaryTables.trimmed(line.text).unicodeScalars)
                guard scalars.count == 1 else {
                    throw ZhError.malformedLexiconLine(file: f.path, line: line.number, text: String(line.text))
                }
                foreignCharacters.append(scalars[0])
            }
        }
    }
}

/// A value computed once, on first use, by whichever thread asks first (the others wait).
final class Once<Value: Sendable>: Sendable {
    private let state = Mutex<Result<Value, any Error>?>(nil)

    init() {}

    func get(_ make: () throws -> Value) throws -> Value {
        try state.withLock { state in
            if state == nil { state = Result { try make() } }
            return try state!.get()
        }
    }
}
