import Foundation

/// The places stage: gazetteer names and aliases, and X + suffix rules, resolved to one entity
/// per distinct place with level, parent and every mention.
///
/// Matching runs on the folded text with the line breaks inside a repaired paragraph skipped
/// (紫阳⏎⏎街道 is found as 紫阳街道; the mention's range spans the break). A gazetteer match is
/// kept when
/// - a short match (≤ 2 characters) starts and ends at word boundaries (tokens, or the edges of
///   a longer place match: 杭州|高新区(滨江));
/// - it is not followed by an organisation head (中山大学, 杭州中学, 杭州蒋筑英学校);
/// - it is not the prefix of a longer lexicon word that the segmenter kept and is not a place
///   (新乡贤 is not 新乡).
/// Rule places are X + suffix where X (1–4 characters) is whole words, none of them a verb or a
/// function word, not a stop word; zones (开发区, 园区…) need X to be a place name or a place
/// written just before. Overlaps are settled by `SpanFilter`.
///
/// Ambiguous names and aliases (紫阳 → 紫阳街道 in 上城区 or 紫阳县 in 安康市) are resolved by
/// the other places of the article, the section's district and the place written just before;
/// without context the canonical name, then the higher level wins. A rule place's parent is the
/// place written just before it (白杨街道邻里社区), else the section's district.
public struct PlaceExtractor: Stage, Sendable {
    public let name = "places"
    public let gazetteer: Gazetteer
    public let rules: PlaceRules
    public let words: Lexicon
    /// What the matching loops ask of the three above, as tables by code point or key index.
    let tables: Tables

    public init(lexicons: LexiconSet) throws {
        self.init(gazetteer: try lexicons.tables.gazetteer(), rules: try PlaceRules.load(tables: lexicons.tables),
                  words: lexicons.words)
    }

    public init(gazetteer: Gazetteer, rules: PlaceRules, words: Lexicon) {
        self.gazetteer = gazetteer
        self.rules = rules
        self.words = words
        self.tables = Tables(gazetteer: gazetteer, rules: rules, words: words)
    }

    /// A matched place before resolution, in compact coordinates.
    struct Candidate {
        var start: Int
        var end: Int
        /// Gazetteer places the key may refer to (empty for rule places).
        var references: [Gazetteer.Reference]
        /// Rule places: the name and level.
        var ruleName: String?
        var ruleLevel: PlaceLevel?
        var order: Int
        /// A generic word that is a place only with support from the context (城区).
        var weak = false
    }

    /// The folded text with repaired line breaks removed, and the original offset of every character.
    struct Compact {
        var chars: [Unicode.Scalar] = []
        var offsets = Offsets()
    }

    /// Compact → original offsets: the identity when nothing was removed (most texts, no table
    /// built), else a table.
    struct Offsets {
        var table: [Int]?

        @inline(__always) subscript(k: Int) -> Int { table?[k] ?? k }
    }

    static func compact(_ document: Document) -> Compact {
        let s = document.analysis
        var c = Compact()
        // Only a whitespace run with a line break is removed: without line breaks the text stays.
        if document.firstLineBreak == nil {
            c.chars = s
            return c
        }
        c.chars.reserveCapacity(s.count)
        var offsets: [Int] = []
        offsets.reserveCapacity(s.count)
        var paragraphs = document.paragraphs[...]
        var i = 0
        while i < s.count {
            while let p = paragraphs.first, p.end <= i { paragraphs = paragraphs.dropFirst() }
            if let p = paragraphs.first, p.start < i, i < p.end, CharacterClass.isWhitespace(s[i]) {
                var j = i
                var breaks = false
                while j < p.end, CharacterClass.isWhitespace(s[j]) {
                    if CharacterClass.isLineBreak(s[j]) { breaks = true }
                    j += 1
                }
                if breaks { i = j; continue }
            }
            c.chars.append(s[i])
            offsets.append(i)
            i += 1
        }
        c.offsets = Offsets(table: offsets)
        return c
    }

    /// The identity of a resolved place: a gazetteer place or a rule place's name.
    enum PlaceKey: Hashable {
        case gazetteer(Int)
        case rule(String)
    }

