import Foundation

/// Runs the trained entity tagger (`EntityModel`) over every sentence and combines what it finds
/// with the rule extractors' entities (bylines, gazetteer and administrative hierarchy, person
/// cues, organisation heads), by one decision per type (`EntityCombination`). The rules' reading
/// of each character is one of the tagger's features (trained on the rules' output over the
/// training corpus), so the model learns where they are right and where they miss.
///
/// Runs after the people, places and organisations stages: it reads their entities and the
/// segmenter's tokens, and adds or replaces entities.
public struct EntityTagger: Stage, Sendable {
    public let name = "tag-entities"
    public let model: EntityModel
    public let tables: EntityFeatures.Tables
    public var combination: EntityCombination

    public init(lexicons: LexiconSet, combination: EntityCombination = .standard) throws {
        self.init(model: try EntityModel.load(from: lexicons.directory),
                  tables: try EntityFeatures.Tables(tables: lexicons.tables), combination: combination)
    }

    public init(model: EntityModel, tables: EntityFeatures.Tables, combination: EntityCombination = .standard) {
        self.model = model
        self.tables = tables
        self.combination = combination
    }

    /// The tagger's spans over the whole document, sentence by sentence (in text order).
    public func spans(in document: Document) -> [(range: TextRange, type: EntityType)] {
        var context = EntityContext()
        var out: [(range: TextRange, type: EntityType)] = []
        spans(in: document, context: &context, into: &out)
        return out
    }

    /// `spans(in:)` appended to `out`, each sentence's features read from `context` filled anew
    /// (one context serves a batch: its arrays are allocated once).
    func spans(in document: Document, context: inout EntityContext, into out: inout [(range: TextRange, type: EntityType)]) {
        // (Closures below read the text, not `document`: capturing the document copied it.)
        let analysis = document.analysis
        let sentences = document.sentences.isEmpty ? [Sentence(index: 0, range: document.fullRange)] : document.sentences
        var t = 0
        let tokens = document.tokens
        // (Taken out of the context while it is filled, as `EntityContext.fill` does with its arrays.)
        var rules: [UInt8] = []
        swap(&rules, &context.rules)
        EntityLabel.labels(of: document.entities, length: document.length, into: &rules)
        defer { swap(&rules, &context.rules) }
        for sentence in sentences {
            let r = sentence.range.start..<sentence.range.end
            guard !r.isEmpty else { continue }
            // Only sentences with an ideograph can hold a Chinese name the model knows about.
            // (The unified ideographs, most of the text, are Ideographic: no property look-up.)
            guard r.contains(where: {
                let c = analysis[$0]
                return CharacterClass.isUnifiedIdeograph(c) || c.properties.isIdeographic
            }) else { continue }
            while t < tokens.count && tokens[t].range.end <= r.lowerBound { t += 1 }
            var u = t
            while u < tokens.count && tokens[u].range.start < r.upperBound { u += 1 }
            context.fill(analysis, range: r, tokens: tokens[t..<u], rules: rules, tables: tables)
            model.withLabels(context: &context) { labels in
                EntityLabel.forEachSpan(labels, start: r.lowerBound) { range, type in
                    // (Most spans hold no space: they are their one piece.)
                    if (range.start..<range.end).contains(where: { CharacterClass.isWhitespace(analysis[$0]) }) {
                        for piece in Self.pieces(of: range, in: analysis) { out.append((piece, type)) }
                    } else {
                        out.append((range, type))
                    }
                }
            }
        }
    }

    /// A name neither starts nor ends with white space, and a span the tagger ran across a space
    /// between two names of two or more characters (the bylines 王雷　危玮) is two names; a space
    /// inside one name stays (a two-character name padded to three: 刘 洋).
    static func pieces(of range: TextRange, in s: [Unicode.Scalar]) -> [TextRange] {
        var runs: [TextRange] = []
        var start = range.start
        for i in range.start...range.end where i == range.end || CharacterClass.isWhitespace(s[i]) {
            if i > start { runs.append(TextRange(start: start, end: i)) }
            start = i + 1
        }
        guard var current = runs.first else { return [] }
        var out: [TextRange] = []
        for run in runs.dropFirst() {
            if current.length >= 2 && run.length >= 2 {
                out.append(current)
                current = run
            } else {
                current = TextRange(start: current.start, end: run.end)
            }
        }
        out.append(current)
        return out
    }

