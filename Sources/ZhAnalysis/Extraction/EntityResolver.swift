import Foundation

/// The last word on the entities of one article: true names, scopes and short forms.
///
/// - **Names as written.** An entity's `name` is the fullest form among its mentions, in the
///   article's own script (立法會 stays traditional; 關智偉 is not simplified), layout breaks
///   dropped. The extractors' dictionary name becomes `canonical` only with evidence: a place the
///   gazetteer resolved (杭州 → 杭州市); an organisation whose written form is a name or alias in
///   `organizations.tsv` *for this article*: an entry of a region (HK, MO, TW) serves articles of
///   that region, and in such an article a short form of a body elsewhere names nothing
///   (工黨 in a Hong Kong article is not 英国工党); a name in use until a year (农业部, until 2018)
///   resolves to its successor only in an article dated later, else it is its own body.
/// - **Short forms and abbreviations** of an organisation named earlier in the article join it
///   as mentions: the name without its place (桥岭地瓜共富工坊 after 更楼街道桥岭地瓜共富工坊) and
///   abbreviations that keep the first and last characters in order (中央农广校 after
///   中央农业广播电视学校).
/// - **References** to an organisation named before them join it as mentions (`findReferences`):
///   该 + a head word that fits the name (该校 after 杭州中学, 该公司 after 双枪科技股份有限公司), and
///   a lone 其 after an organisation that the sentence is about.
/// - **Scoped names** (省委, 市政府, 区委, 街道党工委; `ScopedName`) get `scope`: the place of
///   the right level in the title, else the nearest one written before the mention. Mentions
///   with different scopes are different entities; a scoped name without one keeps no scope and
///   stays its article's own.
public struct EntityResolver: Stage, Sendable {
    public let name = "entity names"
    let organizations: [DictionaryTables.Organization]
    /// Folded match key → indices into `organizations`.
    let byKey: [String: [Int]]
    /// The keys of `byKey` written in CJK unified ideographs only, as a trie (`keyLists[k]`: the
    /// list of its entry `k`), and whether it answers for every such key: a look-up of the
    /// written form by code points, no String built and hashed (~1.8 K instructions for a Han
    /// key). A String of unified ideographs equals another only when the code points are the same
    /// (`CharacterClass.isUnifiedIdeograph`) or when the other holds a compatibility ideograph
    /// that decomposes to one of them (`CharacterClass.isCompatibilityIdeograph`): the trie is
    /// used only when no key holds one.
    let keyTrie: Lexicon
    let keyLists: [[Int]]
    let keyTrieComplete: Bool
    let gazetteer: Gazetteer

    /// Takes the organisations' match keys the tables folded once (`DictionaryTables.organizationKeys`).
    public init(lexicons: LexiconSet) throws {
        let tables = lexicons.tables
        try self.init(organizations: tables.organizations, keys: tables.organizationKeys, gazetteer: tables.gazetteer())
    }

    public init(organizations: [DictionaryTables.Organization], gazetteer: Gazetteer) {
        self.init(organizations: organizations, keys: organizations.map(DictionaryTables.matchKeys), gazetteer: gazetteer)
    }

    /// `keys[i]` are the `matchKeys` of `organizations[i]`.
    init(organizations: [DictionaryTables.Organization], keys: [[String]], gazetteer: Gazetteer) {
        self.organizations = organizations
        self.gazetteer = gazetteer
        // Sized up front (rehashing the Han keys as the table grew cost more than filling it),
        // one look-up a key: indices come in increasing order, so an index already listed for
        // a key (an alias equal to the name) is the list's last.
        var byKey: [String: [Int]] = [:]
        byKey.reserveCapacity(keys.reduce(0) { $0 + $1.count })
        func add(_ i: Int, to list: inout [Int]) { if list.last != i { list.append(i) } }
        for (i, list) in keys.enumerated() {
            for key in list { add(i, to: &byKey[key, default: []]) }
        }
        self.byKey = byKey
        var trie = Lexicon()
        var lists: [[Int]] = []
        var complete = true
        for (key, list) in byKey {
            let scalars = key.unicodeScalars
            // A key with a compatibility ideograph equals (as a String) a key written with the
            // unified one: the trie, which compares code points, would miss it.
            if scalars.contains(where: CharacterClass.isCompatibilityIdeograph) { complete = false }
            guard !scalars.isEmpty, scalars.allSatisfy(CharacterClass.isUnifiedIdeograph) else { continue }
            let before = trie.count
            trie.insert(LexiconEntry(word: key, frequency: 1))
            // (Distinct keys of the dictionary never share their code points: each adds an entry.)
            if trie.count == before + 1 { lists.append(list) } else { complete = false }
        }
        keyTrie = trie
        keyLists = lists
        keyTrieComplete = complete && lists.count == trie.count
    }

