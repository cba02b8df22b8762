import Foundation

/// Sets `place` on every statistic (and rank): the place the figure belongs to (runs after
/// `QuantityExtractor`, whose nearest-mention guess it replaces).
///
/// First that applies:
/// 1. the nearest place named before the figure in its sentence — an administrative unit
///    (country, province, prefecture, county, township, zone) written with two characters or more
///    (not 中 of 中欧班列, 港 of 港澳台), not a region or a natural feature (中原, 黄河), not a
///    comparison base (比杭州多 · 高于全国) — or a scope word (全省 · 我市 · 全港 · 全国: the article's
///    province, city, Hong Kong, the country); a facility or an organisation named after a unit
///    inside the figure's area stands for it in the figure's clause, and for the figures going on
///    about the same subject (秦皇岛港煤炭库存 → 秦皇岛 · 郑州机场货邮吞吐量 in Henan's report →
///    郑州; see `anchors`); a country named outside the figure's clause does not override a
///    province or city article;
/// 2. the district of the figure's section (a newspaper page of district stories);
/// 3. the article's main place: the most specific place in the title (2025年河南省政府工作报告 →
///    河南省; a title naming the country or 国务院 → 全国), else the place named most often
///    (scope words counted), when no other is named as often.
/// The country is written `全国`, as statistics name national figures.
public struct StatisticPlacer: Stage, Sendable {
    public let name = "statistic places"
    let gazetteer: Gazetteer

    public init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    public init(lexicons: LexiconSet) throws { self.init(gazetteer: try lexicons.tables.gazetteer()) }

    public static let national = "全国"
    /// Whether a place's name is the country's. (Two `==`, not a set: hashing a Han name
    /// normalised it, several times the cost of the comparisons. The UTF-8 lengths first: `==` of
    /// two different strings takes Swift's slow comparison, and no other code points are
    /// canonically equivalent to these ideographs, so an equal name has their length.)
    static func isCountry(_ name: String) -> Bool {
        let n = name.utf8.count
        return n == 6 && name == "中国" || n == 21 && name == "中华人民共和国"
    }
    static let nationalTitleWords = ["国务院", "全国", "中华人民共和国", "我国"]
    /// Scope words, the level of the article's place they stand for (nil: the country) and the
    /// place a scope word names by itself (全港 · 本港 → Hong Kong), whatever the article. (The
    /// fixed place stands with its word: a dictionary keyed by the word hashed and compared
    /// Strings of ideographs for every scope word of a document.)
    static let scopeWords: [(word: [Unicode.Scalar], level: PlaceLevel?, fixed: String?)] = ([
        ("全国", nil, nil), ("我国", nil, nil), ("全省", .province, nil), ("我省", .province, nil), ("本省", .province, nil),
        ("全市", .prefecture, nil), ("我市", .prefecture, nil), ("本市", .prefecture, nil), ("全区", .county, nil),
        ("全县", .county, nil), ("我县", .county, nil), ("全州", .prefecture, nil), ("全疆", .province, "新疆维吾尔自治区"),
        ("全港", .province, "香港特别行政区"), ("本港", .province, "香港特别行政区"), ("全澳", .province, "澳门特别行政区"),
    ] as [(String, PlaceLevel?, String?)]).map { (Array($0.0.unicodeScalars), $0.1, $0.2) }
    /// Words after a scope word that make it part of a name (全国政协 · 全省人大), not a scope.
    static let nameAfterScope: [[Unicode.Scalar]] = ["政协", "人大", "总工会", "妇联", "工商联", "青联", "运动会", "劳模", "劳动模范"]
        .map { Array($0.unicodeScalars) }
    static let baseWords: [[Unicode.Scalar]] = ["比", "较", "与", "同", "高于", "低于", "超过", "相比", "领先", "落后"]
        .map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

    struct Named {
        var start: Int
        var end: Int
        var name: String
        var level: PlaceLevel?
        /// For a place read from a facility's or an organisation's name: its gazetteer index.
        var unit: Int?
    }

