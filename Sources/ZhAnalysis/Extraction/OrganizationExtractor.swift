import Foundation

/// Finds organisations: names from the gazetteer (`organizations.tsv`, with aliases) and names
/// built from a head word (`org-suffixes.tsv`: 公司, 大学, 中心, 团工委, 工坊, 驿站…) and the name
/// parts before it.
///
/// The name parts are collected leftwards token by token from the head word: nouns, words the
/// dictionary does not know (proper names ICU split up: 沛诺, 桥岭), Latin letters and digits
/// (5G), organisation names and people (蒋筑英学校). One place name may open the name (浙江大学,
/// 上城团区委, 滨江区托育综合服务中心) and ends the walk, as does a known organisation, so a chain
/// of places (杭州市建德更楼街道…) keeps only the place next to the name. The walk stops at
/// punctuation, function words, time words and verbs — a verb is accepted only right before the
/// head word (推广中心). A dangling single character at the left edge is dropped (驻校社工站 →
/// 社工站, which alone is a generic head and not emitted). Weak single-character heads (局, 部,
/// 社…) need a place or a known organisation in the name.
///
/// Nesting: the longest name is the organisation (浙江大学农技推广中心). A gazetteer organisation
/// inside it (浙江大学) is recorded as an entity of its own with a mention inside the outer one;
/// these inner mentions are the only overlaps this stage leaves (NER views keep the outer one).
/// People found inside an organisation name (蒋筑英 in 杭州蒋筑英学校) are removed from the people.
///
/// A name broken by a layout break that the structure stage repaired (紫阳\n\n街道妇联) keeps its
/// range over the original text, but its name and aliases drop the break (紫阳街道妇联).
///
/// Speed: one pass over the text; a start filter (`OrganizationLexicon.starts`) rules out most
/// positions before any trie is walked, and the name walk reads code points, token tables and
/// precomputed word classes (no String is built until a name is reported).
public struct OrganizationExtractor: Stage, Sendable {
    public let name = "organizations"
    public let table: OrganizationLexicon
    public let words: Lexicon
    public var options: Options
    /// Tag classes of `words` entries (see `OrganizationWordClasses`).
    let wordClasses: OrganizationWordClasses
    /// By entry of `table.suffixes`: the head is a legal form (`isLegalForm`), read per name built.
    let legalFormHeads: [Bool]
    /// By entry of `table.suffixes`: what `finish` and `bureau` ask of its tag, word and frequency.
    let headFacts: [HeadFacts]

    /// A head word's tag, word and frequency, compared with the few that `finish` and `bureau`
    /// test once per entry (as Strings, as they were compared per name built: a comparison of two
    /// Han strings that differ cost ~270 instructions; the frequency read in place in `finish`
    /// copied the whole table).
    struct HeadFacts: OptionSet, Sendable {
        let rawValue: UInt16
        static let sport = HeadFacts(rawValue: 1 << 0)         // tag "sport"
        static let government = HeadFacts(rawValue: 1 << 1)    // tag "government"
        static let party = HeadFacts(rawValue: 1 << 2)         // tag "party"
        static let term = HeadFacts(rawValue: 1 << 3)          // tag in `termKinds`
        static let zhengfu = HeadFacts(rawValue: 1 << 4)       // word 政府
        static let qiye = HeadFacts(rawValue: 1 << 5)          // word 企业
        static let zhongyang = HeadFacts(rawValue: 1 << 6)     // word 中央
        static let siOrXi = HeadFacts(rawValue: 1 << 7)        // word 司 or 系
        static let weak = HeadFacts(rawValue: 1 << 8)          // frequency below 2
        static let standalone = HeadFacts(rawValue: 1 << 9)    // frequency 3 or more

        init(rawValue: UInt16) { self.rawValue = rawValue }

        init(_ entry: LexiconEntry) {
            var facts: HeadFacts = []
            if entry.tag == "sport" { facts.insert(.sport) }
            if entry.tag == "government" { facts.insert(.government) }
            if entry.tag == "party" { facts.insert(.party) }
            if OrganizationExtractor.termKinds.contains(entry.tag) { facts.insert(.term) }
            if entry.word == "政府" { facts.insert(.zhengfu) }
            if entry.word == "企业" { facts.insert(.qiye) }
            if entry.word == "中央" { facts.insert(.zhongyang) }
            if entry.word == "司" || entry.word == "系" { facts.insert(.siOrXi) }
            if entry.frequency < 2 { facts.insert(.weak) }
            if entry.frequency >= 3 { facts.insert(.standalone) }
            self = facts
        }
    }

