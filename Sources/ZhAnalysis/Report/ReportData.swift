import Foundation

/// The data the report page renders, as JSON: one small document for the overview, tables and
/// charts (`main`), and one per article with its text and highlights (`article(_:)`), read by
/// the page only when the article or one of its sentences is shown.
///
/// Offsets written here are UTF-16 code units, as JavaScript strings count them (the knowledge
/// base's code points are converted per article).
struct ReportData {
    let kb: KnowledgeBase
    let input: ReportInput
    let options: HTMLReport.Options
    private let offsets: [ReportFormat.UTF16Offsets]

    init(kb: KnowledgeBase, options: HTMLReport.Options) {
        self.kb = kb
        self.options = options
        input = ReportInput(kb: kb)
        offsets = input.articles.map { ReportFormat.UTF16Offsets($0.text) }
    }

    // MARK: the overview document

    func main() throws -> [UInt8] {
        var w = JSONWriter(pretty: false, capacity: 1 << 20)
        w.beginObject()
        w.key("title"); w.string(options.title)
        w.key("corpus"); try corpus(&w)
        w.key("articles"); articles(&w)
        w.key("facts"); try facts(&w)
        w.key("series"); try series(&w)
        w.key("places"); places(&w)
        w.key("districts"); try districts(&w)
        w.key("entities"); entities(&w)
        w.endObject()
        return w.bytes
    }

    private func corpus(_ w: inout JSONWriter) throws {
        let st = kb.stats
        let dates = input.articles.compactMap(\.date).sorted()
        w.beginObject()
        w.key("articles"); w.int(st.articles)
        w.key("sources"); w.int(st.sources)
        w.key("characters"); w.int(st.characters)
        w.key("sentences"); w.int(st.sentences)
        w.key("facts"); w.int(input.facts.count)
        w.key("entities"); w.int(st.entities)
        w.key("mentions"); w.int(st.mentions)
        w.key("duplicates"); w.int(input.articles.filter { $0.duplicateOf != nil }.count)
        w.key("dated"); w.int(dates.count)
        if let first = dates.first, let last = dates.last {
            w.key("from"); w.string(first)
            w.key("to"); w.string(last)
        }
        w.key("fullText"); w.bool(input.articles.allSatisfy(\.isFullText))
        w.key("types"); counts(&w, EntityType.allCases.map { ($0.rawValue, st.entityTypes[$0.rawValue] ?? 0) })
        var kinds: [String: Int] = [:]
        for f in input.facts { kinds[f.value.unitKind, default: 0] += 1 }
        w.key("kinds"); counts(&w, Self.ranked(kinds))
        var folders: [String: Int] = [:]
        for a in input.articles { folders[Self.folder(of: a.source), default: 0] += 1 }
        w.key("folders"); counts(&w, Self.ranked(folders))
        w.endObject()
    }

    /// `[[name, count], …]`.
    private func counts(_ w: inout JSONWriter, _ list: [(String, Int)]) {
        w.beginArray()
        for (name, n) in list { w.element(); w.beginArray(); w.element(); w.string(name); w.element(); w.int(n); w.endArray() }
        w.endArray()
    }

