import Foundation
import Testing
@testable import ZhAnalysis

/// Builds small analysed documents by hand (layers set directly), so the KB is tested whatever
/// analysis stages exist.
enum KBFixtures {
    static func range(of needle: String, in text: String, after: Int = 0) -> TextRange {
        let h = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
        var i = after
        while i + n.count <= h.count {
            if Array(h[i..<(i + n.count)]) == n { return TextRange(start: i, end: i + n.count) }
            i += 1
        }
        preconditionFailure("\(needle) not in text")
    }

    static let pageText = "上城区：驻校社工护成长\n紫阳街道辖区未成年人有5000余人。全年服务青少年1100余人次。\n萧山区：共富工坊\n村民人均增收10万元,增长5.5%。"

    /// Two sections (上城区, 萧山区), three sentences with facts, people and places.
    static func page(source: String = "a.txt") -> ArticleRecord {
        let text = pageText
        var doc = Document(id: "x", text: text)
        let second = range(of: "萧山区：", in: text)
        doc.sections = [
            Section(range: TextRange(start: 0, end: second.start), district: "上城区", headline: "驻校社工护成长",
                    keywords: [Keyword(term: "社工", count: 2, weight: 0.5), Keyword(term: "未成年人", count: 1, weight: 0.25)],
                    topics: [TopicScore(id: "youth", label: "青少年", hits: 3, share: 1)]),
            Section(range: TextRange(start: second.start, end: doc.length), district: "萧山区", headline: "共富工坊",
                    keywords: [Keyword(term: "增收", count: 1, weight: 0.5)],
                    topics: [TopicScore(id: "income", label: "共同富裕", hits: 1, share: 1)]),
        ]
        let s1 = range(of: "紫阳街道辖区未成年人有5000余人。", in: text)
        let s2 = range(of: "全年服务青少年1100余人次。", in: text)
        let s3 = range(of: "村民人均增收10万元,增长5.5%。", in: text)
        doc.sentences = [Sentence(index: 0, range: s1, section: 0), Sentence(index: 1, range: s2, section: 0),
                         Sentence(index: 2, range: s3, section: 1)]
        let street = range(of: "紫阳街道", in: text)
        doc.entities = [
            Entity(type: .place, name: "紫阳街道", mentions: [Mention(range: street, text: "紫阳街道", sentence: 0)],
                   level: .township, parent: "上城区"),
            Entity(type: .place, name: "上城区", mentions: [Mention(range: range(of: "上城区", in: text), text: "上城区")],
                   level: .county, parent: "杭州市"),
            Entity(type: .organization, name: "驻校社工站", mentions: [Mention(range: range(of: "未成年人", in: text), text: "未成年人", sentence: 0)], kind: "other"),
        ]
        doc.quantities = [
            Quantity(text: "5000余人", range: range(of: "5000余人", in: text), value: 5000, approx: .over, unit: "人",
                     unitKind: "person", subject: "未成年人", place: "紫阳街道", sentence: 0),
            Quantity(text: "10万元", range: range(of: "10万元", in: text), value: 100_000, unit: "元", unitKind: "money",
                     subject: "人均增收", qualifiers: ["人均"], sentence: 2),
            Quantity(text: "5.5%", range: range(of: "5.5%", in: text), value: 5.5, unit: "%", unitKind: "percent",
                     subject: "增长", sentence: 2),
        ]
        doc.keywords = [Keyword(term: "社工", count: 2, weight: 0.4), Keyword(term: "增收", count: 1, weight: 0.2)]
        doc.topics = [TopicScore(id: "youth", label: "青少年", hits: 3, share: 0.75),
                      TopicScore(id: "income", label: "共同富裕", hits: 1, share: 0.25)]
        return ArticleRecord(document: doc, source: source, charset: "UTF-8")
    }