    public func process(_ document: inout Document) throws {
        var context = EntityContext()
        process(&document, context: &context)
    }

    /// `process` over a batch, with one `EntityContext` for all its sentences.
    public func process(batch documents: inout [Document], errors: inout [ZhError?]) {
        var context = EntityContext()
        for i in documents.indices where errors[i] == nil { process(&documents[i], context: &context) }
    }

    /// `process`, the sentences' features read from `context` (see `spans(in:context:)`).
    func process(_ document: inout Document, context: inout EntityContext) {
        guard combination.usesModel else { return }
        let analysis = document.analysis
        let cuts = document.tokenCuts
        let known = tables.knownPeople
        // The spans go to an array the context keeps from document to document (taken out while
        // in use; emptied, its room stays).
        var found: [(range: TextRange, type: EntityType)] = []
        swap(&found, &context.spans)
        found.removeAll(keepingCapacity: true)
        defer { swap(&found, &context.spans) }
        spans(in: document, context: &context, into: &found)
        // Spans trimmed in place (a mapped copy was one more array per document): the tagger's
        // people where it found any (most documents: none), then its organisations.
        if found.contains(where: { $0.type == .person }) { trimPeople(&found, in: analysis, entities: document.entities) }
        for i in found.indices where found[i].type == .organization {
            found[i].range = trimmedOrganization(found[i].range, in: analysis)
        }
        combination.combine(found,
                            into: &document, accept: { range, type in
            plausible(range, type, in: analysis, cuts: cuts)
        }, keep: { range, type in
            type == .person && range.end <= analysis.count && known.lookupIndex(analysis, range.start, range.end) != nil
        }, describesKind: { range in
            describesKind(range, in: analysis, cuts: cuts)
        })
    }

    /// The tagger's people in `found` trimmed (`trimmedName`), or made the places the rules read
    /// there (`placeNotPerson`), by the rules' people and places in `entities` (a few: scanned,
    /// not hashed).
    private func trimPeople(_ found: inout [(range: TextRange, type: EntityType)], in s: [Unicode.Scalar], entities: [Entity]) {
        let rulePeople = FewKeys(mentionRanges(of: .person, in: entities))
        let rulePlaces = FewKeys(mentionRanges(of: .place, in: entities))
        for i in found.indices where found[i].type == .person {
            let range = found[i].range
            found[i] = placeNotPerson(range, in: s, rulePlaces: rulePlaces)
                ? (range, .place) : (trimmedName(range, in: s, rules: rulePeople), .person)
        }
    }

    /// Whether a title or a familiar suffix (`person-cues.tsv`), or 某, follows `range`, or a
    /// familiar prefix (老, 小, 阿) stands before it.
    func referenceCue(around range: TextRange, in s: [Unicode.Scalar]) -> Bool {
        // 某 (刘某) and 老 (胡老: a cue of both sides, stored as a prefix) follow a surname.
        if range.end < s.count && (s[range.end] == "某" || s[range.end] == "老") { return true }
        let title = EntityFeatures.Tables.cueCode(.title), suffix = EntityFeatures.Tables.cueCode(.suffix)
        let prefix = EntityFeatures.Tables.cueCode(.prefix)
        var found = false
        if range.end < s.count {
            tables.cues.forEachMatchIndex(in: s, from: range.end, limit: min(s.count, range.end + 6)) { _, index in
                let code = Int(tables.cueCodes[index])
                if code == title || code == suffix { found = true }
            }
        }
        if !found && range.start > 0 {
            tables.cues.forEachMatchIndex(in: s, from: range.start - 1, limit: range.start) { _, index in
                if Int(tables.cueCodes[index]) == prefix { found = true }
            }
        }
        return found
    }

