import Foundation

/// Finds people: Chinese names (surname + one or two given characters), partial references
/// (小赵, 老王, 褚律师, 王总), transliterated foreign names (克林顿, 基里延科) and byline authors.
///
/// Candidates are scored with evidence, not accepted on shape alone:
/// - the name's shape: surname weight (ambiguous surnames such as 高, 张, 黄 cost), given-name
///   character weights, three characters rather than two;
/// - the token layer: ICU splits an unknown name into single characters, so a candidate that
///   is itself a dictionary word (青少年, 高新区) or whose edge cuts through a word (白杨|街道)
///   is penalised; `notperson` cues (高新, 周边) are rejected outright;
/// - context: a title before or after (副书记王恒泽, 王恒泽副书记), a speech verb after
///   (说, 表示, 介绍), an enumeration comma, the name standing alone between punctuation;
/// - bylines (`Section.authors`, filled by the structure stage) and names already accepted
///   earlier in the document (a later bare 王恒泽 counts).
///
/// The result is one `Entity` per distinct person with all mentions and the roles seen next
/// to them. Spans already claimed by other entities (places) are left alone.
public struct PersonExtractor: Stage, Sendable {
    public let name = "people"
    public let table: PersonLexicon
    public let words: Lexicon
    public var options: Options
    /// Per-character flags and weights read at every position (built from `table` and `words`).
    let chars: PersonCharTable