    /// A second, different article mentioning 紫阳街道 again.
    static func note(source: String = "b.txt") -> ArticleRecord {
        let text = "紫阳街道新增托位200个。"
        var doc = Document(id: "y", text: text)
        doc.sentences = [Sentence(index: 0, range: doc.fullRange)]
        doc.entities = [Entity(type: .place, name: "紫阳街道", aliases: ["紫阳"],
                               mentions: [Mention(range: range(of: "紫阳街道", in: text), text: "紫阳街道", sentence: 0)],
                               level: .township, parent: "上城区")]
        doc.quantities = [Quantity(text: "200个", range: range(of: "200个", in: text), value: 200, unit: "个",
                                   unitKind: "count", subject: "托位", sentence: 0)]
        doc.keywords = [Keyword(term: "托位", count: 1, weight: 0.9), Keyword(term: "社工", count: 1, weight: 0.2)]
        doc.topics = [TopicScore(id: "youth", label: "青少年", hits: 1, share: 1)]
        return ArticleRecord(document: doc, source: source, charset: "UTF-8")
    }

    static func bytes(_ kb: KnowledgeBase) throws -> Data { try KnowledgeBaseFile.encode(kb) }
}

@Suite struct KnowledgeBaseTests {
    @Test func recordCarriesSectionAndSentenceOfEachFact() throws {
        let r = KBFixtures.page()
        #expect(r.id == String(r.hash.prefix(16)))
        #expect(r.hash == SHA256.hex(of: KBFixtures.pageText))
        #expect(r.offsetUnit == "codepoint")
        #expect(r.length == KBFixtures.pageText.unicodeScalars.count)
        #expect(r.quantities.map(\.section) == [0, 1, 1])
        // The sentence is stored once, as a range of the text; a fact reaches it through its article.
        #expect(r.quantities.allSatisfy { $0.sentenceText == nil })
        #expect(r.text == KBFixtures.pageText)
        #expect(r.sentenceRanges?.count == 3)
        #expect(r.factRows().map(\.sentenceText) == ["紫阳街道辖区未成年人有5000余人。", "村民人均增收10万元,增长5.5%。", "村民人均增收10万元,增长5.5%。"])
        #expect(r.factRows().map(\.id) == ["\(r.id)#0", "\(r.id)#1", "\(r.id)#2"])
        #expect(r.sections.map(\.district) == ["上城区", "萧山区"])
    }

    @Test func factsTableNamesDistrictsAndValues() throws {
        let kb = KnowledgeBase(articles: [KBFixtures.page()])
        #expect(kb.facts.map(\.district) == ["上城区", "萧山区", "萧山区"])
        #expect(kb.facts.map(\.quantity) == [0, 1, 2])
        let rows = kb.factRows()
        #expect(rows.map(\.value) == [5000, 100_000, 5.5])
        #expect(rows.map(\.unit) == ["人", "元", "%"])
        #expect(rows[0].approx == .over)
        #expect(rows[0].subject == "未成年人")
        #expect(rows[1].qualifiers == ["人均"])
        #expect(rows.map(\.district) == ["上城区", "萧山区", "萧山区"])
        // Integral doubles are written without ".0" (the value is the third column of a quantity row).
        let json = String(decoding: try KBFixtures.bytes(kb), as: UTF8.self)
        #expect(json.contains(",100000,\"元\","))
        #expect(json.contains(",5.5,\"%\","))
        // A section row: [start, length, keywords, topics, district, headline…].
        #expect(json.contains(",\"萧山区\",\"共富工坊\"]"))
        // One facts row for the article, by reference: its id and its statistics' indexes.
        let id = kb.articles[0].id
        #expect(json.split(separator: "\n").filter { $0.hasPrefix("[\"") } == ["[\"\(id)\",[0,1,2]]"])
    }

    @Test func entitiesAggregateAcrossArticles() throws {
        let kb = KnowledgeBase(articles: [KBFixtures.page(), KBFixtures.note()])
        let street = try #require(kb.entities.first { $0.name == "紫阳街道" })
        #expect(street.mentions == 2)
        #expect(street.articles == 2)
        #expect(street.level == .township)
        #expect(street.parent == "上城区")
        #expect(street.aliases == ["紫阳"])
        // Shares sentence 0 of the page with the organisation.
        #expect(street.cooccurring == [Cooccurrence(type: .organization, name: "驻校社工站", count: 1)])
        #expect(kb.entities.map(\.name) == ["驻校社工站", "上城区", "紫阳街道"])
        #expect(kb.stats.entityTypes == ["place": 2, "organization": 1])
    }