    /// A person of surname + two characters whose last one is no given-name character
    /// (`given-chars.tsv`) while the rules read the first two as the name (a title before it):
    /// the last is the verb after the name (省长刘捷|作政府工作报告).
    func trimmedName(_ range: TextRange, in s: [Unicode.Scalar], rules: FewKeys<TextRange>) -> TextRange {
        guard rules.contains(TextRange(start: range.start, end: range.end - 1)) else { return range }
        typealias Info = EntityFeatures.Tables.CharInfo
        guard range.length == 3, range.end <= s.count else { return range }
        let first = tables.info(s[range.start].value), middle = tables.info(s[range.start + 1].value)
        let last = tables.info(s[range.start + 2].value)
        guard first & Info.surname != 0, middle & Info.given != 0, last & (Info.given | Info.foreign) == 0,
              tables.compoundSurnames.longestMatchIndex(in: s, from: range.start, limit: range.end) == nil else { return range }
        return TextRange(start: range.start, end: range.end - 1)
    }

    /// Directions that open the name of a part of a place (东九龙, 西九龙: East and West Kowloon).
    static let directions: Set<Unicode.Scalar> = ["东", "西", "南", "北"]

    /// A tagger person of three or more characters that the rules read as a place (黄竹坑), or a
    /// direction before a rule place (东|九龙), is that place: a place name of that length is
    /// seldom a person's, and a direction + place names a part of it. (Two characters stay a
    /// person: 洛桑, 江山 are names too.)
    func placeNotPerson(_ range: TextRange, in s: [Unicode.Scalar], rulePlaces: FewKeys<TextRange>) -> Bool {
        guard range.length >= 3, range.end <= s.count else { return false }
        if rulePlaces.contains(range) { return true }
        return Self.directions.contains(s[range.start]) && rulePlaces.contains(TextRange(start: range.start + 1, end: range.end))
    }

    static let conjunctions: Set<Unicode.Scalar> = ["和", "与", "及", "、", "或", "同"]

    /// Words naming an administrative level, not a place (街道, 市县).
    static let levelWords: Set<String> = ["省", "市", "县", "区", "镇", "乡", "村", "街道", "社区", "乡镇", "市县", "省市", "区县",
                                          "县市", "各级", "地方", "基层", "全省", "全市", "全县", "全区"]

    static let openingBrackets: [Unicode.Scalar: Unicode.Scalar] = ["（": "）", "(": ")", "《": "》", "〈": "〉", "【": "】", "［": "］", "[": "]", "「": "」", "『": "』", "“": "”"]
    static let closingBrackets = Set(openingBrackets.values)

    /// The brackets of both sides (`openingBrackets`) by the low byte of their code points, one
    /// bit each: a character whose bit is clear is no bracket, known without hashing it (most
    /// names hold none).
    static let bracketLowBytes: SIMD4<UInt64> = {
        var bits = SIMD4<UInt64>()
        for (open, close) in openingBrackets {
            for v in [open.value, close.value] { bits[Int(v & 0xFF) >> 6] |= 1 << UInt64(v & 63) }
        }
        return bits
    }()

    /// Whether every bracket in `text` closes inside it, in order.
    static func bracketsBalanced(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var open: [Unicode.Scalar] = []
        let bracketBits = bracketLowBytes
        for c in text {
            guard bracketBits[Int(c.value & 0xFF) >> 6] >> UInt64(c.value & 63) & 1 != 0 else { continue }
            if let close = openingBrackets[c] { open.append(close) } else if closingBrackets.contains(c) {
                guard open.last == c else { return false }
                open.removeLast()
            }
        }
        return open.isEmpty
    }