    /// The `byKey` list of the match key written at `a[s..<e]` with that key, nil when there is
    /// none. A text of unified ideographs only (no layout break, the key is the text itself) is
    /// looked up in the trie when it answers for every key.
    func keyList(_ a: [Unicode.Scalar], _ s: Int, _ e: Int) -> (key: String, list: [Int])? {
        if keyTrieComplete, s < e, (s..<e).allSatisfy({ CharacterClass.isUnifiedIdeograph(a[$0]) }) {
            guard let k = keyTrie.lookupIndex(a, s, e) else { return nil }
            return (keyTrie.entries[k].word, keyLists[k])
        }
        let key = OrganizationContext.withoutLayoutBreaks(a[s..<e])
        return byKey[key].map { (key, $0) }
    }

    /// What the article says about itself: the year it was written in and its region.
    public struct ArticleFrame: Equatable, Sendable {
        public var year: Int?
        /// HK, MO or TW for an article in traditional characters about that region; nil otherwise.
        public var region: String?
        /// End of the title line (offsets before it are the title).
        public var titleEnd: Int
    }

    public func process(_ document: inout Document) throws {
        guard !document.entities.isEmpty else { return }
        let frame = Self.frame(of: document)
        // Taken out of the document, so that renaming in place does not copy the array.
        var entities = document.entities
        document.entities = []
        for i in entities.indices { rename(&entities[i], document, frame) }
        entities = joinShortForms(findShortForms(entities, document))
        entities = Self.findReferences(entities, document)
        scoped(&entities, frame)
        document.entities = entities
    }

    // MARK: - frame

    static func frame(of document: Document) -> ArticleFrame {
        let a = document.analysis
        // A text of one line has no title apart from its body.
        var titleEnd = document.firstLineBreak ?? 0
        if !a[titleEnd...].contains(where: { !CharacterClass.isWhitespace($0) }) { titleEnd = 0 }
        // The date line, the title, the title line (none on a text of one line).
        var year = document.date.flatMap(Self.year(in:)) ?? document.title.flatMap(Self.year(in:))
        if year == nil, titleEnd > 0 { year = Self.year(in: ScalarText.string(a, 0, min(titleEnd, 200))) }
        var region: String?
        if document.folding.traditional {
            var counts: [String: Int] = [:]
            for e in document.entities where e.type == .place {
                let key = e.name
                let r: String? = key.hasPrefix("香港") || key == "港" ? "HK"
                    : key.hasPrefix("澳门") || key.hasPrefix("澳門") ? "MO"
                    : key.hasPrefix("台湾") || key.hasPrefix("台灣") || key.hasPrefix("臺灣") ? "TW" : nil
                if let r { counts[r, default: 0] += e.mentions.count }
            }
            region = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? "HK"
        }
        return ArticleFrame(year: year, region: region, titleEnd: titleEnd)
    }

    /// The first year (1900–2099, ASCII or full-width digits) followed by 年 or a date separator.
    static func year(in text: String) -> Int? {
        let s = Array(text.unicodeScalars).map { c -> Unicode.Scalar in
            (0xFF10...0xFF19).contains(c.value) ? Unicode.Scalar(c.value - 0xFF10 + 0x30)! : c
        }
        var k = 0
        while k + 4 <= s.count {
            let digits = s[k..<(k + 4)]
            if digits.allSatisfy({ ("0"..."9").contains($0) }), k == 0 || !("0"..."9").contains(s[k - 1]),
               k + 4 == s.count || ["年", "-", "/", ".", "－"].contains(s[k + 4]),
               let y = Int(ScalarText.string(digits)), (1900...2099).contains(y) {
                return y
            }
            k += 1
        }
        return nil
    }

