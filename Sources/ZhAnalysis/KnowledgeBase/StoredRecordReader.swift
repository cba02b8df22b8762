import Foundation

/// Reads the rows of a stored article record (`StoredLayout`) as well as the objects of the
/// record `zhkb extract` prints: every table element is read in the form it is written in. What
/// a row leaves to the article (text slices, sentence and section, places by entity index,
/// section topics) is noted while reading and filled in by `resolve` once the whole record is
/// read, as JSON keys may come in any order.
struct StoredFixups {
    enum TextValue {
        case string(String)
        case reference(Int, Int)
    }

    struct Quantity {
        var index: Int
        var text = false
        var subject: TextValue?
        var time: TextValue?
        var periodText: TextValue?
        var periodTextIsText = false
        /// The period is that of the quantity before.
        var periodOfPrevious = false
        var place: Int?
        var sentence = false
        var section = false
    }

    var quantities: [Quantity] = []
    /// Entities whose mentions were written as `[start, length…]`.
    var mentions: [(entity: Int, flat: [Int])] = []
    /// Sections whose topics are the article's.
    var sectionTopics: [Int] = []

    /// A section's keyword or topic row written as the index of the article's row with the same
    /// term or topic (its count or hits and weight or share are the section's own).
    struct SectionRow {
        var section: Int
        var row: Int
        var article: Int
        var keyword: Bool
    }

    var sectionRows: [SectionRow] = []

    var isEmpty: Bool { quantities.isEmpty && mentions.isEmpty && sectionTopics.isEmpty && sectionRows.isEmpty }

    /// Fills in what the rows left to the article.
    func resolve(_ record: inout ArticleRecord) throws {
        if isEmpty { return }
        let context = StoredText(text: record.text, sentenceRanges: record.sentenceRanges, sections: record.sections)
        func string(_ v: TextValue) -> String {
            switch v {
            case let .string(s): return s
            case let .reference(start, length): return context.slice(start, start &+ length) ?? ""
            }
        }
        for s in sectionTopics { record.sections[s].topics = record.topics }
        for ref in sectionRows {
            if ref.keyword {
                guard ref.article >= 0, ref.article < record.keywords.count else {
                    throw JSONReader.Failure("section \(ref.section): keyword \(ref.article) is not a keyword of the article")
                }
                record.sections[ref.section].keywords[ref.row].term = record.keywords[ref.article].term
            } else {
                guard ref.article >= 0, ref.article < record.topics.count else {
                    throw JSONReader.Failure("section \(ref.section): topic \(ref.article) is not a topic of the article")
                }
                record.sections[ref.section].topics[ref.row].id = record.topics[ref.article].id
                record.sections[ref.section].topics[ref.row].label = record.topics[ref.article].label
            }
        }
        for (e, flat) in mentions {
            var list: [Mention] = []
            list.reserveCapacity(flat.count / 2)
            var k = 0
            while k + 1 < flat.count {
                let start = flat[k], end = flat[k] &+ flat[k + 1]
                var m = Mention(range: TextRange(start: 0, end: 0), text: context.slice(start, end) ?? "",
                                sentence: context.sentence(of: start))
                m.start = start
                m.end = end
                list.append(m)
                k += 2
            }
            record.entities[e].mentions = list
        }
        // In row order: a period may be that of the quantity before.
        var previous: Period?
        var next = 0
        for i in record.quantities.indices {
            guard next < quantities.count, quantities[next].index == i else {
                previous = record.quantities[i].period
                continue
            }
            let fix = quantities[next]
            next += 1
            var q = record.quantities[fix.index]
            if fix.text { q.quantity.text = context.slice(q.start, q.end) ?? "" }
            if fix.sentence { q.quantity.sentence = context.sentence(of: q.start) }
            if fix.section { q.section = context.section(of: q.start) }
            if let s = fix.subject { q.quantity.subject = string(s) }
            if let t = fix.time { q.quantity.time = string(t) }
            if let p = fix.place {
                guard p >= 0, p < record.entities.count else { throw JSONReader.Failure("quantity \(fix.index): place \(p) is not an entity of the article") }
                q.quantity.place = record.entities[p].name
            }
            if fix.periodOfPrevious {
                guard let p = previous else { throw JSONReader.Failure("quantity \(fix.index): no period before to repeat") }
                q.quantity.period = p
            } else if q.quantity.period != nil {
                if fix.periodTextIsText { q.quantity.period!.text = q.quantity.text } else if let t = fix.periodText {
                    q.quantity.period!.text = string(t)
                }
            }
            record.quantities[fix.index] = q
            previous = q.period
        }
    }
}

