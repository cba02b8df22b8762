public enum EntityType: String, Codable, Sendable, CaseIterable {
    case person
    case place
    case organization
}

/// Administrative level of a place, from country down to township.
public enum PlaceLevel: String, Codable, Sendable, CaseIterable, Comparable {
    /// `region`: a continent or a region of the world or of a country (亚洲, 中东, 华北), above
    /// countries; `feature`: a river, lake, sea, mountain, plateau or island (长江, 太平洋), outside
    /// the administrative hierarchy.
    case region, country, province, prefecture, county, township, village, community, zone, other, feature

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    /// County level and below (not a natural feature).
    var isLocal: Bool { self >= .county && self != .feature }
    public static func < (lhs: PlaceLevel, rhs: PlaceLevel) -> Bool { lhs.rank < rhs.rank }
}

/// One occurrence of an entity in the text.
public struct Mention: Hashable, Codable, Sendable {
    public var start: Int
    public var end: Int
    /// The source text of the mention (original characters, not folded).
    public var text: String
    public var sentence: Int?

    public init(range: TextRange, text: String, sentence: Int? = nil) {
        self.start = range.start
        self.end = range.end
        self.text = text
        self.sentence = sentence
    }

    public var range: TextRange { TextRange(start: start, end: end) }

    /// The JSON keys in the (sorted) order they are written: the one key list of the type, read
    /// by `Codable`, `JSONWriter` and `JSONReader` alike.
    public enum CodingKeys: String, CodingKey, CaseIterable { case end, sentence, start, text }
}

/// A person, place or organisation with every mention. Records and the knowledge base store it
/// as it is (an article's entity adds nothing to it).
public struct Entity: Hashable, Codable, Sendable {
    /// The JSON keys in the (sorted) order they are written: the one key list of the type, read
    /// by `Codable`, `JSONWriter` and `JSONReader` alike.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case aliases, kind, level, mentions, name, parent, partial, roles, surname, type
    }

    public var type: EntityType
    /// Canonical name (gazetteer name for places, full name for people when known).
    public var name: String
    public var aliases: [String]
    public var mentions: [Mention]
    /// Places: administrative level and parent's canonical name.
    public var level: PlaceLevel?
    public var parent: String?
    /// Organisations: kind from the gazetteer or suffix (university, company…).
    public var kind: String?
    /// People known only by a partial reference (小赵, 褚律师): `partial` is true and `surname` is set.
    public var partial: Bool?
    public var surname: String?
    /// Roles seen next to the mentions (书记, 律师…).
    public var roles: [String]?

    public init(type: EntityType, name: String, aliases: [String] = [], mentions: [Mention] = [],
                level: PlaceLevel? = nil, parent: String? = nil, kind: String? = nil,
                partial: Bool? = nil, surname: String? = nil, roles: [String]? = nil) {
        self.type = type
        self.name = name
        self.aliases = aliases
        self.mentions = mentions
        self.level = level
        self.parent = parent
        self.kind = kind
        self.partial = partial
        self.surname = surname
        self.roles = roles
    }
}
