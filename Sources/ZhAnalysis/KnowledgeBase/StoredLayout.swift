import Foundation

/// How schema 4 (and 3) stores an article record in kb.json: the same object `zhkb extract`
/// prints, its text compressed when that is shorter (`PackedText`, schema 4), and its tables (quantities, entities, sections, keywords, topics) as positional rows whose columns
/// are listed once, in the KB's `layout`, and everything that can be read off the article itself
/// left out:
///
/// - a quantity's or mention's `text` when it is the article text at its range; its `sentence`
///   and `section` when they are the sentence and section its start lies in;
/// - `end` written as a length (`start`, `length`); sentences as `[gap, length, gap, length…]`
///   (gap: from the end of the sentence before);
/// - a subject, time or period text that is the article text inside the quantity's sentence as
///   `[start, length]` when that is shorter; a period text equal to the quantity's text as null;
/// - a place that names one of the article's entities as that entity's index;
/// - closed lists (role, approximation, measure, unit kind, entity type, place level) as indexes
///   into `layout.codes` (a unit kind not in the list stays a string);
/// - a period as one ISO 8601 string: `2024` (the whole year), `2024-03` (the month),
///   `2024-03-05` (the day), `2024-01-01/2024-10-31` (an interval);
/// - defaults omitted: trailing columns at their default are cut off, others written as null,
///   0, "" or [] (the column's default).
///
/// Every line stays self-contained (it depends on the schema, never on another line), so KBs
/// merge by copying article lines as bytes. Readers fill every value back:
/// `JSONInput.decodeRecord` gives the record `zhkb extract` printed, exactly.
public enum StoredLayout {
    static let roles = ["statistic", "time", "ordinal", "rank", "label", "generic"]
    static let approximations = ["exact", "over", "about", "under", "at_least", "at_most", "max"]
    /// Index 0: no measure.
    static let measures = ["", "level", "change", "share", "rank", "target"]
    static let unitKinds = ["count", "percent", "money", "duration", "year", "ordinal", "person", "date", "mass", "area",
                            "label", "length", "household", "multiple", "person_time", "age", "volume", "percentage_point",
                            "clock", "power", "plan", "phone", "ratio", "energy", "voltage", "fraction", "rate", "decade",
                            "century", "permille"]
    static let entityTypes = ["person", "place", "organization"]
    static let placeLevels = ["region", "country", "province", "prefecture", "county", "township", "village", "community",
                              "zone", "other", "feature"]

    /// Most often set first: a row ends at its last column that is not at its default.
    static let quantityColumns = ["start", "length", "value", "unit", "unitKind", "role", "measure", "subject", "qualifiers",
                                  "period", "place", "time", "indicator", "si", "approx", "upper", "terms", "text",
                                  "sentence", "section", "sentenceText"]
    static let entityColumns = ["type", "name", "mentions", "aliases", "level", "kind", "parent", "roles", "canonical",
                                "scope", "surname", "partial"]
    static let sectionColumns = ["start", "length", "keywords", "topics", "district", "headline", "dateline", "authors"]
    static let keywordColumns = ["term", "count", "weight"]
    static let topicColumns = ["id", "label", "hits", "share"]
    static let entitySummaryColumns = ["type", "name", "mentions", "articles", "cooccurring", "aliases", "level", "kind",
                                       "parent", "roles"]
    static let keywordStatColumns = ["term", "count", "documents", "weight"]
    static let topicStatColumns = ["id", "label", "hits", "share", "documents"]
    static let factColumns = ["article", "quantities"]
    static let seriesColumns = ["indicator", "measure", "unit", "unitKind", "points"]
    static let seriesPointColumns = ["article", "quantity", "period", "place", "value", "approx", "upper", "conflict"]

    /// The layout's two parts, each a list of named string lists in key order: the code lists and
    /// the columns of every table.
    static let parts: [(name: StaticString, lists: [(StaticString, [String])])] = [
        ("codes", [("approx", approximations), ("entityType", entityTypes), ("level", placeLevels), ("measure", measures),
                   ("role", roles), ("unitKind", unitKinds)]),
        ("columns", [("entity", entityColumns), ("entitySummary", entitySummaryColumns), ("fact", factColumns),
                     ("keyword", keywordColumns), ("keywordStat", keywordStatColumns), ("quantity", quantityColumns),
                     ("section", sectionColumns), ("series", seriesColumns), ("seriesPoint", seriesPointColumns),
                     ("topic", topicColumns), ("topicStat", topicStatColumns)]),
    ]

    /// The KB's `layout` value (`parts`) as compact JSON.
    static let json: [UInt8] = {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        for (partName, lists) in parts {
            w.key(partName); w.beginObject()
            for (name, list) in lists { w.key(name); w.strings(list) }
            w.endObject()
        }
        w.endObject()
        return w.bytes
    }()

    static func code(_ value: String, in list: [String]) -> Int? { list.firstIndex(of: value) }