    // MARK: - names

    /// The mention's text without layout breaks (people: without any space: 王　雷 → 王雷).
    static func surface(_ m: Mention, _ type: EntityType) -> String { surface(m.text, type) }

    /// `surface` of a mention's `text` (passed alone: a mention passed whole was copied).
    static func surface(_ text: String, _ type: EntityType) -> String {
        if type == .person {
            // Most names hold no space: the text as it is, no String rebuilt.
            guard CharacterClass.mayHold(text, CharacterClass.whitespaceBytes),
                  text.unicodeScalars.contains(where: CharacterClass.isWhitespace) else { return text }
            return ScalarText.string(text.unicodeScalars.filter { !CharacterClass.isWhitespace($0) })
        }
        return OrganizationContext.withoutLayoutBreaks(text)
    }

    func rename(_ e: inout Entity, _ document: Document, _ frame: ArticleFrame) {
        guard !e.mentions.isEmpty else { return }
        let old = e.canonical ?? e.name
        // The dictionary name when the article writes it (滨江区, not 高新区(滨江)), else the longest;
        // every other surface is an alias. One mention (most entities) is its own surface, no
        // lists built.
        let written: String
        var aliases: [String] = []
        // (Compared by `ScalarText.equal`: `==` between two different Han names normalised both.)
        if e.mentions.count == 1 {
            let surface = Self.surface(e.mentions[0].text, e.type)
            written = ScalarText.equal(surface, old) ? old : surface
        } else {
            let surfaces = e.mentions.indices.map { Self.surface(e.mentions[$0].text, e.type) }
            let lengths = surfaces.map { $0.unicodeScalars.count }
            var best = 0
            for k in surfaces.indices where lengths[k] > lengths[best] { best = k }
            written = surfaces.contains { ScalarText.equal($0, old) } ? old : surfaces[best]
            for s in surfaces where !ScalarText.equal(s, written) && !aliases.contains(where: { ScalarText.equal($0, s) }) {
                aliases.append(s)
            }
        }
        switch e.type {
        case .place:
            e.canonical = ScalarText.equal(old, written) ? nil : old
        case .organization:
            e.canonical = organizationName(mentions: e.mentions, document, frame).flatMap { ScalarText.equal($0, written) ? nil : $0 }
        case .person:
            e.canonical = nil
        }
        e.name = written
        e.aliases = aliases
    }

    /// The dictionary name of an organisation written as `mentions`, for this article (see the
    /// type's documentation); nil when no entry applies.
    func organizationName(mentions: [Mention], _ document: Document, _ frame: ArticleFrame) -> String? {
        // (By index: `for m in mentions` copied each mention.)
        for i in mentions.indices {
            guard let (key, list) = keyList(document.analysis, mentions[i].start, mentions[i].end) else { continue }
            // An entry of the article's region first, then entries of no region; a body of another
            // region, or a short form of a body elsewhere in a regional article, names nothing.
            let regional = list.filter { organizations[$0].region != nil && organizations[$0].region == frame.region }
            let general = list.filter { i in
                let o = organizations[i]
                guard o.region == nil else { return false }
                // A shared short form (工党) names this body only beside one of its other names.
                if o.shared.contains(key), !mentions.contains(where: { m in
                    let k = OrganizationContext.withoutLayoutBreaks(document.analysis[m.start..<m.end])
                    return k != key && DictionaryTables.matchKeys(o).contains(k)
                }) { return false }
                return frame.region == nil || o.name == key
            }
            guard let i = regional.first ?? general.first else { continue }
            let o = organizations[i]
            if let until = o.until, let successor = o.successor, let year = frame.year, year > until { return successor }
            return o.name
        }
        return nil
    }

    // MARK: - short forms

    /// Place heads that may end the place a name opens with (更楼街道 + 桥岭地瓜共富工坊).
    static let placeEnds: [String] = ["街道", "社区", "省", "市", "县", "区", "镇", "乡", "村", "州", "旗"]