extension JSONReader {
    /// A section's keyword or topic rows, each of which may name the article's row by index
    /// (noted in `references` for `StoredFixups.resolve`).
    mutating func referringRows<T>(keyword: Bool, section: Int, into references: inout [StoredFixups.SectionRow],
                                   _ read: (inout JSONReader, inout Int?) throws -> T) throws -> [T] {
        var i = 0
        return try array { r in
            var reference: Int?
            let value = try read(&r, &reference)
            if let reference { references.append(.init(section: section, row: i, article: reference, keyword: keyword)) }
            i += 1
            return value
        }
    }

    /// A value of a closed list written as its index, or as the string itself.
    mutating func code(in list: [String]) throws -> String {
        if try nextByte() == 0x22 { return try string() }
        let at = offset
        let i = try int()
        guard i >= 0, i < list.count else { throw Failure("code \(i) is not in its list", at: at) }
        return list[i]
    }

    /// A place level written as its code (or name); nil for null.
    mutating func placeLevel() throws -> PlaceLevel? {
        if try null() { return nil }
        let l = try code(in: StoredLayout.placeLevels)
        guard let v = PlaceLevel(rawValue: l) else { throw Failure("\"\(l)\" is not a place level") }
        return v
    }

    /// A string, or `[start, length]` of the article text.
    mutating func textValue() throws -> StoredFixups.TextValue {
        if try nextByte() == 0x22 { return .string(try string()) }
        let pair = try array { try $0.int() }
        guard pair.count == 2 else { throw Failure("a text reference is [start, length]", at: offset) }
        return .reference(pair[0], pair[1])
    }

    /// An optional index: null (read off the article), false (none) or a number.
    mutating func storedIndex() throws -> (derived: Bool, value: Int?) {
        if try null() { return (true, nil) }
        let b = try nextByte()
        if b == UInt8(ascii: "f") || b == UInt8(ascii: "t") {
            guard try bool() == false else { throw Failure("expected false, null or a number", at: offset) }
            return (false, nil)
        }
        return (false, try int())
    }

    /// A table element written as an object or as a row of `columns` (the stored form): `field`
    /// is called for each value with its key, a row's cells named by their column. `what` names
    /// the element in the error for a row that is too long.
    mutating func fields(_ columns: [String], of what: String, _ field: (inout JSONReader, String) throws -> Void) throws {
        if try nextByte() == UInt8(ascii: "[") {
            try row { r, k in
                guard k < columns.count else { throw Failure("a \(what) row is [\(columns.joined(separator: ", "))]") }
                try field(&r, columns[k])
            }
        } else {
            try object(field)
        }
    }

    /// The elements of a record table, each read as an object (`object`) or as a row (`row`).
    mutating func table<T>(object: (inout JSONReader) throws -> T, row: (inout JSONReader, Int) throws -> T) throws -> [T] {
        var k = 0
        return try array { r in
            defer { k += 1 }
            return try r.nextByte() == UInt8(ascii: "[") ? try row(&r, k) : try object(&r)
        }
    }
}

