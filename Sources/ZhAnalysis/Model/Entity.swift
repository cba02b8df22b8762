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
        case aliases, canonical, kind, level, mentions, name, parent, partial, roles, scope, surname, type
    }

    public var type: EntityType
    /// The name as the article writes it: the fullest form among the mentions, in the article's
    /// own script and era (立法會 stays traditional, a 2012 农业部 stays 农业部). Never a name the
    /// article does not write.
    public var name: String
    /// The dictionary name the written name resolves to, when it differs and the article gives the
    /// evidence (杭州 → 杭州市; 世贸组织 → 世界贸易组织; 农业部 in an article dated after 2018 →
    /// 农业农村部). Nil when the written name is the identity. The knowledge base merges entities of
    /// different articles on `canonical ?? name`.
    /// (Spelled `Optional<String>`: such a property takes no default in the implicit memberwise
    /// initialiser, so that no call of the public one, which names `canonical` last, also fits it.)
    public var canonical: Optional<String>
    /// Scoped short names of organs (省委, 市政府, 区委, 街道党工委): the place they belong to, from
    /// the text (the nearest place of the right level). Two scopes are two entities; a scoped name
    /// without a scope belongs to its article only (see `isScoped`).
    public var scope: String?
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
}

extension Entity {
    /// Calls the implicit memberwise initialiser: one that assigns the properties one by one
    /// built the entity twice and copied it on return (a retain and a release of every string
    /// and array, for each entity an extractor makes; Swift 6.3).
    public init(type: EntityType, name: String, aliases: [String] = [], mentions: [Mention] = [],
                level: PlaceLevel? = nil, parent: String? = nil, kind: String? = nil,
                partial: Bool? = nil, surname: String? = nil, roles: [String]? = nil,
                canonical: String? = nil, scope: String? = nil) {
        self.init(type: type, name: name, canonical: canonical, scope: scope, aliases: aliases, mentions: mentions,
                  level: level, parent: parent, kind: kind, partial: partial, surname: surname, roles: roles)
    }
}

/// Scoped short names of organs: a level word (省, 市, 县, 区, 街道…) and a government or party
/// head (委, 政府, 人大, 政协…) with no place before them (省委, 市政府, 区人大常委会, 街道党工委).
/// Such a name means a different body in every province, city or district: it is one entity only
/// together with its `Entity.scope`.
public enum ScopedName {
    /// Level words, longest first.
    static let levels = ["自治区", "自治州", "街道", "省", "市", "县", "区", "州", "盟", "旗", "镇", "乡"]
    /// Heads of government and party bodies (simplified; the analysis text is folded).
    static let heads: Set<String> = [
        "委", "政府", "人民政府", "人大", "人大常委会", "政协", "纪委", "监委", "纪委监委", "党委", "党工委",
        "委员会", "常委会", "委办公厅", "政府办公厅", "委办公室", "政府办公室", "委组织部", "委宣传部",
        "委统战部", "委政法委", "法院", "人民法院", "检察院", "人民检察院", "中级人民法院", "高级人民法院",
        "公安厅", "公安局", "财政厅", "财政局", "教育厅", "教育局", "卫健委", "发改委", "总工会", "妇联",
        "团委", "工商联", "科协", "文联", "残联", "红十字会", "政协委员会",
    ]

    /// The traditional characters of `levels` and `heads` and their simplified forms.
    static let simplified: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs = Array("縣县區区鄉乡鎮镇黨党協协紀纪監监會会團团聯联檢检財财廳厅衛卫發发組组織织傳传統统戰战辦办殘残紅红員员廣广專专長长".unicodeScalars)
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for k in stride(from: 0, to: pairs.count - 1, by: 2) { map[pairs[k]] = pairs[k + 1] }
        return map
    }()

    /// The first code points of `levels` (folded as `isScoped` folds them).
    static let levelStarts = Set(levels.compactMap(\.unicodeScalars.first))

    /// The code points that fold to one of `levelStarts`: a name starting with any other is not
    /// scoped (a short list scanned, instead of a map and a set hashed for every name).
    static let scopedStarts: [Unicode.Scalar] =
        (Array(levelStarts) + Array(simplified.keys)).filter { levelStarts.contains(simplified[$0] ?? $0) }

    /// True when `name` (simplified or traditional) is a level word and a head.
    public static func isScoped(_ name: String) -> Bool {
        // Most names start with no level word: answered from the first code point (a CJK
        // compatibility ideograph may still compare equal to one, so those take the full test).
        // (The first code point decoded by the iterator: `unicodeScalars.first` went through the
        // collection's index validation, some 100 instructions.)
        var scalars = name.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return false }
        if !scopedStarts.contains(first), !(0xF900...0xFAFF).contains(first.value), !(0x2F800...0x2FA1F).contains(first.value) {
            return false
        }
        var view = String.UnicodeScalarView()
        for c in name.unicodeScalars { view.append(simplified[c] ?? c) }
        let folded = String(view)
        for level in levels where folded.hasPrefix(level) {
            if heads.contains(String(folded.dropFirst(level.count))) { return true }
        }
        return false
    }

    /// True for an organisation whose name is scoped.
    public static func isScoped(_ entity: Entity) -> Bool {
        entity.type == .organization && isScoped(entity.name)
    }
}
