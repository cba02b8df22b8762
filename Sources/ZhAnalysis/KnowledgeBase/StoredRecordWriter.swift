import Foundation

extension JSONOutput {
    /// An article record as kb.json stores it (schema 4, `StoredLayout`): one compact line.
    public static func stored(_ record: ArticleRecord) throws -> [UInt8] {
        var w = JSONWriter(pretty: false, capacity: 4096)
        try record.write(to: &w, form: .stored)
        return w.bytes
    }
}

/// Writes a positional row: cells in column order, the trailing ones at their default cut off.
struct RowWriter {
    private var keep: Int

    init(_ w: inout JSONWriter) {
        w.beginArray()
        keep = w.count
    }

    /// One cell; `isDefault` when it holds the column's default (a trailing run of those is dropped).
    mutating func cell(_ w: inout JSONWriter, default isDefault: Bool = false, _ write: (inout JSONWriter) throws -> Void) rethrows {
        w.element()
        try write(&w)
        if !isDefault { keep = w.count }
    }

    /// aliases, level, kind, parent, roles: the columns an entity row and an entities-table row share.
    mutating func entityCells(_ w: inout JSONWriter, aliases: [String], level: PlaceLevel?, kind: String?, parent: String?, roles: [String]?) {
        cell(&w, default: aliases.isEmpty) { $0.strings(aliases) }
        cell(&w, default: level == nil) { w in if let level { w.code(level.rawValue, in: StoredLayout.placeLevels) } else { w.null() } }
        for value in [kind, parent] {
            cell(&w, default: value == nil) { w in if let value { w.string(value) } else { w.null() } }
        }
        cell(&w, default: roles == nil) { w in if let roles { w.strings(roles) } else { w.null() } }
    }

    func end(_ w: inout JSONWriter) {
        w.truncate(to: keep)
        w.endArray()
    }
}

extension JSONWriter {
    /// A value of a closed list: its index in `list`, or the string when it is not in it.
    mutating func code(_ value: String, in list: [String]) {
        if let i = StoredLayout.code(value, in: list) { int(i) } else { string(value) }
    }

    /// A string that may be the article text inside a sentence: `[start, length]` when that is
    /// shorter than the string.
    mutating func textValue(_ value: String, _ context: StoredText, sentence: Int?) {
        if let (start, length) = context.reference(to: value, inSentence: sentence),
           "[\(start),\(length)]".utf8.count < value.utf8.count + 2 {
            beginArray(); element(); int(start); element(); int(length); endArray()
        } else {
            string(value)
        }
    }
}

extension QuantityRecord {
    func writeStored(to w: inout JSONWriter, _ context: StoredText, entities: [Entity], previousPeriod: Period?) throws {
        let q = quantity
        var row = RowWriter(&w)
        row.cell(&w) { $0.int(q.start) }
        row.cell(&w) { $0.int(q.end &- q.start) }
        try row.cell(&w) { try $0.double(q.value) }
        row.cell(&w) { $0.string(q.unit) }
        row.cell(&w) { $0.code(q.unitKind, in: StoredLayout.unitKinds) }
        row.cell(&w) { $0.code(q.role.rawValue, in: StoredLayout.roles) }
        row.cell(&w, default: q.measure == nil) { $0.code(q.measure?.rawValue ?? "", in: StoredLayout.measures) }
        row.cell(&w, default: q.subject.isEmpty) { $0.textValue(q.subject, context, sentence: q.sentence) }
        row.cell(&w, default: q.qualifiers.isEmpty) { $0.strings(q.qualifiers) }
        row.cell(&w, default: q.period == nil) { w in
            guard let p = q.period else { w.null(); return }
            // true: the period of the quantity before (dates and words).
            if p == previousPeriod { w.bool(true); return }
            w.beginArray()
            if let compact = StoredLayout.compactPeriod(start: p.start, end: p.end) {
                w.element(); w.string(compact)
            } else {
                w.element(); w.string(p.start)
                w.element(); w.string(p.end)
            }
            // The period's words: null when they are the quantity's own text (2025年).
            w.element()
            if p.text == q.text { w.null() } else { w.textValue(p.text, context, sentence: q.sentence) }
            w.endArray()
        }
        row.cell(&w, default: q.place == nil) { w in
            if let place = q.place {
                if let i = entities.firstIndex(where: { $0.name == place }) { w.int(i) } else { w.string(place) }
            } else { w.null() }
        }
        row.cell(&w, default: q.time == nil) { w in
            if let time = q.time { w.textValue(time, context, sentence: q.sentence) } else { w.null() }
        }
        row.cell(&w, default: q.indicator == nil) { w in if let v = q.indicator { w.string(v) } else { w.null() } }
        try row.cell(&w, default: q.si == nil) { w in
            if let si = q.si {
                w.beginArray(); w.element(); try w.double(si.value); w.element(); w.string(si.unit); w.endArray()
            } else { w.null() }
        }
        row.cell(&w, default: q.approx == .exact) { $0.code(q.approx.rawValue, in: StoredLayout.approximations) }
        try row.cell(&w, default: q.upper == nil) { w in if let v = q.upper { try w.double(v) } else { w.null() } }
        try row.cell(&w, default: q.terms == nil) { w in
            guard let terms = q.terms else { w.null(); return }
            w.beginArray()
            for t in terms { w.element(); try w.double(t) }
            w.endArray()
        }
        let textIsSlice = context.slice(q.start, q.end) == q.text
        row.cell(&w, default: textIsSlice) { w in if textIsSlice { w.null() } else { w.string(q.text) } }
        // null: read off the article; false: none.
        let sentenceDerived = context.sentence(of: q.start) == q.sentence
        row.cell(&w, default: sentenceDerived) { w in
            if sentenceDerived { w.null() } else if let s = q.sentence { w.int(s) } else { w.bool(false) }
        }
        let sectionDerived = context.section(of: q.start) == section
        row.cell(&w, default: sectionDerived) { w in
            if sectionDerived { w.null() } else if let s = section { w.int(s) } else { w.bool(false) }
        }
        row.cell(&w, default: sentenceText == nil) { w in if let v = sentenceText { w.string(v) } else { w.null() } }
        row.end(&w)
    }
}