    static func ranked(_ counts: [String: Int]) -> [(String, Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func folder(of source: String) -> String {
        guard let slash = source.lastIndex(of: "/") else { return "." }
        return String(source[..<slash])
    }

    /// `[[title, source, date, characters, facts, entities, duplicateOf], …]` in KB order.
    private func articles(_ w: inout JSONWriter) {
        w.beginArray()
        for a in input.articles {
            w.element(); w.beginArray()
            w.element(); optional(&w, a.title)
            w.element(); w.string(a.source)
            w.element(); optional(&w, a.date ?? a.dateLine)
            w.element(); w.int(a.text.unicodeScalars.count)
            w.element(); w.int(a.factCount)
            w.element(); w.int(a.entityCount)
            w.element(); optional(&w, a.duplicateOf)
            w.endArray()
        }
        w.endArray()
    }

    private func optional(_ w: inout JSONWriter, _ s: String?) {
        if let s { w.string(s) } else { w.bytesNull() }
    }

    /// `[[article, quantity, indicator, place, period, periodStart, value, upper, approx, unit,
    /// unitKind, subject, measure, sentenceStart, sentenceEnd], …]`, offsets in the article text.
    /// The text columns (all but article, quantity, value, upper and the offsets) are indices
    /// into `strings` (−1 for none): a corpus repeats its indicators, places and units, and the
    /// page parses a third of the bytes.
    private func facts(_ w: inout JSONWriter) throws {
        var strings: [String] = []
        var index: [String: Int] = [:]
        func ref(_ s: String?) -> Int {
            guard let s else { return -1 }
            if let i = index[s] { return i }
            index[s] = strings.count
            strings.append(s)
            return strings.count - 1
        }
        w.beginArray()
        for f in input.facts {
            let q = f.value, o = offsets[f.article]
            w.element(); w.beginArray()
            w.element(); w.int(f.article)
            w.element(); w.int(f.quantity)
            w.element(); w.int(ref(q.indicator))
            w.element(); w.int(ref(f.place))
            w.element(); w.int(ref(q.period.map(Self.periodLabel)))
            w.element(); w.int(ref(q.period?.start))
            w.element(); try w.double(q.value)
            w.element(); if let u = q.upper { try w.double(u) } else { w.bytesNull() }
            w.element(); w.int(ref(q.approx.rawValue))
            w.element(); w.int(ref(q.unit))
            w.element(); w.int(ref(q.unitKind))
            w.element(); w.int(ref(q.subject))
            w.element(); w.int(ref(q.measure?.rawValue))
            w.element(); w.int(o[f.sentence.start])
            w.element(); w.int(o[f.sentence.end])
            w.endArray()
        }
        w.endArray()
        w.key("strings"); w.strings(strings)
    }

    /// 2024-01-01…2024-12-31 → "2024"; a month → "2024-03"; a day → the day; else start…end.
    static func periodLabel(_ p: Period) -> String {
        periodLabel(start: p.start, end: p.end)
    }

    static func periodLabel(start: String, end: String) -> String {
        if start == end { return start }
        let sy = start.prefix(4), ey = end.prefix(4)
        if sy == ey && start.hasSuffix("-01-01") && end.hasSuffix("-12-31") { return String(sy) }
        if start.prefix(7) == end.prefix(7) && start.hasSuffix("-01") { return String(start.prefix(7)) }
        return "\(start)…\(end)"
    }

    /// Charts: a line over periods (one line per place) when the series has two or more
    /// periods, else bars across places. Each point carries the facts it stands for.
    private func series(_ w: inout JSONWriter) throws {
        let all = input.series.sorted { $0.points.count != $1.points.count ? $0.points.count > $1.points.count : false }
        w.beginArray()
        for s in all {
            let periods = Set(s.points.compactMap { $0.period?.start })
            w.element(); w.beginObject()
            w.key("indicator"); w.string(s.indicator)
            if let m = s.measure { w.key("measure"); w.string(m) }
            w.key("unit"); w.string(s.unit)
            w.key("unitKind"); w.string(s.unitKind)
            if periods.count >= 2 {
                // x: periods in time order; one dataset per place (the places with most facts).
                var label: [String: String] = [:]
                for p in s.points { if let per = p.period { label[per.start] = Self.periodLabel(start: per.start, end: per.end) } }
                let xs = periods.sorted()
                var byPlace: [String: [Int]] = [:]
                for p in s.points where p.period != nil { byPlace[input.facts[p.fact].place ?? "—", default: []].append(p.fact) }
                let places = Self.ranked(byPlace.mapValues(\.count)).prefix(options.linesPerChart).map(\.0)
                w.key("type"); w.string("line")
                w.key("labels"); w.strings(xs.map { label[$0] ?? $0 })
                w.key("datasets"); w.beginArray()
                for place in places {
                    var cells: [String: [Int]] = [:]
                    for i in byPlace[place] ?? [] { cells[input.facts[i].value.period!.start, default: []].append(i) }
                    w.element()
                    try dataset(&w, label: place, cells: xs.map { cells[$0] ?? [] })
                }
                w.endArray()
            } else {
                var byPlace: [String: [Int]] = [:]
                for p in s.points { if let place = input.facts[p.fact].place { byPlace[place, default: []].append(p.fact) } }
                let places = byPlace.keys.sorted {
                    let a = input.facts[byPlace[$0]![0]].value.value, b = input.facts[byPlace[$1]![0]].value.value
                    return a != b ? a > b : $0 < $1
                }.prefix(options.barsPerChart)
                w.key("type"); w.string("bar")
                w.key("labels"); w.strings(Array(places))
                w.key("datasets"); w.beginArray()
                w.element()
                try dataset(&w, label: s.indicator, cells: places.map { byPlace[$0]! })
                w.endArray()
            }
            w.endObject()
        }
        w.endArray()
    }

    /// `{label, data: [value|null], facts: [[fact index…]]}`; a cell's value is its first fact's.
    private func dataset(_ w: inout JSONWriter, label: String, cells: [[Int]]) throws {
        w.beginObject()
        w.key("label"); w.string(label)
        w.key("data"); w.beginArray()
        for c in cells { w.element(); if let i = c.first { try w.double(input.facts[i].value.value) } else { w.bytesNull() } }
        w.endArray()
        w.key("facts"); w.beginArray()
        for c in cells { w.element(); w.beginArray(); for i in c { w.element(); w.int(i) }; w.endArray() }
        w.endArray()
        w.endObject()
    }

    /// `[{name, level, facts, kinds: [[unitKind, n]…]}]`, most facts first; level from the
    /// place entities (county, prefecture, province…; "other" when unknown).
    private func places(_ w: inout JSONWriter) {
        var level: [String: String] = [:]
        for e in kb.entities where e.type == .place { if let l = e.level, level[e.name] == nil { level[e.name] = l.rawValue } }
        var kinds: [String: [String: Int]] = [:]
        for f in input.facts { if let p = f.place { kinds[p, default: [:]][f.value.unitKind, default: 0] += 1 } }
        let ranked = Self.ranked(kinds.mapValues { $0.values.reduce(0, +) })
        w.beginArray()
        for (name, n) in ranked {
            w.element(); w.beginObject()
            w.key("name"); w.string(name)
            w.key("level"); w.string(level[name] ?? "other")
            w.key("facts"); w.int(n)
            w.key("kinds"); counts(&w, Self.ranked(kinds[name] ?? [:]))
            w.endObject()
        }
        w.endArray()
    }

    /// `[{name, sections, topics: [[label, share]…], keywords: [[term, count]…]}]` by name.
    private func districts(_ w: inout JSONWriter) throws {
        let names = Set(kb.topics.districts.keys).union(kb.keywords.districts.keys).sorted()
        w.beginArray()
        for name in names {
            w.element(); w.beginObject()
            w.key("name"); w.string(name)
            w.key("sections"); w.int(kb.stats.districts[name] ?? 0)
            w.key("topics"); w.beginArray()
            for t in kb.topics.districts[name] ?? [] {
                w.element(); w.beginArray(); w.element(); w.string(t.label); w.element(); try w.double(t.share); w.endArray()
            }
            w.endArray()
            w.key("keywords")
            counts(&w, (kb.keywords.districts[name] ?? []).prefix(options.keywordsPerDistrict).map { ($0.term, $0.count) })
            w.endObject()
        }
        w.endArray()
    }

    /// `{person: [[name, mentions, articles, [[name, type, count]…]]…], place…, organization…}`,
    /// the most mentioned first.
    private func entities(_ w: inout JSONWriter) {
        w.beginObject()
        for type in EntityType.allCases {
            let top = kb.entities.filter { $0.type == type }
                .sorted { $0.mentions != $1.mentions ? $0.mentions > $1.mentions : $0.name < $1.name }
                .prefix(options.entitiesPerType)
            w.key(type)
            w.beginArray()
            for e in top {
                w.element(); w.beginArray()
                w.element(); w.string(e.name)
                w.element(); w.int(e.mentions)
                w.element(); w.int(e.articles)
                w.element(); w.beginArray()
                for c in e.cooccurring {
                    w.element(); w.beginArray()
                    w.element(); w.string(c.name); w.element(); w.string(c.type.rawValue); w.element(); w.int(c.count)
                    w.endArray()
                }
                w.endArray()
                w.endArray()
            }
            w.endArray()
        }
        w.endObject()
    }

    // MARK: one article

    /// `{text, full, spans: [[start, end, kind, ref?]…]}`: highlights in text order, never
    /// overlapping (statistics first, then entities where the text is free). `kind` numbers
    /// `ReportSpan.Kind` (person 0, place 1, organization 2, statistic 3, time 4); `ref` is the
    /// quantity index of a statistic (the page takes its hover text from the fact row), else the
    /// label when it differs from the text covered (an entity's canonical name, a time's period).
    func article(_ index: Int) -> [UInt8] {
        let a = input.articles[index], o = offsets[index]
        let scalars = Array(a.text.unicodeScalars)
        let length = scalars.count
        var taken = [Bool](repeating: false, count: length)
        var kept: [ReportSpan] = []
        let ordered = a.spans.sorted { l, r in
            let lq = l.quantity != nil, rq = r.quantity != nil
            if lq != rq { return lq }
            if l.range.length != r.range.length { return l.range.length > r.range.length }
            return l.range.start < r.range.start
        }
        for s in ordered where s.range.start >= 0 && s.range.end <= length && s.range.length > 0 {
            if taken[s.range.start..<s.range.end].contains(true) { continue }
            for i in s.range.start..<s.range.end { taken[i] = true }
            kept.append(s)
        }
        kept.sort { $0.range.start < $1.range.start }
        var w = JSONWriter(pretty: false, capacity: a.text.utf8.count + 64 * kept.count + 64)
        w.beginObject()
        w.key("text"); w.string(a.text)
        w.key("full"); w.bool(a.isFullText)
        w.key("spans"); w.beginArray()
        for s in kept {
            w.element(); w.beginArray()
            w.element(); w.int(o[s.range.start])
            w.element(); w.int(o[s.range.end])
            w.element(); w.int(s.kind.number)
            if s.kind == .statistic, let k = s.quantity {
                w.element(); w.int(k)
            } else if !s.label.unicodeScalars.elementsEqual(scalars[s.range.start..<s.range.end]) {
                w.element(); w.string(s.label)
            }
            w.endArray()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}

extension JSONWriter {
    mutating func bytesNull() {
        for b in "null".utf8 { raw(b) }
    }

    mutating func key(_ type: EntityType) {
        switch type {
        case .person: key("person")
        case .place: key("place")
        case .organization: key("organization")
        }
    }
}
