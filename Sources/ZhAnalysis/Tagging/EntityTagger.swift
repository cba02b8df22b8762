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
        var out: [(range: TextRange, type: EntityType)] = []
        let sentences = document.sentences.isEmpty ? [Sentence(index: 0, range: document.fullRange)] : document.sentences
        var t = 0
        let tokens = document.tokens
        let rules = EntityLabel.labels(of: document.entities, length: document.length)
        for sentence in sentences {
            let r = sentence.range.start..<sentence.range.end
            guard !r.isEmpty else { continue }
            // Only sentences with an ideograph can hold a Chinese name the model knows about.
            guard r.contains(where: { document.analysis[$0].properties.isIdeographic }) else { continue }
            while t < tokens.count && tokens[t].range.end <= r.lowerBound { t += 1 }
            var u = t
            while u < tokens.count && tokens[u].range.start < r.upperBound { u += 1 }
            let context = EntityContext(document.analysis, range: r, tokens: tokens[t..<u], rules: rules, tables: tables)
            for (range, type) in EntityLabel.spans(model.labels(document.analysis, context: context), start: r.lowerBound) {
                out += Self.pieces(of: range, in: document.analysis).map { ($0, type) }
            }
        }
        return out
    }

    /// A name neither starts nor ends with white space, and a span the tagger ran across a space
    /// between two names of two or more characters (the bylines 王雷　危玮) is two names; a space
    /// inside one name stays (a two-character name padded to three: 刘 洋).
    static func pieces(of range: TextRange, in s: [Unicode.Scalar]) -> [TextRange] {
        var runs: [TextRange] = []
        var start = range.start
        for i in range.start...range.end where i == range.end || s[i].properties.isWhitespace {
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
        guard combination.usesModel else { return }
        let analysis = document.analysis
        let cuts = document.tokenIndex.cuts
        let known = tables.knownPeople
        combination.combine(spans(in: document), into: &document, accept: { range, type in
            plausible(range, type, in: analysis, cuts: cuts)
        }, keep: { range, type in
            type == .person && range.end <= analysis.count && known.lookupIndex(analysis, range.start, range.end) != nil
        })
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
        switch type {
        case .place:
            // A one-character short form stands next to another (中美) or is a word of its own
            // before a word of two or more characters (俄|总统, 驻|华|使节); else it is likely the
            // first character of a word (英|飞|特).
            guard range.length == 1 else { return true }
            // 滇中, 苏中: the middle of a province, not China.
            if s[range.start] == "中", range.start > 0, tables.provinceAbbreviations.contains(s[range.start - 1].value) { return false }
            let before = range.start > 0 ? tables.info(s[range.start - 1].value) : 0
            let after = range.end < s.count ? tables.info(s[range.end].value) : 0
            if (before | after) & Info.abbreviation != 0 { return true }
            guard let cuts, range.end < s.count, cuts.count > range.end, tables.info(s[range.start].value) & Info.abbreviation != 0,
                  cuts[range.start], cuts[range.end] else { return false }
            var next = range.end + 1
            while next < cuts.count - 1 && !cuts[next] { next += 1 }
            return next - range.end >= 2 && (range.end..<next).allSatisfy { s[$0].properties.isIdeographic }
        case .person:
            let edges: Set<Unicode.Scalar> = ["·", "-"]
            if edges.contains(s[range.start]) || edges.contains(s[range.end - 1]) { return false }
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
            // The head: a word of two or more characters (委员会, 公司) in a name of four or more,
            // a one-character head in a name of three. The weak 中央 (民盟中央) needs the party's
            // name, which the rules find (北京中央 is a place's centre).
            var head = false
            let shortest = range.length >= 4 ? 2 : 1
            for k in max(range.start + 1, range.end - 7)...(range.end - shortest) where !head {
                tables.orgSuffixes.forEachMatchIndex(in: s, from: k, limit: range.end) { e, index in
                    if e == range.end && (e - k == 1 || tables.suffixWeak[index] == 0) { head = true }
                }
            }
            return head
        }
    }
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
    public static let standard = EntityCombination(person: .model, place: .union, organization: .union)

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

    public var usesModel: Bool { EntityType.allCases.contains { source($0) != .rules } }

    /// `spans` (the tagger's, in text order) combined with `document.entities` by type; a span
    /// that no rule mention supports is added only when `accept` says it looks like its type.
    /// `keep` names rule mentions of a `model` type that stay whatever the tagger found (a whole
    /// known name).
    public func combine(_ spans: [(range: TextRange, type: EntityType)], into document: inout Document,
                        accept: (TextRange, EntityType) -> Bool = { _, _ in true },
                        keep: (TextRange, EntityType) -> Bool = { _, _ in false }) {
        // `model` types: a rule mention stays only where the tagger found the same span (its
        // entity keeps the rules' name, roles and level); the others go.
        var modelSpans = Set<SpanKey>()
        for (range, type) in spans where source(type) == .model { modelSpans.insert(SpanKey(type: type, start: range.start, end: range.end)) }
        // A name the tagger confirmed once stays whole at its other mentions (邓美红 … 邓美红 where
        // the tagger cut the second short); a partial reference (褚律师, 老李) stays where the
        // tagger sees a person in it (the NER corpora tag only the surname).
        var confirmedNames = Set<NameKey>()
        // The types the tagger found at each code point, one bit per type.
        var taggedAt = [UInt8](repeating: 0, count: document.length)
        for (range, type) in spans where source(type) == .model || source(type) == .confirmed {
            for k in range.start..<min(range.end, document.length) { taggedAt[k] |= Self.bit(type) }
        }
        for e in document.entities where source(e.type) == .model {
            for m in e.mentions where modelSpans.contains(SpanKey(type: e.type, start: m.start, end: m.end)) {
                confirmedNames.insert(NameKey(type: e.type, name: m.text))
            }
        }
        let length = document.length
        for i in document.entities.indices where source(document.entities[i].type) == .model {
            let type = document.entities[i].type, bit = Self.bit(type)
            let partial = document.entities[i].partial == true
            document.entities[i].mentions.removeAll { m in
                if modelSpans.contains(SpanKey(type: type, start: m.start, end: m.end)) || keep(m.range, type) { return false }
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
        document.entities.removeAll { $0.mentions.isEmpty }
        // Code points covered by a rule mention (any type), and the extent of the longest mention
        // over each.
        var covered = [Bool](repeating: false, count: document.length)
        var coverStart = [Int](repeating: 0, count: document.length), coverEnd = coverStart
        var coverOrganization = covered
        for e in document.entities {
            for m in e.mentions where m.start < m.end && m.end <= document.length {
                for k in m.start..<m.end where !covered[k] || coverEnd[k] - coverStart[k] < m.end - m.start {
                    covered[k] = true
                    coverStart[k] = m.start
                    coverEnd[k] = m.end
                    coverOrganization[k] = e.type == .organization
                }
            }
        }
        // An organisation the tagger found around rule mentions that lie wholly inside it (广州松日队
        // around the place 广州, 国务院残疾人工作协调委员会 around 国务院) is added over them: the
        // inner mentions stay, as the organisation stage keeps inner names. A rule organisation
        // with the same head (建德 + 更楼街道桥岭地瓜共富工坊) is that organisation already.
        func enclosesRules(_ r: TextRange) -> Bool {
            var inner = false
            for k in r.start..<r.end where covered[k] {
                if coverStart[k] < r.start || coverEnd[k] > r.end || (coverStart[k] == r.start && coverEnd[k] == r.end) { return false }
                if coverOrganization[k] && coverEnd[k] == r.end { return false }
                inner = true
            }
            return inner
        }
        var byKey: [NameKey: Int] = [:]
        for (i, e) in document.entities.enumerated() {
            byKey[NameKey(type: e.type, name: e.name)] = i
            func add(_ name: String) {
                let key = NameKey(type: e.type, name: name)
                if byKey[key] == nil { byKey[key] = i }
            }
            for a in e.aliases { add(a) }
            for m in e.mentions { add(m.text) }
        }
        for (range, type) in spans {
            let source = source(type)
            guard source != .rules, range.end <= document.length else { continue }
            // Covered: a rule mention (kept above) is there already, or overlaps it.
            if (range.start..<range.end).contains(where: { covered[$0] }),
               !(type == .organization && source != .model && enclosesRules(range)) { continue }
            if !accept(range, type) { continue }
            let text = document.original(range)
            let mention = Mention(range: range, text: text, sentence: document.sentenceIndex(at: range.start))
            let key = NameKey(type: type, name: text)
            if let i = byKey[key] {
                document.entities[i].mentions.append(mention)
                document.entities[i].mentions.sort { $0.range < $1.range }
            } else {
                byKey[key] = document.entities.count
                document.entities.append(Entity(type: type, name: text, mentions: [mention]))
            }
        }
    }
}