extension Entity {
    func writeStored(to w: inout JSONWriter, _ context: StoredText) {
        var row = RowWriter(&w)
        row.cell(&w) { $0.code(type.rawValue, in: StoredLayout.entityTypes) }
        row.cell(&w) { $0.string(name) }
        row.cell(&w) { w in
            // [start, length, start, length…] when every mention's text and sentence read back
            // from the article; else the mentions as objects.
            let flat = context.scalars != nil && mentions.allSatisfy { m in
                context.slice(m.start, m.end) == m.text && context.sentence(of: m.start) == m.sentence
            }
            w.beginArray()
            for m in mentions {
                if flat {
                    w.element(); w.int(m.start)
                    w.element(); w.int(m.end &- m.start)
                } else {
                    w.element(); try? m.write(to: &w)
                }
            }
            w.endArray()
        }
        row.entityCells(&w, aliases: aliases, level: level, kind: kind, parent: parent, roles: roles)
        for value in [canonical, scope, surname] {
            row.cell(&w, default: value == nil) { w in if let value { w.string(value) } else { w.null() } }
        }
        row.cell(&w, default: partial == nil) { w in if let partial { w.bool(partial) } else { w.null() } }
        row.end(&w)
    }
}

extension SectionRecord {
    /// `articleKeywords` and `articleTopics`: the article's rows, by term and by topic id. A keyword
    /// or topic the article has too is written with the index of the article's row in place of
    /// its term (`[index, count, weight]`) or of its id and label (`[index, hits, share]`).
    func writeStored(to w: inout JSONWriter, articleTopics: [TopicScore], keywordIndex: [String: Int],
                     topicIndex: [String: Int]) throws {
        var row = RowWriter(&w)
        row.cell(&w) { $0.int(start) }
        row.cell(&w) { $0.int(end &- start) }
        try row.cell(&w) { w in
            w.beginArray()
            for k in keywords {
                w.element()
                if let i = keywordIndex[k.term] {
                    w.beginArray(); w.element(); w.int(i); w.element(); w.int(k.count); w.element(); try w.double(k.weight); w.endArray()
                } else {
                    try k.writeStored(to: &w)
                }
            }
            w.endArray()
        }
        // null: the article's topics.
        let sameTopics = topics == articleTopics
        try row.cell(&w, default: sameTopics) { w in
            if sameTopics { w.null(); return }
            w.beginArray()
            for t in topics {
                w.element()
                if let i = topicIndex[t.id], articleTopics[i].label == t.label {
                    w.beginArray(); w.element(); w.int(i); w.element(); w.int(t.hits); w.element(); try w.double(t.share); w.endArray()
                } else {
                    try t.writeStored(to: &w)
                }
            }
            w.endArray()
        }
        for value in [district, headline, dateline] {
            row.cell(&w, default: value == nil) { w in if let value { w.string(value) } else { w.null() } }
        }
        row.cell(&w, default: authors.isEmpty) { $0.strings(authors) }
        row.end(&w)
    }
}

extension Keyword {
    func writeStored(to w: inout JSONWriter) throws {
        w.beginArray()
        w.element(); w.string(term)
        w.element(); w.int(count)
        w.element(); try w.double(weight)
        w.endArray()
    }
}

extension TopicScore {
    func writeStored(to w: inout JSONWriter) throws {
        w.beginArray()
        w.element(); w.string(id)
        w.element(); w.string(label)
        w.element(); w.int(hits)
        w.element(); try w.double(share)
        w.endArray()
    }
}

extension JSONWriter {
    mutating func null() { raw(Array("null".utf8)) }
}