    func joinShortForms(_ input: [Entity]) -> [Entity] {
        // Fewer than two organisations (most documents) join nothing: counted in place first,
        // no list of them built and freed.
        var named = 0
        for i in input.indices where input[i].type == .organization && !input[i].mentions.isEmpty {
            named += 1
            if named > 1 { break }
        }
        guard named > 1 else { return input }
        var entities = input
        let orgs = entities.indices.filter { entities[$0].type == .organization && !entities[$0].mentions.isEmpty }
        // Each organisation's first mention and name as code points, read once: names do not
        // change below, and a first mention neither, since the mentions joined to an entity all
        // come after its own first one.
        var firstStart = [Int].filled(Int.max, count: entities.count)
        var scalars = [[Unicode.Scalar]].filled([], count: entities.count)
        for i in orgs {
            // (The first start read in place: `map` built an array of the starts per organisation.)
            var first = Int.max
            for m in entities[i].mentions.indices { first = min(first, entities[i].mentions[m].start) }
            firstStart[i] = first
            scalars[i] = ScalarText.scalars(of: entities[i].name)
        }
        func first(_ i: Int) -> Int { firstStart[i] }
        var removed = Set<Int>()
        // (Short names are passed over before the scoped-name test.)
        for a in orgs where scalars[a].count >= 3 && !ScopedName.isScoped(entities[a].name) {
            let short = scalars[a]
            let aFirst = first(a)
            var target: Int?
            for b in orgs where b != a && !removed.contains(b) && first(b) < aFirst {
                let long = scalars[b]
                guard long.count > short.count else { continue }
                if isPlacePrefixed(long, short) || isAbbreviation(short, of: long) {
                    // The nearest earlier full name.
                    if target.map({ first(b) > first($0) }) ?? true { target = b }
                }
            }
            guard let b = target else { continue }
            // A short form the dictionary knows as another body is that body.
            if let c = entities[a].canonical, c != entities[b].canonical, c != entities[b].name { continue }
            entities[b].mentions += entities[a].mentions
            entities[b].mentions.sort { $0.start < $1.start }
            for s in [entities[a].name] + entities[a].aliases where s != entities[b].name && !entities[b].aliases.contains(s) {
                entities[b].aliases.append(s)
            }
            removed.insert(a)
        }
        if removed.isEmpty { return entities }
        return entities.indices.filter { !removed.contains($0) }.map { entities[$0] }
    }

