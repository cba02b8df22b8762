import Foundation
import Testing
@testable import ZhAnalysis

/// Issue 10: nothing lost, nothing hangs, nothing invalid — the library's side.
@Suite struct HostileInputTests {
    typealias TempDir = ArticleSourceTests.TempDir

    static func record(_ text: String = KBFixtures.pageText, source: String = "a.txt") -> ArticleRecord {
        KBFixtures.page(source: source)
    }

    static func line(_ r: ArticleRecord) throws -> String { String(decoding: try JSONOutput.compact(r), as: UTF8.self) }

    // MARK: hostile JSON

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let good = try Self.line(Self.record())
        let deep = String(repeating: "[", count: 80_000) + String(repeating: "]", count: 80_000)
        let bytes = Array(good.replacingOccurrences(of: "\"charset\":", with: "\"extra\":\(deep),\"charset\":").utf8)
        #expect(throws: (any Error).self) { try JSONInput.decodeRecord(bytes) }
        #expect(throws: (any Error).self) { try JSONInput.decodeHead(bytes[...]) }
        #expect(throws: ZhError.self) { try JSONInput.decodeValidRecord(bytes) }
        // Nesting within the limit is skipped as before.
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let ok = Array(good.replacingOccurrences(of: "\"charset\":", with: "\"extra\":\(shallow),\"charset\":").utf8)
        #expect(try JSONInput.decodeRecord(ok) == Self.record())
    }

    @Test func hugeCountsAreRefusedAndSumsCannotOverflow() throws {
        let good = try Self.line(Self.record())
        let huge = good.replacingOccurrences(of: "\"length\":\(Self.record().length)", with: "\"length\":9223372036854775807")
        #expect(huge != good)
        let error = try #require(throws: ZhError.self) { try JSONInput.decodeValidRecord(Array(huge.utf8)) }
        #expect("\(error)".contains("length 9223372036854775807"))
        // Lenient reading (a KB's own records) cannot make the aggregate trap either.
        var big = Self.record(), other = Self.record(source: "b.txt")
        big.length = Int.max
        other.length = Int.max
        let kb = KnowledgeBase(articles: [big, other])
        #expect(kb.stats.characters == Int.max)
        #expect(Aggregator.sum(Int.max, 1) == Int.max)
        // A number past Int is an error, not a trap.
        let past = good.replacingOccurrences(of: "\"length\":\(Self.record().length)", with: "\"length\":99999999999999999999")
        #expect(throws: ZhError.self) { try JSONInput.decodeValidRecord(Array(past.utf8)) }
    }

    // MARK: merge validates its records

    @Test func negativeOffsetsAndUnknownKeysAreRefusedWithFileAndLine() throws {
        let good = try Self.line(Self.record())
        let first = Self.record().quantities[0]
        let negative = good.replacingOccurrences(of: "\"start\":\(first.start),", with: "\"start\":-3,")
        #expect(negative != good)
        let unknown = good.replacingOccurrences(of: "\"charset\":", with: "\"secret\":1,\"charset\":")
        let inMention = good.replacingOccurrences(of: "\"text\":\"", with: "\"x\":0,\"text\":\"")
        let other = try Self.line(Self.record(source: "b.txt"))
        for (bad, words) in [(negative, "offsets -3..<"), (unknown, "unknown key \"secret\""), (inMention, "unknown key \"x\"")] {
            let bytes = Array((other + "\n" + bad + "\n").utf8)
            let error = try #require(throws: ZhError.self) { try MergeInput.records(bytes: bytes, path: "in.jsonl") }
            guard case let .invalidRecord(path, line, reason) = error else { Issue.record("\(error)"); continue }
            #expect(path == "in.jsonl")
            #expect(line == 2)
            #expect(reason.contains(words), "\(reason)")
            #expect("\(error)".hasPrefix("in.jsonl:2: invalid article record: "))
        }
        // The good lines read, in the extract formats too (JSON Lines, an array, one pretty object).
        #expect(try MergeInput.records(bytes: Array((good + "\n" + other + "\n").utf8), path: "x").count == 2)
        let array = "[" + good + ",\n" + other + "]"
        #expect(try MergeInput.records(bytes: Array(array.utf8), path: "x").count == 2)
        #expect(try MergeInput.records(bytes: try JSONOutput.pretty(Self.record()), path: "x") == [Self.record()])
        // An id that is not the hash's prefix, a share above 1.
        let badID = good.replacingOccurrences(of: "\"id\":\"\(Self.record().id)\"", with: "\"id\":\"0000000000000000\"")
        #expect(throws: ZhError.self) { try MergeInput.records(bytes: Array(badID.utf8), path: "x") }
    }

    @Test func sameKeyIsDecidedByContentNotBySize() throws {
        // Two analyses of one article: the longer one's JSON comes first byte by byte.
        let base = Self.record()
        var longer = base
        longer.charset = "Big5"                 // "B" < "U": first byte by byte
        longer.diagnostics = [Diagnostic(severity: .note, stage: "x", message: String(repeating: "长", count: 50))]
        let shorter = base
        #expect(try JSONOutput.compact(longer).count > JSONOutput.compact(shorter).count)
        #expect(KnowledgeBase.normalized([shorter, longer]) == [longer])
        #expect(KnowledgeBase.normalized([longer, shorter]) == [longer])
        let dir = try TempDir()
        for order in [[shorter, longer], [longer, shorter]] {
            let assembler = try KnowledgeBaseAssembler(directory: dir.url)
            for r in order { try assembler.add(r, collision: .tieBreak) }
            #expect(assembler.conflicts.count == 1)
            let url = dir.url.appendingPathComponent("kb.json")
            try assembler.write(to: url)
            #expect(try KnowledgeBaseFile.read(url)?.articles == [longer])
        }
    }

    // MARK: identical lines, duplicates

    @Test func identicalLinesOfOneFileAreSeparateArticles() throws {
        let dir = try TempDir()
        let text = "北京市常住人口2185万人。\n北京市常住人口2185万人。\n北京市常住人口2185万人。\n"
        let path = try dir.file("lines.txt", text)
        var problems: [InputProblem] = []
        var records: [ArticleRecord] = []
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        ArticleSource(mode: .lines).read(path, problems: &problems) { input in
            if let r = ParallelAnalyzer.analyze(input, pipeline: pipeline).record { records.append(r) }
        }
        #expect(records.count == 3)
        let kb = KnowledgeBase(articles: records)
        #expect(kb.articles.map(\.line) == [1, 2, 3])
        #expect(kb.facts.count == 3)
        #expect(Set(records.map(\.key)).count == 3)
    }

    @Test func aDuplicateAddsNoFacts() throws {
        let original = Self.record()
        let copy = ArticleRecord.duplicate(source: "copy.gbk.txt", hash: original.hash, charset: "GB18030",
                                           length: original.length, of: original.source)
        let kb = KnowledgeBase(articles: [original, copy])
        let alone = KnowledgeBase(articles: [original])
        #expect(kb.articles.count == 2)
        #expect(kb.facts == alone.facts)
        #expect(kb.entities == alone.entities)
        #expect(kb.keywords == alone.keywords)
        #expect(kb.stats.articles == 2)
        #expect(kb.stats.characters == alone.stats.characters)
        #expect(RecordValidator().problem(copy) == nil)
        #expect(try SchemaValidator(schema: KnowledgeBaseTests.schema).validate(KnowledgeBaseFile.encode(kb)) == [])
        #expect(try JSONInput.decodeValidRecord(try JSONOutput.compact(copy)) == copy)
    }

    @Test func theSameTextUnderAnotherNameIsADuplicateOfTheFirstInArticleOrder() throws {
        func input(_ source: String, _ text: String, line: Int? = nil) -> ArticleInput {
            ArticleInput(source: source, part: nil, line: line, text: text, charset: "UTF-8", hash: SHA256.hex(of: text), byteCount: text.utf8.count)
        }
        var index = DuplicateIndex()
        index.note(hash: SHA256.hex(of: "北京"), source: "kb/z.txt")
        index.note(hash: SHA256.hex(of: "北京"), source: "kb/a.txt")
        #expect(index.original(of: input("new.txt", "北京")) == "kb/a.txt")
        // A name before the first one analysed is analysed (the KB writer demotes the later one).
        #expect(index.original(of: input("ka.txt", "北京")) == nil)
        #expect(index.original(of: input("kb/b.txt", "北京")) == "ka.txt")
        #expect(index.original(of: input("b.txt", "上海")) == nil)
        #expect(index.original(of: input("b.gbk.txt", "上海")) == nil)
        #expect(index.original(of: input("c.txt", "上海")) == "b.gbk.txt")
        // Lines of one source, and empty texts, are never duplicates.
        #expect(index.original(of: input("l.txt", "广州", line: 1)) == nil)
        #expect(index.original(of: input("l.txt", "广州", line: 2)) == nil)
        #expect(index.original(of: input("e1.txt", "")) == nil)
        #expect(index.original(of: input("e2.txt", "")) == nil)
    }

    // MARK: user dictionary frequencies

    @Test func overflowingUserFrequenciesDoNotBlankOutTokens() throws {
        let dir = try TempDir()
        let dict = try dir.file("user.txt", "共富工坊 1e308\n驻校社工 1e308\n")
        let lexicons = try LexiconSet(directory: TestSupport.dictionaries, userDictionaries: [URL(fileURLWithPath: dict)])
        #expect(lexicons.words.totalFrequency.isFinite)
        let segmenter = try Segmenter(lexicons: lexicons)
        let tokens = try TestSupport.segment("萧山区推出共富工坊，驻校社工护成长", with: segmenter)
        #expect(tokens == ["萧山区", "推出", "共富工坊", "，", "驻校社工", "护", "成长"])
    }

    // MARK: linear time (behaviour; the times are in Benchmarks/zhkb-bench linear)

    @Test func longRunsOfTransliterationCharactersAreNoName() throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        for run in ["斯", "哈"] {
            let doc = try pipeline.run(Document(id: "t", text: "他说" + String(repeating: run, count: 40) + "来了。"))
            #expect(doc.entities.filter { $0.type == .person }.isEmpty, "\(run)")
        }
        // A real transliterated name still is one.
        let doc = try pipeline.run(Document(id: "t", text: "美国总统特朗普表示，双方将继续会谈。"))
        #expect(doc.entities.contains { $0.type == .person && $0.name == "特朗普" })
    }

    @Test func nameCandidatesStopAtTheLongestName() throws {
        let names = NameCandidates(names: try TestSupport.lexicons.tables.names())
        func foreignEnds(_ text: String) -> [Int] {
            let s = Array(text.unicodeScalars)
            var ends: [Int] = []
            names.forEachCandidate(in: s, at: 0, singleUntil: s.count) { if $0.surnameEnd == nil { ends.append($0.end) } }
            return ends
        }
        #expect(foreignEnds("斯斯斯斯斯") == [5])
        #expect(foreignEnds(String(repeating: "斯", count: NameCandidates.maxForeignNameLength)) == [NameCandidates.maxForeignNameLength])
        #expect(foreignEnds(String(repeating: "斯", count: NameCandidates.maxForeignNameLength + 1)) == [])
        #expect(foreignEnds(String(repeating: "斯", count: 100_000)) == [])
    }

    /// Found by Fuzz/FuzzNumber: a fraction of two 400-digit numbers read as ∞/∞ = NaN.
    @Test func hugeArabicFractionsAreNoNaN() throws {
        let huge = String(repeating: "1", count: 400)
        for text in ["共\(huge)/\(huge)元", "共1 \(huge)/\(huge)元", "共3/5元"] {
            let s = Array(text.unicodeScalars)
            for start in 0..<s.count {
                if let r = ChineseNumber().read(s, at: start, limit: s.count) {
                    #expect(!r.value.isNaN, "\(start)")
                }
            }
        }
        let three = Array("共3/5元".unicodeScalars)
        #expect(ChineseNumber().read(three, at: 1, limit: three.count)?.value == 0.6)
    }

    // MARK: messages

    @Test func pathsWithLineBreaksCannotForgeMessages() throws {
        let p = InputProblem(path: "a\nzhkb: 0 analysed.txt", severity: .warning, message: "x")
        #expect(!p.description.contains("\n"))
        #expect(p.description == "a\\nzhkb: 0 analysed.txt: warning: [input] x")
        #expect(!"\(ZhError.invalidRecord(path: "b\r\n.jsonl", line: 3, reason: "r"))".contains("\n"))
        #expect(!"\(KnowledgeBaseFile.Problem.corrupt(path: "k\n.json", reason: "r"))".contains("\n"))
    }

    @Test func corruptKnowledgeBaseMessagesNameThePath() throws {
        let dir = try TempDir()
        for content in ["{\"format\": \"zhkb-knowledge-base\", \"articles\": [", "[1,2", "{\"a\":"] {
            let path = try dir.file("kb.json", content)
            let error = try #require(throws: KnowledgeBaseFile.Problem.self) { try KnowledgeBaseScan.open(URL(fileURLWithPath: path)) }
            let message = "\(error)"
            #expect(message.hasPrefix(path + ": "))
            #expect(!message.contains(": :"), "\(message)")
        }
    }
}
