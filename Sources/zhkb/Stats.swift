import ArgumentParser
import Foundation
import ZhAnalysis

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print readable tables of a knowledge base: corpus, top entities, facts per place, series, keywords, topics.",
        discussion: """
        Series: every indicator stated for two or more places or periods, lined up (one table per \
        indicator, measure and unit; the most populated first, --top of them). A period is shown as \
        2024 for a whole year, 2024-01..2024-06 for whole months, ISO dates otherwise; ≠ marks \
        figures that disagree with another source for the same place and period. \
        --indicator NAME shows only the series of that indicator.
        """
    )

    @Option(help: ArgumentHelp("The knowledge base file.", valueName: "FILE"))
    var kb: String = "kb.json"

    @Option(help: "Rows per table.")
    var top: Int = 15

    @Option(help: ArgumentHelp("Show only the series of this indicator (地区生产总值).", valueName: "NAME"))
    var indicator: String?

    func run() throws {
        // The KB is streamed: articles are skipped and fact rows tallied, never all held.
        var facts = FactTally(keep: top)
        let value: KnowledgeBase?
        do { value = try KnowledgeBaseFile.readViews(URL(fileURLWithPath: kb)) { facts.add($0) } } catch {
            Console.warn("zhkb: error: \(error)")
            throw ExitCode(2)
        }
        guard let value else {
            Console.warn("zhkb: error: \(kb): no such file (run zhkb ingest first)")
            throw ExitCode(2)
        }
        var out = ByteOutput(.standardOutput)
        out.write(StatsReport(kb: value, facts: facts, top: top, indicator: indicator).render())
        out.flush()
    }
}

/// What the fact tables need: rows and unit kinds per place (the section's district, else the
/// fact's own place: its city, province or 全国), and the first rows.
struct FactTally {
    let keep: Int
    var first: [FactRow] = []
    var count = 0
    var perDistrict: [String: (facts: Int, kinds: [String: Int])] = [:]

    init(keep: Int) { self.keep = keep }

    init(_ facts: [FactRow], keep: Int) {
        self.keep = keep
        for f in facts { add(f) }
    }

    mutating func add(_ f: FactRow) {
        count += 1
        if first.count < keep { first.append(f) }
        let d = f.district ?? f.quantity.place ?? "—"
        perDistrict[d, default: (0, [:])].facts += 1
        perDistrict[d]!.kinds[f.unitKind, default: 0] += 1
    }
}

/// The tables of `zhkb stats`.
struct StatsReport {
    let kb: KnowledgeBase
    let facts: FactTally
    let top: Int
    let indicator: String?

    init(kb: KnowledgeBase, facts: FactTally? = nil, top: Int, indicator: String? = nil) {
        self.kb = kb
        self.facts = facts ?? FactTally(kb.factRows(), keep: top)
        self.top = top
        self.indicator = indicator
    }

    /// The series tables: the most populated series first (ties by indicator), points by period
    /// then place.
    func renderSeries() -> String {
        let chosen = kb.series.filter { indicator == nil || $0.indicator == indicator }
            .sorted { $0.points.count != $1.points.count ? $0.points.count > $1.points.count : ($0.indicator, $0.unit) < ($1.indicator, $1.unit) }
            .prefix(indicator == nil ? top : Int.max)
        guard !chosen.isEmpty else { return "" }
        var s = "\nSeries (indicators across places and periods)\n"
        for series in chosen {
            let unit = series.unit.isEmpty ? series.unitKind : series.unit
            s += "\n  \(series.indicator) · \(series.measure?.rawValue ?? "-") · \(unit)\n"
            s += Table(["place", "period", "value", "", "fact"], series.points.prefix(top * 4).map { p in
                [p.place ?? "", p.period?.label ?? "", Self.number(p.value) + (p.upper.map { "–" + Self.number($0) } ?? ""),
                 (p.approx == .exact ? "" : p.approx.rawValue) + (p.conflict == true ? " ≠" : ""), p.fact]
            }, rightAligned: [2]).render()
        }
        return s
    }