extension QuantityRecord {
    /// A stored quantity row (`StoredLayout.quantityColumns`); what it leaves to the article is
    /// noted in `fix`.
    init(readingRow r: inout JSONReader, fix: inout StoredFixups.Quantity) throws {
        var start = 0, length = 0, value = 0.0, unit = "", unitKind = "", role = QuantityRole.statistic
        var measure: Measure?, subject = "", place: String?, time: String?, qualifiers: [String] = [], indicator: String?
        var si: SIValue?, approx = Approximation.exact, period: Period?, upper: Double?, terms: [Double]?
        var text: String?, sentence: Int?, section: Int?, sentenceText: String?
        var cells = 0
        fix.text = true
        fix.sentence = true
        fix.section = true
        try r.row { r, k in
            cells = k + 1
            switch k {
            case 0: start = try r.int()
            case 1: length = try r.int()
            case 2: value = try r.double()
            case 3: unit = try r.string()
            case 4: unitKind = try r.code(in: StoredLayout.unitKinds)
            case 5: role = try QuantityRole.stored(try r.code(in: StoredLayout.roles))
            case 6:
                if try r.null() { break }
                let m = try r.code(in: StoredLayout.measures)
                measure = m.isEmpty ? nil : try Measure.stored(m)
            case 7:
                if try r.null() { break }
                switch try r.textValue() {
                case let .string(s): subject = s
                case let v: fix.subject = v
                }
            case 10:
                if try r.null() { break }
                if try r.nextByte() == 0x22 { place = try r.string() } else { fix.place = try r.int() }
            case 11:
                if try r.null() { break }
                switch try r.textValue() {
                case let .string(s): time = s
                case let v: time = ""; fix.time = v
                }
            case 8: qualifiers = try r.optional { try $0.strings() } ?? []
            case 12: indicator = try r.optional { try $0.string() }
            case 13:
                si = try r.optional { r in
                    var v: Double?, u: String?
                    try r.row { r, k in
                        switch k {
                        case 0: v = try r.double()
                        case 1: u = try r.string()
                        default: throw JSONReader.Failure("si is [value, unit]")
                        }
                    }
                    return SIValue(value: try JSONReader.Failure.required(v, "si value"), unit: try JSONReader.Failure.required(u, "si unit"))
                }
            case 14:
                if try r.null() { break }
                approx = try Approximation.stored(try r.code(in: StoredLayout.approximations))
            case 9:
                if try r.null() { break }
                if try r.nextByte() == UInt8(ascii: "t") {
                    guard try r.bool() else { throw JSONReader.Failure("period: true or a period") }
                    fix.periodOfPrevious = true
                    period = Period(text: "", start: "", end: "")
                    break
                }
                // [dates, words] or [start, end, words]; words: null (the quantity's text), a string or a reference.
                var cells: [StoredFixups.TextValue?] = []
                try r.row { r, _ in cells.append(try r.null() ? nil : try r.textValue()) }
                func date(_ v: StoredFixups.TextValue?) throws -> String {
                    guard case let .string(s)? = v else { throw JSONReader.Failure("a period's dates are strings") }
                    return s
                }
                let dates: (start: String, end: String)
                switch cells.count {
                case 2: dates = StoredLayout.expandPeriod(try date(cells[0])) ?? ("", "")
                case 3: dates = (try date(cells[0]), try date(cells[1]))
                default: throw JSONReader.Failure("period is [dates, words] or [start, end, words]")
                }
                period = Period(text: "", start: dates.start, end: dates.end)
                switch cells.last! {
                case nil: fix.periodTextIsText = true
                case let .string(s)?: period!.text = s
                case let v?: fix.periodText = v
                }
            case 15: upper = try r.optional { try $0.double() }
            case 16: terms = try r.optional { try $0.array { try $0.double() } }
            case 17:
                text = try r.optional { try $0.string() }
                fix.text = text == nil
            case 18:
                let s = try r.storedIndex()
                fix.sentence = s.derived
                sentence = s.value
            case 19:
                let s = try r.storedIndex()
                fix.section = s.derived
                section = s.value
            case 20: sentenceText = try r.optional { try $0.string() }
            default: throw JSONReader.Failure("a quantity row has \(StoredLayout.quantityColumns.count) columns")
            }
        }
        guard cells >= 6 else { throw JSONReader.Failure("a quantity row has at least start, length, value, unit, unitKind and role") }
        var q = Quantity(text: text ?? "", range: TextRange(start: 0, end: 0), value: value, upper: upper, approx: approx,
                         unit: unit, unitKind: unitKind, subject: subject, qualifiers: qualifiers, place: place, time: time,
                         sentence: sentence)
        q.role = role
        q.si = si
        q.period = period
        q.terms = terms
        q.indicator = indicator
        q.measure = measure
        self.init(quantity: q, section: section, sentenceText: sentenceText)
        self.quantity.start = start
        self.quantity.end = start &+ length
    }
}

extension QuantityRole {
    static func stored(_ s: String) throws -> QuantityRole {
        guard let v = QuantityRole(rawValue: s) else { throw JSONReader.Failure("\"\(s)\" is not a role") }
        return v
    }
}

extension Approximation {
    static func stored(_ s: String) throws -> Approximation {
        guard let v = Approximation(rawValue: s) else { throw JSONReader.Failure("\"\(s)\" is not an approximation") }
        return v
    }
}