    /// A span the tagger found where no rule mention stands must look like its type: a person
    /// starts with a surname or is written in transliteration characters (大华 in a list of
    /// companies is not a person); an organisation is a known name or ends with an organisation
    /// head after a name part — a head word of two or more characters in a name of four or more,
    /// a one-character head (部, 局, 委) after a name part the segmenter reads as one word in a
    /// name of three (内政部, 司法部; not the short form 纪工委, not 农|广|校, not a bare 高校); a one-character place short form stands next to another (中美), and
    /// 中 after a province's short form is its middle (滇中), not China.
    public func plausible(_ range: TextRange, _ type: EntityType, in s: [Unicode.Scalar], cuts: [Bool]? = nil) -> Bool {
        typealias Info = EntityFeatures.Tables.CharInfo
        // A name holds both brackets of a pair or neither (市县中心医院（中医院 is cut short).
        if !Self.bracketsBalanced(s[range.start..<range.end]) { return false }
        switch type {
        case .place:
            // A one-character short form stands next to another (中美) or is a word of its own
            // before a word of two or more characters (俄|总统, 驻|华|使节); else it is likely the
            // first character of a word (英|飞|特).
            guard range.length == 1 else { return true }
            // 滇中, 苏中: the middle of a province, not China.
            if s[range.start] == "中", range.start > 0, tables.provinceAbbreviations.contains(s[range.start - 1].value) { return false }
            // 四港, 四大港, 两岸: after a numeral it counts things (ports, shores), it names no place.
            func numeral(_ k: Int) -> Bool {
                k >= 0 && (NumeralCharacters.isNumeralCharacter(s[k]) || s[k].properties.numericType != nil)
            }
            if numeral(range.start - 1) || (range.start > 0 && s[range.start - 1] == "大" && numeral(range.start - 2)) { return false }
            let before = range.start > 0 ? tables.info(s[range.start - 1].value) : 0
            let after = range.end < s.count ? tables.info(s[range.end].value) : 0
            if (before | after) & Info.abbreviation != 0 { return true }
            guard let cuts, range.end < s.count, cuts.count > range.end, tables.info(s[range.start].value) & Info.abbreviation != 0,
                  cuts[range.start], cuts[range.end] else { return false }
            var next = range.end + 1
            while next < cuts.count - 1 && !cuts[next] { next += 1 }
            return next - range.end >= 2 && (range.end..<next).allSatisfy { s[$0].properties.isIdeographic }
        case .person:
            // A surname alone is a person only as a reference with a title or a familiar
            // prefix or suffix (江主席, 张医生, 胡老, 老于, 刘某); elsewhere it is the first
            // character of a word (連家長, 马列主义).
            if range.length == 1 && !referenceCue(around: range, in: s) { return false }
            func edge(_ c: Unicode.Scalar) -> Bool { c == "·" || c == "-" }
            if edge(s[range.start]) || edge(s[range.end - 1]) { return false }
            // 斯斯斯…: a character three times in a row is no name.
            for k in (range.start + 2)..<max(range.start + 2, range.end) where s[k] == s[k - 1] && s[k] == s[k - 2] { return false }
            if tables.info(s[range.start].value) & Info.surname != 0 { return true }
            if tables.compoundSurnames.longestMatchIndex(in: s, from: range.start, limit: range.end) != nil { return true }
            return range.length >= 2 && (range.start..<range.end).allSatisfy {
                tables.info(s[$0].value) & Info.foreign != 0 || s[$0] == "·" || s[$0] == "-"
            }
        case .organization:
            // 小企业, 乡镇企业, 金融企业: 企业 names a kind of firm, never one firm (names end in 公司,
            // 集团, 厂), so a span ending in it is no organisation.
            if range.length >= 2, s[range.end - 2] == "企", s[range.end - 1] == "业" { return false }
            // A name of three characters needs a name part the segmenter reads as one word before
            // a one-character head (内政|部, 司法|部长); a short form (纪工委) or characters read
            // one by one (农|广|校) are no new organisation.
            guard range.length >= 4 || (range.length == 3 && cuts.map { c in
                range.end < c.count && c[range.start] && !c[range.start + 1] && c[range.start + 2]
            } == true) else { return false }
            var known = false
            tables.organizations.forEachMatchIndex(in: s, from: range.start, limit: range.end) { e, _ in
                if e == range.end { known = true }
            }
            if known { return true }
            // 市卫生局和县医院, 运输署联同医院管理局: a conjunction, a list mark or a joining word
            // right after a head joins two bodies.
            for k in (range.start + 2)..<max(range.start + 2, range.end - 1) where joiningWord(at: k, in: s, limit: range.end, conjunctions: true) > 0 {
                var joined = false
                for j in max(range.start, k - 6)..<k where !joined {
                    tables.orgSuffixes.forEachMatchIndex(in: s, from: j, limit: k) { e, _ in if e == k { joined = true } }
                }
                if joined { return false }
            }
            // The head: a word of two or more characters (委员会, 公司) in a name of four or more,
            // a one-character head in a name of three. The weak 中央 (民盟中央) needs the party's
            // name, which the rules find (北京中央 is a place's centre).
            var head = false, bare = false, founding = false
            let shortest = range.length >= 4 ? 2 : 1
            for k in max(range.start + 1, range.end - 7)...(range.end - shortest) where !head {
                tables.orgSuffixes.forEachMatchIndex(in: s, from: k, limit: range.end) { e, index in
                    if e == range.end && (e - k == 1 || tables.suffixWeak[index] == 0) {
                        head = true
                        bare = Self.levelWords.contains(ScalarText.string(s[range.start..<k]))
                        // 杭州成立公司: a verb of founding right before the head is the predicate.
                        founding = k - 2 >= range.start && OrganizationExtractor.foundingVerbs.lookupIndex(s, k - 2, k) != nil
                    }
                }
            }
            // 街道团工委, 市县卫生局: a level word before the head names no body (whose street?);
            // the rules give such a body its scope where the text names it.
            return head && !bare && !founding
        }
    }
}