    /// Places that facilities and organisations are named after (秦皇岛港 · 广州南站 → the city;
    /// 山西焦煤集团 · 漯河昌建地产公司 → the province, the city): the unit their name begins with,
    /// named as the article's own mention of it, else by its gazetteer name (山西省). Not a country
    /// (中国银行 is no national figure), not a member of a list (秦皇岛港、曹妃甸港及天津港等四大港),
    /// not a name holding a second unit (广东省中医院海南医院), not a street (北京路) or a natural
    /// feature (黄河). Used only in the figure's own clause (大兴机场综保区二期通过验收，天竺综保区…
    /// 第9名 is not 大兴's) and inside its area (see `within`).
    func anchors(_ document: Document, named: [Named]) -> [Named] {
        let s = document.analysis
        // The names as written, by gazetteer key: built when the first anchor needs them (most
        // documents have none).
        var namesByKey: [Int: String]?
        var out: [Named] = []
        // Entities read in place: only the ones that can anchor are copied out.
        for i in document.entities.indices {
            let type = document.entities[i].type
            guard type == .organization || (type == .place && !(document.entities[i].level.map(Self.isUnit) ?? false)) else { continue }
            // (The mentions read in place: a copy of the entity retained its strings.)
            for m in document.entities[i].mentions where !isBase(s, before: m.start, after: m.end) {
                guard let lead = leadingUnit(s, from: m.start, to: m.end), lead.level != .country else { continue }
                // A member of a list is not the list's place.
                var b = m.start
                while b > 0, ChineseNumber.isSpace(s[b - 1]) { b -= 1 }
                if b > 0, Self.listJoins.contains(s[b - 1]) { continue }
                var a = m.end
                while a < s.count, ChineseNumber.isSpace(s[a]) { a += 1 }
                if a < s.count, s[a] == "、" || s[a] == "等" { continue }
                if type == .place {
                    var p = lead.end
                    if p < m.end, Self.directions.contains(s[p]) { p += 1 }
                    guard Self.facilityWords.contains(where: { p + $0.count == m.end && StatisticCues.matches(s, p, $0) }) else { continue }
                } else {
                    guard m.end - lead.end >= 2 else { continue }
                    var second = false
                    for p in lead.end..<(m.end - 1) where !second {
                        gazetteer.forEachMatchIndex(in: s, from: p, limit: m.end) { end, key in
                            if end - p >= 2,
                               gazetteer.references(atKey: key).contains(where: { Self.isUnit(gazetteer.places[$0.place].level) }) {
                                second = true
                            }
                        }
                    }
                    if second { continue }
                }
                if namesByKey == nil {
                    var byKey: [Int: String] = [:]
                    for n in named { if let k = gazetteer.keyIndex(s, n.start, n.end) { byKey[k] = byKey[k] ?? n.name } }
                    namesByKey = byKey
                }
                let written = namesByKey?[lead.key] ?? gazetteer.places[lead.place].name
                out.append(Named(start: m.start, end: m.end, name: written, level: lead.level, unit: lead.place))
            }
        }
        return out
    }

    /// Whether the unit lies inside the figure's area (the district of its section, else the
    /// article's main place): 郑州机场 in Henan's report, not 浙江农林大学 in a 余杭区 story nor 广东
    /// in Hainan's. Anywhere when the article has no area, nowhere when the area is not in the
    /// gazetteer.
    func within(_ unit: Int, _ area: String?) -> Bool {
        guard let area, area != Self.national else { return true }
        var areas = gazetteer.indices(named: area)
        areas += gazetteer.references(forKey: area).map(\.place)
        return areas.contains { gazetteer.isAncestor($0, of: unit) }
    }

