import Foundation

/// The tables the organisation extractor reads.
///
/// - `organizations.tsv`: `name<TAB>kind<TAB>aliases` (aliases comma-separated, may be empty);
/// - `org-suffixes.tsv`: `suffix<TAB>kind[,weak]` — head words that end an organisation name;
///   `weak` marks single characters (局, 部, 社…) that need a strong name before them;
/// - `places.tsv` names and aliases, so a place prefix (浙江大学, 上城团区委) is recognised even
///   when the place stage did not tag it.
/// Each file is read once by `DictionaryTables`.
public struct OrganizationLexicon: Sendable {
    /// Names and aliases; the entry's tag is the kind.
    public private(set) var names = Lexicon()
    /// Alias → canonical name.
    public private(set) var canonical: [String: String] = [:]
    /// Aliases that are also ordinary words or names (公牛, 大华): organisations only with context.
    public private(set) var ambiguous: Set<String> = []
    /// Keys of Hong Kong, Macao and Taiwan bodies only (教育局, 民政局 of Hong Kong): matched in
    /// traditional-script articles only, unless the key opens with its region (香港赛马会).
    public private(set) var regionalKeys: Set<String> = []
    /// Parallel to `names.entries`: whether the entry's word is in `regionalKeys` / `ambiguous`,
    /// so a match reads a flag instead of hashing its (non-ASCII) word.
    private(set) var isRegional: [Bool] = []
    private(set) var isAmbiguous: [Bool] = []
    /// Parallel to `names.entries`: `canonical[word] ?? word` of the entry, found once here (a
    /// look-up of a Han key by `String` cost ~1.2 K instructions per name reported).
    private var canonicalNames: [String] = []
    /// Suffixes; tag is the kind, frequency 1 for weak suffixes, 2 for strong ones and 3 for
    /// strong ones that name a body alone (人大, 政协).
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
    func canonicalName(_ index: Int) -> String { canonicalNames[index] }

    @inline(__always)
    func isLevelChar(_ c: Unicode.Scalar) -> Bool { levelChars.contains(c.value) }

    /// The tables of a dictionary folder (parsed once, shared with the other stages), with the
    /// user's `nt` words as organisations of kind `other`.
    public init(tables: DictionaryTables) throws {
        let organizations = tables.allOrganizations, organizationKeys = tables.allOrganizationKeys
        // Tables sized up front: grown by doubling, they hashed every key again at each step
        // (~1 K instructions a hash of a Han key).
        let keyCount = organizationKeys.reduce(0) { $0 + $1.count }
        var general = Set<String>(minimumCapacity: keyCount)
        for (organization, keys) in zip(organizations, organizationKeys) where organization.region == nil {
            for key in keys { general.insert(key) }
        }
        // A name that opens with its region (香港赛马会, 澳门立法会) names that body in any article;
        // the resolver keeps it as written outside the region's own articles.
        let regionNames = ["香港", "澳门", "澳門", "台湾", "臺灣", "台灣"]
        for (organization, keys) in zip(organizations, organizationKeys) where organization.region != nil {
            for key in keys where !general.contains(key) && !regionNames.contains(where: { key.hasPrefix($0) }) {
                regionalKeys.insert(key)
            }
        }
        canonical.reserveCapacity(keyCount)
        // An alias belongs to the first organisation that names it: claimed in one look-up.
        func claim(_ owner: inout String?, for name: String) -> Bool {
            guard owner == nil else { return false }
            owner = name
            return true
        }
        for (organization, keys) in zip(organizations, organizationKeys) {
            let name = organization.name, kind = organization.kind
            names.insert(LexiconEntry(word: name, frequency: 2, tag: kind))
            canonical[name] = name
            for alias in organization.ambiguous { ambiguous.insert(alias) }
            for alias in keys.dropFirst() where claim(&canonical[alias], for: name) {
                names.insert(LexiconEntry(word: alias, frequency: 1, tag: kind))
            }
        }
        for suffix in try tables.organizationSuffixes() {
            suffixes.insert(LexiconEntry(word: suffix.word, frequency: suffix.weak ? 1 : suffix.alone ? 3 : 2, tag: suffix.kind))
        }
        for cue in try tables.personCues() where cue.kind == .title {
            titles.insert(LexiconEntry(word: cue.word, frequency: 1, tag: "title"))
        }
        var lastCounts: [UInt32: Int] = [:]
        for place in tables.places {
            if let last = place.name.unicodeScalars.last { lastCounts[last.value, default: 0] += 1 }
            places.insert(LexiconEntry(word: place.name, frequency: 1, tag: "ns"))
            for alias in place.aliases where alias.unicodeScalars.count >= 2 {
                places.insert(LexiconEntry(word: alias, frequency: 1, tag: "ns"))
            }
        }
        levelChars = Set(lastCounts.filter { $0.value >= 20 }.keys)
        starts = StartFilter([(names, 1), (suffixes, 1), (places, 2)])
        // Set through the entries the keys match (the sets are small; hashing every entry is not).
        isRegional = .filled(false, count: names.entries.count)
        for key in regionalKeys { if let i = names.lookupIndex(key) { isRegional[i] = true } }
        isAmbiguous = .filled(false, count: names.entries.count)
        for key in ambiguous { if let i = names.lookupIndex(key) { isAmbiguous[i] = true } }
        // Every entry's word is a key of `canonical` (a name sets it, an alias is entered only
        // when it claimed it): the keys are walked to their entries in the trie, no key hashed.
        // A word spelled otherwise than its key (canonically equal, other code points) is left
        // to a look-up of its own.
        var byEntry = [String?](repeating: nil, count: names.entries.count)
        for (key, name) in canonical { if let i = names.lookupIndex(key) { byEntry[i] = name } }
        canonicalNames = names.entries.indices.map { i in
            byEntry[i] ?? (canonical[names.entries[i].word] ?? names.entries[i].word)
        }
    }
}
