import Foundation
import Testing
@testable import ZhAnalysis

/// The data behind the report page: every fact reaches its highlight, highlights never overlap,
/// series group facts of one indicator, and no text can break out of its script element.
@Suite struct HTMLReportTests {
    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// The seed article through the whole pipeline.
    static func seedKB() throws -> KnowledgeBase {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let doc = try pipeline.run(Document(id: "seed", text: text))
        return KnowledgeBase(articles: [ArticleRecord(document: doc, source: "Corpus/hangzhou-districts.txt", charset: "UTF-8")])
    }

    @Test func everyFactLinksToItsHighlightInsideItsSentence() throws {
        let kb = try Self.seedKB()
        let data = ReportData(kb: kb, options: HTMLReport.Options())
        let main = try Self.json(data.main())
        let facts = try #require(main["facts"] as? [[Any]])
        let strings = try #require(main["strings"] as? [String])
        #expect(facts.count == kb.facts.count)
        #expect(Set(facts.map { strings[$0[10] as! Int] }) == Set(kb.factRows().map(\.unitKind)))
        #expect(facts.count > 10)
        let article = try Self.json(data.article(0))
        let text = try #require(article["text"] as? String) as NSString
        // The article page shows the whole text (schema 2 keeps it).
        #expect(article["full"] as? Bool == true)
        #expect(text as String == kb.articles[0].text)
        let spans = try #require(article["spans"] as? [[Any]])
        let record = kb.articles[0]
        for f in facts {
            let k = f[1] as! Int, start = f[13] as! Int, end = f[14] as! Int
            let span = try #require(spans.first { $0[2] as? Int == 3 && $0[3] as? Int == k }, "fact \(k) has no highlight")
            let s = span[0] as! Int, e = span[1] as! Int
            #expect(start <= s && e <= end, "highlight of fact \(k) outside its sentence")
            #expect(text.substring(with: NSRange(location: s, length: e - s)) == record.quantities[k].text)
        }
    }

    @Test func highlightsAreSortedAndNeverOverlap() throws {
        let data = ReportData(kb: try Self.seedKB(), options: HTMLReport.Options())
        let spans = try #require(Self.json(data.article(0))["spans"] as? [[Any]])
        // statistic (3), place (1) and time (4) highlights; a time's hover text is its period.
        #expect(Set(spans.map { $0[2] as! Int }).isSuperset(of: [3, 1, 4]))
        let time = try #require(spans.first { $0[2] as? Int == 4 && $0.count == 4 })
        #expect((time[3] as? String)?.first?.isNumber == true)
        var end = 0
        for s in spans {
            #expect(s[0] as! Int >= end)
            #expect(s[1] as! Int > s[0] as! Int)
            end = s[1] as! Int
        }
    }

    /// 河南省 and 安徽省 state the same indicator: one series, bars across the two places,
    /// largest first, each bar carrying its fact.
    @Test func factsOfOneIndicatorInTwoPlacesMakeABarSeries() throws {
        let text = "河南省地区生产总值增长5.2%。安徽省地区生产总值增长5.8%。全省新增托位200个。"
        var doc = Document(id: "s", text: text)
        doc.sentences = [Sentence(index: 0, range: KBFixtures.range(of: "河南省地区生产总值增长5.2%。", in: text)),
                         Sentence(index: 1, range: KBFixtures.range(of: "安徽省地区生产总值增长5.8%。", in: text)),
                         Sentence(index: 2, range: KBFixtures.range(of: "全省新增托位200个。", in: text))]
        func gdp(_ written: String, _ value: Double, _ place: String, _ sentence: Int) -> Quantity {
            var q = Quantity(text: written, range: KBFixtures.range(of: written, in: text), value: value, unit: "%",
                             unitKind: "percent", subject: "地区生产总值", place: place, sentence: sentence)
            q.indicator = "地区生产总值"
            q.measure = .change
            return q
        }
        doc.quantities = [gdp("5.2%", 5.2, "河南省", 0), gdp("5.8%", 5.8, "安徽省", 1),
                          Quantity(text: "200个", range: KBFixtures.range(of: "200个", in: text), value: 200, unit: "个",
                                   unitKind: "count", subject: "托位", sentence: 2)]
        let kb = KnowledgeBase(articles: [ArticleRecord(document: doc, source: "s.txt", charset: "UTF-8")])
        let main = try Self.json(ReportData(kb: kb, options: HTMLReport.Options()).main())
        let series = try #require(main["series"] as? [[String: Any]])
        #expect(series.count == 1)
        let s = try #require(series.first)
        #expect(s["indicator"] as? String == "地区生产总值")
        #expect(s["measure"] as? String == "change")
        #expect(s["type"] as? String == "bar")
        #expect(s["labels"] as? [String] == ["安徽省", "河南省"])
        let dataset = try #require((s["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["data"] as? [Double] == [5.8, 5.2])
        #expect(dataset["facts"] as? [[Int]] == [[1], [0]])
        let places = try #require(main["places"] as? [[String: Any]])
        #expect(places.map { $0["name"] as! String } == ["安徽省", "河南省"])
    }