    /// Articles meet on the canonical name; a scoped name meets only under the same scope (its
    /// parent in the KB), and one without a scope stays in its article.
    @Test func entitiesMeetOnCanonicalNamesAndScopes() throws {
        func article(_ text: String, _ source: String, _ entities: [(EntityType, String, String?, String?)]) -> ArticleRecord {
            var doc = Document(id: source, text: text)
            doc.sentences = [Sentence(index: 0, range: doc.fullRange)]
            var after = 0
            doc.entities = entities.map { type, name, canonical, scope in
                let r = KBFixtures.range(of: name, in: text, after: after)
                after = r.end
                return Entity(type: type, name: name, mentions: [Mention(range: r, text: name, sentence: 0)],
                              canonical: canonical, scope: scope)
            }
            return ArticleRecord(document: doc, source: source, charset: "UTF-8")
        }
        let a = article("杭州的省委和区委开会。", "a.txt", [(.place, "杭州", "杭州市", nil), (.organization, "省委", nil, "浙江省"),
                                                        (.organization, "区委", nil, nil)])
        let b = article("杭州市的省委和区委开会。", "b.txt", [(.place, "杭州市", nil, nil), (.organization, "省委", nil, "浙江省"),
                                                         (.organization, "区委", nil, nil)])
        let c = article("长沙的省委开会。", "c.txt", [(.organization, "省委", nil, "湖南省")])
        let kb = KnowledgeBase(articles: [a, b, c])
        let city = try #require(kb.entities.first { $0.name == "杭州市" })
        #expect(city.articles == 2)
        #expect(city.aliases == ["杭州"])
        #expect(kb.entities.filter { $0.name == "省委" }.map { "\($0.parent ?? "-"):\($0.articles)" } == ["浙江省:2", "湖南省:1"])
        #expect(!kb.entities.contains { $0.name == "区委" })
    }

    @Test func keywordsAndTopicsSumPerCorpusAndDistrict() throws {
        let kb = KnowledgeBase(articles: [KBFixtures.page(), KBFixtures.note()])
        #expect(kb.keywords.corpus.map(\.term) == ["社工", "托位", "增收"])
        #expect(kb.keywords.corpus.map(\.count) == [3, 1, 1])
        #expect(kb.keywords.corpus[0].documents == 2)
        #expect(abs(kb.keywords.corpus[0].weight - 0.3) < 1e-12)
        #expect(kb.keywords.districts["上城区"]?.map(\.term) == ["社工", "未成年人"])
        #expect(kb.topics.corpus.map(\.id) == ["youth", "income"])
        #expect(kb.topics.corpus.map(\.hits) == [4, 1])
        #expect(kb.topics.corpus.map(\.share) == [0.8, 0.2])
        #expect(kb.topics.districts["萧山区"]?.map(\.share) == [1])
        #expect(kb.stats.districts == ["上城区": 1, "萧山区": 1])
        #expect(kb.stats.articles == 2)
        #expect(kb.stats.facts == 4)
    }

    @Test func mergeIsOrderIndependentAndRoundTrips() throws {
        let a = KBFixtures.page(), b = KBFixtures.note()
        let ab = try KBFixtures.bytes(KnowledgeBase(articles: [a, b]))
        let ba = try KBFixtures.bytes(KnowledgeBase(articles: [b, a, b]))
        let merged = try KBFixtures.bytes(KnowledgeBase.merging([KnowledgeBase(articles: [b]), KnowledgeBase(articles: [a])]))
        #expect(ab == ba)
        #expect(ab == merged)
        // Encoding on several threads gives the same bytes.
        #expect(try KnowledgeBaseFile.encode(KnowledgeBase(articles: [a, b]), jobs: 3) == ab)
        // Decoding and rebuilding gives the same bytes (records are self-contained).
        let decoded = try KnowledgeBaseFile.decode(ab, path: "kb.json")
        #expect(try KBFixtures.bytes(KnowledgeBase(articles: decoded.articles.reversed())) == ab)
        // Records also round-trip through JSON Lines.
        let line = try KnowledgeBaseFile.compactEncoder.encode(a)
        #expect(try JSONDecoder().decode(ArticleRecord.self, from: line) == a)
    }

    @Test func sameTextUnderTwoSourcesIsTwoArticles() {
        let kb = KnowledgeBase(articles: [KBFixtures.note(source: "b.txt"), KBFixtures.note(source: "c.txt")])
        #expect(kb.articles.map(\.source) == ["b.txt", "c.txt"])
        #expect(kb.stats.sources == 2)
    }