    /// Later occurrences of an organisation's name without its opening place (桥岭地瓜共富工坊
    /// after 更楼街道桥岭地瓜共富工坊), at word boundaries and outside other mentions, become
    /// mentions of it. The short form must be four characters or more.
    func findShortForms(_ input: [Entity], _ document: Document) -> [Entity] {
        var entities = input
        // (Entities read in place, by index: `contains(where:)` copies every entity it passes.)
        guard entities.indices.contains(where: {
            entities[$0].type == .organization && entities[$0].name.unicodeScalars.count >= 6
        }) else { return entities }
        var taken: [Bool] = []
        // A place inside the short form (桥岭 of 桥岭地瓜共富工坊) does not keep it out, as the place
        // of the long form does not; one that runs across its edge does.
        var places: [TextRange] = []
        /// Fills `taken` and `places` from the entities as passed in: done when the first short
        /// form is found (most names have none), before any mention is added.
        func mark() {
            taken = .filled(false, count: document.length + 1)
            // By index: the loop reads each entity's type and mentions, not a copy of the entity.
            for i in entities.indices {
                let isPlace = entities[i].type == .place
                // (Each mention's edges read in place: `for m in mentions` copied each one, its text retained.)
                for mi in entities[i].mentions.indices {
                    let m = (start: entities[i].mentions[mi].start, end: entities[i].mentions[mi].end)
                    guard m.end <= document.length else { continue }
                    if isPlace { places.append(TextRange(start: m.start, end: m.end)); continue }
                    for k in m.start..<m.end { taken[k] = true }
                }
            }
        }
        func crossesAPlace(_ k: Int, _ end: Int) -> Bool {
            places.contains { p in (p.start < k && k < p.end) || (p.start < end && end < p.end) }
        }
        let a = document.analysis
        let cuts = document.tokenCuts
        func boundary(_ k: Int) -> Bool { k >= cuts.count || cuts[k] }
        for i in entities.indices where entities[i].type == .organization && !ScopedName.isScoped(entities[i].name) {
            // (Dropping layout breaks only shortens a name: a short mention is passed over unread.)
            guard let first = entities[i].mentions.min(by: { $0.start < $1.start }), first.end - first.start >= 6 else { continue }
            let long = CharacterClass.firstLineBreak(in: a, from: first.start, to: first.end) == nil
                ? Array(a[first.start..<first.end])
                : Array(OrganizationContext.withoutLayoutBreaks(a[first.start..<first.end]).unicodeScalars)
            guard long.count >= 6 else { continue }
            // The longest place prefix (更楼街道, not 更楼) that leaves a name of four characters or more.
            var short: [Unicode.Scalar]?
            for cut in stride(from: long.count - 4, through: 2, by: -1) where isPlacePrefix(long, cut) {
                short = Array(long[cut...])
                break
            }
            guard let short, short.count >= 4 else { continue }
            if taken.isEmpty { mark() }
            var k = first.end
            while k + short.count <= a.count {
                guard a[k] == short[0], a[k..<(k + short.count)].elementsEqual(short) else { k += 1; continue }
                let end = k + short.count
                if boundary(k), boundary(end), !(k..<end).contains(where: { taken[$0] }), !crossesAPlace(k, end) {
                    let r = TextRange(start: k, end: end)
                    entities[i].mentions.append(Mention(range: r, text: document.original(r), sentence: document.sentenceIndex(at: k)))
                    for j in k..<end { taken[j] = true }
                }
                k = end
            }
        }
        return entities
    }

    // MARK: - references