    public func process(_ document: inout Document) throws {
        // (Roles read in place: iterating the quantities copied each one.)
        guard document.quantities.indices.contains(where: { document.quantities[$0].role == .statistic || document.quantities[$0].role == .rank })
        else { return }
        let s = document.analysis
        var main = mainPlace(document)
        var named: [Named] = []
        // Room for every place mention and a few scope words at once: grown by appends, the array
        // was allocated two or three times.
        var places = 0
        for e in document.entities.indices where document.entities[e].type == .place { places += document.entities[e].mentions.count }
        named.reserveCapacity(places + 4)
        // (Entities read in place: iterating them copied each one, strings and arrays retained.)
        for e in document.entities.indices where document.entities[e].type == .place {
            guard let level = document.entities[e].level, Self.isUnit(level) else { continue }
            let name = Self.isCountry(document.entities[e].name) ? Self.national : document.entities[e].name
            for m in document.entities[e].mentions where m.end - m.start >= 2 && !isBase(s, before: m.start, after: m.end) {
                named.append(Named(start: m.start, end: m.end, name: name, level: level))
            }
        }
        // Scope words: their place once the main place is known.
        var scopes: [(start: Int, end: Int, level: PlaceLevel?, fixed: String?)] = []
        var p = 0
        // (The next 全 · 我 · 本 found by a tight search: the loop below read every position.)
        while let next = s[p...].firstIndex(where: { $0 == "全" || $0 == "我" || $0 == "本" }) {
            p = next
            if let w = Self.scopeWords.first(where: { StatisticCues.matches(s, p, $0.word) }) {
                if Self.nameAfterScope.contains(where: { StatisticCues.matches(s, p + w.word.count, $0) }) {
                    p += w.word.count
                    continue
                }
                scopes.append((p, p + w.word.count, w.level, w.fixed))
                p += w.word.count
                continue
            }
            p += 1
        }
        if main == nil {
            // The place named most often (at least twice, more often than any other), scope words
            // counted. A document names a few places: they are counted by scanning (`KeyPositions`;
            // hashing each name cost more than the rest), not in a dictionary.
            // (The names are the positions' keys: a second array of them was allocated and retained
            // each again. The places read in place: iterating them copied each one.)
            var positions = KeyPositions<String>(capacity: named.count)
            var counts: [Int] = []
            func count(_ name: String) {
                if let k = positions.position(of: name) { counts[k] += 1; return }
                positions.append(name)
                counts.append(1)
            }
            for j in named.indices where named[j].level != .country { count(named[j].name) }
            for sc in scopes { if let f = sc.fixed { count(f) } }
            if let most = counts.max(), most >= 2, counts.lazy.filter({ $0 == most }).count == 1,
               let k = counts.firstIndex(of: most) {
                let top = positions.keys[k]
                main = Named(start: 0, end: 0, name: top, level: document.entities.first { $0.name == top }?.level)
            }
        }
        for sc in scopes where !isBase(s, before: sc.start, after: sc.end) {
            let name: String?
            if let f = sc.fixed { name = f }
            else if let level = sc.level { name = main.flatMap { scoped($0, level: level) } }
            else { name = Self.national }
            if let name { named.append(Named(start: sc.start, end: sc.end, name: name, level: sc.level ?? .country)) }
        }
        // (Most documents have no anchor: appending the empty array copied `named` anew.)
        let extra = anchors(document, named: named)
        if !extra.isEmpty { named += extra }
        named.sort { $0.end != $1.end ? $0.end < $1.end : $0.start < $1.start }
        let subnational = main.map { $0.name != Self.national } ?? false
        // The last statistic placed by a facility or firm: a figure going on about the same subject
        // in its sentence keeps that place (大连机场旅客吞吐量突破2000万人次，同比增长12%).
        var anchored: (sentence: Int?, subject: String, place: String)?
        for i in document.quantities.indices where document.quantities[i].role == .statistic || document.quantities[i].role == .rank {
            // (Fields read in place: a copy of the quantity retained and released every string.)
            let qStart = document.quantities[i].start
            let si = document.quantities[i].sentence ?? document.sentenceIndex(at: qStart)
            let lo = si.map { document.sentences[$0].range.start } ?? max(0, qStart - 100)
            var c = qStart
            while c > lo, !PeriodResolver.Context.isClauseBreak(s[c - 1]) { c -= 1 }
            var place: String?
            var byAnchor = false
            var k = Self.lastEnding(named, atOrBefore: qStart)
            let district = document.sectionIndex(at: qStart).flatMap { document.sections[$0].district }
            let fallback = district ?? main?.name
            while let j = k, named[j].start >= lo {
                // (Read in place: a copy retained the name.)
                if !(subnational && named[j].level == .country && named[j].start < c),
                   named[j].unit.map({ named[j].start >= c && within($0, fallback) }) ?? true {
                    place = named[j].name
                    byAnchor = named[j].unit != nil
                    break
                }
                k = j > 0 ? j - 1 : nil
            }
            if place == nil, let a = anchored, a.sentence == si, !document.quantities[i].subject.isEmpty, a.subject == document.quantities[i].subject {
                place = a.place
                byAnchor = true
            }
            anchored = byAnchor ? place.map { (si, document.quantities[i].subject, $0) } : nil
            document.quantities[i].place = place ?? fallback
        }
    }