    @Test func foreignAndCorruptFilesAreRefused() throws {
        func problem(_ json: String) -> KnowledgeBaseFile.Problem? {
            do { _ = try KnowledgeBaseFile.decode(Data(json.utf8), path: "kb.json"); return nil } catch {
                return error as? KnowledgeBaseFile.Problem
            }
        }
        #expect(problem("{\"articles\": []}") == .foreign(path: "kb.json"))
        #expect(problem("[1, 2]") == .foreign(path: "kb.json"))
        if case .notJSON? = problem("{\"format\": ") {} else { Issue.record("truncated JSON not refused as notJSON") }
        if case .notJSON? = problem("") {} else { Issue.record("empty file not refused") }
        if case .corrupt? = problem("{\"format\": \"zhkb-knowledge-base\", \"schemaVersion\": 1}") {} else {
            Issue.record("KB without articles not refused as corrupt")
        }
        #expect(problem("{\"format\": \"zhkb-knowledge-base\", \"schemaVersion\": 99}") == .newerSchema(path: "kb.json", version: 99))
    }

    /// Rows are read by position, so the `layout` a KB was written with must be this zhkb's: a
    /// KB whose columns differ is refused with what differs; the same layout spaced otherwise is read.
    @Test func aLayoutOtherThanThisBuildsIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        try KnowledgeBaseFile.write(KnowledgeBase(articles: [KBFixtures.page()]), to: url)
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(try KnowledgeBaseFile.readViews(url)?.stats.articles == 1)
        func problem(_ text: String) throws -> KnowledgeBaseFile.Problem? {
            try text.write(to: url, atomically: true, encoding: .utf8)
            do { _ = try KnowledgeBaseFile.readViews(url); return nil } catch let p as KnowledgeBaseFile.Problem { return p }
        }
        let swapped = written.replacingOccurrences(of: "\"quantity\":[\"start\",\"length\",", with: "\"quantity\":[\"length\",\"start\",")
        #expect(swapped != written)
        guard case let .corrupt(_, reason)? = try problem(swapped) else { Issue.record("a swapped layout was read"); return }
        #expect(reason == ".layout: columns of \"quantity\": item 1 is \"length\", this zhkb's \"start\"")
        let spaced = written.replacingOccurrences(of: "\"codes\":{", with: "\"codes\": {").replacingOccurrences(of: "\",\"over\"", with: "\", \"over\"")
        #expect(spaced != written)
        #expect(try problem(spaced) == nil)
        let missing = written.split(separator: "\n").filter { !$0.hasPrefix("\"layout\":") }.joined(separator: "\n") + "\n"
        guard case let .corrupt(_, reason)? = try problem(missing) else { Issue.record("a KB without its layout was read"); return }
        #expect(reason == "missing .layout")
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhkb-kb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("kb.json")
        try KnowledgeBaseFile.withLock(url) { try KnowledgeBaseFile.write(KnowledgeBase(articles: [KBFixtures.note()]), to: url) }
        try KnowledgeBaseFile.write(KnowledgeBase(articles: [KBFixtures.page(), KBFixtures.note()]), to: url)
        let back = try #require(try KnowledgeBaseFile.read(url))
        #expect(back.articles.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["kb.json", "kb.json.lock"])
    }

    static let schema = TestSupport.repositoryRoot.appendingPathComponent("docs/kb.schema.json")

    @Test func handBuiltKnowledgeBaseMatchesSchema() throws {
        let validator = try SchemaValidator(schema: Self.schema)
        let data = try KBFixtures.bytes(KnowledgeBase(articles: [KBFixtures.page(), KBFixtures.note()]))
        #expect(try validator.validate(data) == [])
        // The validator does reject what the schema forbids.
        var broken = String(decoding: data, as: UTF8.self)
        broken = broken.replacingOccurrences(of: "\"schemaVersion\":\(KnowledgeBase.currentSchemaVersion)", with: "\"schemaVersion\":7")
        #expect(try validator.validate(Data(broken.utf8)).contains { $0.contains("not in enum") })
    }

    @Test func seedArticleKnowledgeBaseMatchesSchema() throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let doc = try pipeline.run(Document(id: "seed", text: text))
        let kb = KnowledgeBase(articles: [ArticleRecord(document: doc, source: "Corpus/hangzhou-districts.txt", charset: "UTF-8")])
        let errors = try SchemaValidator(schema: Self.schema).validate(KBFixtures.bytes(kb))
        #expect(errors == [])
        #expect(kb.stats.characters == text.unicodeScalars.count)
    }
}