    /// Head words after 该 and the endings of the names they can refer to (该校 → 杭州中学,
    /// 浙江大学, 工程学院; 该行 → 中国银行). A head not listed here (该地, 该项) refers to no
    /// organisation.
    static let referenceHeads: [(head: [Unicode.Scalar], endings: [String])] = [
        ("公司", ["公司"]), ("集团", ["集团", "集团公司", "集团有限公司", "集团股份有限公司"]),
        ("企业", ["公司", "集团", "厂", "企业"]), ("厂", ["厂"]), ("银行", ["银行"]), ("行", ["银行", "支行", "分行"]),
        ("校", ["学校", "大学", "中学", "小学", "学院", "校", "职校", "技校"]), ("学校", ["学校", "中学", "小学", "校"]),
        ("大学", ["大学"]), ("学院", ["学院"]), ("医院", ["医院"]), ("院", ["院"]), ("中心", ["中心"]),
        ("局", ["局"]), ("厅", ["厅"]), ("委", ["委", "委员会"]), ("委员会", ["委员会"]), ("部", ["部"]),
        ("所", ["所"]), ("会", ["会"]), ("协会", ["协会"]), ("组织", ["组织"]), ("基金会", ["基金会"]),
        ("馆", ["馆"]), ("站", ["站"]), ("社", ["社"]), ("办", ["办", "办公室"]), ("党", ["党"]),
        ("机构", ["机构", "中心", "所", "院", "局", "委员会", "组织", "基金会", "协会"]),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    /// True when a mention's text is a reference (该校, 其) rather than a name: the NER views leave
    /// such mentions out, as the NER corpora tag names only.
    public static func isReference(_ text: String) -> Bool {
        text == "其" || (text.hasPrefix("该") && text.unicodeScalars.count <= 4)
    }

    /// References to an organisation named earlier in the article become mentions of it:
    /// - 该 + a head word (`referenceHeads`) at a token start: the nearest organisation mention
    ///   before it whose name ends in one of the head's endings (该校 after 杭州中学), at most
    ///   four sentences back;
    /// - a lone 其 (a token of its own: not 其中, 其他, 尤其): the organisation of the last mention
    ///   before it, when that mention is an organisation's in the same sentence (浙江大学发布通知，
    ///   其招生计划…); after a person or a place (浙江大学教授李明说，其…) it refers to none.
    static func findReferences(_ input: [Entity], _ document: Document) -> [Entity] {
        var entities = input
        let a = document.analysis
        let cuts = document.tokenCuts
        func boundary(_ k: Int) -> Bool { k >= cuts.count || cuts[k] }
        // Only a 该 that starts a token, or a 其 that is one, can refer (其 in 其中, 尤其 cannot):
        // without one, none of the tables below is built.
        guard entities.indices.contains(where: { entities[$0].type == .organization }),
              a.indices.contains(where: { k in
                  (a[k] == "该" && boundary(k)) || (a[k] == "其" && boundary(k) && boundary(k + 1))
              }) else { return entities }
        // Mentions in text order: (start, end, entity index, type).
        var mentions: [(start: Int, end: Int, entity: Int, type: EntityType)] = []
        var taken = [Bool].filled(false, count: a.count + 1)
        for i in entities.indices {
            let type = entities[i].type
            // (Each mention's edges read in place: `for m in mentions` copied each one, its text retained.)
            for mi in entities[i].mentions.indices {
                let m = (start: entities[i].mentions[mi].start, end: entities[i].mentions[mi].end)
                guard m.end <= a.count && m.start < m.end else { continue }
                mentions.append((m.start, m.end, i, type))
                for k in m.start..<m.end { taken[k] = true }
            }
        }
        mentions.sort { $0.start < $1.start }
        var added: [(entity: Int, mention: Mention)] = []
        for k in a.indices where (a[k] == "该" || a[k] == "其") && !taken[k] && boundary(k) {
            let sentence = document.sentenceIndex(at: k)
            let before = mentions.prefix { $0.end <= k }
            if a[k] == "其" {
                guard boundary(k + 1), let last = before.last, last.type == .organization,
                      sentence != nil, document.sentenceIndex(at: last.start) == sentence else { continue }
                let r = TextRange(start: k, end: k + 1)
                added.append((last.entity, Mention(range: r, text: document.original(r), sentence: sentence)))
                continue
            }
            // 该 + head: the longest head that ends at a token boundary.
            var best: (end: Int, endings: [String])?
            for (head, endings) in referenceHeads where k + 1 + head.count <= a.count {
                let end = k + 1 + head.count
                guard a[(k + 1)..<end].elementsEqual(head), boundary(end), !(k..<end).contains(where: { taken[$0] }) else { continue }
                if best.map({ end > $0.end }) ?? true { best = (end, endings) }
            }
            guard let best else { continue }
            let target = before.last { m in
                guard m.type == .organization else { return false }
                if let s = sentence, let t = document.sentenceIndex(at: m.start), s - t > 4 { return false }
                let name = OrganizationContext.withoutLayoutBreaks(a[m.start..<m.end])
                return best.endings.contains { name.hasSuffix($0) }
            }
            guard let target else { continue }
            let r = TextRange(start: k, end: best.end)
            added.append((target.entity, Mention(range: r, text: document.original(r), sentence: sentence)))
        }
        for (i, m) in added { entities[i].mentions.append(m) }
        for i in Set(added.map(\.entity)) { entities[i].mentions.sort { $0.start < $1.start } }
        return entities
    }

    /// `long` is a place name followed by `short` (更楼街道 + 纪工委监察办).
    func isPlacePrefixed(_ long: [Unicode.Scalar], _ short: [Unicode.Scalar]) -> Bool {
        let cut = long.count - short.count
        guard cut >= 0, long[cut...].elementsEqual(short) else { return false }
        return isPlacePrefix(long, cut)
    }

    /// `long[..<cut]` is a place name: `isPlacePrefixed(long, long[cut...])` without the copy.
    func isPlacePrefix(_ long: [Unicode.Scalar], _ cut: Int) -> Bool {
        if gazetteer.keyIndex(long, 0, cut) != nil { return true }
        guard cut >= 2, Self.placeEndScreen.mayEnd(long[cut - 1]) else { return false }
        let p = ScalarText.string(long, 0, cut)
        return Self.placeEnds.contains { p.hasSuffix($0) && p.count > $0.count }
    }

    static let placeEndScreen = SuffixScreen(placeEnds)

    /// `short` keeps the first and last characters of `long` and the others in order, and is at
    /// least three characters (世贸组织 of 世界贸易组织, 中央农广校 of 中央农业广播电视学校).
    func isAbbreviation(_ short: [Unicode.Scalar], of long: [Unicode.Scalar]) -> Bool {
        guard short.count >= 3, long.count >= short.count + 2, short.first == long.first, short.last == long.last else { return false }
        var k = 0
        for c in long where k < short.count && c == short[k] { k += 1 }
        return k == short.count
    }

    // MARK: - scopes

    /// The place level a scoped name's level word asks for.
    static func scopeLevels(_ name: String) -> [PlaceLevel] {
        let n = name
        if n.hasPrefix("省") || n.hasPrefix("自治区") { return [.province] }
        if n.hasPrefix("市") { return [.prefecture, .county] }
        if n.hasPrefix("州") || n.hasPrefix("盟") || n.hasPrefix("自治州") { return [.prefecture] }
        if n.hasPrefix("县") || n.hasPrefix("縣") || n.hasPrefix("区") || n.hasPrefix("區") || n.hasPrefix("旗") { return [.county] }
        return [.township]
    }

    /// Scopes the scoped names of `entities` in place: an entity whose mentions have different
    /// scopes becomes one entity per scope, in its place (the array is rebuilt, once and in linear
    /// time, only then; otherwise no entity is copied).
    func scoped(_ entities: inout [Entity], _ frame: ArticleFrame) {
        // (The fields read in place: passing an entity of the array copied it.)
        let scopedNames = entities.indices.filter { entities[$0].type == .organization && ScopedName.isScoped(entities[$0].name) }
        guard !scopedNames.isEmpty else { return }
        // Place mentions by level, in text order.
        var places: [(start: Int, level: PlaceLevel, name: String)] = []
        // (Read in place: iterating the entities copied each one, strings and arrays retained.)
        for e in entities.indices where entities[e].type == .place {
            guard let level = entities[e].level else { continue }
            let name = entities[e].canonical ?? entities[e].name
            for m in entities[e].mentions { places.append((m.start, level, name)) }
        }
        places.sort { $0.start < $1.start }
        /// `part` keeps the mentions `g` and takes their scope and names.
        func scope(_ part: inout Entity, _ g: (scope: String?, mentions: [Mention])) {
            part.mentions = g.mentions
            part.scope = g.scope
            part.aliases = []
            let surfaces = g.mentions.map { Self.surface($0, part.type) }
            part.name = surfaces.max { $0.unicodeScalars.count < $1.unicodeScalars.count } ?? part.name
            for s in surfaces where s != part.name && !part.aliases.contains(s) { part.aliases.append(s) }
        }
        // The entities with several scopes, in order, with their parts.
        var splits: [(index: Int, parts: [Entity])] = []
        for e in scopedNames {
            let levels = Self.scopeLevels(entities[e].name)
            let inTitle = places.first { $0.start < frame.titleEnd && levels.contains($0.level) }
            var groups: [(scope: String?, mentions: [Mention])] = []
            for m in entities[e].mentions {
                let scope = inTitle?.name ?? places.last(where: { $0.start < m.start && levels.contains($0.level) })?.name
                if let g = groups.firstIndex(where: { $0.scope == scope }) { groups[g].mentions.append(m) }
                else { groups.append((scope, [m])) }
            }
            if groups.count == 1 {
                scope(&entities[e], groups[0])
            } else {
                let whole = entities[e]
                splits.append((e, groups.map { g in
                    var part = whole
                    scope(&part, g)
                    return part
                }))
            }
        }
        guard !splits.isEmpty else { return }
        var result: [Entity] = []
        result.reserveCapacity(entities.count + splits.reduce(0) { $0 + $1.parts.count })
        var next = 0
        for i in entities.indices {
            if next < splits.count, splits[next].index == i {
                result.append(contentsOf: splits[next].parts)
                next += 1
            } else {
                result.append(entities[i])
            }
        }
        entities = result
    }
}