    /// The charts are the knowledge base's `series` table: a copy of an article (the same text
    /// under another name) adds no point, as it adds no fact to the series of the KB.
    @Test func chartsAreTheKnowledgeBasesSeries() throws {
        let text = "河南省地区生产总值增长5.2%。安徽省地区生产总值增长5.8%。"
        var doc = Document(id: "a", text: text)
        doc.sentences = [Sentence(index: 0, range: KBFixtures.range(of: "河南省地区生产总值增长5.2%。", in: text)),
                         Sentence(index: 1, range: KBFixtures.range(of: "安徽省地区生产总值增长5.8%。", in: text))]
        for (written, value, place, sentence) in [("5.2%", 5.2, "河南省", 0), ("5.8%", 5.8, "安徽省", 1)] {
            var q = Quantity(text: written, range: KBFixtures.range(of: written, in: text), value: value, unit: "%",
                             unitKind: "percent", subject: "地区生产总值", place: place, sentence: sentence)
            q.indicator = "地区生产总值"
            q.measure = .change
            doc.quantities.append(q)
        }
        let original = ArticleRecord(document: doc, source: "a.txt", charset: "UTF-8")
        var copy = original
        copy.id = "b"
        copy.source = "b.txt"
        copy.duplicateOf = original.id
        let kb = KnowledgeBase(articles: [original, copy])
        #expect(kb.series.count == 1)
        #expect(kb.series.first?.points.map(\.article) == [original.id, original.id])
        let main = try Self.json(ReportData(kb: kb, options: HTMLReport.Options()).main())
        let series = try #require(main["series"] as? [[String: Any]])
        #expect(series.count == 1)
        let dataset = try #require((series.first?["datasets"] as? [[String: Any]])?.first)
        let facts = try #require(dataset["facts"] as? [[Int]])
        // Both bars, one fact each, and those facts are article a's.
        #expect(facts.map(\.count) == [1, 1])
        let rows = try #require(main["facts"] as? [[Any]])
        for i in facts.joined() { #expect(rows[i][0] as? Int == 0) }
    }

    @Test(arguments: [
        ("2024-01-01", "2024-12-31", "2024"), ("2024-03-01", "2024-03-31", "2024-03"),
        ("2024-03-05", "2024-03-05", "2024-03-05"), ("2024-01-01", "2024-10-31", "2024-01-01…2024-10-31"),
    ])
    func periodLabels(start: String, end: String, label: String) {
        #expect(ReportData.periodLabel(start: start, end: end) == label)
    }

    @Test(arguments: [
        ("2024年3月5日", "2024-03-05"), ("2024年3月", "2024-03-01"), ("成都市统计局 2023年", "2023-01-01"), ("三月五日", nil),
    ] as [(String, String?)])
    func writtenDatesReadAsISO(written: String, iso: String?) {
        #expect(ReportFormat.isoDate(written) == iso)
    }

    /// A title that closes the script element stays text: `<` is written \u003c.
    @Test func scriptElementCannotBeClosedByText() throws {
        let bytes = try JSONOutput.compact(KeywordJSON(term: "</script><img src=x onerror=alert(1)>"))
        let element = String(decoding: ReportPage.script(id: "x", json: bytes), as: UTF8.self)
        #expect(element.components(separatedBy: "</script>").count == 2)
        #expect(element.hasSuffix("</script>\n"))
        let body = element.dropFirst("<script type=\"application/json\" id=\"x\">".count).dropLast("</script>\n".count)
        let back = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(back["term"] as? String == "</script><img src=x onerror=alert(1)>")
    }

    struct KeywordJSON: JSONWritable {
        var term: String
        func write(to w: inout JSONWriter) throws { w.beginObject(); w.key("term"); w.string(term); w.endObject() }
    }

    @Test func missingChartLibraryNamesThePackage() {
        #expect(throws: ZhError.missingPackageFile(path: "/nonexistent/chart.min.js", package: "libjs-chart.js")) {
            try HTMLReport.loadChartLibrary(at: "/nonexistent/chart.min.js")
        }
        #expect(ZhError.missingPackageFile(path: "/x", package: "libjs-chart.js").description.contains("apt-get install libjs-chart.js"))
    }

    /// The page: one document, Chart.js inside it once, the data and every article as JSON elements.
    @Test func pageIsOneDocumentWithLibraryAndData() throws {
        let page = String(decoding: try HTMLReport(kb: try Self.seedKB(), chartLibrary: "/*chart-library*/").render(), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html><html lang=\"zh-Hans\">"))
        #expect(page.components(separatedBy: "/*chart-library*/").count == 2)
        #expect(page.contains("<script type=\"application/json\" id=\"zhkb-data\">"))
        #expect(page.contains("<script type=\"application/json\" id=\"art-0\">"))
        #expect(!page.contains("<!--zhkb-data-->"))
        #expect(page.hasSuffix("</html>"))
    }
}