    func render() -> String {
        var s = ""
        let st = kb.stats
        s += "Corpus\n"
        s += Table(["", "count"], [
            ["articles", "\(st.articles)"], ["sources", "\(st.sources)"], ["characters", "\(st.characters)"],
            ["tokens", "\(st.tokens)"], ["sentences", "\(st.sentences)"], ["sections", "\(st.sections)"],
            ["entities", "\(st.entities)"], ["mentions", "\(st.mentions)"], ["facts", "\(st.facts)"],
        ], rightAligned: [1]).render()
        for type in EntityType.allCases {
            let rows = kb.entities.filter { $0.type == type }
                .sorted { $0.mentions != $1.mentions ? $0.mentions > $1.mentions : $0.name < $1.name }
                .prefix(top)
            guard !rows.isEmpty else { continue }
            s += "\nTop \(type.rawValue) entities\n"
            s += Table(["name", "level/kind", "parent", "mentions", "articles", "with"], rows.map { e in
                [e.name, e.level?.rawValue ?? e.kind ?? "", e.parent ?? "", "\(e.mentions)", "\(e.articles)",
                 e.cooccurring.prefix(3).map(\.name).joined(separator: "、")]
            }, rightAligned: [3, 4]).render()
        }
        if facts.count > 0 {
            s += "\nFacts per place (district, else the fact's place)\n"
            let rows = facts.perDistrict.sorted { $0.value.facts != $1.value.facts ? $0.value.facts > $1.value.facts : $0.key < $1.key }
                .map { d, v in
                    [d, "\(v.facts)", v.kinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                        .prefix(4).map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
                }
            s += Table(["place", "facts", "unit kinds"], rows, rightAligned: [1]).render()
            s += "\nFacts (first \(top))\n"
            s += Table(["district", "subject", "value", "unit", "text"], facts.first.map { f in
                [f.district ?? "", f.subject, Self.number(f.value) + (f.upper.map { "–" + Self.number($0) } ?? ""), f.unit, f.text]
            }, rightAligned: [2]).render()
        }
        s += renderSeries()
        if !kb.keywords.corpus.isEmpty {
            s += "\nKeywords (corpus)\n"
            s += Table(["term", "count", "articles", "weight"], kb.keywords.corpus.prefix(top).map {
                [$0.term, "\($0.count)", "\($0.documents)", String(format: "%.3f", $0.weight)]
            }, rightAligned: [1, 2, 3]).render()
        }
        if !kb.keywords.districts.isEmpty {
            s += "\nKeywords per district\n"
            s += Table(["district", "top keywords"], kb.keywords.districts.sorted { $0.key < $1.key }.map { d, list in
                [d, list.prefix(8).map(\.term).joined(separator: " ")]
            }).render()
        }
        if !kb.topics.corpus.isEmpty {
            s += "\nTopics (corpus)\n"
            s += Table(["topic", "label", "hits", "share"], kb.topics.corpus.prefix(top).map {
                [$0.id, $0.label, "\($0.hits)", String(format: "%.1f%%", $0.share * 100)]
            }, rightAligned: [2, 3]).render()
        }
        if !kb.topics.districts.isEmpty {
            s += "\nTopics per district\n"
            s += Table(["district", "topics"], kb.topics.districts.sorted { $0.key < $1.key }.map { d, list in
                [d, list.prefix(3).map { "\($0.label) \(String(format: "%.0f%%", $0.share * 100))" }.joined(separator: ", ")]
            }).render()
        }
        return s
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

/// A plain-text table; CJK characters count as two columns.
struct Table {
    var header: [String]
    var rows: [[String]]
    var rightAligned: Set<Int>

    init(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, c in
            let v = c.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    static func clip(_ s: String, _ maxWidth: Int) -> String {
        if width(s) <= maxWidth { return s }
        var out = "", w = 0
        for ch in s { let cw = width(String(ch)); if w + cw > maxWidth - 1 { break }; out.append(ch); w += cw }
        return out + "…"
    }

    func render() -> String {
        let cells = ([header] + rows).map { $0.map { Self.clip($0.replacingOccurrences(of: "\n", with: " "), 60) } }
        var widths = [Int](repeating: 0, count: header.count)
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(c)) } }
        var s = ""
        for (r, row) in cells.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - Self.width(c))
                if i > 0 { line += "  " }
                line += rightAligned.contains(i) ? pad + c : (i == row.count - 1 ? c : c + pad)
            }
            s += "  " + line + "\n"
            if r == 0 { s += "  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return s
    }
}