/// The ranges of the mentions of the entities of `type`, in entity and mention order. (Read in
/// place, by index: a `for` over the entities, or `filter`, copies every entity it passes.)
private func mentionRanges(of type: EntityType, in entities: [Entity]) -> [TextRange] {
    var out: [TextRange] = []
    // (Appended one by one: `append(contentsOf:)` of a lazy map went through the generic sequence path.)
    for i in entities.indices where entities[i].type == type {
        for j in entities[i].mentions.indices {
            out.append(TextRange(start: entities[i].mentions[j].start, end: entities[i].mentions[j].end))
        }
    }
    return out
}

/// How the tagger's spans and the rule extractors' entities combine, one choice per type.
///
/// The decision (measured on the MSRA and People's Daily NER dev sets and the hand-annotated dev
/// articles; figures in `Dictionaries/README.md`, section ner.model):
/// - `rules`: only the rule extractors' entities of that type;
/// - `model`: the tagger's spans of that type; a rule mention of the type stays where the tagger
///   found the same span (its entity keeps the rules' canonical name and roles), at the other
///   mentions of a name so confirmed, and for partial references the tagger sees a person in;
/// - `union`: the rules' entities, plus every tagger span that overlaps no rule mention of any type
///   (the rules keep their canonical names, levels and kinds; the tagger fills what they miss);
/// - `confirmed`: the rules' mentions that a tagger span of the type overlaps (the rules' boundary,
///   name and roles stay; mentions the tagger does not see as that type go), plus every tagger
///   span that overlaps no rule mention.
/// A tagger span that no rule mention supports is added only where it looks like its type
/// (`EntityTagger.plausible`).
public struct EntityCombination: Sendable, Equatable {
    public enum Source: String, Sendable, CaseIterable { case rules, model, union, confirmed }
    public var person: Source
    public var place: Source
    public var organization: Source

    public init(person: Source, place: Source, organization: Source) {
        self.person = person
        self.place = place
        self.organization = organization
    }

    /// The same source for every type.
    public init(all source: Source) { self.init(person: source, place: source, organization: source) }

    /// The shipped decision (see the type's documentation).
    public static let standard = EntityCombination(person: .model, place: .model, organization: .union)

    public func source(_ type: EntityType) -> Source {
        switch type {
        case .person: return person
        case .place: return place
        case .organization: return organization
        }
    }

    /// A span of a type (the tagger's spans, looked up by the rules' mentions).
    private struct SpanKey: Hashable {
        var type: EntityType
        var start: Int
        var end: Int
    }

    /// A name of a type (`String` equality, as the names are compared everywhere else).
    private struct NameKey: Hashable {
        var type: EntityType
        var name: String
    }

    private static func bit(_ type: EntityType) -> UInt8 {
        switch type {
        case .person: return 1
        case .place: return 2
        case .organization: return 4
        }
    }