/// Keyword weights and topic shares are stored to 4 decimals in records and aggregates.
@Suite struct StoredRatioTests {
    @Test func roundsToFourDecimals() throws {
        #expect(StoredRatio.rounded(0.123456789) == 0.1235)
        #expect(StoredRatio.rounded(1.0 / 3) == 0.3333)
        #expect(StoredRatio.rounded(2.0 / 3) == 0.6667)
        #expect(StoredRatio.rounded(0.00004) == 0)
        #expect(StoredRatio.rounded(12.5) == 12.5)
        #expect(StoredRatio.rounded(-0.12346) == -0.1235)
        #expect(StoredRatio.rounded(.nan) == 0)
        #expect(StoredRatio.rounded(.infinity) == 0)
        let written = try JSONOutput.compact(Keyword(term: "k", count: 1, weight: StoredRatio.rounded(0.1 + 0.2)))
        #expect(String(decoding: written, as: UTF8.self) == #"{"count":1,"term":"k","weight":0.3}"#)
    }

    /// The rounding without the C library's `round` gives its bits: halves away from zero, the
    /// largest double below one half, the edges of 2⁵², signed zeros, infinities.
    @Test func roundingHalfAwayMatchesTheStandardRounding() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                                0x1p52, -0x1p52, 0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p53 + 2, 0x1p63, -0x1p63,
                                .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 1e15 + 0.5, 0.7, -0.7, 3333.5, 8642.49999]
        values += values.flatMap { [$0.nextUp, $0.nextDown] }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let k = Double(Int.random(in: -100_000...100_000, using: &generator)) + 0.5
            values += [k, k.nextUp, k.nextDown, Double.random(in: 0...1, using: &generator) * 10_000,
                       Double(bitPattern: generator.next())]
        }
        for x in values where !x.isNaN {
            #expect(StoredRatio.roundedHalfAway(x).bitPattern == x.rounded().bitPattern, "\(x)")
        }
        #expect(StoredRatio.roundedHalfAway(.nan).isNaN)
    }

    @Test func recordsAndAggregatesStoreRoundedRatios() throws {
        var doc = Document(id: "r", text: "上城区：甲\n萧山区：乙")
        doc.sections = [Section(range: TextRange(start: 0, end: 5), district: "上城区",
                                keywords: [Keyword(term: "甲", count: 1, weight: 0.987654321)],
                                topics: [TopicScore(id: "a", label: "A", hits: 1, share: 1.0 / 3),
                                         TopicScore(id: "b", label: "B", hits: 2, share: 2.0 / 3)])]
        doc.keywords = [Keyword(term: "甲", count: 1, weight: 0.86419), Keyword(term: "乙", count: 1, weight: .nan)]
        doc.topics = [TopicScore(id: "a", label: "A", hits: 1, share: 1.0 / 7), TopicScore(id: "b", label: "B", hits: 6, share: 6.0 / 7)]
        let record = ArticleRecord(document: doc, source: "r.txt", charset: "UTF-8")
        #expect(record.keywords.map(\.weight) == [0.8642, 0])
        #expect(record.topics.map(\.share) == [0.1429, 0.8571])
        #expect(record.sections[0].keywords.map(\.weight) == [0.9877])
        #expect(record.sections[0].topics.map(\.share) == [0.3333, 0.6667])
        let kb = KnowledgeBase(articles: [record, KBFixtures.note()])
        // Corpus mean of 0.8642 over two articles; topics: 6, 1 and 1 of 8 hits.
        #expect(kb.keywords.corpus.first { $0.term == "甲" }?.weight == 0.4321)
        #expect(kb.topics.corpus.map(\.share) == [0.75, 0.125, 0.125])
        #expect(kb.topics.districts["上城区"]?.map(\.share) == [0.6667, 0.3333])
        for list in [record.topics, record.sections[0].topics] {
            #expect(abs(list.reduce(0) { $0 + $1.share } - 1) <= 1e-3)
        }
    }
}
