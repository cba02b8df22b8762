import Foundation
import Testing
@testable import ZhAnalysis

/// `JSONWriter` must write exactly the bytes of `JSONEncoder` (sorted keys, slashes unescaped):
/// extract output, the KB's article and fact rows depend on it.
@Suite struct JSONOutputTests {
    static func encoderBytes<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try KnowledgeBaseFile.compactEncoder.encode(value), as: UTF8.self)
    }

    static func writerBytes<T: JSONWritable>(_ value: T) throws -> String {
        String(decoding: try JSONOutput.compact(value), as: UTF8.self)
    }

    /// Compact, pretty and fact rows of one record all equal the encoder's.
    static func expectIdentical(_ record: ArticleRecord, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try writerBytes(record) == encoderBytes(record), sourceLocation: sourceLocation)
        let pretty = String(decoding: try JSONOutput.pretty(record), as: UTF8.self)
        #expect(pretty == String(decoding: try KnowledgeBaseFile.pretty(record), as: UTF8.self), sourceLocation: sourceLocation)
        // The KB's facts row of the record (schema 3: one row per article), and its stored form
        // reading back as the same record.
        let fast = try EncodedFacts(writing: record), facts = record.facts()
        let ids = facts.map { String($0.quantity) }.joined(separator: ",")
        let id = try encoderBytes(record.id)  // the id escaped as the encoder escapes it
        #expect(String(decoding: fast.bytes, as: UTF8.self) == (facts.isEmpty ? "" : ",\n[\(id),[\(ids)]]"), sourceLocation: sourceLocation)
        #expect(fast.count == facts.count, sourceLocation: sourceLocation)
        #expect(try JSONInput.decodeRecord(JSONOutput.stored(record)) == record, sourceLocation: sourceLocation)
        for row in record.factRows() {
            #expect(try writerBytes(row) == encoderBytes(row), sourceLocation: sourceLocation)
        }
    }

    static func analyze(_ text: String, source: String = "a.txt", line: Int? = nil) -> ArticleRecord? {
        let input = ArticleInput(source: source, part: nil, line: line, text: text, charset: "UTF-8",
                                 hash: SHA256.hex(of: text), byteCount: text.utf8.count)
        let pipeline: Pipeline
        do { pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons) } catch { return nil }
        return ParallelAnalyzer.analyze(input, pipeline: pipeline).record
    }

    @Test func seedArticleThroughThePipeline() throws {
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let record = try #require(Self.analyze(text, source: "Corpus/hangzhou-districts.txt"))
        #expect(record.entities.count > 20)
        #expect(record.quantities.count > 20)
        #expect(record.sections.count > 3)
        try Self.expectIdentical(record)
    }

    @Test func seedArticleLinesThroughTheAnalyzerEncodings() throws {
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).enumerated() {
            let line = String(line)
            let input = ArticleInput(source: "seed", part: nil, line: i + 1, text: line, charset: "UTF-8",
                                     hash: SHA256.hex(of: line), byteCount: line.utf8.count)
            let result = ParallelAnalyzer.analyze(input, pipeline: pipeline, encoding: .knowledgeBase)
            let record = try #require(result.record)
            // The KB's encoding: the record as kb.json stores it, and its facts row.
            #expect([UInt8](try #require(result.encoded)) == (try JSONOutput.stored(record)))
            let facts = try #require(result.facts)
            #expect(facts.bytes == (try EncodedFacts(writing: record)).bytes)
            #expect(try JSONInput.decodeRecord(JSONOutput.stored(record)) == record)
        }
    }

    @Test(arguments: [
        "他说：\"你好\"，路径是C:\\temp\\a/b。",
        "第一行\n第二行\r\n第三行\t制表",
        "控制\u{0}\u{1}\u{7}\u{8}\u{B}\u{C}\u{1B}\u{1F}\u{7F}字符",
        "表情😀👨‍👩‍👧与\u{2028}\u{2029}分隔，é́ 组合",
        "杭州市上城区有5000余人，增长5.5%，投资1.2亿元。\"引号\"\\反斜杠",
        "  ",
        "\n",
    ])
    func awkwardTextThroughThePipeline(_ text: String) throws {
        let record = try #require(Self.analyze(text, line: 7))
        try Self.expectIdentical(record)
    }

    @Test func emptyDocuments() throws {
        let record = try #require(Self.analyze(""))
        try Self.expectIdentical(record)
        try Self.expectIdentical(ArticleRecord(id: "", source: "", hash: "", charset: "", length: 0))
    }

    static let awkward = "引\"号\\反/斜\n行\r\t\u{0}\u{8}\u{C}\u{1F}\u{7F}😀\u{2028}é"

    /// Every optional set, every string awkward: keys of every type in sorted order.
    static func fullRecord() -> ArticleRecord {
        let s = awkward
        var e = Entity(type: .place, name: s, aliases: [s, "别名"], mentions: [Mention(range: TextRange(start: 1, end: 3), text: s, sentence: 2),
                                                                              Mention(range: TextRange(start: 4, end: 5), text: "甲")],
                       level: .county, parent: s, kind: s, partial: true, surname: s, roles: [s, "书记"])
        var record = ArticleRecord(id: s, source: s, part: 3, line: 12, hash: s, charset: s, title: s, subtitle: s,
                                   length: 123, tokens: 45, sentences: 6, traditional: true)
        record.entities = [e]
        e.partial = false
        e.roles = []
        record.entities.append(e)
        var q = QuantityRecord(quantity: Quantity(text: s, range: TextRange(start: 10, end: 14), value: 0.1, upper: 1e21,
                                                  approx: .atLeast, unit: s, unitKind: s, subject: s, qualifiers: [s, "每年"],
                                                  place: s, time: s, sentence: 0))
        q.section = 1
        q.sentenceText = s
        record.quantities = [q, QuantityRecord(quantity: Quantity(text: "5", range: TextRange(start: 0, end: 1), value: -0.5))]
        var section = SectionRecord(section: Section(range: TextRange(start: 0, end: 10), district: s, headline: s, authors: [s],
                                                     keywords: [Keyword(term: s, count: 2, weight: 1e-7)],
                                                     topics: [TopicScore(id: s, label: s, hits: 1, share: 1)]))
        record.sections = [section]
        section.district = nil
        section.headline = nil
        record.sections.append(section)
        record.keywords = [Keyword(term: s, count: 3, weight: 123456789.125), Keyword(term: "x", count: 0, weight: 0)]
        record.topics = [TopicScore(id: "a", label: s, hits: 2, share: 0.5)]
        record.diagnostics = [Diagnostic(severity: .warning, stage: s, message: s, range: TextRange(start: 1, end: 2)),
                              Diagnostic(severity: .note, stage: "x", message: "")]
        return record
    }

    @Test func handBuiltRecords() throws {
        try Self.expectIdentical(Self.fullRecord())
        try Self.expectIdentical(KBFixtures.page())
        try Self.expectIdentical(KBFixtures.note())
    }

    @Test func entitySummariesLikeTheEncoder() throws {
        let s = Self.awkward
        var full = EntitySummary(type: .place, name: s, level: .county, parent: s, kind: s, aliases: [s, "别名"], roles: [s],
                                 mentions: 3, articles: 2, cooccurring: [Cooccurrence(type: .person, name: s, count: 4)])
        #expect(try Self.writerBytes(full) == Self.encoderBytes(full))
        full.level = nil
        full.parent = nil
        full.kind = nil
        full.roles = nil
        full.aliases = []
        full.cooccurring = []
        #expect(try Self.writerBytes(full) == Self.encoderBytes(full))
        #expect(try Self.writerBytes(full).hasPrefix(#"{"aliases":[],"articles":2,"cooccurring":[],"mentions":3,"#))
    }

    @Test func everyControlCharacterAndEscape() throws {
        var text = ""
        for v in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        text += "中文\u{85}\u{A0}\u{2028}\u{FEFF}\u{10FFFF}/"
        let keyword = Keyword(term: text, count: 1, weight: 1)
        #expect(try Self.writerBytes(keyword) == Self.encoderBytes(keyword))
        // A mistake in escaping shows (the writer is not compared with itself).
        #expect(try Self.writerBytes(Keyword(term: "a\"b\n", count: 1, weight: 1)) == #"{"count":1,"term":"a\"b\n","weight":1}"#)
        #expect(try Self.writerBytes(Keyword(term: "\u{1}/", count: -12, weight: 0.25)) == #"{"count":-12,"term":"\u0001/","weight":0.25}"#)
    }

    /// Strings are scanned eight bytes at a time, and their last bytes (fewer than eight, or a
    /// string of four to seven) at once: a character to escape is found at every position of the
    /// word and of the rest, after Chinese or ASCII, next to bytes one off from it.
    @Test func escapesAtEveryPositionOfAWord() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\t"] {
            for filler in ["ab!#[]~ ", "中文字", "a中!"] {
                for length in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 23] {
                    let pad = String(repeating: filler, count: 8)
                    for position in 0...length {
                        let text = String(pad.prefix(position)) + special + String(pad.prefix(length - position))
                        let keyword = Keyword(term: text, count: 1, weight: 1)
                        #expect(try Self.writerBytes(keyword) == Self.encoderBytes(keyword), "\(text.debugDescription)")
                    }
                }
            }
        }
        // Near misses never escape (0x21, 0x23, 0x5B, 0x5D, 0x7F and the bytes of Chinese).
        let plain = Keyword(term: "!#[]\u{7F}!#[]\u{7F}汉字汉字 ", count: 1, weight: 1)
        #expect(try Self.writerBytes(plain) == "{\"count\":1,\"term\":\"!#[]\u{7F}!#[]\u{7F}汉字汉字 \",\"weight\":1}")
    }

    static let doubles: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2, 0.30000000000000004, 1e-7, 1e-5, 0.001, 123456789.125, 1e21, 1e22, -0.5, 0.5,
        100, 1e15, 1e15 - 1, 1e15 + 1, 999999999999999.9, 1e16, 9007199254740992, 9007199254740993, 1e100, 1e-100,
        5e-324, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1.0 / 3, 2.0 / 3, 12.5,
        3.14159, 42, -42, 1234567.0, 0.000123, 6.02214076e23, 4294967296, 2147483647.5, -1e15, -999999999999999,
    ]

    @Test(arguments: doubles)
    func doubleLikeTheEncoder(_ value: Double) throws {
        let topic = TopicScore(id: "t", label: "l", hits: 1, share: value)
        #expect(try Self.writerBytes(topic) == Self.encoderBytes(topic))
    }

    @Test func manyDoublesLikeTheEncoder() throws {
        // Deterministic spread over magnitudes, fractions and integers.
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var values: [Double] = []
        for _ in 0..<3000 {
            let bits = next()
            let d = Double(bitPattern: bits)
            if d.isFinite { values.append(d) }
            let scale = Double(Int(next() % 40)) - 20
            values.append(Double(Int64(bitPattern: next()) % 1_000_000) * pow(10, scale))
            values.append(Double(Int(next() % 100_000)) / 8)
            // Values rounded to four decimals (how weights and shares are stored), and near misses.
            let four = (Double(Int64(bitPattern: next()) % 10_000_000_000) / 10_000).rounded(.toNearestOrEven)
            values.append(Double(Int64(bitPattern: next()) % 100_000_000) / 10_000)
            values.append(four.nextUp / 10_000)
            values.append(Double(next() % 10_001) / 10_000)
        }
        for k in 1..<2_000 { values.append(Double(k) / 10_000); values.append(-Double(k) * 7 / 10_000) }
        let keywords = values.map { Keyword(term: "k", count: 1, weight: $0) }
        var record = ArticleRecord(id: "d", source: "d", hash: "d", charset: "UTF-8", length: 0)
        record.keywords = keywords
        #expect(try Self.writerBytes(record) == Self.encoderBytes(record))
    }

    @Test func nonFiniteThrowsLikeTheEncoder() {
        let topic = TopicScore(id: "t", label: "l", hits: 1, share: .infinity)
        #expect(throws: EncodingError.self) { try JSONOutput.compact(topic) }
        #expect(throws: EncodingError.self) { try KnowledgeBaseFile.compactEncoder.encode(topic) }
    }

    /// The fact context is trimmed on code points exactly as `trimmingCharacters(in: .whitespacesAndNewlines)` trims.
    @Test func contextTrimmingLikeFoundation() {
        var differ: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v) else { continue }
            let foundation = String(Character(c)).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if foundation != CharacterClass.isTrimmedSpace(c) { differ.append(v) }
        }
        #expect(differ == [])
        for text in ["\u{3000}\u{3000}据统计，全年增长5%。\r\n", " \u{301}x ", "\t\u{200B}中\u{85} \u{2029}", "   ", "", "不变"] {
            let scalars = Array(text.unicodeScalars)
            let r = ArticleRecord.trimmed(TextRange(start: 0, end: scalars.count), in: scalars)
            #expect(ScalarText.string(scalars, r.start, r.end) == text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let scalars = Array("前  中文  后".unicodeScalars)
        #expect(ArticleRecord.trimmed(TextRange(start: 1, end: 7), in: scalars) == TextRange(start: 3, end: 5))
    }

    @Test func knowledgeBaseStreamUsesTheSameBytes() throws {
        let kb = KnowledgeBase(articles: [KBFixtures.page(), KBFixtures.note(), Self.fullRecord()])
        let bytes = try KnowledgeBaseFile.encode(kb)
        // Articles are written as they are stored (schema 3), one line each; facts one row per article.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        for article in kb.articles {
            let line = String(decoding: try JSONOutput.stored(article), as: UTF8.self)
            #expect(lines.contains(line) || lines.contains(line + ","))
            let facts = try EncodedFacts(writing: article)
            if facts.count > 0 {
                let row = String(decoding: facts.bytes.dropFirst(2), as: UTF8.self)
                #expect(lines.contains(row) || lines.contains(row + ","))
            }
        }
        #expect(!kb.entities.isEmpty)
        #expect(try KnowledgeBaseFile.decode(bytes, path: "kb.json") == kb)
    }
}