    /// `union` organisations: where the tagger's organisation holds a rule organisation and ends
    /// with it (日兴证券公司 over the rules' 兴证券公司, 英国曼彻斯特大学 over 曼彻斯特大学), the rules
    /// cut the name's start and the tagger's span is the name; a rule organisation that describes
    /// a kind (`describesKind`) stays only where the tagger found the same span. The rule mentions
    /// go here; the tagger's spans are added with the others.
    private func preferTaggedOrganizations(_ spans: [(range: TextRange, type: EntityType)], in document: inout Document,
                                           accept: (TextRange, EntityType) -> Bool, describesKind: (TextRange) -> Bool) {
        // (Entities read in place, by index: `contains(where:)` copies every entity it passes.)
        guard document.entities.indices.contains(where: { document.entities[$0].type == .organization }) else { return }
        // The tagger's organisations are read from `spans` in place (a filtered copy cost two
        // arrays a document).
        let length = document.length
        func isTagged(_ k: Int) -> Bool { spans[k].type == .organization && spans[k].range.end <= length }
        for i in document.entities.indices where document.entities[i].type == .organization {
            document.entities[i].mentions.removeAll { m in
                let r = m.range
                if spans.indices.contains(where: { isTagged($0) && spans[$0].range == r }) { return false }
                if describesKind(r) { return true }
                return spans.indices.contains { k in
                    isTagged(k) && spans[k].range.start < r.start && spans[k].range.end == r.end && accept(spans[k].range, .organization)
                }
            }
        }
    }

    public var usesModel: Bool { EntityType.allCases.contains { source($0) != .rules } }

    /// Most keys a look-up among a document's spans, mentions and entities scans (`KeyPositions`,
    /// `FewKeys`); above it they are hashed.
    static var scanLimit: Int { 32 }

    /// `spans` (the tagger's, in text order) combined with `document.entities` by type; a span
    /// that no rule mention supports is added only when `accept` says it looks like its type.
    /// `keep` names rule mentions of a `model` type that stay whatever the tagger found (a whole
    /// known name). `describesKind` names rule organisations that are no name by their own
    /// evidence (`EntityTagger.describesKind`): under `union` they stay only where the tagger
    /// found the same span.
    public func combine(_ spans: [(range: TextRange, type: EntityType)], into document: inout Document,
                        accept: (TextRange, EntityType) -> Bool = { _, _ in true },
                        keep: (TextRange, EntityType) -> Bool = { _, _ in false },
                        describesKind: (TextRange) -> Bool = { _ in false }) {
        combine(spans, into: &document, accept: accept, keep: keep, describesKind: describesKind, scanLimit: Self.scanLimit)
    }

    /// `combine` with look-ups that scan at most `scanLimit` keys (`FewKeys`); the tests compare
    /// the hashed look-ups with the scans.
    func combine(_ spans: [(range: TextRange, type: EntityType)], into document: inout Document,
                 accept: (TextRange, EntityType) -> Bool, keep: (TextRange, EntityType) -> Bool,
                 describesKind: (TextRange) -> Bool, scanLimit: Int) {
        // Nothing found by either side: nothing to combine.
        if spans.isEmpty && document.entities.isEmpty { return }
        // The two tables by code point live only in this call: temporary buffers (on the stack
        // for a short text), not arrays allocated and freed per document.
        let length = document.length
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { taggedAt in
            withUnsafeTemporaryAllocation(of: Cover.self, capacity: length) { cover in
                taggedAt.initialize(repeating: 0)
                cover.initialize(repeating: Cover())
                combine(spans, into: &document, accept: accept, keep: keep, describesKind: describesKind,
                        scanLimit: scanLimit, taggedAt: taggedAt, cover: cover)
            }
        }
    }

    /// Code points covered by a rule mention (any type), and the extent of the longest mention
    /// over each.
    private struct Cover {
        var covered = false, organization = false
        var start = 0, end = 0
    }