    /// Words for a facility that takes the name of the place it serves (秦皇岛港 · 首都机场 is not one).
    static let facilityWords: [[Unicode.Scalar]] = ["港区", "港口", "港", "机场", "码头", "口岸", "火车站", "高铁站", "站"]
        .map { Array($0.unicodeScalars) }
    static let directions: Set<Unicode.Scalar> = ["东", "西", "南", "北"]
    static let listJoins: Set<Unicode.Scalar> = ["、", "及", "和", "与", "同"]

    /// The administrative unit a name begins with: the longest gazetteer key of two characters or
    /// more at `start` naming a unit (秦皇岛港 → 秦皇岛 · 山西焦煤集团 → 山西), with its key index,
    /// gazetteer index and level.
    func leadingUnit(_ s: [Unicode.Scalar], from start: Int, to end: Int) -> (end: Int, key: Int, place: Int, level: PlaceLevel)? {
        var best: (end: Int, key: Int, place: Int, level: PlaceLevel)?
        gazetteer.forEachMatchIndex(in: s, from: start, limit: end) { e, key in
            guard e - start >= 2, e < end, e > best?.end ?? 0 else { return }
            let units = gazetteer.references(atKey: key).filter { Self.isUnit(gazetteer.places[$0.place].level) }
            guard let r = units.min(by: { a, b in
                a.isAlias != b.isAlias ? !a.isAlias : gazetteer.places[a.place].level < gazetteer.places[b.place].level
            }) else { return }
            best = (e, key, r.place, gazetteer.places[r.place].level)
        }
        return best
    }

    static func isUnit(_ level: PlaceLevel) -> Bool {
        switch level {
        case .country, .province, .prefecture, .county, .township, .zone: return true
        default: return false
        }
    }

    /// Whether the place at `p..<end` is a comparison base: a comparison word right before it
    /// (比杭州多 · 高于全国), unless the figure after it is its own (高于杭州的6.7%).
    func isBase(_ s: [Unicode.Scalar], before p: Int, after end: Int) -> Bool {
        guard StatisticCues.word(Self.baseWords, endingAt: p, in: s, floor: max(0, p - 2)) != nil else { return false }
        return !(end < s.count && s[end] == "的")
    }

    static func lastEnding(_ named: [Named], atOrBefore p: Int) -> Int? {
        var lo = 0, hi = named.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if named[mid].end <= p { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }

    /// The article's place at a scope word's level: the main place itself, or its ancestor of that
    /// level (全省 in a city's article → its province); the main place when none fits.
    func scoped(_ main: Named, level: PlaceLevel) -> String {
        guard let ml = main.level, ml != level else { return main.name }
        if level == .county { return main.name }
        for i in gazetteer.indices(named: main.name) {
            if let a = gazetteer.ancestors(of: i).first(where: { gazetteer.places[$0].level == level }) {
                return gazetteer.places[a].name
            }
        }
        return main.name
    }

    /// The most specific administrative place named in the title; 全国 for a title naming the
    /// country or 国务院.
    func mainPlace(_ doc: Document) -> Named? {
        guard let title = doc.title, !title.isEmpty, let r = doc.text.range(of: title) else { return nil }
        let a = doc.text.unicodeScalars.distance(from: doc.text.unicodeScalars.startIndex, to: r.lowerBound)
        let b = a + title.unicodeScalars.count
        var best: Named?
        for e in doc.entities.indices where doc.entities[e].type == .place {
            guard let level = doc.entities[e].level, Self.isUnit(level) else { continue }
            for m in doc.entities[e].mentions where m.start >= a && m.end <= b && m.end - m.start >= 2 {
                if best == nil || level > best!.level! {
                    let name = doc.entities[e].name
                    best = Named(start: m.start, end: m.end, name: Self.isCountry(name) ? Self.national : name, level: level)
                }
            }
        }
        if let best { return best }
        if Self.nationalTitleWords.contains(where: { title.contains($0) }) {
            return Named(start: a, end: b, name: Self.national, level: .country)
        }
        return nil
    }
}
