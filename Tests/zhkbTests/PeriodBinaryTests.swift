import Foundation
import Testing
import ZhAnalysis

/// `--date`, the record's date and a date in the text, and the `series` table with `zhkb stats`,
/// on the built binary.
@Suite(.serialized) struct PeriodBinaryTests {
    typealias TempDir = KnowledgeBaseBinaryTests.TempDir

    static let news = "今年以来，全市新增就业3.2万人。"

    static func quantity(_ stdout: String, _ text: String) throws -> QuantityRecord {
        let record = try JSONInput.decodeRecord(Array(stdout.split(separator: "\n")[0].utf8))
        return try #require(record.quantities.first { $0.text == text })
    }

    @Test func dateOptionDatesRelativeWords() throws {
        let r = try BinaryTests.run(["extract", "--jsonl", "--no-keywords", "--date", "2012-06-15", "-"], stdin: Self.news)
        #expect(r.status == 0)
        let q = try Self.quantity(r.stdout, "3.2万人")
        #expect(q.period == Period(text: "今年以来", start: "2012-01-01", end: "2012-06-15"))
        let record = try JSONInput.decodeRecord(Array(r.stdout.split(separator: "\n")[0].utf8))
        #expect(record.referenceDate == ReferenceDate(year: 2012, month: 6, day: 15, source: .option))
        #expect(record.documentDate == "2012-06-15")
        // Without a date nothing is guessed.
        let none = try BinaryTests.run(["extract", "--jsonl", "--no-keywords", "-"], stdin: Self.news)
        #expect(try Self.quantity(none.stdout, "3.2万人").period == nil)
    }

    @Test func aRecordsDateWinsOverTheOptionAndTheTextWinsOverBoth() throws {
        let dir = try TempDir()
        let feed = try dir.file("feed.jsonl", [
            try RecordInputBinaryTests.line(["source": "a", "text": Self.news, "date": "2011-03-01"]),
            try RecordInputBinaryTests.line(["source": "b", "text": "2025年1月18日\n" + Self.news, "date": "2011-03-01"]),
        ].joined(separator: "\n") + "\n")
        let r = try BinaryTests.run(["extract", "--jsonl", "--no-keywords", "--date", "2012-06-15", feed])
        #expect(r.status == 0)
        let records = try r.stdout.split(separator: "\n").map { try JSONInput.decodeRecord(Array($0.utf8)) }
        #expect(records.map { $0.referenceDate?.iso } == ["2011-03-01", "2025-01-18"])
        #expect(records.map { $0.referenceDate?.source } == [.record, .text])
        #expect(records.map { $0.quantities.first { $0.text == "3.2万人" }?.period?.end } == ["2011-03-01", "2025-01-18"])
    }

    @Test func aBadDateIsRefused() throws {
        let r = try BinaryTests.run(["extract", "--date", "2025-02-30", "-"], stdin: Self.news)
        #expect(r.status == 64)
        #expect(r.stderr.contains("--date must be a calendar day written YYYY-MM-DD"))
    }

    @Test func statsLinesUpIndicatorsAcrossProvinces() throws {
        let dir = try TempDir()
        let henan = try dir.file("henan.txt", ReportOpenings.henan)
        let jilin = try dir.file("jilin.txt", ReportOpenings.jilin)
        let kb = dir.path("kb.json")
        #expect(try BinaryTests.run(["ingest", henan, jilin, "--kb", kb]).status == 0)
        let r = try BinaryTests.run(["stats", "--kb", kb, "--indicator", "地区生产总值"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("  地区生产总值 · change · %\n"))
        let rows = r.stdout.split(separator: "\n").filter { $0.contains("2024") }.map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        #expect(rows == ["吉林省 2024 4.3", "河南省 2024 5.1"])
    }
}

/// Openings of two provincial reports (as in `ZhAnalysisTests.SeriesTests`).
enum ReportOpenings {
    static let henan = """
    2025年河南省政府工作报告
    2025年1月18日在河南省第十四届人民代表大会第三次会议上
    一、2024年工作回顾
    全年生产总值6.36万亿元、增长5.1%，一般公共预算收入增长3.6%。

    """
    static let jilin = """
    2025年吉林省政府工作报告
    ——2025年1月14日在吉林省第十四届人民代表大会第四次会议上
    一、2024年工作回顾
    全省地区生产总值增长4.3%，一般公共预算收入增长2.5%。

    """
}