    /// `combine` with its tables by code point (`document.length` of each): the types the tagger
    /// found at each, one bit per type (0 throughout), and the rule mentions over each (empty).
    private func combine(_ spans: [(range: TextRange, type: EntityType)], into document: inout Document,
                         accept: (TextRange, EntityType) -> Bool, keep: (TextRange, EntityType) -> Bool,
                         describesKind: (TextRange) -> Bool, scanLimit: Int,
                         taggedAt: UnsafeMutableBufferPointer<UInt8>, cover: UnsafeMutableBufferPointer<Cover>) {
        // `model` types: a rule mention stays only where the tagger found the same span (its
        // entity keeps the rules' name, roles and level); the others go. (The spans, mentions and
        // entities of a document are few: scanned, not hashed, here and below, up to `scanLimit`.)
        // (Both key lists reserved for every span: grown by appending, each was copied as it grew.)
        var modelList: [SpanKey] = []
        if !spans.isEmpty { modelList.reserveCapacity(spans.count) }
        for (range, type) in spans where source(type) == .model {
            modelList.append(SpanKey(type: type, start: range.start, end: range.end))
        }
        let modelSpans = FewKeys(modelList, limit: scanLimit)
        // The types the tagger found at each code point.
        for (range, type) in spans where source(type) == .model || source(type) == .confirmed {
            for k in range.start..<min(range.end, document.length) { taggedAt[k] |= Self.bit(type) }
        }
        // A name the tagger confirmed once stays whole at its other mentions (邓美红 … 邓美红 where
        // the tagger cut the second short); a partial reference (褚律师, 老李) stays where the
        // tagger sees a person in it (the NER corpora tag only the surname).
        var confirmedList: [NameKey] = []
        // (Reserving room for none would still allocate.)
        if !modelList.isEmpty { confirmedList.reserveCapacity(modelList.count) }
        for i in document.entities.indices where source(document.entities[i].type) == .model {
            let type = document.entities[i].type
            for m in document.entities[i].mentions where modelSpans.contains(SpanKey(type: type, start: m.start, end: m.end)) {
                confirmedList.append(NameKey(type: type, name: m.text))
            }
        }
        let confirmedNames = FewKeys(confirmedList, limit: scanLimit)
        let length = document.length
        // A place named inside a rule organisation's name (浙江省 of 浙江省委) stays: the NER
        // corpora tag only the outer name, and the place scopes the body's later short forms
        // (浙江省委 … 省委).
        let organizations = mentionRanges(of: .organization, in: document.entities)
        func insideOrganization(_ r: TextRange) -> Bool {
            organizations.contains { $0.start <= r.start && r.end <= $0.end && $0.length > r.length }
        }
        // A rule place whose name holds the tagger's place (珞南 of 珞南街道: the head 街道, 社区,
        // 区 that the NER corpora leave out) stays whole, with its level.
        func placeInside(_ r: TextRange) -> Bool {
            spans.contains { $0.type == .place && r.start <= $0.range.start && $0.range.end <= r.end }
        }
        for i in document.entities.indices where source(document.entities[i].type) == .model {
            let type = document.entities[i].type, bit = Self.bit(type)
            let partial = document.entities[i].partial == true
            document.entities[i].mentions.removeAll { m in
                if modelSpans.contains(SpanKey(type: type, start: m.start, end: m.end)) || keep(m.range, type) { return false }
                if type == .place && (insideOrganization(m.range) || placeInside(m.range)) { return false }
                let seen = (m.start..<min(m.end, length)).contains { taggedAt[$0] & bit != 0 }
                return !(seen && (partial || confirmedNames.contains(NameKey(type: type, name: m.text))))
            }
        }
        // `confirmed` types: a rule mention stays where a tagger span of its type overlaps it.
        for i in document.entities.indices where source(document.entities[i].type) == .confirmed {
            let bit = Self.bit(document.entities[i].type)
            document.entities[i].mentions.removeAll { m in
                !(m.start..<min(m.end, length)).contains { taggedAt[$0] & bit != 0 }
            }
        }
        if organization == .union { preferTaggedOrganizations(spans, in: &document, accept: accept, describesKind: describesKind) }
        // (Tested in place first: `removeAll` rebuilds the array even when it removes nothing.)
        if document.entities.indices.contains(where: { document.entities[$0].mentions.isEmpty }) {
            document.entities.removeAll { $0.mentions.isEmpty }
        }
        // Code points covered by a rule mention (any type), and the extent of the longest mention over each.
        for i in document.entities.indices {
            let organization = document.entities[i].type == .organization
            for m in document.entities[i].mentions where m.start < m.end && m.end <= document.length {
                for k in m.start..<m.end where !cover[k].covered || cover[k].end - cover[k].start < m.end - m.start {
                    cover[k] = Cover(covered: true, organization: organization, start: m.start, end: m.end)
                }
            }
        }
        // An organisation the tagger found around rule mentions that lie wholly inside it (广州松日队
        // around the place 广州, 国务院残疾人工作协调委员会 around 国务院) is added over them: the
        // inner mentions stay, as the organisation stage keeps inner names. A rule organisation
        // with the same head (建德 + 更楼街道桥岭地瓜共富工坊) is that organisation already.
        func enclosesRules(_ r: TextRange) -> Bool {
            var inner = false
            for k in r.start..<r.end where cover[k].covered {
                let c = cover[k]
                if c.start < r.start || c.end > r.end || (c.start == r.start && c.end == r.end) { return false }
                if c.organization && c.end == r.end { return false }
                inner = true
            }
            return inner
        }
        // The entity a span's text names: the last of its type so named, else the first with the
        // text as an alias or a mention (a span added as a new entity is the last so named).
        // Scanned while the entities' names, aliases and mentions and the spans that may add to
        // them are at most `scanLimit`; else looked up in an index filled in entity order, names
        // overwriting and aliases and mentions filling only empty keys (the same answer), built
        // when the first span is added (most documents add none). (Scanning the first few
        // look-ups above it saved the hashing but cost as much in string comparisons, retains
        // and releases.)
        var keys = spans.count
        for i in document.entities.indices where keys <= scanLimit {
            keys += 1 + document.entities[i].aliases.count + document.entities[i].mentions.count
        }
        var index: [NameKey: Int]?
        func entity(_ type: EntityType, named text: String) -> Int? {
            if keys > scanLimit {
                if index == nil { index = Self.index(document.entities, room: spans.count) }
                return index![NameKey(type: type, name: text)]
            }
            // (Read in place, by index: `lastIndex(where:)` and `firstIndex(where:)` copy every
            // entity they pass to their closure.)
            let entities = document.entities
            // (`ScalarText.equal` is `==`, decided from the bytes for Han names.)
            for i in entities.indices.reversed() where entities[i].type == type && ScalarText.equal(entities[i].name, text) { return i }
            for i in entities.indices where entities[i].type == type
                && (entities[i].aliases.contains { ScalarText.equal($0, text) }
                    || entities[i].mentions.contains { ScalarText.equal($0.text, text) }) { return i }
            return nil
        }
        for (range, type) in spans {
            let source = source(type)
            guard source != .rules, range.end <= document.length else { continue }
            // Covered: a rule mention (kept above) is there already, or overlaps it.
            if (range.start..<range.end).contains(where: { cover[$0].covered }),
               !(type == .organization && source != .model && enclosesRules(range)) { continue }
            if !accept(range, type) { continue }
            let text = document.original(range)
            let mention = Mention(range: range, text: text, sentence: document.sentenceIndex(at: range.start))
            if let i = entity(type, named: text) {
                document.entities[i].mentions.append(mention)
                document.entities[i].mentions.sort { $0.range < $1.range }
            } else {
                index?[NameKey(type: type, name: text)] = document.entities.count
                document.entities.append(Entity(type: type, name: text, mentions: [mention]))
            }
        }
    }

    /// The entities by name, alias and mention text: the last entity so named, else the first
    /// with the text as an alias or a mention; with room for `room` more names (reserved: each
    /// growth rehashes every name).
    private static func index(_ entities: [Entity], room: Int) -> [NameKey: Int] {
        var byKey: [NameKey: Int] = [:]
        var count = room
        for i in entities.indices { count += 1 + entities[i].aliases.count + entities[i].mentions.count }
        byKey.reserveCapacity(count)
        // (Read in place, by index: `enumerated()` copies every entity.)
        for i in entities.indices {
            let type = entities[i].type
            byKey[NameKey(type: type, name: entities[i].name)] = i
            func add(_ name: String) {
                let key = NameKey(type: type, name: name)
                if byKey[key] == nil { byKey[key] = i }
            }
            for a in entities[i].aliases { add(a) }
            for m in entities[i].mentions.indices { add(entities[i].mentions[m].text) }
        }
        return byKey
    }
}
