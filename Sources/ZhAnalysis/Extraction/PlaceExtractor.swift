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

    public init() {}

    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        for row in try file.tabRows(minColumns: 2, maxColumns: 3) {
            let kind = row.fields[0], text = row.fields[1]
            let bad = ZhError.malformedLexiconLine(file: file.path, line: row.number, text: row.fields.joined(separator: "\t"))
            guard !text.isEmpty else { throw bad }
            switch kind {
            case "suffix":
                guard row.fields.count == 3, let level = PlaceLevel(rawValue: row.fields[2]) else { throw bad }
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
                guard row.fields.count == 3, text.unicodeScalars.count == 1, let c = text.unicodeScalars.first else { throw bad }
                abbreviations[c] = row.fields[2]
            case "abbrcue":
                guard text.unicodeScalars.count == 1, let c = text.unicodeScalars.first else { throw bad }
                abbreviationCues.insert(c)
            case "abbrstop":
                abbreviationStops.insert(text)
            case "stopend":
                guard text.unicodeScalars.count == 1, let c = text.unicodeScalars.first else { throw bad }
                stopEnds.insert(c)
            default:
                throw bad
            }
        }
    }

    /// Loads the rules from a dictionary directory; an absent file gives no rules.
    public static func load(from directory: URL) throws -> PlaceRules {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return PlaceRules() }
        return try PlaceRules(contentsOf: url)
    }
}

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

    public init(lexicons: LexiconSet) throws {
        self.init(gazetteer: try Gazetteer.load(from: lexicons.directory),
                  rules: try PlaceRules.load(from: lexicons.directory), words: lexicons.words)
    }

    public init(gazetteer: Gazetteer, rules: PlaceRules, words: Lexicon) {
        self.gazetteer = gazetteer
        self.rules = rules
        self.words = words
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
        var offsets: [Int] = []
    }

    static func compact(_ document: Document) -> Compact {
        let s = document.analysis
        var c = Compact()
        c.chars.reserveCapacity(s.count)
        c.offsets.reserveCapacity(s.count)
        var paragraphs = document.paragraphs[...]
        var i = 0
        while i < s.count {
            while let p = paragraphs.first, p.end <= i { paragraphs = paragraphs.dropFirst() }
            if let p = paragraphs.first, p.start < i, i < p.end, s[i].properties.isWhitespace {
                var j = i
                var breaks = false
                while j < p.end, s[j].properties.isWhitespace {
                    if ArticleReader.isLineBreak(s[j]) { breaks = true }
                    j += 1
                }
                if breaks { i = j; continue }
            }
            c.chars.append(s[i])
            c.offsets.append(i)
            i += 1
        }
        return c
    }

    public func process(_ document: inout Document) throws {
        document.entities.removeAll { $0.type == .place }
        let cx = Self.compact(document)
        let chars = cx.chars
        let n = chars.count
        guard n > 0 else { return }

        // Token boundaries in compact coordinates.
        var tokenStart = [Bool](repeating: document.tokens.isEmpty, count: document.length + 1)
        var tokenEnd = tokenStart
        var tokenAt = [Int](repeating: -1, count: document.length)
        for (k, t) in document.tokens.enumerated() {
            tokenStart[t.range.start] = true
            tokenEnd[t.range.end] = true
            for o in t.range.start..<t.range.end { tokenAt[o] = k }
        }
        /// Inside a word the lexicon does not know (ICU's 余杭竹), a boundary is not evidence.
        /// Asked only for short gazetteer matches off the token boundaries, so no per-token lookup.
        func unknownWordAt(_ k: Int) -> Bool {
            guard k >= 0, k < n else { return false }
            let i = tokenAt[cx.offsets[k]]
            guard i >= 0 else { return false }
            let t = document.tokens[i]
            return t.kind == .word && t.range.length > 1 && !words.contains(t.text)
        }
        var startB = [Bool](repeating: false, count: n + 1)
        var endB = [Bool](repeating: false, count: n + 1)
        for k in 0..<n {
            startB[k] = tokenStart[cx.offsets[k]]
            endB[k + 1] = tokenEnd[cx.offsets[k] + 1]
        }
        startB[n] = true
        endB[0] = true

        // Gazetteer candidates.
        var raw: [(Int, Int, String)] = []
        for k in 0..<n where chars[k].properties.isIdeographic || chars[k].properties.isAlphabetic {
            gazetteer.forEachMatch(in: chars, from: k, limit: n) { end, key in raw.append((k, end, key)) }
        }
        var edge = [Bool](repeating: false, count: n + 1)
        for (a, b, _) in raw where b - a >= 3 { edge[a] = true; edge[b] = true }
        var candidates: [Candidate] = []
        for (a, b, key) in raw {
            if b - a <= 2, !((startB[a] || edge[a] || unknownWordAt(a)) && (endB[b] || edge[b] || unknownWordAt(b - 1))) {
                continue
            }
            if blockedByOrganization(chars, end: b) { continue }
            if let (wEnd, entry) = words.longestMatch(in: chars, from: a, limit: n), wEnd > b, entry.tag != "ns",
               endB[wEnd], gazetteer.references(forKey: Self.string(chars, a, wEnd)).isEmpty {
                continue
            }
            var c = Candidate(start: a, end: b, references: gazetteer.references(forKey: key),
                              ruleName: nil, ruleLevel: nil, order: candidates.count)
            // Natural features and countries (地球, 长城) are named as such even when the word is
            // also an ordinary noun of the lexicon.
            let named = c.references.contains { [.feature, .country].contains(gazetteer.places[$0.place].level) }
            if rules.weak.contains(key) || (b - a <= 2 && !named && words.lookup(key).map { $0.tag != "ns" } == true) {
                c.weak = true
            }
            // A two-character short form of a county or smaller place (紫阳, 上城, 光谷) needs the
            // article to name a place above or below it; short forms of provinces and cities
            // (北京, 杭州) stand alone.
            if b - a <= 2, c.references.allSatisfy({ $0.isAlias && gazetteer.places[$0.place].level.isLocal }) {
                c.weak = true
            }
            candidates.append(c)
        }
        let gazetteerKept = Self.filter(candidates)
        var placeStart = [Int](repeating: -1, count: n + 1)   // kept gazetteer match ending here → its start
        var covered = [Bool](repeating: false, count: n)
        for c in gazetteerKept {
            placeStart[c.end] = c.start
            for k in c.start..<c.end { covered[k] = true }
        }

        // One-character short forms (中美, 访华, 中方).
        for k in shortForms(chars, covered: covered, startB: startB, endB: endB) {
            guard let name = rules.abbreviations[chars[k]], let place = gazetteer.indices(named: name).first else { continue }
            candidates.append(Candidate(start: k, end: k + 1, references: [Gazetteer.Reference(place: place, isAlias: true)],
                                        ruleName: nil, ruleLevel: nil, order: candidates.count))
        }

        // Rule candidates: X + suffix.
        for p in 1..<n {
            rules.suffixTrie.forEachMatch(in: chars, from: p, limit: n) { sEnd, entry in
                guard endB[sEnd], let level = PlaceLevel(rawValue: entry.tag) else { return }
                if let best = ruleX(chars, suffixStart: p, suffixEnd: sEnd, level: level, startB: startB,
                                    covered: covered, placeStart: placeStart, tokenAt: tokenAt, offsets: cx.offsets,
                                    tokens: document.tokens) {
                    candidates.append(Candidate(start: best, end: sEnd, references: [],
                                                ruleName: Self.string(chars, best, sEnd), ruleLevel: level,
                                                order: candidates.count))
                }
            }
        }
        let kept = Self.filter(candidates)

        // Resolution.
        func original(_ c: Candidate) -> TextRange {
            TextRange(start: cx.offsets[c.start], end: cx.offsets[c.end - 1] + 1)
        }
        var anchors = Set<Int>()
        for c in kept where c.references.count == 1 && !c.weak {
            anchors.insert(c.references[0].place)
            anchors.formUnion(gazetteer.ancestors(of: c.references[0].place))
        }
        var districts: [Int: Int] = [:]   // section → gazetteer place
        for (k, section) in document.sections.enumerated() {
            // A district name may repeat (普陀区 in 上海 and in 舟山): take the one the article's
            // other places point to.
            guard let d = section.district else { continue }
            let named = gazetteer.indices(named: d)
            if let i = named.first(where: { i in gazetteer.ancestors(of: i).contains { anchors.contains($0) } }) ?? named.first {
                districts[k] = i
            }
        }
        struct Resolved { var key: String; var name: String; var level: PlaceLevel; var parent: String?; var place: Int? }
        var resolved: [Resolved?] = []
        for (m, c) in kept.enumerated() {
            let range = original(c)
            let sentence = document.sentenceIndex(at: range.start)
            let section: Int? = sentence.map { document.sentences[$0].section }.flatMap { $0 >= 0 ? $0 : nil }
                ?? Self.sectionIndex(document.sections, at: range.start)
            let previous: Resolved? = m > 0 && kept[m - 1].end == c.start ? resolved[m - 1] : nil
            if let ruleName = c.ruleName, let level = c.ruleLevel {
                var parent: String?
                if let previous, previous.level < level { parent = previous.name }
                else if let section, let d = districts[section], gazetteer.places[d].level < level {
                    parent = gazetteer.places[d].name
                }
                resolved.append(Resolved(key: "rule:" + ruleName, name: ruleName, level: level, parent: parent, place: nil))
                continue
            }
            let choice = choose(c.references, anchors: anchors, district: section.flatMap { districts[$0] },
                                previous: previous?.place)
            if c.weak {
                let chain = gazetteer.ancestors(of: choice)
                let district = section.flatMap { districts[$0] }
                let supported = anchors.contains(choice) || chain.contains { anchors.contains($0) }
                    || district.map { $0 == choice || chain.contains($0) || gazetteer.isAncestor(choice, of: $0) } == true
                if !supported { resolved.append(nil); continue }
            }
            let place = gazetteer.places[choice]
            resolved.append(Resolved(key: "gaz:\(choice)", name: place.name, level: place.level, parent: place.parent,
                                     place: choice))
        }

        // Entities, in order of first mention.
        var entityIndex: [String: Int] = [:]
        var entities: [Entity] = []
        for (m, c) in kept.enumerated() {
            guard let r = resolved[m] else { continue }
            let range = original(c)
            let mention = Mention(range: range, text: document.original(range), sentence: document.sentenceIndex(at: range.start))
            let surface = Self.string(chars, c.start, c.end)
            if let e = entityIndex[r.key] {
                entities[e].mentions.append(mention)
                if entities[e].parent == nil { entities[e].parent = r.parent }
                if surface != r.name, !entities[e].aliases.contains(surface) { entities[e].aliases.append(surface) }
            } else {
                entityIndex[r.key] = entities.count
                entities.append(Entity(type: .place, name: r.name, aliases: surface != r.name ? [surface] : [],
                                       mentions: [mention], level: r.level, parent: r.parent))
            }
        }
        document.entities.append(contentsOf: entities)

        // Sections whose heading names a place.
        var next = 0
        for k in document.sections.indices {
            guard let heading = document.sections[k].heading else { continue }
            while next < kept.count, original(kept[next]).start < heading.start { next += 1 }
            guard document.sections[k].district == nil else { continue }
            var m = next
            while m < kept.count, original(kept[m]).end <= heading.end {
                if let r = resolved[m] { document.sections[k].district = r.name; break }
                m += 1
            }
        }
    }

    /// `SpanFilter`'s policy applied to each cluster of overlapping candidates separately (clusters
    /// do not interact, and the shared filter compares every pair).
    static func filter(_ candidates: [Candidate]) -> [Candidate] {
        let sorted = candidates.sorted { $0.start != $1.start ? $0.start < $1.start : $0.order < $1.order }
        var result: [Candidate] = []
        var cluster: [Candidate] = []
        var clusterEnd = -1
        func flush() {
            if cluster.isEmpty { return }
            let ordered = cluster.sorted { $0.order < $1.order }
            result += SpanFilter.longestThenEarliest(ordered) { TextRange(start: $0.start, end: $0.end) }
            cluster.removeAll(keepingCapacity: true)
        }
        for c in sorted {
            if c.start >= clusterEnd { flush() }
            cluster.append(c)
            clusterEnd = max(clusterEnd, c.end)
        }
        flush()
        return result
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

    static func string(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        String(String.UnicodeScalarView(s[a..<b]))
    }

    /// Characters that may stand between a place and an organisation head (蒋筑英 in 杭州蒋筑英学校).
    static let gapBreakers: Set<Unicode.Scalar> = [
        "的", "和", "与", "及", "在", "是", "有", "等", "了", "到", "从", "向", "对", "为", "以", "区", "市", "县", "省",
        "镇", "乡", "村", "路", "街",
    ]

    func blockedByOrganization(_ s: [Unicode.Scalar], end: Int) -> Bool {
        var g = 0
        while g <= 4, end + g < s.count {
            var found = false
            rules.blockTrie.forEachMatch(in: s, from: end + g, limit: s.count) { _, _ in found = true }
            if found { return true }
            let c = s[end + g]
            if !c.properties.isIdeographic || Self.gapBreakers.contains(c) { return false }
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

    /// The start of the longest acceptable X before a suffix, or nil.
    func ruleX(_ s: [Unicode.Scalar], suffixStart p: Int, suffixEnd: Int, level: PlaceLevel, startB: [Bool],
               covered: [Bool], placeStart: [Int], tokenAt: [Int], offsets: [Int], tokens: [Token]) -> Int? {
        for len in stride(from: 4, through: 1, by: -1) {
            let x = p - len
            guard x >= 0, startB[x] else { continue }
            guard (x..<p).allSatisfy({ s[$0].properties.isIdeographic }) else { continue }
            // The suffix must start a word, unless X + suffix is one token.
            if !startB[p] {
                guard !tokens.isEmpty, tokenAt[offsets[x]] == tokenAt[offsets[suffixEnd - 1]] else { continue }
            }
            let xText = Self.string(s, x, p)
            // X may be a place name itself (紫阳 + 街道) but must not swallow part of one.
            let xReferences = gazetteer.references(forKey: xText)
            let xIsPlace = !xReferences.isEmpty
            // 浙江省 + 社区 is not a community: below the county level X may be a short form of a
            // place (紫阳 + 街道, 玉林 + 街道 in 成都) but not a full place name.
            if level != .zone, xReferences.contains(where: { !$0.isAlias }) { continue }
            if !xIsPlace, (x..<p).contains(where: { covered[$0] }) { continue }
            if (x..<suffixEnd).allSatisfy({ covered[$0] }) { continue }
            if rules.stops.contains(xText) || rules.stopEnds.contains(s[p - 1]) { continue }
            if let e = words.lookup(Self.string(s, x, suffixEnd)), e.tag != "ns" { continue }
            if !xIsPlace {
                // Every word of X must be a possible name part.
                var bad = false
                var k = x
                while k < p {
                    let t = tokenAt[offsets[k]]
                    guard t >= 0 else { k += 1; continue }
                    let tr = tokens[t].range
                    let word = tokens[t].text
                    if rules.stops.contains(word) { bad = true; break }
                    if let e = words.lookup(word),
                       (tr.length == 1 ? Self.functionTags : Self.nonNameTags).contains(e.tag) { bad = true; break }
                    k += max(1, tr.end - offsets[k])
                }
                if bad { continue }
            }
            if level == .zone, !xIsPlace, placeStart[x] < 0 { continue }
            return x
        }
        return nil
    }

    static let numeralChars: Set<Unicode.Scalar> = ["〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "两", "廿"]

    /// Positions of one-character short forms of places (`PlaceRules.abbreviations`) that stand
    /// for a place: two or more in a run, alone or separated by 、 (中美, 中日韩, 中、美), a cue
    /// character before one (访华, 抵京, 抗日; not when the character starts a lexicon word: 在京剧团)
    /// or 方 after one (中方). The run or word must start and end at token boundaries (a run may
    /// also end where a lexicon word begins that ends at one: 中美关系), must not touch a
    /// gazetteer match and must not follow a numeral (5日中午).
    func shortForms(_ chars: [Unicode.Scalar], covered: [Bool], startB: [Bool], endB: [Bool]) -> [Int] {
        let abbr = rules.abbreviations
        guard !abbr.isEmpty else { return [] }
        let n = chars.count
        func isShort(_ k: Int) -> Bool { k >= 0 && k < n && !covered[k] && abbr[chars[k]] != nil }
        func afterNumeral(_ k: Int) -> Bool {
            k > 0 && (chars[k - 1].properties.numericType != nil || Self.numeralChars.contains(chars[k - 1]))
        }
        var result: [Int] = []
        var k = 0
        while k < n {
            guard isShort(k) else { k += 1; continue }
            var run = [k]
            var j = k + 1
            while j < n {
                if isShort(j) { run.append(j); j += 1 }
                else if chars[j] == "、", isShort(j + 1) { run.append(j + 1); j += 2 }
                else { break }
            }
            var word = String.UnicodeScalarView()
            for p in run { word.append(chars[p]) }
            if run.count >= 2 {
                if startB[k], endB[j] || wordEndingAtBoundary(chars, from: j, endB: endB), Set(run.map { chars[$0] }).count == run.count, !afterNumeral(k), !rules.abbreviationStops.contains(String(word)) {
                    result.append(contentsOf: run)
                }
            } else if k > 0, rules.abbreviationCues.contains(chars[k - 1]), startB[k - 1], endB[k + 1],
                      (words.longestMatch(in: chars, from: k, limit: n)?.0 ?? k) <= k + 1,
                      !rules.abbreviationStops.contains(Self.string(chars, k - 1, k + 1)) {
                result.append(k)
            } else if k + 1 < n, chars[k + 1] == "方", startB[k], k + 2 <= n, endB[k + 2], !afterNumeral(k),
                      !rules.abbreviationStops.contains(Self.string(chars, k, k + 2)) {
                result.append(k)
            }
            k = j
        }
        return result
    }

    /// True when a lexicon word of two or more characters starts at `j` and ends at a token
    /// boundary (中美|关系 inside ICU's one token 中美关系).
    func wordEndingAtBoundary(_ chars: [Unicode.Scalar], from j: Int, endB: [Bool]) -> Bool {
        var found = false
        words.forEachMatch(in: chars, from: j, limit: chars.count) { end, _ in
            if end - j >= 2, endB[end] { found = true }
        }
        return found
    }

    /// Chooses among the places a key may name, by the article's context.
    func choose(_ references: [Gazetteer.Reference], anchors: Set<Int>, district: Int?, previous: Int?) -> Int {
        guard references.count > 1 else { return references[0].place }
        var best = references[0].place
        var bestScore = -Double.infinity
        for ref in references {
            let i = ref.place
            let chain = gazetteer.ancestors(of: i)
            var score = 0.0
            if chain.contains(where: { anchors.contains($0) }) { score += 3 }
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