extension Measure {
    static func stored(_ s: String) throws -> Measure {
        guard let v = Measure(rawValue: s) else { throw JSONReader.Failure("\"\(s)\" is not a measure") }
        return v
    }
}

extension Entity {
    /// A stored entity row (`StoredLayout.entityColumns`); mentions written as `[start, length…]`
    /// are returned in `flatMentions` (filled in by `StoredFixups.resolve`).
    init(readingRow r: inout JSONReader, flatMentions: inout [Int]?) throws {
        var type: EntityType?, name: String?, mentions: [Mention] = [], aliases: [String] = [], level: PlaceLevel?
        var kind: String?, parent: String?, roles: [String]?, canonical: String?, scope: String?, surname: String?
        var partial: Bool?
        try r.row { r, k in
            switch k {
            case 0:
                let t = try r.code(in: StoredLayout.entityTypes)
                guard let v = EntityType(rawValue: t) else { throw JSONReader.Failure("\"\(t)\" is not an entity type") }
                type = v
            case 1: name = try r.string()
            case 2:
                var flat: [Int] = []
                _ = try r.array { r in
                    if try r.nextByte() == UInt8(ascii: "{") { mentions.append(try Mention(reading: &r)) } else { flat.append(try r.int()) }
                }
                if !flat.isEmpty {
                    guard mentions.isEmpty, flat.count % 2 == 0 else { throw JSONReader.Failure("mentions are [start, length…] or objects") }
                    flatMentions = flat
                }
            case 3: aliases = try r.optional { try $0.strings() } ?? []
            case 4:
                level = try r.placeLevel()
            case 5: kind = try r.optional { try $0.string() }
            case 6: parent = try r.optional { try $0.string() }
            case 7: roles = try r.optional { try $0.strings() }
            case 8: canonical = try r.optional { try $0.string() }
            case 9: scope = try r.optional { try $0.string() }
            case 10: surname = try r.optional { try $0.string() }
            case 11: partial = try r.optional { try $0.bool() }
            default: throw JSONReader.Failure("an entity row has \(StoredLayout.entityColumns.count) columns")
            }
        }
        typealias F = JSONReader.Failure
        self.init(type: try F.required(type, "entity type"), name: try F.required(name, "entity name"), aliases: aliases,
                  mentions: mentions, level: level, parent: parent, kind: kind, partial: partial, surname: surname, roles: roles,
                  canonical: canonical, scope: scope)
    }
}

extension SectionRecord {
    /// A stored section row; `articleTopics` is set when its topics are the article's.
    init(readingRow r: inout JSONReader, articleTopics: inout Bool, references: inout [StoredFixups.SectionRow], section: Int) throws {
        var start: Int?, length: Int?, keywords: [Keyword] = [], topics: [TopicScore] = []
        var district: String?, headline: String?, dateline: String?, authors: [String] = []
        articleTopics = true
        try r.row { r, k in
            switch k {
            case 0: start = try r.int()
            case 1: length = try r.int()
            case 2:
                keywords = try r.referringRows(keyword: true, section: section, into: &references) { r, reference in
                    try Keyword(reading: &r, reference: &reference)
                }
            case 3:
                if try r.null() { break }
                articleTopics = false
                topics = try r.referringRows(keyword: false, section: section, into: &references) { r, reference in
                    try TopicScore(reading: &r, reference: &reference)
                }
            case 4: district = try r.optional { try $0.string() }
            case 5: headline = try r.optional { try $0.string() }
            case 6: dateline = try r.optional { try $0.string() }
            case 7: authors = try r.optional { try $0.strings() } ?? []
            default: throw JSONReader.Failure("a section row has \(StoredLayout.sectionColumns.count) columns")
            }
        }
        typealias F = JSONReader.Failure
        let s = try F.required(start, "section start")
        self.init(start: s, end: s &+ (try F.required(length, "section length")), keywords: keywords, topics: topics,
                  district: district, headline: headline, dateline: dateline, authors: authors)
    }

    init(start: Int, end: Int, keywords: [Keyword], topics: [TopicScore], district: String?, headline: String?,
         dateline: String?, authors: [String]) {
        // (The memberwise initialiser builds the record once: see `SectionRecord`.)
        self.init(district: district, headline: headline, dateline: dateline, authors: authors, start: start,
                  end: end, keywords: keywords, topics: topics)
    }
}