    public struct Options: Sendable {
        /// Minimum evidence score for a Chinese name or partial reference.
        public var threshold: Double = 2.0
        /// Minimum evidence score for a run of transliteration characters (foreign place names
        /// are made of the same characters, so more evidence is needed).
        public var foreignThreshold: Double = 3.0
        /// Score of a title right before the name (副书记王恒泽).
        public var titleBefore: Double = 2.5
        /// Score of a title right after the name (王恒泽副书记, 江泽民主席).
        public var titleAfter: Double = 2.0
        /// Score of a speech verb right after the name (王恒泽说).
        public var speechAfter: Double = 2.0
        /// Score of an enumeration comma (、) next to the name.
        public var enumeration: Double = 0.8
        public init() {}
    }

    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        let table = try PersonLexicon(tables: lexicons.tables)
        self.table = table
        self.words = lexicons.words
        self.options = options
        self.chars = PersonCharTable(table: table, words: lexicons.words)
        // Built here, while the other stages are built, not by the first document.
        _ = Context.breakBits
    }

    public init(table: PersonLexicon, words: Lexicon, options: Options = Options()) {
        self.table = table
        self.words = words
        self.options = options
        self.chars = PersonCharTable(table: table, words: words)
    }

    public func process(_ document: inout Document) throws {
        var found = mentions(in: document)
        if found.isEmpty { return }
        // A name over a landmark (记者蒲长城) needs a title or a speech verb next to it, and then
        // the landmark is no mention.
        var soft: [TextRange] = []
        for i in document.entities.indices {
            let (type, level) = (document.entities[i].type, document.entities[i].level)
            // (Each mention's edges read in place: `for m in mentions` copied each one, its text retained.)
            for mi in document.entities[i].mentions.indices {
                let m = (start: document.entities[i].mentions[mi].start, end: document.entities[i].mentions[mi].end)
                if Self.softPlace(type, level, length: m.end - m.start) { soft.append(TextRange(start: m.start, end: m.end)) }
            }
        }
        if !soft.isEmpty {
            found.removeAll { f in f.kind == .full && f.role == nil && f.score < 4.5 && soft.contains { $0.overlaps(f.range) } }
            let claimed = found.map(\.range)
            var emptied = false
            for i in document.entities.indices where document.entities[i].type == .place {
                let before = document.entities[i].mentions.count
                let entity = document.entities[i]
                document.entities[i].mentions.removeAll { m in Self.softPlace(entity, m) && claimed.contains { $0.overlaps(m.range) } }
                if document.entities[i].mentions.isEmpty, before > 0 { emptied = true }
            }
            if emptied { document.entities.removeAll { $0.type == .place && $0.mentions.isEmpty } }
        }
        document.entities.append(taking: Self.entities(from: found, in: document))
    }

    /// A place mention a person's name may cover: a landmark or natural feature of two characters.
    static func softPlace(_ e: Entity, _ m: Mention) -> Bool { softPlace(e.type, e.level, m) }

    /// `softPlace` for an entity of `type` and `level`.
    static func softPlace(_ type: EntityType, _ level: PlaceLevel?, _ m: Mention) -> Bool {
        softPlace(type, level, length: m.end - m.start)
    }

    /// `softPlace` for a mention `length` characters long.
    static func softPlace(_ type: EntityType, _ level: PlaceLevel?, length: Int) -> Bool {
        type == .place && level == .feature && length <= 2
    }

    // MARK: - candidates

    /// One accepted person mention.
    public struct Found: Hashable, Sendable {
        public enum Kind: String, Sendable { case full, partial, foreign, byline }
        public var range: TextRange
        public var kind: Kind
        /// Full name (spaces removed for bylines), or the partial reference itself.
        public var name: String
        public var surname: String?
        public var role: String?
        public var score: Double
    }

    /// Every person mention in the document, without overlaps, in text order.
    public func mentions(in document: Document) -> [Found] {
        // The context's tables by position live only in this call: a temporary buffer (on the
        // stack for a short text) instead of arrays per document.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * document.analysis.count) { scratch in
            mentions(Context(document: document, scratch: scratch))
        }
    }

    private func mentions(_ c: Context) -> [Found] {
        var accepted: [Found] = []
        var i = nextStart(from: 0, c)
        while i < c.n {
            // Each candidate kind needs its own first character: skip the lookups otherwise.
            let f = chars.flags(c.a[i])
            if f & PersonCharTable.surnameStart != 0, let b = fullCandidate(at: i, c) { accepted.append(b) }
            if f & PersonCharTable.prefix != 0, let p = prefixPartial(at: i, c) { accepted.append(p) }
            // (Most surnames have no title or suffix cue after them: no call.)
            if f & PersonCharTable.surnameSingle != 0, i + 2 <= c.n, chars.has(c.a[i + 1], PersonCharTable.titleStart | PersonCharTable.suffixStart),
               let p = suffixPartial(at: i, c) { accepted.append(p) }
            if f & (PersonCharTable.foreignChar | PersonCharTable.foreignNameStart) != 0,
               let g = foreignCandidate(at: i, c) { accepted.append(g) }
            i = nextStart(from: i + 1, c)
        }
        // (Most documents have no byline: nothing appended, no call.)
        let authors = bylines(c)
        if !authors.isEmpty { accepted.append(contentsOf: authors) }
        // No candidate: no known name either.
        if accepted.isEmpty { return [] }
        var kept = SpanFilter.longestThenEarliest(accepted, range: { $0.range })
        // Later bare mentions of names accepted somewhere in the document. A known name wins
        // over a shorter candidate inside it (邓美红 over 邓美), by the same longest-first policy.
        // (Each name once, as a set would keep it, without building one: a document knows a few.)
        var known = KeyPositions<String>(capacity: kept.count)
        // (By index: `for f in kept` copied each mention, retaining its three strings.)
        for i in kept.indices where kept[i].kind != .partial && kept[i].name.unicodeScalars.count >= 2
            && known.position(of: kept[i].name) == nil {
            known.append(kept[i].name)
        }
        if !known.keys.isEmpty {
            // `taken` lives only in this block: a temporary buffer, not an array per document.
            let extra = withUnsafeTemporaryAllocation(of: Bool.self, capacity: c.n) { taken in
                _ = taken.initialize(fromContentsOf: c.blocked)
                for i in kept.indices where kept[i].kind != .full { for p in kept[i].range.start..<kept[i].range.end { taken[p] = true } }
                return knownMentions(c, known.keys, taken: UnsafeBufferPointer(taken))
            }
            // (`kept` already passed the filter, which returns such a list as it is.)
            if !extra.isEmpty { kept = SpanFilter.longestThenEarliest(kept + extra, range: { $0.range }) }
        }
        return kept
    }

    /// Bare mentions of the `known` names outside `taken` (the text is read without bounds checks).
    private func knownMentions(_ c: Context, _ known: [String], taken: UnsafeBufferPointer<Bool>) -> [Found] {
        var extra: [Found] = []
        // The known names as code points, sorted by their first character (the names that may
        // start at a position are found by bisection, not by trying every name: a long text
        // knows many names), with a 64-bit mask of their first characters.
        // (`ScalarText.scalars(of:)`: `Array(unicodeScalars)` counted and copied through the view.)
        let names = known.map(ScalarText.scalars(of:)).sorted { $0[0].value < $1[0].value }
        var firstMask: UInt64 = 0
        for k in names { firstMask |= 1 << UInt64(k[0].value & 63) }
        c.a.withUnsafeBufferPointer { a in
            for p in 0..<c.n where !taken[p] {
                guard firstMask & (1 << UInt64(a[p].value & 63)) != 0 else { continue }
                var lo = 0, hi = names.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if names[mid][0].value < a[p].value { lo = mid + 1 } else { hi = mid }
                }
                // At most one name of each length can match here: the longest that fits wins.
                var best: Int?
                for k in names[lo...].prefix(while: { $0[0] == a[p] }) where p + k.count <= c.n {
                    let end = p + k.count
                    guard best.map({ end > $0 }) ?? true else { continue }
                    var same = true
                    for j in 1..<k.count where a[p + j] != k[j] { same = false; break }
                    if same, (p..<end).allSatisfy({ !taken[$0] }), !c.crossesWord(start: p, words), !c.crossesWord(end: end, words) { best = end }
                }
                if let end = best {
                    extra.append(Found(range: TextRange(start: p, end: end), kind: .full, name: c.string(p, end),
                                       surname: nil, role: c.role(p, end, table), score: 0))
                }
            }
        }
        return extra
    }

    /// The first-character flags of the candidate kinds (`mentions`).
    static let startFlags = PersonCharTable.surnameStart | PersonCharTable.prefix | PersonCharTable.surnameSingle
        | PersonCharTable.foreignChar | PersonCharTable.foreignNameStart

    /// The first position from `i` on where a candidate may start: not blocked, Han, with the first
    /// character of some candidate kind (`c.n` when there is none). A tight loop of its own: most
    /// positions start nothing.
    @inline(never)
    func nextStart(from i: Int, _ c: Context) -> Int {
        // (`c.n` is the text's length: read without bounds checks.)
        c.a.withUnsafeBufferPointer { a in
            var i = i
            while i < c.n {
                if chars.flags(a[i]) & Self.startFlags != 0, !c.blocked[i], CharacterClass.isHan(a[i]) { return i }
                i += 1
            }
            return c.n
        }
    }

    /// Surname + one or two given characters starting at `i`; at most one (the best) per start.
    func fullCandidate(at i: Int, _ c: Context) -> Found? {
        // Every candidate starting inside a dictionary word is rejected (see `scoreFull`).
        if c.crossesWord(start: i, words) { return nil }
        // The last character of a title is not a surname (分析师安志远: 师 ends 分析师). Most
        // characters end no title: their flag spares the look-ups.
        if chars.has(c.a[i], PersonCharTable.titleEnd) {
            for len in 2...4 where i + 1 - len >= 0 && c.entryIndex(table.titles, i + 1 - len, i + 1) != nil { return nil }
        }
        var best: FullScore?
        // The dictionary words starting at `i` (one walk for every candidate end), read only when
        // some candidate gets past the first score bound.
        var wordsAtStart: SIMD4<Int32>?
        table.surnames.forEachMatchIndex(in: c.a, from: i, limit: c.n) { sEnd, entry in
            for lg in 1...2 {
                guard let f = scoreFull(start: i, surnameEnd: sEnd, givenLength: lg, surname: entry,
                                        wordsAtStart: &wordsAtStart, c) else { continue }
                if f.score >= options.threshold, best.map({ f.score >= $0.score }) ?? true { best = f }
            }
        }
        // Strings only for the one candidate kept.
        return best.map {
            Found(range: TextRange(start: i, end: $0.end), kind: .full, name: c.string(i, $0.end), surname: c.string(i, $0.surnameEnd),
                  role: $0.role, score: $0.score)
        }
    }

    /// A full-name candidate that reached the threshold, before its strings are built.
    struct FullScore {
        var end: Int
        var surnameEnd: Int
        var score: Double
        var role: String?
    }

    /// `surname` is an index into `table.surnames.entries`.
    /// `wordsAtStart[k]`: the words-lexicon entry spelled by `a[s..<s+k+1]`, -1 when none (filled
    /// on first need, shared by the candidates at `s`).
    func scoreFull(start s: Int, surnameEnd g: Int, givenLength lg: Int, surname: Int, wordsAtStart: inout SIMD4<Int32>?,
                   _ c: Context) -> FullScore? {
        let e = g + lg
        guard e <= c.n else { return nil }
        for p in g..<e where !CharacterClass.isHan(c.a[p]) || c.blocked[p] { return nil }
        // An upper bound of the score first, from character flags and the words at `s` only: when
        // even every bonus still to come cannot reach the threshold, no lookup is needed (every
        // rejection below drops the candidate anyway, so the order does not change the result).
        var bound = chars.surnameScore[surname]
        if chars.surnameAmbiguous[surname] { bound -= 0.8 }
        if g - s >= 2 { bound += 0.5 }
        bound += lg == 2 ? 0.6 : -0.4
        for p in g..<e {
            let fl = chars.flags(c.a[p])
            if fl & PersonCharTable.singleParticle != 0, fl & PersonCharTable.given == 0 || fl & PersonCharTable.givenWeak != 0 {
                return nil
            }
            let listed = fl & PersonCharTable.given != 0
            if !listed || fl & PersonCharTable.givenWeak != 0, fl & PersonCharTable.singleFunction != 0 {
                bound -= p == e - 1 ? 2.0 : 1.2
            }
            if listed { bound += chars.givenScore(c.a[p]) } else { bound -= (p == e - 1 && lg == 2) ? 0.6 : 1.2 }
        }
        // The token-layer terms that need no lookup, exactly as below; what needs one counts as
        // its best case (the candidate as a dictionary word: +2; a name ending: +0.4).
        if c.crossesStart(s) { bound -= 1.5 }
        if c.crossesEnd(e) { bound -= 1.5 }
        if chars.has(c.a[s], PersonCharTable.singleFunction | PersonCharTable.singleVerb) { bound -= 1.0 }
        if lg == 1 { bound += 0.4 }
        let ctxBound = contextBound(s, e, c)
        // The token reads below add at most 0.3 + 1.0: about half the candidates fail even so,
        // and are dropped before the tokens are read.
        if bound + 1.3 + 2 + ctxBound < options.threshold - 1e-6 { return nil }
        if c.tokenEndWithin(s, e) { bound -= 2.0 }
        if c.allSingles(s, e) { bound += 0.3 }
        if c.tokenIndex[s] >= 0, c.tokens[Int(c.tokenIndex[s])].range == TextRange(start: s, end: e) {
            bound += c.tokens[Int(c.tokenIndex[s])].origin == .icu ? (lg == 2 ? 1.0 : 0.3) : 0.5
        }
        if bound + 2 + ctxBound < options.threshold - 1e-6 { return nil }
        let atStart: Int
        if e - s <= 4 {
            if wordsAtStart == nil {
                var w = SIMD4<Int32>(repeating: -1)
                words.forEachMatchIndex(in: c.a, from: s, limit: min(c.n, s + 4)) { end, k in w[end - s - 1] = Int32(k) }
                wordsAtStart = w
            }
            atStart = Int(wordsAtStart?[e - s - 1] ?? -1)
        } else {
            atStart = c.entryIndex(words, s, e) ?? -1
        }
        if atStart >= 0 { bound += chars.wordFlags[atStart] & PersonCharTable.wordNR != 0 ? 2 : -4 }
        if bound + ctxBound < options.threshold - 1e-6 { return nil }
        // The rejections (each one drops the candidate whatever its score), cheapest first.
        for p in g..<e {
            let fl = chars.flags(c.a[p])
            if fl & PersonCharTable.speechStart != 0, c.longestMatch(table.speech, at: p) > 0 { return nil }
            if fl & PersonCharTable.titleStart != 0, c.longestMatch(table.titles, at: p) >= 2 { return nil }
            if p == e - 1, fl & PersonCharTable.suffixStart != 0, c.longestMatch(table.suffixes, at: p) == 1 { return nil }
        }
        // An edge inside a dictionary or ICU word (经理|刚, 白杨|街道) is not a name edge.
        if c.crossesWord(start: s, words) || c.crossesWord(end: e, words) { return nil }
        // 克|林斯曼, 布宜诺斯|艾利斯: inside a transliteration, not a Chinese name.
        if s > 0, chars.has(c.a[s - 1], PersonCharTable.foreignChar),
           (s..<e).allSatisfy({ chars.has(c.a[$0], PersonCharTable.foreignChar) }) {
            let k = c.tokenIndex[s - 1]
            let prevIsWord = k >= 0 && c.tokenWord(Int(k), words).map {
                words.entries[$0].frequency >= 1000 || Self.functionTags.contains(words.entries[$0].tag)
            } ?? false
            if !prevIsWord { return nil }
        }
        var score = 0.0
        score += chars.surnameScore[surname]
        if chars.surnameAmbiguous[surname] { score -= 0.8 }
        if g - s >= 2 { score += 0.5 }
        score += lg == 2 ? 0.6 : -0.4
        for p in g..<e {
            let fl = chars.flags(c.a[p])
            let listed = fl & PersonCharTable.given != 0
            // (Particles were rejected above.) 王晨以２∶０, 王辉和成红霞: a function word ending the
            // name is very likely not in it (unless the character is a common given-name character).
            if !listed || fl & PersonCharTable.givenWeak != 0, fl & PersonCharTable.singleFunction != 0 {
                score -= p == e - 1 ? 2.0 : 1.2
            }
            if listed {
                score += chars.givenScore(c.a[p])
            } else {
                // An unlisted last character is less suspicious when the name clearly ends after it.
                score -= (p == e - 1 && lg == 2 && c.isTokenBoundary(e) && endsName(at: e, c)) ? 0.6 : 1.2
            }
            if p == g && lg == 1 && !listed && fl & PersonCharTable.surnameStart != 0
                && c.longestMatch(table.surnames, at: p) > 0 { score -= 0.5 }
        }
        // The token layer.
        if atStart >= 0 {
            if chars.wordFlags[atStart] & PersonCharTable.wordNR != 0 { score += 2 } else { score -= 4 }
        }
        if match(table.notPerson, PersonCharTable.notPersonStart, at: s, c) > g - s { score -= 4 }
        // What the rest can still add at most (the bonuses below and the context): when even that
        // cannot reach the threshold, skip the remaining lookups.
        if score + 1.7 + ctxBound < options.threshold - 1e-6 { return nil }
        // Words only ICU knows may be ordinary words our lexicon lacks, or a name glued to the
        // next character (邓美|红的).
        if c.crossesStart(s) { score -= 1.5 }
        if c.crossesEnd(e) { score -= 1.5 }
        // A surname that is mostly a function word (和, 向, 来) before a word.
        if chars.has(c.a[s], PersonCharTable.singleFunction | PersonCharTable.singleVerb) { score -= 1.0 }
        if lg == 1, endsName(at: e, c) { score += 0.4 }
        // The surname and the first given character form a word (沈阳晴): not a name edge.
        if c.tokenEndWithin(s, e) { score -= 2.0 }
        if lg == 1, e < c.n, CharacterClass.isHan(c.a[e]), c.isTokenBoundary(e + 1), !c.blocked[e],
           !chars.has(c.a[e], PersonCharTable.singleFunction | PersonCharTable.singleVerb),
           match(table.speech, PersonCharTable.speechStart, at: e, c) == 0,
           match(table.titles, PersonCharTable.titleStart, at: e, c) == 0,
           match(table.suffixes, PersonCharTable.suffixStart, at: e, c) == 0 {
            // 张金|柱: a stray single character right after a two-character name suggests a longer name.
            score -= 1.0
        }
        if lg == 2, let w = c.entryIndex(words, g, e), chars.wordFlags[w] & PersonCharTable.wordNameTag == 0 { score -= 1.0 }
        if c.allSingles(s, e) { score += 0.3 }
        // The segmenter (ICU's dictionary or the name-candidate rule) already made it one word.
        if c.tokenIndex[s] >= 0 {
            let k = Int(c.tokenIndex[s])
            if c.tokens[k].range == TextRange(start: s, end: e) {
                // ICU's own dictionary knows many well-known names (周恩来, 焦裕禄) as words.
                score += c.tokens[k].origin == .icu ? (lg == 2 ? 1.0 : 0.3) : 0.5
            }
        }
        // Context.
        let (ctx, role) = context(s, e, c, foreign: false)
        score += ctx
        // Below the threshold the caller drops the candidate: build no strings for it.
        guard score >= options.threshold else { return nil }
        // 海创园, 海创、大华、物联网: with no title or speech verb next to it, a candidate that ends in
        // or stands before a place head, or that is listed with things, names no person.
        if role == nil, !speechFollows(e, c), namesPlaceOrThing(s, e, c) { return nil }
        return FullScore(end: e, surnameEnd: g, score: score, role: role)
    }

    /// A speech verb right after `e` (王恒泽说), as `context` counts it.
    func speechFollows(_ e: Int, _ c: Context) -> Bool {
        let sp = match(table.speech, PersonCharTable.speechStart, at: e, c)
        return sp > 0 && !c.crossesEnd(e + sp)
    }

    /// `[s, e)` ends in a place head (海创园), stands right before one that is a word of its own
    /// (海创|园), or is an item of an enumeration (、) whose other items include things: a
    /// dictionary word that is neither a name nor a title (物联网), or a place found earlier. A long
    /// item (…新华社的负责同志以及有关专家徐冠华) joins two lists and ends the walk.
    func namesPlaceOrThing(_ s: Int, _ e: Int, _ c: Context) -> Bool {
        if e - s >= 3, table.placeHeads.contains(c.a[e - 1].value) { return true }
        if e < c.n, table.placeHeads.contains(c.a[e].value), c.isTokenBoundary(e + 1) { return true }
        let comma: Unicode.Scalar = "、"
        guard (s > 0 && c.a[s - 1] == comma) || (e < c.n && c.a[e] == comma) else { return false }
        func isThing(_ a: Int, _ b: Int) -> Bool {
            guard b - a >= 2 else { return false }
            if (a..<b).allSatisfy({ c.blocked[$0] }) { return true }
            guard let w = c.entryIndex(words, a, b), chars.wordFlags[w] & PersonCharTable.wordNR == 0 else { return false }
            return c.entryIndex(table.titles, a, b) == nil && c.entryIndex(table.suffixes, a, b) == nil
        }
        // Items to the left, then to the right, at most eight each way.
        let longest = 6
        var p = s - 1
        var items = 0
        while p >= 0, c.a[p] == comma, items < 8 {
            var q = p
            while q > 0, !c.isBreak(q - 1) { q -= 1 }
            if p - q > longest { break }
            if isThing(q, p) { return true }
            p = q - 1
            items += 1
        }
        p = e
        items = 0
        while p < c.n, c.a[p] == comma, items < 8 {
            var q = p + 1
            while q < c.n, !c.isBreak(q) { q += 1 }
            if q - p - 1 > longest { break }
            if isThing(p + 1, q) { return true }
            p = q
            items += 1
        }
        return false
    }

    /// An upper bound of the score `context` gives `[s, e)`, from first/last-character flags only.
    func contextBound(_ s: Int, _ e: Int, _ c: Context) -> Double {
        var bound = 0.0
        if s > 0 {
            if chars.has(c.a[s - 1], PersonCharTable.titleEnd) { bound += max(0, options.titleBefore) }
            if c.a[s - 1] == "、" { bound += max(0, options.enumeration) }
        }
        if e < c.n {
            let f = chars.flags(c.a[e])
            if f & PersonCharTable.titleStart != 0 { bound += max(0, options.titleAfter) }
            if f & PersonCharTable.speechStart != 0 { bound += max(0, options.speechAfter) }
            if c.a[e] == "、" { bound += max(0, options.enumeration) }
        }
        if c.isBreak(s - 1) && c.isBreak(e) { bound += 0.6 }
        return bound
    }

    /// Evidence from the surroundings of `[s, e)` and the role seen (a title before or after).
    func context(_ s: Int, _ e: Int, _ c: Context, foreign: Bool = true) -> (Double, String?) {
        var score = 0.0
        var role: String?
        if s > 0, chars.has(c.a[s - 1], PersonCharTable.titleEnd), let t = c.cueEnding(at: s, table.titles) {
            score += options.titleBefore
            role = t
        }
        let after = match(table.titles, PersonCharTable.titleStart, at: e, c)
        if after >= 2 || (after == 1 && !c.crossesEnd(e + 1)) {
            // 乌克兰总统库奇马: a title followed by another name belongs to that name; it is full
            // evidence only when the sentence goes on with a break, a speech verb or a function word.
            score += !foreign || endsName(at: e + after, c) ? options.titleAfter : options.titleAfter / 2
            role = role ?? c.string(e, e + after)
        }
        let sp = match(table.speech, PersonCharTable.speechStart, at: e, c)
        if sp > 0, !c.crossesEnd(e + sp) { score += options.speechAfter }
        if s > 0, c.a[s - 1] == "、" { score += options.enumeration }
        if e < c.n, c.a[e] == "、" { score += options.enumeration }
        if c.isBreak(s - 1) && c.isBreak(e) { score += 0.6 }
        return (score, role)
    }

    /// Words naming a person's doctrine (马克思|主义, 邓小平|理论, 毛泽东|思想).
    static let doctrines: Lexicon = {
        var lexicon = Lexicon()
        for word in ["主义", "理论", "思想", "学说"] { lexicon.insert(LexiconEntry(word: word, frequency: 1)) }
        return lexicon
    }()

    /// True when the token around `e` goes on from `e` to its end with a doctrine word: a known
    /// name opens the word of its doctrine (马克思主义, 邓小平理论).
    static func doctrineFollows(_ e: Int, _ c: Context) -> Bool {
        guard e < c.n, c.tokenIndex[e] >= 0 else { return false }
        let end = c.tokens[Int(c.tokenIndex[e])].range.end
        return doctrines.lookupIndex(c.a, e, end) != nil
    }

    /// A known foreign name, or a run of transliteration characters with evidence.
    func foreignCandidate(at i: Int, _ c: Context) -> Found? {
        let first = chars.flags(c.a[i])
        guard first & (PersonCharTable.foreignChar | PersonCharTable.foreignNameStart) != 0 else { return nil }
        // Both the known-name and the run branch need a token edge before `i`.
        if c.crossesStart(i) { return nil }
        let known = first & PersonCharTable.foreignNameStart != 0 ? c.longestMatch(table.foreignNames, at: i) : 0
        let continuesRun = i > 0 && chars.has(c.a[i - 1], PersonCharTable.foreignChar) && !c.isTokenBoundary(i)
        if known >= 2, !continuesRun, !c.crossesStart(i), !c.crossesEnd(i + known) || Self.doctrineFollows(i + known, c) {
            let (_, role) = context(i, i + known, c)
            return Found(range: TextRange(start: i, end: i + known), kind: .foreign, name: c.string(i, i + known),
                         surname: nil, role: role, score: 5)
        }
        // A run starts here only if the previous character does not continue it (it does unless
        // it ends a dictionary word such as 总理).
        if i > 0, c.a[i - 1] == "·" { return nil }
        if i > 0, chars.has(c.a[i - 1], PersonCharTable.foreignChar) {
            let k = c.tokenIndex[i - 1]
            if !c.isTokenBoundary(i) || k < 0 || c.tokenWord(Int(k), words) == nil { return nil }
        }
        guard first & PersonCharTable.foreignChar != 0, !c.crossesStart(i) else { return nil }
        var e = i
        var dots = 0
        while e < c.n, !c.blocked[e] {
            // Longer than any name: ordinary text (and a bound that keeps the scan from every
            // start of a long run linear: 10⁵ × 斯 took 78 s when runs were scanned to their end).
            if e - i > NameCandidates.maxForeignNameLength { return nil }
            if chars.has(c.a[e], PersonCharTable.foreignChar) { e += 1; continue }
            if (c.a[e] == "·" || c.a[e] == "•"), e + 1 < c.n, e > i, CharacterClass.isHan(c.a[e + 1]) {
                // After a dot the next part may begin with any surname-like character (安德鲁·葛鲁夫).
                var f = e + 1
                while f < c.n, !c.blocked[f], chars.has(c.a[f], PersonCharTable.foreignChar)
                        || (f == e + 1 && table.surnames.lookupIndex(c.a, f, f + 1) != nil) { f += 1 }
                if f - e - 1 >= 1 { dots += 1; e = f; continue }
            }
            break
        }
        // Trim back to a token end.
        while e > i, c.crossesEnd(e) { e -= 1 }
        let len = e - i
        guard len >= 3 else { return nil }
        // A dictionary word inside the run makes it ordinary text (克服, 特别, 德国).
        var p = i
        var wordsInside = 0
        while p < e {
            let t = c.tokenEnd(p)
            if t - p >= 2, let w = c.entryIndex(words, p, t), chars.wordFlags[w] & PersonCharTable.wordNR == 0 { wordsInside += 1 }
            p = t
        }
        if wordsInside > 0 && dots == 0 { return nil }
        var score = 1.0 + Double(min(len, 6) - 3) * 0.5
        if dots > 0 { score += 2.5 }
        if c.tokenIndex[i] >= 0, c.tokens[Int(c.tokenIndex[i])].range == TextRange(start: i, end: e) { score += 1.0 }
        var q = i
        while q < e {
            if match(table.foreignNames, PersonCharTable.foreignNameStart, at: q, c) >= 2 { score += 3; break }
            q += 1
        }
        let (ctx, role) = context(i, e, c)
        score += ctx
        guard score >= options.foreignThreshold else { return nil }
        return Found(range: TextRange(start: i, end: e), kind: .foreign, name: c.string(i, e), surname: nil, role: role, score: score)
    }

    /// Byline authors (from `Section.authors`), found in their section with optional spaces
    /// between the characters (张梦月 夏 衍).
    func bylines(_ c: Context) -> [Found] {
        var out: [Found] = []
        for section in c.sections {
            for author in section.authors {
                let target = Array(author.unicodeScalars.filter { !CharacterClass.isWhitespace($0) })
                guard !target.isEmpty else { continue }
                var nameView = String.UnicodeScalarView()
                nameView.append(contentsOf: target)
                let name = String(nameView)
                var p = section.range.start
                let limit = min(section.range.end, c.n)
                search: while p < limit {
                    guard c.a[p] == target[0] && !c.blocked[p] else { p += 1; continue }
                    var q = p, k = 0
                    while q < limit, k < target.count {
                        if c.a[q] == target[k] { k += 1; q += 1 } else if c.a[q] == " " || c.a[q] == "\u{3000}" || c.a[q] == "\t", k > 0 { q += 1 } else { break }
                    }
                    if k == target.count {
                        out.append(Found(range: TextRange(start: p, end: q), kind: .byline, name: name, surname: nil, role: nil, score: 10))
                        break search
                    }
                    p += 1
                }
            }
        }
        return out
    }

    // MARK: - helpers

    /// POS tags of single-character words that cannot be given-name characters unless the
    /// given-name table lists them (prepositions, conjunctions, particles, pronouns, adverbs,
    /// numerals, measure words, localisers).
    /// Tags of dictionary words that may well be a given name too (建平, a county).
    static let nameTags: Set<String> = ["nr", "ns", "nt", "nz", "nrt", "nrfg"]
    static let functionTags: Set<String> = ["p", "c", "u", "y", "e", "r", "d", "m", "q", "f", "uj", "ul", "ud", "uz", "zg"]
    /// Particles and pronouns never end or fill a given name (的, 了, 吗, 我, 这).
    static let particleTags: Set<String> = ["u", "y", "e", "r", "uj", "ul", "ud", "uz", "zg"]

    /// `c.longestMatch(lex, at: p)`, skipped when the character at `p` starts no word of `lex`
    /// (`flag` is that table's first-character flag).
    @inline(__always)
    func match(_ lex: Lexicon, _ flag: UInt16, at p: Int, _ c: Context) -> Int {
        guard p >= 0, p < c.n, chars.has(c.a[p], flag) else { return 0 }
        return c.longestMatch(lex, at: p)
    }

    /// A name plausibly ends before `p`: punctuation, a text edge, a speech verb or title, or a
    /// function word (read through the character table).
    func endsName(at p: Int, _ c: Context) -> Bool {
        if c.isBreak(p) { return true }
        let f = chars.flags(c.a[p])
        if f & PersonCharTable.speechStart != 0, c.longestMatch(table.speech, at: p) > 0 { return true }
        if f & PersonCharTable.titleStart != 0, c.longestMatch(table.titles, at: p) > 0 { return true }
        return f & PersonCharTable.singleFunction != 0
    }
}