    public func process(_ document: inout Document) throws {
        // (Asked first: `removeAll` made the array unique and rebuilt it even when no place was in it.)
        if document.entities.indices.contains(where: { document.entities[$0].type == .place }) {
            document.entities.removeAll { $0.type == .place }
        }
        let cx = Self.compact(document)
        let n = cx.chars.count
        guard n > 0 else { return }
        // The tables by position live only in this call: temporary buffers (on the stack for a
        // short text) cost no heap allocation and no generic array set-up per document.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: 4 * (n + 1)) { flags in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: n + 1) { placeStart in
                // All four false at once (one fill, not four), the token boundaries true throughout
                // when there are no tokens.
                flags.initialize(repeating: false)
                func table(_ k: Int, count: Int) -> UnsafeMutableBufferPointer<Bool> {
                    UnsafeMutableBufferPointer(rebasing: flags[(k * (n + 1))..<(k * (n + 1) + count)])
                }
                if document.tokens.isEmpty { table(0, count: 2 * (n + 1)).update(repeating: true) }
                placeStart.initialize(repeating: -1)
                places(in: &document, cx, startB: table(0, count: n + 1), endB: table(1, count: n + 1),
                       edge: table(2, count: n + 1), covered: table(3, count: n), placeStart: placeStart)
            }
        }
    }

    /// `process` with its tables by compact position: token starts and ends (`n + 1`, true
    /// throughout when there are no tokens), the edges of long gazetteer matches (`n + 1`,
    /// false), the positions kept gazetteer matches cover (`n`, false) and, by end, their starts
    /// (`n + 1`, -1).
    private func places(in document: inout Document, _ cx: Compact, startB: UnsafeMutableBufferPointer<Bool>,
                        endB: UnsafeMutableBufferPointer<Bool>, edge: UnsafeMutableBufferPointer<Bool>,
                        covered: UnsafeMutableBufferPointer<Bool>, placeStart: UnsafeMutableBufferPointer<Int>) {
        let chars = cx.chars
        let offsets = cx.offsets
        let n = chars.count
        let tokens = document.tokens
        let analysis = document.analysis

        // Token boundaries in compact coordinates (straight from the tokens when nothing was removed).
        let tokenAt = document.tokenCovering
        if n == document.length {
            for k in tokens.indices {
                let r = tokens[k].range
                startB[r.start] = true
                endB[r.end] = true
            }
        } else {
            var tokenStart = [Bool].filled(tokens.isEmpty, count: document.length + 1)
            var tokenEnd = tokenStart
            for k in tokens.indices {
                let r = tokens[k].range
                tokenStart[r.start] = true
                tokenEnd[r.end] = true
            }
            for k in 0..<n {
                startB[k] = tokenStart[offsets[k]]
                endB[k + 1] = tokenEnd[offsets[k] + 1]
            }
        }
        startB[n] = true
        endB[0] = true
        /// Inside a word the lexicon does not know (ICU's 余杭竹), a boundary is not evidence.
        /// Asked only for short gazetteer matches off the token boundaries, so no per-token lookup.
        func unknownWordAt(_ k: Int) -> Bool {
            guard k >= 0, k < n else { return false }
            let i = Int(tokenAt[offsets[k]])
            guard i >= 0 else { return false }
            let r = tokens[i].range
            return tokens[i].kind == .word && r.length > 1 && !words.contains(analysis, r.start, r.end)
        }

        // Gazetteer candidates (matching starts only at characters that begin a key, and only
        // when the next character may follow: most positions are skipped without a trie walk).
        var raw: [(start: Int, end: Int, key: Int)] = []
        let keyFirst = tables.keyFirst, keySingle = tables.keySingle, keyPairs = tables.keyPairs
        /// The first position from `k` on where a key may start (`n` when none): a tight loop
        /// over the text, without bounds checks, that most positions leave at once.
        func nextKeyStart(_ k: Int) -> Int {
            chars.withUnsafeBufferPointer { s in
                var k = k
                while k < n {
                    let c = s[k]
                    if c.value < 0x10000 {
                        if keyFirst.contains(c.value),
                           keySingle.contains(c.value) || (k + 1 < n && keyPairs.contains(c.value, s[k + 1].value)) { return k }
                    } else if c.properties.isIdeographic || c.properties.isAlphabetic {
                        return k
                    }
                    k += 1
                }
                return n
            }
        }
        var k = nextKeyStart(0)
        while k < n {
            gazetteer.forEachMatchIndex(in: chars, from: k, limit: n) { end, key in raw.append((k, end, key)) }
            k = nextKeyStart(k + 1)
        }
        for (a, b, _) in raw where b - a >= 3 { edge[a] = true; edge[b] = true }
        // Two short names that overlap (上海东站 cut 上|海东|站): the one that starts earlier at a
        // word boundary and names a place of the same or a higher level is read (上海), the one
        // starting inside it is not (海东).
        var overlapped = Set<Int>(), overlapping = Set<Int>()
        for i in raw.indices where raw[i].end - raw[i].start <= 2 {
            var j = i - 1
            while j >= 0, raw[j].start >= raw[i].start - 2 {
                let (ja, jb, jk) = raw[j]
                if ja < raw[i].start, jb > raw[i].start, jb < raw[i].end, jb - ja <= 2, startB[ja],
                   tables.keyLevel[jk] <= tables.keyLevel[raw[i].key] {
                    overlapped.insert(i)
                    overlapping.insert(j)
                }
                j -= 1
            }
        }
        var candidates: [Candidate] = []
        // Room for every gazetteer match at once (none asked for none: that would allocate).
        if !raw.isEmpty { candidates.reserveCapacity(raw.count) }
        for (r, (a, b, key)) in raw.enumerated() {
            if overlapped.contains(r) { continue }
            if b - a <= 2, !overlapping.contains(r),
               !((startB[a] || edge[a] || unknownWordAt(a)) && (endB[b] || edge[b] || unknownWordAt(b - 1))) {
                continue
            }
            if blockedByOrganization(chars, end: b) { continue }
            if let (wEnd, w) = words.longestMatchIndex(in: chars, from: a, limit: n), wEnd > b,
               endB[wEnd], words.entries[w].tag != "ns", gazetteer.keyIndex(chars, a, wEnd) == nil {
                continue
            }
            // Natural features and countries (地球, 长城) are named as such even when the word is
            // also an ordinary noun of the lexicon.
            // A two-character short form of a county or smaller place (紫阳, 上城, 光谷) needs the
            // article to name a place above or below it; short forms of provinces and cities
            // (北京, 杭州) stand alone.
            let weak = tables.keyWeak[key] || (b - a <= 2 && !tables.keyNamed[key] && tables.keyOrdinaryWord[key])
                || (b - a <= 2 && tables.keyLocalAlias[key])
            // (Built in the array: a local candidate cost a copy of its references.)
            candidates.append(Candidate(start: a, end: b, references: gazetteer.references(atKey: key),
                                        ruleName: nil, ruleLevel: nil, order: candidates.count, weak: weak))
        }
        // (Through an unsafe view here and below: `for c in` copied each candidate, retaining its
        // array and string.)
        Self.filter(candidates).withUnsafeBufferPointer { kept in
            for i in kept.indices {
                placeStart[kept[i].end] = kept[i].start
                for k in kept[i].start..<kept[i].end { covered[k] = true }
            }
        }

        // One-character short forms (中美, 访华, 中方). Hong Kong, Macao and Taiwan written side by
        // side (港澳, 港澳台, 港台) are one region, named as written: 港澳同胞 are the people of
        // both, not two places of their own.
        let forms = shortForms(chars, covered: UnsafeBufferPointer(covered), startB: UnsafeBufferPointer(startB),
                               endB: UnsafeBufferPointer(endB))
        var inRegion = Set<Int>()
        var f = 0
        while f < forms.count {
            var g = f + 1
            while g < forms.count, forms[g] == forms[g - 1] + 1 { g += 1 }
            let run = forms[f..<g]
            if run.count >= 2, run.allSatisfy({ Self.specialRegions.contains(chars[$0]) }) {
                let start = run.first!, end = run.last! + 1
                candidates.append(Candidate(start: start, end: end, references: [], ruleName: ScalarText.string(chars, start, end),
                                            ruleLevel: .region, order: candidates.count))
                inRegion.formUnion(run)
            }
            f = g
        }
        for k in forms where !inRegion.contains(k) {
            guard let name = rules.abbreviations[chars[k]], let place = gazetteer.indices(named: name).first else { continue }
            candidates.append(Candidate(start: k, end: k + 1, references: [Gazetteer.Reference(place: place, isAlias: true)],
                                        ruleName: nil, ruleLevel: nil, order: candidates.count))
        }

        // Rule candidates: X + suffix. The suffixes that may end one are listed first: few texts
        // have any, and only those build the context `ruleX` reads (six arrays retained and
        // released). They are then tried in text order, as found.
        let suffixFirst = tables.suffixFirst
        /// The first position from `p` on where a suffix may start (`n` when none), as `nextKeyStart`.
        func nextSuffixStart(_ p: Int) -> Int {
            chars.withUnsafeBufferPointer { s in
                var p = p
                while p < n, s[p].value < 0x10000, !suffixFirst.contains(s[p].value) { p += 1 }
                return p
            }
        }
        var suffixes: [(start: Int, end: Int, level: PlaceLevel)] = []
        var p = nextSuffixStart(1)
        while p < n {
            defer { p = nextSuffixStart(p + 1) }
            rules.suffixTrie.forEachMatchIndex(in: chars, from: p, limit: n) { sEnd, suffix in
                // 双塔街道党工委: a place head that opens a token may end inside it before the
                // head word of the place's own government or party body.
                guard endB[sEnd] || (startB[p] && bodyFollows(chars, sEnd)), let level = tables.suffixLevels[suffix] else { return }
                suffixes.append((p, sEnd, level))
            }
        }
        if !suffixes.isEmpty {
            ruleCandidates(suffixes, RuleContext(chars: chars, analysis: analysis, startB: UnsafeBufferPointer(startB),
                                                 covered: UnsafeBufferPointer(covered), placeStart: UnsafeBufferPointer(placeStart),
                                                 tokenAt: tokenAt, offsets: offsets, tokens: tokens,
                                                 original: document.scalars, traditional: document.folding.traditional),
                           endB: UnsafeBufferPointer(endB), into: &candidates)
        }
        // The kept candidates read through an unsafe view: in a function this long the array's
        // getter was not inlined, and each field read copied the whole candidate.
        Self.filter(candidates).withUnsafeBufferPointer { kept in
            resolve(kept, chars: chars, offsets: offsets, in: &document)
        }
    }

    /// `places`'s rule candidates: X before each of `suffixes` (a place head ending at a word
    /// boundary, or before a body's head word; in text order), appended to `candidates`.
    private func ruleCandidates(_ suffixes: [(start: Int, end: Int, level: PlaceLevel)], _ context: RuleContext,
                                endB: UnsafeBufferPointer<Bool>, into candidates: inout [Candidate]) {
        let chars = context.chars
        var townEnd = -1
        for (p, sEnd, level) in suffixes {
            guard let best = ruleX(context, suffixStart: p, suffixEnd: sEnd, level: level, townEnd: townEnd) else { continue }
            // Before a body head X must be a name, not a common noun (小城|镇政府).
            if !endB[sEnd], let w = words.lookupIndex(chars, best, p), words.entries[w].tag == "n" { continue }
            if level <= .township { townEnd = sEnd }
            candidates.append(Candidate(start: best, end: sEnd, references: [],
                                        ruleName: ScalarText.string(chars, best, sEnd), ruleLevel: level,
                                        order: candidates.count))
        }
    }

    /// `places`'s last step: the kept candidates resolved to gazetteer places or rule places,
    /// the entities built in order of first mention, and the districts of sections whose
    /// heading names a place.
    private func resolve(_ kept: UnsafeBufferPointer<Candidate>, chars: [Unicode.Scalar], offsets: Offsets,
                         in document: inout Document) {
        // No place (short texts, most often): no entity, no district, no heading named, and none
        // of the tables below set up and freed.
        guard !kept.isEmpty else { return }
        /// The original range of `kept[m]`.
        func original(_ m: Int) -> TextRange {
            TextRange(start: offsets[kept[m].start], end: offsets[kept[m].end - 1] + 1)
        }
        // (A document's few anchors are scanned: no set to hash and allocate, see `KeyPositions`.)
        var anchors = KeyPositions<Int>(capacity: kept.count)
        for m in kept.indices where kept[m].references.count == 1 && !kept[m].weak {
            // The place and its ancestors (walked in place: no chain array per mention); a place
            // already in the set brought its ancestors with it.
            var current: Int? = kept[m].references[0].place
            var steps = 0
            while let i = current, steps < 16, !anchors.contains(i) {
                anchors.append(i)
                current = gazetteer.parentIndex[i]
                steps += 1
            }
        }
        var districts: [Int: Int] = [:]   // section → gazetteer place
        for k in document.sections.indices {
            // A district name may repeat (普陀区 in 上海 and in 舟山): take the one the article's
            // other places point to.
            guard let d = document.sections[k].district else { continue }
            let named = gazetteer.indices(named: d)
            if let i = named.first(where: { i in gazetteer.ancestors(of: i).contains { anchors.contains($0) } }) ?? named.first {
                districts[k] = i
            }
        }
        struct Resolved { var key: PlaceKey; var name: String; var level: PlaceLevel; var parent: String?; var place: Int? }
        var resolved: [Resolved?] = []
        resolved.reserveCapacity(kept.count)
        for m in kept.indices {
            let range = original(m)
            let (start, end) = (kept[m].start, kept[m].end)
            let sentence = document.sentenceIndex(at: range.start)
            let section: Int? = sentence.map { document.sentences[$0].section }.flatMap { $0 >= 0 ? $0 : nil }
                ?? Self.sectionIndex(document.sections, at: range.start)
            let previous: Resolved? = m > 0 && kept[m - 1].end == start ? resolved[m - 1] : nil
            if let ruleName = kept[m].ruleName, let level = kept[m].ruleLevel {
                var parent: String?
                if let previous, previous.level < level { parent = previous.name }
                else if let section, let d = districts[section], gazetteer.places[d].level < level {
                    parent = gazetteer.places[d].name
                }
                resolved.append(Resolved(key: .rule(ruleName), name: ruleName, level: level, parent: parent, place: nil))
                continue
            }
            let choice = choose(kept[m].references, anchors: anchors, district: section.flatMap { districts[$0] },
                                previous: previous?.place, levelAfter: Self.levelWord(after: end, chars))
            if kept[m].weak {
                let chain = gazetteer.ancestors(of: choice)
                let district = section.flatMap { districts[$0] }
                let supported = anchors.contains(choice) || chain.contains { anchors.contains($0) }
                    || district.map { $0 == choice || chain.contains($0) || gazetteer.isAncestor(choice, of: $0) } == true
                if !supported { resolved.append(nil); continue }
            }
            let place = gazetteer.places[choice]
            resolved.append(Resolved(key: .gazetteer(choice), name: place.name, level: place.level, parent: place.parent,
                                     place: choice))
        }

        // Entities, in order of first mention.
        var entityIndex = KeyPositions<PlaceKey>(capacity: kept.count)
        var entities: [Entity] = []
        // Room for one entity a mention: the array is not regrown as entities come (no room asked
        // for none: that would allocate).
        if !kept.isEmpty { entities.reserveCapacity(kept.count) }
        for m in kept.indices {
            guard let r = resolved[m] else { continue }
            let range = original(m)
            let mention = Mention(range: range, text: document.original(range), sentence: document.sentenceIndex(at: range.start))
            // Most mentions spell the name as it is: then no String is built for the surface (and
            // none compared with the name below, code point by code point the same).
            let (start, end) = (kept[m].start, kept[m].end)
            let surface = r.name.unicodeScalars.elementsEqual(chars[start..<end]) ? r.name : ScalarText.string(chars, start, end)
            if let e = entityIndex.position(of: r.key) {
                entities[e].mentions.append(mention)
                if entities[e].parent == nil { entities[e].parent = r.parent }
                if surface != r.name, !entities[e].aliases.contains(surface) { entities[e].aliases.append(surface) }
            } else {
                entityIndex.append(r.key)
                entities.append(Entity(type: .place, name: r.name, aliases: surface != r.name ? [surface] : [],
                                       mentions: [mention], level: r.level, parent: r.parent))
            }
        }
        document.entities.append(taking: entities)

        // Sections whose heading names a place.
        var next = 0
        for k in document.sections.indices {
            guard let heading = document.sections[k].heading else { continue }
            while next < kept.count, original(next).start < heading.start { next += 1 }
            guard document.sections[k].district == nil else { continue }
            var m = next
            while m < kept.count, original(m).end <= heading.end {
                if let r = resolved[m] { document.sections[k].district = r.name; break }
                m += 1
            }
        }
    }

    /// `SpanFilter`'s policy applied to each cluster of overlapping candidates separately (clusters
    /// do not interact, and the shared filter compares every pair).
    static func filter(_ candidates: [Candidate]) -> [Candidate] {
        let n = candidates.count
        if n < 2 { return candidates }
        // Indices are sorted, not the candidates (no copies of their arrays and strings), in a
        // temporary buffer (no arrays per call): the order of all, then the current cluster. The
        // orders are distinct, so the sorts have no ties.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * n) { indices in
            var sorted = UnsafeMutableBufferPointer(rebasing: indices[..<n])
            let cluster = UnsafeMutableBufferPointer(rebasing: indices[n...])
            for i in 0..<n { sorted[i] = i }
            // The gazetteer's candidates come in order already.
            let inOrder = (1..<n).allSatisfy { i in
                let sa = candidates[i - 1].start, sb = candidates[i].start
                return sa != sb ? sa < sb : candidates[i - 1].order < candidates[i].order
            }
            if !inOrder {
                sorted.sort { a, b in
                    let sa = candidates[a].start, sb = candidates[b].start
                    return sa != sb ? sa < sb : candidates[a].order < candidates[b].order
                }
            }
            var result: [Candidate] = []
            result.reserveCapacity(n)
            var count = 0
            var clusterEnd = -1
            func flush() {
                if count == 0 { return }
                if count == 1 {
                    result.append(candidates[cluster[0]])
                } else {
                    var members = UnsafeMutableBufferPointer(rebasing: cluster[..<count])
                    members.sort { candidates[$0].order < candidates[$1].order }
                    let ordered = members.map { candidates[$0] }
                    result += SpanFilter.longestThenEarliest(ordered) { TextRange(start: $0.start, end: $0.end) }
                }
                count = 0
            }
            for i in sorted {
                if candidates[i].start >= clusterEnd { flush() }
                cluster[count] = i
                count += 1
                clusterEnd = max(clusterEnd, candidates[i].end)
            }
            flush()
            return result
        }
    }

    /// The section containing an offset (binary search; sections are in text order).
    static func sectionIndex(_ sections: [Section], at offset: Int) -> Int? {
        var lo = 0, hi = sections.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = sections[mid].range
            if offset < r.start { hi = mid - 1 } else if offset >= r.end { lo = mid + 1 } else { return mid }
        }
        return nil
    }

    /// Characters that may stand between a place and an organisation head (蒋筑英 in 杭州蒋筑英学校).
    static let gapBreakers: Set<Unicode.Scalar> = [
        "的", "和", "与", "及", "在", "是", "有", "等", "了", "到", "从", "向", "对", "为", "以", "区", "市", "县", "省",
        "镇", "乡", "村", "路", "街",
    ]

    /// True when a government or party head word (`PlaceRules.bodyTrie`) starts at `k`.
    func bodyFollows(_ s: [Unicode.Scalar], _ k: Int) -> Bool {
        var found = false
        rules.bodyTrie.forEachMatchIndex(in: s, from: k, limit: s.count) { _, _ in found = true }
        return found
    }

    /// `CharacterClass.isIdeographic` through `tables`.
    @inline(__always)
    func isIdeographic(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x10000 ? tables.ideographic.contains(c.value) : c.properties.isIdeographic
    }

    func blockedByOrganization(_ s: [Unicode.Scalar], end: Int) -> Bool {
        var g = 0
        while g <= 4, end + g < s.count {
            let c = s[end + g]
            if c.value >= 0x10000 || tables.blockFirst.contains(c.value) {
                var found = false
                rules.blockTrie.forEachMatchIndex(in: s, from: end + g, limit: s.count) { _, _ in found = true }
                if found { return true }
            }
            if !isIdeographic(c) || (c.value < 0x10000 ? tables.gapBreakers.contains(c.value) : Self.gapBreakers.contains(c)) {
                return false
            }
            g += 1
        }
        return false
    }

    /// Part-of-speech tags that never occur in a place name's X (verbs, function words, numerals…).
    static let nonNameTags: Set<String> = [
        "v", "vn", "vd", "vg", "d", "r", "p", "c", "u", "m", "q", "f", "a", "ad", "an", "b", "t", "y", "e", "o",
        "i", "l", "z", "mq", "ag", "dg", "rr", "rz", "uj", "ul", "ud", "ug", "uv", "uz",
    ]

    /// Tags that rule out a one-character word inside X (南 in 珞南 is fine, 在 in 在凤凰 is not).
    static let functionTags: Set<String> = [
        "v", "vn", "d", "r", "p", "c", "u", "m", "q", "y", "e", "o", "uj", "ul", "ud", "ug", "uv", "uz", "rr", "rz",
    ]

    /// What `ruleX` reads of one document: compact characters with their word boundaries and the
    /// gazetteer matches kept (`process`'s tables), and the tokens (in original coordinates, read
    /// in `analysis`).
    struct RuleContext {
        var chars: [Unicode.Scalar]
        var analysis: [Unicode.Scalar]
        var startB: UnsafeBufferPointer<Bool>
        var covered: UnsafeBufferPointer<Bool>
        var placeStart: UnsafeBufferPointer<Int>
        /// `Document.tokenIndex.covering`.
        var tokenAt: [Int32]
        var offsets: Offsets
        var tokens: [Token]
        /// The original code points (`Document.scalars`) and whether the text was traditional.
        var original: [Unicode.Scalar] = []
        var traditional = false
    }

    /// The start of the longest acceptable X before a suffix, or nil.
    /// `townEnd`: the end of the last rule place of township level or above found before `p`.
    func ruleX(_ cx: RuleContext, suffixStart p: Int, suffixEnd: Int, level: PlaceLevel, townEnd: Int = -1) -> Int? {
        let s = cx.chars
        for len in stride(from: 4, through: 1, by: -1) {
            let x = p - len
            guard x >= 0, cx.startB[x] else { continue }
            guard (x..<p).allSatisfy({ isIdeographic(s[$0]) }) else { continue }
            // The suffix must start a word, unless X + suffix is one token, or X follows a place
            // directly and the suffix's token starts inside X (木渎镇金山村 cut 金|山村).
            if !cx.startB[p] {
                guard !cx.tokens.isEmpty else { continue }
                let suffixToken = Int(cx.tokenAt[cx.offsets[p]])
                let oneToken = cx.tokenAt[cx.offsets[x]] == cx.tokenAt[cx.offsets[suffixEnd - 1]]
                let glued = ((level >= .township && level <= .community) || level == .feature) && suffixToken >= 0
                    && (cx.placeStart[x] >= 0 || x == townEnd || (level == .feature && gazetteer.keyIndex(s, x, p) != nil))
                    && cx.tokens[suffixToken].range.start > cx.offsets[x]
                guard oneToken || glued else { continue }
            }
            // 村社区, 镇街道: a bare place head is not a name.
            if rules.suffixTrie.lookupIndex(s, x, p) != nil { continue }
            // X may be a place name itself (紫阳 + 街道) but must not swallow part of one.
            let xKey = gazetteer.keyIndex(s, x, p)
            let xIsPlace = xKey != nil
            // 浙江省 + 社区 is not a community: below the county level X may be a short form of a
            // place (紫阳 + 街道, 玉林 + 街道 in 成都) but not a full place name.
            if level != .zone, level != .feature, let xKey, tables.keyCanonical[xKey] { continue }
            if !xIsPlace, (x..<p).contains(where: { cx.covered[$0] }) { continue }
            if (x..<suffixEnd).allSatisfy({ cx.covered[$0] }) { continue }
            if tables.stops.contains(s, x, p) || rules.stopEnds.contains(s[p - 1]) { continue }
            // 資源佢喺社區: a Cantonese function word is never part of a place name.
            if cx.traditional, (x..<p).contains(where: { CharacterClass.isCantoneseFunction(cx.original, at: cx.offsets[$0]) }) { continue }
            if let e = words.lookupIndex(s, x, suffixEnd), words.entries[e].tag != "ns" { continue }
            if !xIsPlace {
                // Every word of X must be a possible name part.
                var bad = false
                var k = x
                while k < p {
                    let t = Int(cx.tokenAt[cx.offsets[k]])
                    guard t >= 0 else { k += 1; continue }
                    let tr = cx.tokens[t].range
                    if tables.stops.contains(cx.analysis, tr.start, tr.end) { bad = true; break }
                    if let e = words.lookupIndex(cx.analysis, tr.start, tr.end),
                       (tr.length == 1 ? Self.functionTags : Self.nonNameTags).contains(words.entries[e].tag) { bad = true; break }
                    k += max(1, tr.end - cx.offsets[k])
                }
                if bad { continue }
            }
            if level == .zone || level == .feature, !xIsPlace, cx.placeStart[x] < 0 { continue }
            return x
        }
        return nil
    }

    /// Short forms of Hong Kong, Macao and Taiwan: side by side they name one region (港澳).
    static let specialRegions: Set<Unicode.Scalar> = ["港", "澳", "台"]

    static let numeralChars: Set<Unicode.Scalar> = ["〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "两", "廿"]

    /// Positions of one-character short forms of places (`PlaceRules.abbreviations`) that stand
    /// for a place: two or more in a run, alone or separated by 、 (中美, 中日韩, 中、美), a cue
    /// character before one (访华, 抵京, 抗日; not when the character starts a lexicon word: 在京剧团)
    /// or 方 after one (中方). The run or word must start and end at token boundaries (a run may
    /// also end where a lexicon word begins that ends at one: 中美关系), must not touch a
    /// gazetteer match and must not follow a numeral (5日中午).
    func shortForms(_ chars: [Unicode.Scalar], covered: UnsafeBufferPointer<Bool>, startB: UnsafeBufferPointer<Bool>,
                    endB: UnsafeBufferPointer<Bool>) -> [Int] {
        let abbr = rules.abbreviations
        guard !abbr.isEmpty else { return [] }
        let n = chars.count
        let bits = tables.abbreviations
        func isShort(_ k: Int) -> Bool {
            guard k >= 0, k < n, !covered[k] else { return false }
            let c = chars[k]
            return c.value < 0x10000 ? bits.contains(c.value) : abbr[c] != nil
        }
        let cues = tables.abbreviationCues
        func isCue(_ c: Unicode.Scalar) -> Bool {
            c.value < 0x10000 ? cues.contains(c.value) : rules.abbreviationCues.contains(c)
        }
        func afterNumeral(_ k: Int) -> Bool {
            k > 0 && (chars[k - 1].properties.numericType != nil || Self.numeralChars.contains(chars[k - 1]))
        }
        /// The first position from `k` on that holds a short form (`n` when none): `isShort` in a
        /// tight loop over the text, without bounds checks, that most positions leave at once.
        func nextShort(_ k: Int) -> Int {
            chars.withUnsafeBufferPointer { s in
                var k = k
                while k < n {
                    let c = s[k]
                    if !covered[k], c.value < 0x10000 ? bits.contains(c.value) : abbr[c] != nil { return k }
                    k += 1
                }
                return n
            }
        }
        var result: [Int] = []
        var k = nextShort(0)
        while k < n {
            defer { k = nextShort(k) }
            var j = k + 1
            if !(j < n && (isShort(j) || (chars[j] == "、" && isShort(j + 1)))) {
                // A lone short form: cue before it or 方 after it.
                if k > 0, isCue(chars[k - 1]), startB[k - 1], endB[k + 1],
                   (words.longestMatchIndex(in: chars, from: k, limit: n)?.end ?? k) <= k + 1,
                   !rules.abbreviationStops.contains(ScalarText.string(chars, k - 1, k + 1)) {
                    result.append(k)
                } else if k + 1 < n, chars[k + 1] == "方", startB[k], k + 2 <= n, endB[k + 2], !afterNumeral(k),
                          !rules.abbreviationStops.contains(ScalarText.string(chars, k, k + 2)) {
                    result.append(k)
                }
                k = j
                continue
            }
            // A run of two or more (中美, 中日韩, 中、美).
            var run = [k]
            while j < n {
                if isShort(j) { run.append(j); j += 1 }
                else if chars[j] == "、", isShort(j + 1) { run.append(j + 1); j += 2 }
                else { break }
            }
            var word = String.UnicodeScalarView()
            for p in run { word.append(chars[p]) }
            if startB[k], endB[j] || wordEndingAtBoundary(chars, from: j, endB: endB), Set(run.map { chars[$0] }).count == run.count, !afterNumeral(k), !rules.abbreviationStops.contains(String(word)),
               !(run.count == 2 && isProvinceCentre(chars[run[0]], chars[run[1]])) {
                result.append(contentsOf: run)
            }
            k = j
        }
        return result
    }

    /// 滇中, 苏中, 皖中: 中 after the short form of a province is the middle of that province (a
    /// region), not China; the pair names no two places.
    func isProvinceCentre(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        guard second == "中", let name = rules.abbreviations[first] else { return false }
        return gazetteer.indices(named: name).contains { gazetteer.places[$0].level == .province }
    }

    /// True when a lexicon word of two or more characters starts at `j` and ends at a token
    /// boundary (中美|关系 inside ICU's one token 中美关系).
    func wordEndingAtBoundary(_ chars: [Unicode.Scalar], from j: Int, endB: UnsafeBufferPointer<Bool>) -> Bool {
        var found = false
        words.forEachMatchIndex(in: chars, from: j, limit: chars.count) { end, _ in
            if end - j >= 2, endB[end] { found = true }
        }
        return found
    }

    /// The level a word right after a place name gives it (吉林全省, 吉林省委: a province;
    /// 吉林全市, 吉林市委: a city).
    static func levelWord(after k: Int, _ chars: [Unicode.Scalar]) -> PlaceLevel? {
        var p = k
        if p < chars.count, chars[p] == "全" { p += 1 }
        guard p < chars.count else { return nil }
        switch chars[p] {
        case "省": return .province
        case "市": return .prefecture
        default: return nil
        }
    }

    /// Chooses among the places a key may name, by the article's context.
    func choose(_ references: [Gazetteer.Reference], anchors: KeyPositions<Int>, district: Int?, previous: Int?,
                levelAfter: PlaceLevel? = nil) -> Int {
        guard references.count > 1 else { return references[0].place }
        var best = references[0].place
        var bestScore = -Double.infinity
        for ref in references {
            let i = ref.place
            let chain = gazetteer.ancestors(of: i)
            var score = 0.0
            if chain.contains(where: { anchors.contains($0) }) || anchors.contains(i) { score += 3 }
            if let level = levelAfter, gazetteer.places[i].level == level { score += 2 }
            if let district {
                if district == i || chain.contains(district) { score += 2 }
                else if gazetteer.isAncestor(i, of: district) { score += 2 }
            }
            if let previous, chain.first == previous { score += 2 }
            if !ref.isAlias { score += 0.5 }
            score -= Double(gazetteer.places[i].level.rank) * 0.01
            if score > bestScore { bestScore = score; best = i }
        }
        return best
    }
}
