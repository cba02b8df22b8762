import Foundation
import Plot

/// The HTML of the report: the page skeleton (Plot), the style, Chart.js and the page script
/// inlined, and the data as JSON script elements (`ReportData`).
struct ReportPage {
    let data: ReportData
    let chartLibrary: String

    /// Where the data script elements go in the skeleton.
    private static let dataMarker = "<!--zhkb-data-->"

    func render() throws -> [UInt8] {
        var out: [UInt8] = []
        try write { out += $0 }
        return out
    }

    /// Hands the page to `sink` in pieces (the articles one by one, never the whole page at once).
    func write(_ sink: ([UInt8]) throws -> Void) throws {
        let shell = skeleton().render()
        guard let marker = shell.range(of: Self.dataMarker) else {
            throw ZhError.stageFailed(stage: "report", reason: "page skeleton without its data marker")
        }
        try sink(Array(shell[..<marker.lowerBound].utf8))
        try sink(Self.script(id: "zhkb-data", json: try data.main()))
        for i in data.input.articles.indices {
            try sink(Self.script(id: "art-\(i)", json: data.article(i)))
        }
        try sink(Array(shell[marker.upperBound...].utf8))
    }

    /// A JSON script element. `<` is written `\u003c` (JSON allows it anywhere in a string and
    /// `<` occurs nowhere else), so no text can close the element early.
    static func script(id: String, json: [UInt8]) -> [UInt8] {
        var out = Array("<script type=\"application/json\" id=\"\(id)\">".utf8)
        out.reserveCapacity(json.count + 64)
        for b in json {
            if b == UInt8(ascii: "<") { out += Array("\\u003c".utf8) } else { out.append(b) }
        }
        out += Array("</script>\n".utf8)
        return out
    }

    private func skeleton() -> HTML {
        let title = data.options.title
        return HTML(
            .lang(.simplifiedChinese),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title(title),
                .style(ReportStyle.css)
            ),
            .body(
                .header(.class("top"),
                    .h1(.text(title)),
                    .nav(.forEach(Self.sections) { id, zh, en in
                        .a(.href("#\(id)"), .text(zh), .span(.class("en"), .text(en)))
                    })
                ),
                .main(.id("home"),
                    section("overview", "概览", "Corpus at a glance",
                        .div(.id("cards"), .class("cards")),
                        .div(.class("grid2"),
                            chart("chart-kinds", "数据按单位类型", "Facts by unit kind"),
                            chart("chart-types", "实体类型", "Entities by type"))),
                    section("series", "统计序列", "Series",
                        .p(.class("hint"), .text("每个指标在两个以上时期或地点出现时成一序列；点击数据点查看原句。"),
                           .span(.class("en"), .text("An indicator stated for two or more periods or places; click a point for its facts."))),
                        toolbar(.input(.id("series-filter"), .type(.search), .placeholder("筛选指标 Filter indicators")),
                                .span(.id("series-pager"), .class("pager"))),
                        .div(.id("series-grid"), .class("grid3"))),
                    section("places", "各地统计", "Statistics per place",
                        toolbar(.element(named: "label", nodes: [.text("级别 Level "), .select(.id("place-level"))])),
                        .div(.class("chart-box tall"), Self.canvas("chart-places"))),
                    section("facts", "数据表", "Facts",
                        toolbar(.input(.id("fact-filter"), .type(.search), .placeholder("筛选 Filter: 指标、地点、对象、单位…")),
                                .select(.id("fact-kind")),
                                .button(.id("fact-clear"), .class("chip"), .attribute(named: "hidden"))),
                        .div(.class("table-wrap"), .table(.id("fact-table"), .thead(.tr(
                            .forEach(Self.factColumns) { key, zh, en in
                                .th(.data(named: "key", value: key), .text(zh), .span(.class("en"), .text(en)))
                            })), .tbody())),
                        .div(.id("fact-pager"), .class("pager"))),
                    section("topics", "主题与关键词", "Topics & keywords per district",
                        .div(.id("topics-box"), .class("chart-box tall"), Self.canvas("chart-topics")),
                        .div(.id("district-keywords"), .class("keywords"))),
                    section("entities", "实体", "Entities",
                        .div(.class("grid3"),
                            chart("chart-person", "人物", "People"),
                            chart("chart-place", "地点", "Places"),
                            chart("chart-organization", "机构", "Organisations")),
                        .h3(.text("共现"), .span(.class("en"), .text(" Who appears with whom"))),
                        .div(.id("cooc"), .class("table-wrap"))),
                    section("articles", "文章", "Articles",
                        toolbar(.input(.id("article-filter"), .type(.search), .placeholder("筛选 Filter: 标题、来源 Title, source"))),
                        .div(.class("table-wrap"), .table(.id("article-table"), .thead(.tr(
                            .forEach(Self.articleColumns) { zh, en in .th(.text(zh), .span(.class("en"), .text(en))) })),
                            .tbody())),
                        .div(.id("article-pager"), .class("pager")))
                ),
                .element(named: "section", nodes: [
                    .id("reader"), .attribute(named: "hidden"),
                    .a(.href("#articles"), .class("back"), .text("← 返回 Back")),
                    .h2(.id("reader-title")),
                    .div(.id("reader-meta"), .class("meta")),
                    .div(.class("legend"), .forEach(Self.legend) { kind, zh, en in
                        .span(.class("ent ent-\(kind)"), .text(zh), .span(.class("lbl"), .text(en)))
                    }),
                    .div(.id("reader-text"), .class("doc")),
                ]),
                .raw(Self.dataMarker),
                .script(.raw(chartLibrary)),
                .script(.raw(ReportScript.js))
            )
        )
    }

    static let sections: [(String, String, String)] = [
        ("overview", "概览", "Overview"), ("series", "序列", "Series"), ("places", "地区", "Places"),
        ("facts", "数据", "Facts"), ("topics", "主题", "Topics"), ("entities", "实体", "Entities"),
        ("articles", "文章", "Articles"),
    ]
    static let factColumns: [(String, String, String)] = [
        ("indicator", "指标", "Indicator"), ("place", "地点", "Place"), ("period", "时期", "Period"),
        ("value", "数值", "Value"), ("unit", "单位", "Unit"), ("subject", "对象", "Subject"),
        ("sentence", "原句", "Source sentence"),
    ]
    static let articleColumns: [(String, String)] = [
        ("标题", "Title"), ("来源", "Source"), ("日期", "Date"), ("字数", "Characters"), ("数据", "Facts"), ("实体", "Entities"),
    ]
    static let legend: [(String, String, String)] = [
        ("person", "人物", "PER"), ("place", "地点", "LOC"), ("organization", "机构", "ORG"),
        ("statistic", "数据", "STAT"), ("time", "时间", "TIME"),
    ]

    private func section(_ id: String, _ zh: String, _ en: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "section", nodes: [
            .id(id),
            .h2(.text(zh), .span(.class("en"), .text(" " + en))),
        ] + nodes)
    }

    private static func canvas(_ id: String) -> Node<HTML.BodyContext> {
        .element(named: "canvas", nodes: [.id(id)])
    }

    private func toolbar(_ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .div(.class("toolbar"), .group(nodes))
    }

    private func chart(_ id: String, _ zh: String, _ en: String) -> Node<HTML.BodyContext> {
        .div(.class("chart-box"),
             .h3(.text(zh), .span(.class("en"), .text(" " + en))),
             .div(.class("canvas-wrap"), Self.canvas(id)))
    }
}