    public struct Options: Sendable {
        /// Longest name part before the head word, in code points.
        public var maxNameLength = 18
        public init() {}
    }

    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        self.init(table: try OrganizationLexicon(tables: lexicons.tables), words: lexicons.words, options: options)
    }

    public init(table: OrganizationLexicon, words: Lexicon, options: Options = Options()) {
        self.table = table
        self.words = words
        self.options = options
        wordClasses = OrganizationWordClasses(words: words, hardStopTags: Self.hardStopTags, properTags: Self.properTags,
                                              nounTags: Self.nounTags, functionTags: PersonExtractor.functionTags)
        legalFormHeads = table.suffixes.entries.map { Self.isLegalForm($0.word) }
        headFacts = table.suffixes.entries.map(HeadFacts.init)
    }

    /// The class bits of the dictionary word `a[s..<e]` (nil when the dictionary lacks it).
    @inline(__always)
    func wordClass(_ c: OrganizationContext, _ s: Int, _ e: Int) -> UInt16? {
        words.lookupIndex(c.a, s, e).map { wordClasses.classes[$0] }
    }

    /// True when the organisation gazetteer holds `a[s..<e]`.
    @inline(__always)
    func isKnownName(_ c: OrganizationContext, _ s: Int, _ e: Int) -> Bool {
        table.names.lookupIndex(c.a, s, e) != nil
    }

    /// One organisation mention.
    public struct Found: Hashable, Sendable {
        public var range: TextRange
        public var name: String
        public var kind: String
        /// True when the name came from the gazetteer (canonical name in `name`).
        public var known: Bool
        /// Gazetteer organisations inside the name.
        public var inner: [Found]
        /// An ambiguous alias (公牛, 大华): kept only with context (`withContext`).
        public var needsContext = false
    }

    public func process(_ document: inout Document) throws {
        let found = mentions(in: document)
        guard !found.isEmpty else { return }
        // People inside an organisation name lose those mentions.
        // The outer names do not overlap, so a binary search finds the one that could hold `r`.
        let orgRanges = found.map(\.range).sorted()
        func insideOrg(_ r: TextRange) -> Bool {
            var lo = 0, hi = orgRanges.count - 1, hit = -1
            while lo <= hi {
                let mid = (lo + hi) / 2
                if orgRanges[mid].start <= r.start { hit = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            guard hit >= 0 else { return false }
            // A person that starts inside a name and runs past it took the head for a surname
            // (外交部新闻|司负责人, see `mentions`).
            return (orgRanges[hit].contains(r) && orgRanges[hit] != r) || (orgRanges[hit].start < r.start && r.start < orgRanges[hit].end)
        }
        // A known organisation written alone is not a person (雅戈尔, 奥克斯).
        // (Read in place, and scanned while few: see `FewKeys`.)
        var knownList: [TextRange] = []
        for i in found.indices where found[i].known { knownList.append(found[i].range) }
        let knownRanges = FewKeys(knownList)
        func claimed(_ r: TextRange) -> Bool { insideOrg(r) || knownRanges.contains(r) }
        // In place: the entities are not copied unless a person loses a mention.
        var emptied = false
        for i in document.entities.indices where document.entities[i].type == .person {
            guard document.entities[i].mentions.contains(where: { claimed($0.range) }) else { continue }
            document.entities[i].mentions.removeAll { claimed($0.range) }
            if document.entities[i].mentions.isEmpty { emptied = true }
        }
        if emptied { document.entities.removeAll { $0.type == .person && $0.mentions.isEmpty } }
        document.entities.append(taking: Self.entities(from: found, in: document))
    }

    /// Organisation mentions without overlaps (inner gazetteer names ride on their outer name).
    public func mentions(in document: Document) -> [Found] {
        let c = OrganizationContext(document: document)
        let n = c.n
        // The tables by position live only in this call: temporary buffers (on the stack for a
        // short text) cost no heap allocation and no generic array set-up per document.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * n + 1) { ints in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * n + 1) { flags in
                ints.initialize(repeating: -1)
                flags.initialize(repeating: false)
                return mentions(in: document, c, personAt: UnsafeMutableBufferPointer(rebasing: ints[..<n]),
                                placeEnding: UnsafeMutableBufferPointer(rebasing: ints[n...]),
                                personBlocked: UnsafeMutableBufferPointer(rebasing: flags[..<n]),
                                insidePlace: UnsafeMutableBufferPointer(rebasing: flags[n...]))
            }
        }
    }

    /// `mentions(in:)` with its tables by position, all empty (-1, false) to begin with: person
    /// mentions by start → their end (`n`), the longest place by end → its start (`n + 1`),
    /// the positions inside a person mention (`n`) and those inside a place mention after its
    /// first character (`n + 1`; 海 of 上海 in 上海东站: no name starts or ends there). Only people
    /// and organisations block; places may sit inside an organisation name.
    private func mentions(in document: Document, _ c: OrganizationContext, personAt: UnsafeMutableBufferPointer<Int>,
                          placeEnding: UnsafeMutableBufferPointer<Int>, personBlocked: UnsafeMutableBufferPointer<Bool>,
                          insidePlace: UnsafeMutableBufferPointer<Bool>) -> [Found] {
        // Read-only views of the same memory, for the helpers.
        let (placeEndingView, personAtView, personBlockedView) =
            (UnsafeBufferPointer(placeEnding), UnsafeBufferPointer(personAt), UnsafeBufferPointer(personBlocked))
        // By index: each entity's type and mentions are read, not a copy of it.
        for i in document.entities.indices {
            let type = document.entities[i].type
            // (Each mention's edges read in place: `for m in mentions` copied each one, its text retained.)
            for mi in document.entities[i].mentions.indices {
                let m = (start: document.entities[i].mentions[mi].start, end: document.entities[i].mentions[mi].end)
                guard m.end <= c.n && m.start < m.end else { continue }
                switch type {
                case .person:
                    personAt[m.start] = m.end
                    for p in m.start..<m.end { personBlocked[p] = true }
                case .place:
                    if placeEnding[m.end] < 0 || m.start < placeEnding[m.end] { placeEnding[m.end] = m.start }
                    for p in (m.start + 1)..<m.end { insidePlace[p] = true }
                case .organization:
                    break
                }
            }
        }
        let traditional = document.folding.traditional
        // What the trie walks' closures read, held apart from `self`: a closure that reads `self`
        // copies the whole extractor (some 450 bytes) at every position it is formed.
        let names = table.names, suffixes = table.suffixes, places = table.places, titles = table.titles
        let isRegional = table.isRegional, startFilter = table.starts
        // One pass: place matches starting at `p` only set `placeEnding` after `p`, and the names
        // built at `p` only read it up to `p`.
        var candidates: [Found] = []
        var p = 0
        while p < c.n {
            let (next, starts) = Self.nextStart(c.a, from: p, c.n, startFilter)
            p = next
            guard p < c.n else { break }
            let atBoundary = c.isTokenBoundary(p)
            if atBoundary, !insidePlace[p], starts & OrganizationLexicon.placesBit != 0 {
                places.forEachMatchIndex(in: c.a, from: p, limit: c.n) { end, _ in
                    guard end - p >= 2, c.isTokenBoundary(end) else { return }
                    if placeEnding[end] < 0 || p < placeEnding[end] { placeEnding[end] = p }
                }
            }
            // Gazetteer.
            var gEnd = 0
            var gIndex = -1
            if atBoundary, starts & OrganizationLexicon.namesBit != 0 {
                names.forEachMatchIndex(in: c.a, from: p, limit: c.n) { end, index in
                    // A Hong Kong, Macao or Taiwan body only in an article in traditional script.
                    if !traditional, isRegional[index] { return }
                    if c.isTokenBoundary(end) || Self.beforeChief(end, c) { gEnd = end; gIndex = index }
                }
            }
            if gIndex >= 0 {
                // 德国外交部, 美国英特尔公司: a place right before a known organisation belongs to it
                // (and the canonical name no longer applies).
                let extended = placeEnding[p] >= 0
                let r = TextRange(start: extended ? placeEnding[p] : p, end: gEnd)
                if !Self.crossesPerson(r, personBlockedView, personAtView) {
                    candidates.append(Found(range: r, name: extended ? c.name(r.start, r.end) : table.canonicalName(gIndex),
                                            kind: table.names.entries[gIndex].tag, known: !extended, inner: [],
                                            needsContext: !extended && table.isAmbiguous[gIndex]))
                }
            }
            // Head word.
            var sEnd = 0
            var sIndex = -1
            if starts & OrganizationLexicon.suffixesBit != 0 {
                suffixes.forEachMatchIndex(in: c.a, from: p, limit: c.n) { end, index in
                    if c.isTokenBoundary(end) || Self.titleFollows(end, c, titles) || Self.beforeChief(end, c) { sEnd = end; sIndex = index }
                }
            }
            // 吉林省政府工作报告: the fixed term 政府工作报告 (a government's work report) names no body.
            if sIndex >= 0, Self.beforeWorkReport(sEnd, c), table.suffixes.entries[sIndex].word.hasSuffix("政府") { sIndex = -1 }
            if sIndex >= 0, let f = chain(suffixStart: p, suffixEnd: sEnd, head: sIndex, c,
                                                 placeEnding: placeEndingView, personAt: personAtView, personBlocked: personBlockedView) {
                let r = f.range
                // 外交部新闻司负责人: a one-character head that is also a surname (司) is the body's
                // head after its name, not a person's surname; the person goes (`process`).
                let surnameHead = sEnd - p == 1 && personAt[p] >= 0
                if surnameHead || !Self.crossesPerson(r, personBlockedView, personAtView), !insidePlace[r.start], !insidePlace[r.end] { candidates.append(f) }
            } else if sIndex >= 0, let f = bureau(suffixStart: p, suffixEnd: sEnd, head: sIndex, facts: headFacts[sIndex], c,
                                                  afterBody: { end in candidates.contains { $0.range.end == end } }),
                      !Self.crossesPerson(f.range, personBlockedView, personAtView), !insidePlace[f.range.start] {
                candidates.append(f)
            }
            p += 1
        }
        // A head word broken by a layout break inside a repaired paragraph (双枪科技股\n\n份有限公司).
        for (s, e, index) in brokenHeads(document, c) {
            if let f = chain(suffixStart: s, suffixEnd: e, head: index, c,
                             placeEnding: placeEndingView, personAt: personAtView, personBlocked: personBlockedView),
               !Self.crossesPerson(f.range, personBlockedView, personAtView) {
                candidates.append(f)
            }
        }
        // In place, and only before a 届 (most candidates: no copy, no look-up of their kind).
        for k in candidates.indices where candidates[k].range.start >= 2 && c.a[candidates[k].range.start - 1] == "届" {
            candidates[k] = withTerm(candidates[k], c, placeEnding: placeEndingView)
        }
        let papers = newspapers(c)
        if !papers.isEmpty { candidates += papers }
        // Inner gazetteer names go with the longest candidate containing them.
        var kept = Self.nested(Self.withContext(SpanFilter.longestThenEarliest(candidates, range: { $0.range }), c), c)
        // No gazetteer name (most texts): no inner names, the mentions are not copied. (Read by
        // index, and filled in place below: `contains(where:)` and `map` copied every mention.)
        guard candidates.indices.contains(where: { candidates[$0].known }) else { return kept }
        let known = candidates.filter(\.known).sorted { $0.range < $1.range }
        var j = 0
        for i in kept.indices {
            let outer = kept[i].range
            while j < known.count, known[j].range.start < outer.start { j += 1 }
            // `known` is sorted by range, so a range listed twice comes twice in a row: each is
            // added once by comparing it with the last one added (no set per name).
            var added: TextRange?
            var k = j
            while k < known.count, known[k].range.start < outer.end {
                let r = known[k].range
                if r != outer, outer.contains(r), r != added {
                    kept[i].inner.append(known[k])
                    added = r
                }
                k += 1
            }
        }
        return kept
    }

    /// The first position from `p` on where a word of a table may start (a Han character the start
    /// filter lets through) and the filter's bits there; `n` and none when there is no such
    /// position. A tight loop of its own: most positions start nothing.
    @inline(never)
    static func nextStart(_ a: [Unicode.Scalar], from p: Int, _ n: Int, _ filter: StartFilter) -> (Int, UInt8) {
        // (`n` is `a.count`: the text is read without bounds checks.)
        a.withUnsafeBufferPointer { a in
            var p = p
            while p < n {
                if CharacterClass.isHan(a[p]) {
                    let starts = filter.candidates(a, p, n)
                    if starts != 0 { return (p, starts) }
                }
                p += 1
            }
            return (n, 0)
        }
    }

    static let workReport = Array("工作报告".unicodeScalars)

    /// One-character heads that end only bodies (bureaus, departments, offices, works) — unlike 部, 处
    /// and 所, which also end words for parts and spots (西部, 交界处, 住所).
    static let bureauHeads: Set<Unicode.Scalar> = ["局", "厅", "署", "厂"]

    /// Words of a sports report (a match, its players and results).
    static let sportsWords: Lexicon = {
        var lexicon = Lexicon()
        for word in ["比赛", "赛季", "联赛", "甲A", "甲B", "球员", "队员", "教练", "主教练", "主帅", "前锋", "中场", "后卫",
                     "门将", "守门员", "射门", "进球", "破门", "失球", "战胜", "击败", "负于", "战平", "逼平", "对阵", "迎战",
                     "冠军", "亚军", "夺冠", "卫冕", "主场", "客场", "比分", "球迷", "季后赛", "决赛", "半决赛", "外援"] {
            lexicon.insert(LexiconEntry(word: word, frequency: 1))
        }
        return lexicon
    }()

    /// True when a sports word stands within 20 characters of `[s, e)`.
    static func sportsNearby(_ s: Int, _ e: Int, _ c: OrganizationContext) -> Bool {
        var p = max(0, s - 20)
        while p < min(c.n, e + 20) {
            if p == s { p = e; continue }
            if sportsWords.longestMatchIndex(in: c.a, from: p, limit: min(c.n, e + 22)) != nil { return true }
            p += 1
        }
        return false
    }

    /// Kinds of bodies elected or convened for a numbered term.
    static let termKinds: Set<String> = ["government", "party", "international"]

    /// A legislature, congress or committee written with its term (第九届全国人民代表大会常务委员会,
    /// 自治区七届政协, 吉林省第十四届人民代表大会) is named with it: the term (第 + numerals + 届) and a
    /// place right before the term join the name.
    func withTerm(_ f: Found, _ c: OrganizationContext, placeEnding: UnsafeBufferPointer<Int>) -> Found {
        guard Self.termKinds.contains(f.kind), f.range.start >= 2, c.a[f.range.start - 1] == "届" else { return f }
        var q = f.range.start - 1
        while q > 0, NumeralCharacters.isNumeralCharacter(c.a[q - 1]) { q -= 1 }
        guard q < f.range.start - 1 else { return f }
        if q > 0, c.a[q - 1] == "第" { q -= 1 }
        if q > 0, placeEnding[q] >= 0 { q = placeEnding[q] }
        guard c.isTokenBoundary(q) else { return f }
        var o = f
        if o.known { o.inner.append(f) }
        o.range = TextRange(start: q, end: f.range.end)
        o.name = c.name(q, f.range.end)
        o.known = false
        o.needsContext = false
        return o
    }

    /// Endings of bracketed titles ending in 报 that are documents, not newspapers (《…的通报》).
    static let notNewspaper: Lexicon = {
        var lexicon = Lexicon()
        for word in ["通报", "公报", "简报", "汇报", "情报", "预报", "电报", "喜报", "举报", "海报", "报告"] {
            lexicon.insert(LexiconEntry(word: String(word.reversed()), frequency: 1))
        }
        return lexicon
    }()

    /// Newspapers named in title marks: 《文汇报》, 《中国青年报》, 《费加罗报》 — a title of two to
    /// nine characters ending in 报 (not a document: 《关于…的通报》, 《政府工作报告》) names the paper
    /// (kind media; the marks stay outside the name).
    func newspapers(_ c: OrganizationContext) -> [Found] {
        // Most texts have no title mark: one comparison per character (over an unsafe view: the
        // generic `contains` cost several times that).
        let mark: Unicode.Scalar = "《"
        guard c.a.withUnsafeBufferPointer({ $0.contains(mark) }) else { return [] }
        var out: [Found] = []
        var p = 0
        while p < c.n {
            guard c.a[p] == "《" else { p += 1; continue }
            var q = p + 1
            while q < c.n, q - p <= 10, c.a[q] != "》", CharacterClass.isHan(c.a[q]) { q += 1 }
            defer { p = q }
            guard q < c.n, c.a[q] == "》", q - p - 1 >= 2, q - p - 1 <= 9, c.a[q - 1] == "报" else { continue }
            let reversed = Array(c.a[(p + 1)..<q].reversed())
            if Self.notNewspaper.longestMatchIndex(in: reversed, from: 0, limit: reversed.count) != nil { continue }
            if reversed.contains("的") { continue }
            let r = TextRange(start: p + 1, end: q)
            if let known = table.names.lookupIndex(c.a, r.start, r.end) {
                out.append(Found(range: r, name: table.canonicalName(known), kind: table.names.entries[known].tag, known: true, inner: []))
            } else {
                out.append(Found(range: r, name: c.name(r.start, r.end), kind: "media", known: false, inner: []))
            }
        }
        return out
    }

    /// True when the body's last character and 长 make one token, the title of the body's head
    /// (外交|部长 → 外交部 + 长, 财政部长, 能矿部长, 日报社长): the body ends before 长.
    static func beforeChief(_ e: Int, _ c: OrganizationContext) -> Bool {
        guard e >= 1, e < c.n, c.a[e] == "长", c.tokenIndex[e] >= 0, c.tokenIndex[e - 1] == c.tokenIndex[e] else { return false }
        // 气象局|局长, 司法部|部长: the body's own head word stands before the title.
        if e >= 2, c.a[e - 2] == c.a[e - 1] { return false }
        // 财政|部长, and the whole title as one word: 宣传部长, 药政科长.
        let k = Int(c.tokenIndex[e])
        return Int(c.tokenStart[k]) <= e - 1 && Int(c.tokenEnd[k]) == e + 1
    }

    /// True when 工作报告 starts at `p`.
    static func beforeWorkReport(_ p: Int, _ c: OrganizationContext) -> Bool {
        p + workReport.count <= c.n && (0..<workReport.count).allSatisfy { c.a[p + $0] == workReport[$0] }
    }

    /// Verbs of founding, registering or acquiring bodies (成立, 注册, 收购): their object is an
    /// organisation, so they stand before a head as a predicate, never as the field in a name.
    static let foundingVerbs: Lexicon = {
        var lexicon = Lexicon()
        for word in ["成立", "组建", "设立", "开办", "创办", "注册", "新增", "引进", "兴办", "收购", "筹建", "兼并", "合并", "新设", "并购"] {
            lexicon.insert(LexiconEntry(word: word, frequency: 1))
        }
        return lexicon
    }()

    /// Words after an ambiguous company alias that make it the company (公牛电器, 方太厨电).
    static let companyWords: Lexicon = {
        var lexicon = Lexicon()
        for word in ["集团", "公司", "股份", "电器", "品牌", "厨电", "控股", "科技", "汽车", "董事长", "总裁", "创始人"] {
            lexicon.insert(LexiconEntry(word: word, frequency: 1))
        }
        return lexicon
    }()

    /// Drops ambiguous aliases (公牛, 大华, 方太) without context: they stay when the article names
    /// the same organisation otherwise, when they stand in a list next to another organisation
    /// (海康、大华), or when a company word follows (公牛电器).
    static func withContext(_ found: [Found], _ c: OrganizationContext) -> [Found] {
        guard found.contains(where: \.needsContext) else { return found }
        let named = Set(found.filter { !$0.needsContext }.map(\.name))
        let starts = Set(found.map(\.range.start)), ends = Set(found.map(\.range.end))
        let listMarks: Set<Unicode.Scalar> = ["、", "和", "与", "及"]
        return found.filter { f in
            guard f.needsContext else { return true }
            if named.contains(f.name) { return true }
            let r = f.range
            if r.start >= 1, listMarks.contains(c.a[r.start - 1]), ends.contains(r.start - 1) { return true }
            if r.end < c.n, listMarks.contains(c.a[r.end]), starts.contains(r.end + 1) { return true }
            if companyWords.longestMatchIndex(in: c.a, from: r.end, limit: c.n) != nil { return true }
            return false
        }
    }

    /// 共青团中央书记处, 美国众议院民主党, 联合国粮农组织驻华代表处: an organisation written right
    /// after another, nothing between them, is a unit of the first and is named with it (the NER
    /// corpora tag the whole); the names inside stay as inner mentions (known ones) of the outer.
    static func nested(_ found: [Found], _ c: OrganizationContext) -> [Found] {
        var out: [Found] = []
        out.reserveCapacity(found.count)
        for f in found {
            // A unit joins the body before it (公安部|治安局, 共青团|中央书记处); a known company is
            // no one's unit (工行|建行 in a headline: two banks).
            if let last = out.last, last.range.end == f.range.start, !last.needsContext, !f.needsContext,
               !(f.known && f.kind == "company"),
               CharacterClass.isHan(c.a[f.range.start - 1]), CharacterClass.isHan(c.a[f.range.start]) {
                let r = TextRange(start: last.range.start, end: f.range.end)
                out[out.count - 1] = Found(range: r, name: c.name(r.start, r.end), kind: f.kind, known: false, inner: [])
            } else {
                out.append(f)
            }
        }
        return out
    }

    /// Head words (`table.suffixes`) that a layout break inside a paragraph cuts in two: the
    /// start and end of each (original offsets, the break inside) and its entry, longest per break.
    func brokenHeads(_ document: Document, _ c: OrganizationContext) -> [(Int, Int, Int)] {
        // A text without a line break (`c.a` is the analysis text; most documents) breaks no
        // head: not scanned for one per paragraph.
        guard document.firstLineBreak != nil else { return [] }
        var out: [(Int, Int, Int)] = []
        for para in document.paragraphs {
            var k = para.start
            let end = min(para.end, c.n)
            while k < end, let lineBreak = CharacterClass.firstLineBreak(in: c.a, from: k, to: end) {
                k = lineBreak
                var b0 = k, b1 = k
                while b0 > para.start, CharacterClass.isWhitespace(c.a[b0 - 1]) { b0 -= 1 }
                while b1 < para.end, CharacterClass.isWhitespace(c.a[b1]) { b1 += 1 }
                k = b1
                guard b0 > para.start, b1 < para.end, CharacterClass.isHan(c.a[b0 - 1]), CharacterClass.isHan(c.a[b1]) else { continue }
                let left = max(para.start, b0 - 6), right = min(para.end, b1 + 10)
                let joined = Array(c.a[left..<b0]) + Array(c.a[b1..<right])
                let map = Array(left..<b0) + Array(b1..<right)
                var best: (Int, Int, Int)?
                for i in 0..<(b0 - left) {
                    table.suffixes.forEachMatchIndex(in: joined, from: i, limit: joined.count) { end, index in
                        guard end > b0 - left, end - i >= 2 else { return }
                        let r = (map[i], map[end - 1] + 1, index)
                        if best.map({ r.1 - r.0 > $0.1 - $0.0 }) ?? true { best = r }
                    }
                }
                if let best { out.append(best) }
            }
        }
        return out
    }

    /// A place or a known organisation ends right before `p`.
    /// With `placeEnding` nil only organisations count.
    func followsBody(_ p: Int, _ c: OrganizationContext, placeEnding: UnsafeBufferPointer<Int>?) -> Bool {
        guard p > 0 else { return false }
        if let placeEnding, placeEnding[p] >= 0 { return true }
        let k = Int(c.tokenIndex[p - 1])
        guard k >= 0, Int(c.tokenEnd[k]) == p else { return false }
        return isKnownName(c, Int(c.tokenStart[k]), p)
    }

    /// 国家税务局, 市统计局, 县公安局 (`head`: the head word's entry in `table.suffixes`): a bureau
    /// named by its field — a word of two to four characters (a noun, an abbreviation such as
    /// 邮电, or a verb such as 统计, 测绘; not a frequent verb) right before 局 or 署, one word
    /// with it or the word before it — after 国家
    /// (a national bureau), a level character (the bureau of that level: 市民政局) or
    /// a known body (公安部治安局) or an organisation found right before it (`afterBody`: 上海海关缉私局).
    /// Without them (文化局 alone) it names no one body. A field of one character makes a word of
    /// its own (当局, 格局, 部署).
    func bureau(suffixStart s: Int, suffixEnd e: Int, head: Int, facts: HeadFacts, _ c: OrganizationContext,
                afterBody: (Int) -> Bool = { _ in false }) -> Found? {
        typealias W = OrganizationWordClasses
        guard facts.contains(.government), e - s == 1, c.a[s] == "局" || c.a[s] == "署", s >= 2, c.isTokenBoundary(e) else { return nil }
        let k = Int(c.tokenIndex[s - 1])
        guard k >= 0 else { return nil }
        let fieldStart = Int(c.tokenStart[k]), fieldEnd = c.crossesStart(s) ? s : Int(c.tokenEnd[k])
        guard fieldEnd == s, (2...4).contains(s - fieldStart), c.isTokenBoundary(fieldStart) || c.crossesStart(s),
              (fieldStart..<s).allSatisfy({ CharacterClass.isHan(c.a[$0]) }),
              let tag = wordClass(c, fieldStart, s), tag & (W.noun | W.verb | W.proper) != 0,
              tag & (W.hardStop | W.numeral | W.measure | W.frequentVerb) == 0 else { return nil }
        var start = fieldStart
        if start >= 1, c.isTokenBoundary(start - 1), table.isLevelChar(c.a[start - 1]) {
            start -= 1
        } else if start >= 2, c.a[start - 2] == "国", c.a[start - 1] == "家", c.isTokenBoundary(start - 2) {
            start -= 2
        } else if !followsBody(start, c, placeEnding: nil) && !afterBody(start) {
            // 公安部治安局, 上海海关缉私局: a bureau of a known body or of an organisation found
            // right before it (`nested` joins them).
            return nil
        }
        return Found(range: TextRange(start: start, end: e), name: c.name(start, e), kind: table.suffixes.entries[head].tag, known: false, inner: [])
    }

    /// True when a dictionary noun of two or more characters (not a proper name) ends at `p`.
    func nounBefore(_ p: Int, _ c: OrganizationContext) -> Bool {
        guard p >= 2, c.tokenIndex[p - 1] >= 0 else { return false }
        let k = Int(c.tokenIndex[p - 1])
        let ts = Int(c.tokenStart[k])
        guard Int(c.tokenEnd[k]) == p, p - ts >= 2, let tag = wordClass(c, ts, p) else { return false }
        return tag & OrganizationWordClasses.noun != 0 && tag & (OrganizationWordClasses.proper | OrganizationWordClasses.verbalNoun) == 0
    }

    /// True when 第 stands alone right before the numeral at `p`, right after a place or a known
    /// organisation (杭州市|第|十四|中学).
    func ordinalAfterBody(_ p: Int, _ c: OrganizationContext, placeEnding: UnsafeBufferPointer<Int>) -> Bool {
        p >= 2 && c.a[p - 1] == "第" && c.isTokenBoundary(p - 1) && followsBody(p - 1, c, placeEnding: placeEnding)
    }

    func isLevel(_ part: Part, _ c: OrganizationContext) -> Bool {
        (part.kind == .single || part.kind == .glued) && part.end - part.start == 1
            && table.isLevelChar(c.a[part.start])
    }

    /// True when the token around `p` goes on from `p` to its end with a title (省委|书记).
    static func titleFollows(_ p: Int, _ c: OrganizationContext, _ titles: Lexicon) -> Bool {
        guard p < c.n, c.tokenIndex[p] >= 0 else { return false }
        let end = Int(c.tokenEnd[Int(c.tokenIndex[p])])
        return titles.lookupIndex(c.a, p, end) != nil
    }

    /// True when `r` cuts a person mention (containing one whole is fine).
    static func crossesPerson(_ r: TextRange, _ blocked: UnsafeBufferPointer<Bool>, _ personAt: UnsafeBufferPointer<Int>) -> Bool {
        if r.start > 0, blocked[r.start], blocked[r.start - 1], personAt[r.start] < 0 { return true }
        if r.end < blocked.count, blocked[r.end], blocked[r.end - 1], personAt[r.end] < 0 { return true }
        return false
    }

    enum PartKind {
        case glued, place, org, person, noun, properNoun, head, unknown, icuWord, single, verb, latin

        /// Parts that make a name specific (see `finish`).
        var isSpecific: Bool {
            switch self {
            case .place, .org, .person, .properNoun, .head, .unknown, .latin, .single: return true
            case .glued, .noun, .icuWord, .verb: return false
            }
        }
    }

    /// Builds a name leftwards from the head word at `[s, e)`, entry `head` of `table.suffixes`.
    func chain(suffixStart s: Int, suffixEnd e: Int, head: Int, _ c: OrganizationContext,
               placeEnding: UnsafeBufferPointer<Int>, personAt: UnsafeBufferPointer<Int>, personBlocked: UnsafeBufferPointer<Bool>) -> Found? {
        var parts: [(start: Int, end: Int, kind: PartKind)] = []
        // Room for a name of several parts at once: grown append by append, the array was
        // reallocated at one, two and four parts.
        parts.reserveCapacity(8)
        var q = s
        var closed = false
        if c.crossesStart(s) {
            let k = Int(c.tokenIndex[s])
            let ts = Int(c.tokenStart[k])
            // 中山大学: the head word ends a known organisation; only a place may precede it.
            if Int(c.tokenEnd[k]) == e, isKnownName(c, ts, e) {
                parts.append((ts, s, .org))
                closed = true
            } else {
                parts.append((ts, s, .glued))
            }
            q = ts
        }
        if closed {
            if q > 0, placeEnding[q] >= 0 { parts.append((placeEnding[q], q, .place)) }
        } else {
            walkLeft(from: &q, parts: &parts, s: s, c, placeEnding: placeEnding, personAt: personAt, personBlocked: personBlocked)
            if legalFormHeads[head] { singleCharacterName(from: &q, parts: &parts, c, placeEnding: placeEnding) }
        }
        return finish(parts: parts, suffixStart: s, suffixEnd: e, head: head, facts: headFacts[head], c)
    }

    typealias Part = (start: Int, end: Int, kind: PartKind)

    /// Legal forms of a company (有限公司, 股份有限公司, 有限责任公司, 股份公司): what precedes them is
    /// a registered name, however the segmenter cut it.
    static func isLegalForm(_ head: String) -> Bool {
        legalFormScreen.mayEnd(head) && legalForms.contains { head.hasSuffix($0) }
    }

    static let legalForms = ["有限公司", "股份公司", "有限责任公司"]
    static let legalFormScreen = SuffixScreen(legalForms)

    /// Before a legal form, a trade name that the segmenter read as single characters (双|枪|科技,
    /// 飞|虹|制|衣) is part of the name when the run of single characters reaches back to a clear
    /// left edge — punctuation, the text's start, a place (湘潭市 + 飞虹制衣) or a word of two or
    /// more characters. The walk stopped at a numeral or a frequent verb (双, 飞); up to three more
    /// single characters are taken (not particles, prepositions, pronouns or a measure word after a
    /// number), and
    /// the run's single characters count as name characters (they are not trimmed).
    func singleCharacterName(from q: inout Int, parts: inout [Part], _ c: OrganizationContext, placeEnding: UnsafeBufferPointer<Int>) {
        typealias W = OrganizationWordClasses
        // Single characters already at the left edge of the name.
        var k = parts.count
        while k > 0, parts[k - 1].kind == .single || parts[k - 1].kind == .unknown, parts[k - 1].end - parts[k - 1].start == 1 { k -= 1 }
        var p = q, taken: [Part] = []
        while taken.count < 3, p > 0, placeEnding[p] < 0, c.tokenIndex[p - 1] >= 0 {
            let t = Int(c.tokenIndex[p - 1])
            guard Int(c.tokenStart[t]) == p - 1, Int(c.tokenEnd[t]) == p, CharacterClass.isHan(c.a[p - 1]) else { break }
            if let tag = wordClass(c, p - 1, p), tag & W.hardStop != 0 { break }
            // 两家|有限公司: a measure word after a number counts companies (双 of 双枪 is a name).
            if p >= 2, let tag = wordClass(c, p - 1, p), tag & W.measure != 0,
               NumeralCharacters.isNumeralCharacter(c.a[p - 2]) || c.a[p - 2].properties.numericType != nil { break }
            taken.append((p - 1, p, .unknown))
            p -= 1
        }
        let run = parts.count - k + taken.count
        guard run >= 2 else { return }
        // The clear left edge.
        let edge: Bool
        if p == 0 || c.isBreak(p - 1) || placeEnding[p] >= 0 {
            edge = true
        } else if c.tokenIndex[p - 1] >= 0 {
            let t = Int(c.tokenIndex[p - 1])
            edge = Int(c.tokenEnd[t]) == p && p - Int(c.tokenStart[t]) >= 2
        } else {
            edge = false
        }
        guard edge else { return }
        for i in k..<parts.count { parts[i].kind = .unknown }
        parts += taken
        q = p
        if p > 0, placeEnding[p] >= 0 {
            parts.append((placeEnding[p], p, .place))
            q = placeEnding[p]
        }
    }

    /// Collects name parts leftwards from `q` (see the type's documentation).
    func walkLeft(from q: inout Int, parts: inout [Part], s: Int, _ c: OrganizationContext,
                  placeEnding: UnsafeBufferPointer<Int>, personAt: UnsafeBufferPointer<Int>, personBlocked: UnsafeBufferPointer<Bool>) {
        walk: while q > 0, s - q < options.maxNameLength {
            if placeEnding[q] >= 0 {
                parts.append((placeEnding[q], q, .place))
                q = placeEnding[q]
                // 中国驻美国大使馆, 日本驻上海总领事馆: the sending country and 驻 before the host.
                if q >= 3, c.a[q - 1] == "驻", c.isTokenBoundary(q - 1), placeEnding[q - 1] >= 0 {
                    parts.append((q - 1, q, .noun))
                    parts.append((placeEnding[q - 1], q - 1, .place))
                    q = placeEnding[q - 1]
                    break
                }
                // 共青团衡阳市委, 中共监利县委: a known organisation may still open the name.
                if q > 0, c.tokenIndex[q - 1] >= 0 {
                    let k = Int(c.tokenIndex[q - 1])
                    let ts = Int(c.tokenStart[k])
                    if Int(c.tokenEnd[k]) == q, isKnownName(c, ts, q) {
                        parts.append((ts, q, .org))
                        q = ts
                    }
                }
                break
            }
            // Never cut into a person mention.
            if personBlocked[q - 1], !(max(0, q - 4)..<q).contains(where: { personAt[$0] == q }) { break }
            let k = Int(c.tokenIndex[q - 1])
            guard k >= 0 else { break }
            let ts = Int(c.tokenStart[k])
            let kind = c.tokens[k].kind
            // 計數都係政府: a Cantonese function word ends the name.
            if c.hasCantonese(ts, q) { break }
            // A person mention ending here.
            if let ps = (max(0, q - 4)..<q).first(where: { personAt[$0] == q }) {
                parts.append((ps, q, .person))
                q = ps
                continue
            }
            switch kind {
            case .latin, .number:
                // 5G创新谷 keeps its digit; a bare number (４家银行, ５月７日电) ends the name.
                let hasLetter = (ts..<q).contains(where: { c.isNonHanLetter($0) })
                let beforeLetters = parts.last.map { $0.kind == .latin && $0.start == q } ?? false
                if kind == .number, !hasLetter, !beforeLetters {
                    // 杭州市第14中学: an ordinal between a place and the head stays.
                    guard ordinalAfterBody(ts, c, placeEnding: placeEnding) else { break walk }
                    parts.append((ts - 1, q, .noun))
                    q = ts - 1
                    continue walk
                }
                parts.append((ts, q, .latin))
                q = ts
                continue walk
            case .word:
                break
            default:
                break walk
            }
            guard Int(c.tokenEnd[k]) == q else { break }
            if isKnownName(c, ts, q) {
                parts.append((ts, q, .org))
                q = ts
                // 德国外交部: one place may still precede a known organisation.
                if q > 0, placeEnding[q] >= 0 {
                    parts.append((placeEnding[q], q, .place))
                    q = placeEnding[q]
                }
                break
            }
            typealias W = OrganizationWordClasses
            let tag = wordClass(c, ts, q)
            if q - ts == 1 {
                // Frequent one-character verbs (是, 有, 来) end the name; rare ones (筑) may be in it.
                if let tag, tag & (W.hardStop | W.numeral | W.measure | W.frequentVerb) != 0 { break }
                // 水利部派工作组: a verb right after a place or an organisation is its predicate.
                if let tag, tag & W.verb != 0, followsBody(ts, c, placeEnding: placeEnding) { break }
                if !CharacterClass.isHan(c.a[ts]) { break }
                parts.append((ts, q, tag == nil ? .unknown : .single))
            } else if let tag {
                if tag & W.proper != 0 {
                    parts.append((ts, q, .properNoun))
                } else if let head = table.suffixes.lookupIndex(c.a, ts, q), table.suffixes.entries[head].frequency >= 2 {
                    // 省委老干部局: a whole head word inside the name names a body of its own.
                    parts.append((ts, q, .head))
                } else if tag & W.noun != 0 {
                    // 武汉大学建设…: an activity noun right after a place or an organisation is
                    // what that body does, not part of a new name.
                    if tag & W.verbalNoun != 0, followsBody(ts, c, placeEnding: nil) { break walk }
                    parts.append((ts, q, .noun))
                } else if tag & W.verb != 0, q - ts == 2, tag & W.frequentVerb == 0 || (q == s && nounBefore(ts, c)),
                          q == s || !followsBody(ts, c, placeEnding: placeEnding) {
                    // (A frequent verb only right before the head, after a noun: 野生动物保护协会.)
                    // 金融监督委员会, 丹阳供电局: a verb naming the body's field; the name must then
                    // open with a place or a known organisation (`finish`).
                    parts.append((ts, q, .verb))
                } else if tag & W.attributive != 0, followsBody(ts, c, placeEnding: nil) {
                    // 中科院高能物理所: an attributive word (高能, 国有) right after a known
                    // organisation names a unit of it; elsewhere it describes a kind (私人公司).
                    parts.append((ts, q, .noun))
                } else if tag & W.numeral != 0, followsBody(ts, c, placeEnding: placeEnding) {
                    // 武汉市第一医院, 北京九十中学: a numeral between a place and the head.
                    parts.append((ts, q, .noun))
                } else if tag & W.numeral != 0, ordinalAfterBody(ts, c, placeEnding: placeEnding) {
                    // 杭州市第十四中学: an ordinal (第 + numeral) between a place and the head.
                    parts.append((ts - 1, q, .noun))
                    q = ts - 1
                    continue walk
                } else if tag & W.numeral != 0, c.isBreak(ts - 1) {
                    // 千年舟, 三星: a numeral word opening a name right after a break.
                    parts.append((ts, q, .noun))
                    q = ts
                    break walk
                } else {
                    break walk
                }
            } else {
                // A word only ICU knows that holds a particle, a preposition or a frequent verb
                // at its end (红的, 现有, 没想到) is not a name part.
                if let last = wordClass(c, q - 1, q), last & (W.hardStop | W.frequentVerb) != 0 { break }
                parts.append((ts, q, c.tokens[k].origin == .rule ? .unknown : .icuWord))
            }
            q = ts
        }
    }

    /// Validates the parts and builds the mention (`head`: the head word's entry in `table.suffixes`).
    func finish(parts inParts: [Part], suffixStart s: Int, suffixEnd e: Int, head: Int, facts: HeadFacts,
                _ c: OrganizationContext) -> Found? {
        var parts = inParts
        // 申花队, 健力宝队: in a sports report, a club's name of two to four characters that are not
        // dictionary words (or one proper noun) before 队, right after a clear edge, is a team.
        // (Numbers and positions are compared before the kind's string, here and below.)
        if facts.contains(.weak), facts.contains(.sport), let left = parts.last, (2...4).contains(s - left.start),
           parts.allSatisfy({ $0.kind == .unknown || $0.kind == .icuWord || $0.kind == .properNoun
                              || ($0.kind == .single && $0.end - $0.start == 1) }),
           c.isBreak(left.start - 1) || (c.tokenIndex[left.start - 1] >= 0 && left.start - Int(c.tokenStart[Int(c.tokenIndex[left.start - 1])]) >= 2),
           Self.sportsNearby(left.start, e, c) {
            return Found(range: TextRange(start: left.start, end: e), name: c.name(left.start, e), kind: table.suffixes.entries[head].tag, known: false, inner: [])
        }
        // 广州太阳神队, 天津泰达队: the same with the club's city before it.
        if facts.contains(.weak), parts.count >= 2, facts.contains(.sport), let place = parts.last, place.kind == .place,
           (2...4).contains(s - place.end),
           parts.dropLast().allSatisfy({ [.unknown, .icuWord, .properNoun, .noun].contains($0.kind)
                                         || ($0.kind == .single && $0.end - $0.start == 1) }),
           Self.sportsNearby(place.start, e, c) {
            return Found(range: TextRange(start: place.start, end: e), name: c.name(place.start, e), kind: table.suffixes.entries[head].tag, known: false, inner: [])
        }
        let levelBody = !facts.contains(.weak) && !facts.isDisjoint(with: [.government, .party])
        // 代表市人民政府: generic words before a level character (市, 省) are not part of the name.
        if levelBody, let k = parts.firstIndex(where: { isLevel($0, c) }),
           parts[(k + 1)...].allSatisfy({ $0.kind == .noun || $0.kind == .icuWord || $0.kind == .single }) {
            parts.removeSubrange((k + 1)...)
        }
        // Trim the left edge: dangling single characters and verbs (but 市 in 市人民政府 stays).
        while let last = parts.last, last.kind == .single || last.kind == .verb {
            if levelBody, isLevel(last, c) { break }
            parts.removeLast()
        }
        // 市委, 省委: a head word that begins with a level character names that body by itself.
        if parts.isEmpty, levelBody, !c.crossesStart(s), table.isLevelChar(c.a[s]), e - s >= 2 {
            let surface = c.name(s, e)
            return Found(range: TextRange(start: s, end: e), name: surface, kind: table.suffixes.entries[head].tag, known: false, inner: [])
        }
        // 人大, 政协, 管委会: a head that names one body by itself (`alone` in org-suffixes.tsv),
        // written as a word of its own.
        if parts.isEmpty, facts.contains(.standalone), !c.crossesStart(s), c.isTokenBoundary(e) {
            return Found(range: TextRange(start: s, end: e), name: c.name(s, e), kind: table.suffixes.entries[head].tag, known: false, inner: [])
        }
        // 第十四届人民代表大会: a body named by its term alone (`withTerm` adds the term).
        if parts.isEmpty, e - s >= 3, s >= 2, c.a[s - 1] == "届", facts.contains(.term), !c.crossesStart(s) {
            return Found(range: TextRange(start: s, end: e), name: c.name(s, e), kind: table.suffixes.entries[head].tag, known: false, inner: [])
        }
        guard let first = parts.last else { return nil }
        // A verb inside the name (韩国金融监督委员会, 丹阳供电局) needs a place or a known organisation
        // to open the name and a name word before it (not 已派出, 张斌担任); a level body (市委)
        // after a verb is its object (文昌担任市委).
        if let v = parts.firstIndex(where: { $0.kind == .verb }) {
            guard first.kind == .place || first.kind == .org, !(levelBody && table.isLevelChar(c.a[s])), v + 1 < parts.count else { return nil }
            for i in parts.indices where parts[i].kind == .verb {
                guard i + 1 < parts.count, [.noun, .place, .org, .properNoun, .icuWord, .unknown].contains(parts[i + 1].kind) else { return nil }
                // 杭州成立公司: a verb of founding or acquiring takes the body as its object; it
                // never names the body's field.
                if Self.foundingVerbs.lookupIndex(c.a, parts[i].start, parts[i].end) != nil { return nil }
            }
        }
        // 加拿大司法部长: a ministry glued to its minister's title (能矿|部长) is a country's
        // ministry; after an organisation it is a title of its members (欧佩克|部长会议).
        if Self.beforeChief(e, c), !c.isTokenBoundary(e), first.kind != .place { return nil }
        // 何漢威敦促政府: a person before a government or party head is the subject of a clause;
        // no government or party is named after a person.
        if parts.contains(where: { $0.kind == .person }), !facts.isDisjoint(with: [.government, .party]) { return nil }
        // 市人民政府, 省政府, 市人大常委会: a level character and a government or party head.
        if parts.count == 1, levelBody, isLevel(first, c) {
            let surface = c.name(first.start, e)
            return Found(range: TextRange(start: first.start, end: e), name: surface, kind: table.suffixes.entries[head].tag, known: false, inner: [])
        }
        // 中国政府, 美国企业, 美国公司: a place with a generic head names the place's government or firms,
        // not an organisation of that name (NER corpora tag the place alone). Below the country
        // a government is a body of its own (台北市政府, 西湖区政府), except a special
        // administrative region's (香港特区政府), which stands like a country's.
        if parts.count == 1, first.kind == .place, Self.genericHeads.lookupIndex(c.a, s, e) != nil,
           !(facts.contains(.zhengfu) && Self.divisionHeads.contains(c.a[first.end - 1].value)
             && !(first.end - first.start >= 2 && c.a[first.end - 2] == "特")
             && !(first.end - first.start >= 3 && c.a[first.end - 3] == "行" && c.a[first.end - 2] == "政")) { return nil }
        let start = first.start
        let nameLength = s - start
        guard nameLength >= 2 || parts.contains(where: { $0.kind == .place || $0.kind == .org }) else { return nil }
        // A name needs something specific: a place, a known organisation, a person, a proper
        // noun, characters the dictionary does not know (沛诺) or Latin letters. Generic words
        // alone (乡镇企业, 保险公司, 儿童健康管理中心) describe a kind of organisation.
        // A single character left inside the name after trimming (千年舟, 共融) is name-like too.
        guard parts.contains(where: { $0.kind.isSpecific && !isLevel($0, c) }) else { return nil }
        // 发展小企业, 特困企业: 企业 after generic words and single characters names a kind of firm.
        if facts.contains(.qiye), !parts.contains(where: { [.place, .org, .person, .properNoun, .latin, .unknown].contains($0.kind) }) {
            return nil
        }
        let weak = facts.contains(.weak)
        if weak {
            // 高校, 常委, 举办: a weak head glued to a dictionary word is part of that word
            // (a word only ICU knows, such as 总政治部, may end with the head).
            if c.crossesStart(s) {
                let k = Int(c.tokenIndex[s])
                let ts = Int(c.tokenStart[k])
                // 北京市文化局, 济南污水处理厂: a word of three or more characters ending in the head,
                // right after a place or a known organisation, is that body's name.
                let afterBody = e - ts >= 3 && Self.bureauHeads.contains(c.a[e - 1])
                    && parts.contains(where: { ($0.kind == .place || $0.kind == .org) && $0.end == ts })
                    && wordClass(c, ts, Int(c.tokenEnd[k])).map { $0 & OrganizationWordClasses.noun != 0 && $0 & OrganizationWordClasses.proper == 0 } == true
                guard afterBody || (words.lookupIndex(c.a, ts, Int(c.tokenEnd[k])) == nil && c.tokens[k].origin == .icu) else { return nil }
            }
            // 杭州市专办: a weak head needs a word before it, not a lone character.
            guard let near = parts.first, near.end - near.start >= 2 || near.kind == .glued else { return nil }
            // 山西交界处: a verb and a weak head that make a dictionary word are that word.
            if near.kind == .verb, words.lookupIndex(c.a, near.start, e) != nil { return nil }
            // 北大校格: a weak head followed by a lone character is the start of another word.
            if e < c.n, CharacterClass.isHan(c.a[e]), c.isTokenBoundary(e + 1), !endsName(at: e, c), !Self.beforeChief(e, c) {
                if let t = wordClass(c, e, e + 1), t & (OrganizationWordClasses.hardStop | OrganizationWordClasses.verb) != 0 {} else { return nil }
            }
            guard parts.contains(where: { $0.kind == .place || $0.kind == .org }) else { return nil }
            // 民盟中央, 致公党中央: 中央 is a party's central committee right after the party's
            // name (not 北京中央, a place's centre).
            if facts.contains(.zhongyang), parts.first?.kind != .org { return nil }
            // 新闻司, 化学系: a department's field stands before 司 and 系; after a bare place the
            // character is a word of its own (西欧系其国策: 系 is "is").
            if facts.contains(.siOrXi), parts.first?.kind == .place { return nil }
            // 中央部, 该局: a weak head right after a lone place is a place word, not a name.
            if e - s == 1, words.lookupIndex(c.a, start, e) != nil, !isKnownName(c, start, e) { return nil }
        }
        let r = TextRange(start: start, end: e)
        if let known = table.names.lookupIndex(c.a, start, e) {
            return Found(range: r, name: table.canonicalName(known), kind: table.suffixes.entries[head].tag, known: true, inner: [])
        }
        return Found(range: r, name: c.name(start, e), kind: table.suffixes.entries[head].tag, known: false, inner: [])
    }

    /// A name plausibly ends before `p`: punctuation, a text edge or a function word.
    func endsName(at p: Int, _ c: OrganizationContext) -> Bool {
        if c.isBreak(p) { return true }
        if let t = wordClass(c, p, p + 1), t & OrganizationWordClasses.function != 0 { return true }
        return false
    }


    /// Last characters of place names below the country (杭州市, 西湖区, 淳安县): such a place
    /// with 政府 names its government.
    static let divisionHeads: Set<UInt32> = Set("省市区县州旗盟镇乡".unicodeScalars.map(\.value))

    /// Heads that make no organisation name after a bare place (中国政府, 日本企业).
    static let genericHeads: Lexicon = {
        var lexicon = Lexicon()
        for word in ["政府", "企业", "地方政府", "公司"] { lexicon.insert(LexiconEntry(word: word, frequency: 1)) }
        return lexicon
    }()

    /// Tags that stop the walk even for single characters (prepositions, conjunctions, particles,
    /// pronouns such as 该/本/各). Other single characters may sit inside a name (共融) but are
    /// trimmed from its left edge.
    static let hardStopTags: Set<String> = ["p", "c", "u", "y", "e", "uj", "ul", "ud", "uz", "r"]
    /// Tags of proper nouns (places, organisations, other names, abbreviations).
    static let properTags: Set<String> = ["nz", "nt", "ns", "nr", "j", "nrt", "nrfg"]
    /// Tags of words that can be part of a name.
    static let nounTags: Set<String> = ["n", "nz", "nt", "ns", "nr", "j", "vn", "an", "ng", "nrt", "nrfg", "a", "l"]

    // MARK: - entities

    static func entities(from found: [Found], in document: Document) -> [Entity] {
        // In order of first mention (the index, not the entity, is kept by name).
        // Room for one entity a mention: the array is not regrown as entities come.
        let most = found.reduce(found.count) { $0 + $1.inner.count }
        var entities: [Entity] = []
        entities.reserveCapacity(most)
        var byName = KeyPositions<String>(capacity: most)
        // (Fields passed, not the mention: passing `found[i]` copied it, strings and inner list.)
        func add(_ range: TextRange, _ name: String, _ kind: String) {
            let mention = Mention(range: range, text: document.original(range), sentence: document.sentenceIndex(at: range.start))
            // The mention keeps the text as written; the alias drops layout breaks, as the name does.
            let surface = OrganizationContext.withoutLayoutBreaks(mention.text)
            // (`ScalarText.equal`: most surfaces spell the name, in a String of their own.)
            let isAlias = !ScalarText.equal(surface, name)
            if let e = byName.position(of: name) {
                entities[e].mentions.append(mention)
                if isAlias, !entities[e].aliases.contains(surface) { entities[e].aliases.append(surface) }
            } else {
                byName.append(name)
                // Built in the array (a local entity cost a copy of its strings and arrays).
                entities.append(Entity(type: .organization, name: name, aliases: isAlias ? [surface] : [],
                                       mentions: [mention], kind: kind))
            }
        }
        // By index: `for f in found` copied each mention (its strings and inner list retained).
        for i in found.indices {
            add(found[i].range, found[i].name, found[i].kind)
            for k in found[i].inner.indices { add(found[i].inner[k].range, found[i].inner[k].name, found[i].inner[k].kind) }
        }
        return entities
    }
}