    /// How a KB's `layout` value differs from this build's (`json`), nil when it is the same
    /// (byte for byte, or as JSON: another tool may have spaced it differently).
    static func difference(_ bytes: [UInt8]) -> String? {
        if bytes == json { return nil }
        guard let theirs = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return "not a layout object" }
        for part in parts {
            let partName = part.name.description
            let a = theirs[partName] as? [String: [String]] ?? [:]
            let b = Dictionary(uniqueKeysWithValues: part.lists.map { ($0.0.description, $0.1) })
            for name in Set(a.keys).union(b.keys).sorted() where a[name] != b[name] {
                guard let x = a[name], let y = b[name] else { return "\(partName) of \"\(name)\" only in \(a[name] == nil ? "this zhkb" : "the KB")" }
                let i = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
                func at(_ list: [String]) -> String { i < list.count ? "\"\(list[i])\"" : "none" }
                return "\(partName) of \"\(name)\": item \(i + 1) is \(at(x)), this zhkb's \(at(y))"
            }
        }
        let ours = parts.map { $0.name.description }.sorted()
        return theirs.keys.sorted() == ours ? nil : "keys \(theirs.keys.sorted()), this zhkb's \(ours)"
    }

    // MARK: periods

    /// A period's dates as one ISO 8601 string (see the type's comment); nil when the compact
    /// form would not read back as these dates.
    static func compactPeriod(start: String, end: String) -> String? {
        guard !start.contains("/"), !end.contains("/") else { return nil }
        var candidate = "\(start)/\(end)"
        if start == end {
            candidate = start
        } else if let (y, m, d) = ymd(start), let (y2, m2, d2) = ymd(end), d == 1, y == y2 {
            if m == 1, m2 == 12, d2 == 31 { candidate = String(start.prefix(4)) } else if m == m2, d2 == daysIn(year: y, month: m) {
                candidate = String(start.prefix(7))
            }
        }
        guard let back = expandPeriod(candidate), back.start == start, back.end == end else { return nil }
        return candidate
    }

    /// The start and end dates of a compact period string.
    static func expandPeriod(_ s: String) -> (start: String, end: String)? {
        if let slash = s.firstIndex(of: "/") {
            return (String(s[..<slash]), String(s[s.index(after: slash)...]))
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard parts[0].count == 4, Int(parts[0]) != nil else { return (s, s) }
            return ("\(s)-01-01", "\(s)-12-31")
        case 2:
            guard parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return (s, s) }
            return ("\(s)-01", "\(s)-\(daysIn(year: y, month: m))")
        default:
            return (s, s)
        }
    }

    private static func ymd(_ s: String) -> (Int, Int, Int)? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return nil }
        return (y, m, d)
    }

    private static func daysIn(year y: Int, month m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// What an article's stored rows are read against: its text as code points, its sentences and its
/// sections. The writer leaves a value out only when `StoredText` gives it back exactly.
struct StoredText {
    let scalars: [Unicode.Scalar]?
    /// Sentence ranges as given (in order), nil without them.
    let sentences: [[Int]]?
    let sections: [(start: Int, end: Int)]

    init(text: String?, sentenceRanges: [[Int]]?, sections: [SectionRecord]) {
        scalars = text.map { Array($0.unicodeScalars) }
        sentences = sentenceRanges
        self.sections = sections.map { ($0.start, $0.end) }
    }

    /// The text from `start` to `end`, nil when that is not a range of it.
    func slice(_ start: Int, _ end: Int) -> String? {
        guard let scalars, 0 <= start, start <= end, end <= scalars.count else { return nil }
        return ScalarText.string(scalars, start, end)
    }

    /// The index of the first sentence holding `offset`.
    func sentence(of offset: Int) -> Int? {
        guard let sentences else { return nil }
        // Ranges are in text order: binary search, then make sure (overlaps fall back to a scan).
        var lo = 0, hi = sentences.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = sentences[mid]
            guard r.count == 2 else { break }
            if offset < r[0] { hi = mid - 1 } else if offset >= r[1] { lo = mid + 1 } else {
                if mid == 0 || !(sentences[mid - 1].count == 2 && sentences[mid - 1][0] <= offset && offset < sentences[mid - 1][1]) {
                    return mid
                }
                break
            }
        }
        return sentences.firstIndex { $0.count == 2 && $0[0] <= offset && offset < $0[1] }
    }

    /// The index of the first section holding `offset`.
    func section(of offset: Int) -> Int? {
        sections.firstIndex { $0.start <= offset && offset < $0.end }
    }

    /// Where `value` is written inside sentence `sentence` (its first occurrence), as
    /// `(start, length)` in code points.
    func reference(to value: String, inSentence sentence: Int?) -> (Int, Int)? {
        guard let scalars, let sentences, let s = sentence, s >= 0, s < sentences.count, sentences[s].count == 2,
              !value.isEmpty else { return nil }
        let lo = max(0, sentences[s][0]), hi = min(scalars.count, sentences[s][1])
        let needle = Array(value.unicodeScalars)
        guard needle.count <= hi - lo else { return nil }
        var i = lo
        while i + needle.count <= hi {
            if scalars[i] == needle[0] {
                var k = 1
                while k < needle.count && scalars[i + k] == needle[k] { k += 1 }
                if k == needle.count { return (i, needle.count) }
            }
            i += 1
        }
        return nil
    }
}
