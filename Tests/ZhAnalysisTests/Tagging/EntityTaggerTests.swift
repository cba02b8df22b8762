import Foundation
import Testing
@testable import ZhAnalysis

/// The trained entity tagger (`EntityModel`, `EntityTagger`) and its combination with the rule
/// extractors (`EntityCombination`).
@Suite struct EntityTaggerTests {
    static let tagger: EntityTagger? = try? EntityTagger(lexicons: TestSupport.lexicons)

    /// The tagger alone on a sentence, as marked text.
    static func tagged(_ text: String) throws -> String {
        let tagger = try #require(Self.tagger)
        var document = Document(id: "t", text: text)
        try Segmenter(lexicons: TestSupport.lexicons).process(&document)
        let spans = tagger.spans(in: document).map {
            MarkedText.Span(kind: $0.type.rawValue, range: $0.range, text: document.original($0.range))
        }
        return MarkedText.render(document.text, spans: spans)
    }

    @Test func bundledModelLoads() throws {
        let model = try EntityModel.load(from: TestSupport.dictionaries)
        #expect(model.hashBits == 19)
        #expect(model.scale > 0)
    }

    @Test func modelOfAnotherLayoutIsRefusedNamingTheFile() throws {
        let dir = try TestSupport.temporaryDirectory("ner-model")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(EntityModel.fileName)
        var bytes = EntityModel.fileData(hashBits: 10, scale: 1, weights: [Int8](repeating: 0, count: 1024 * 8),
                                         transitions: [Int32](repeating: 0, count: 64))
        try Data(bytes).write(to: url)
        #expect(try EntityModel(contentsOf: url).hashBits == 10)
        bytes[8] = 9  // version 9
        try Data(bytes).write(to: url)
        #expect(throws: ZhError.unreadableFile(path: url.path,
                                               reason: "unsupported version 9 (this build reads 1; retrain with scripts/train-ner.sh)")) {
            try EntityModel(contentsOf: url)
        }
        try Data(bytes.prefix(100)).write(to: url)
        #expect(throws: ZhError.unreadableFile(path: url.path, reason: "file too short (100 bytes)")) {
            try EntityModel(contentsOf: url)
        }
    }

    /// I-X only after B-X or I-X, whatever the scores say.
    @Test func viterbiKeepsInsideAfterBegin() {
        // Three characters; the scores alone would read O I-PER I-PER.
        var scores = [Int64](repeating: 0, count: 3 * 8)
        scores[0 * 8 + 0] = 5
        scores[1 * 8 + 2] = 4; scores[1 * 8 + 1] = 3
        scores[2 * 8 + 2] = 4
        let labels = scores.withUnsafeBufferPointer {
            EntityLabel.viterbi(n: 3, scores: $0, transitions: [Int64](repeating: 0, count: 64), floor: Int64.min / 4)
        }
        #expect(labels == [.outside, .beginPerson, .insidePerson])
        #expect(EntityLabel.spans(labels, start: 10).map(\.range) == [TextRange(start: 11, end: 13)])
    }

    /// The decoder's path scores as high as the best allowed path found by trying every sequence
    /// (random scores and transitions of four characters, small so that ties happen).
    @Test func viterbiFindsTheBestAllowedPath() {
        var rng = ChineseNumberPropertyTests.SplitMix(state: 11)
        for _ in 0..<40 {
            let n = 4
            let scores = (0..<(n * 8)).map { _ in Int64(rng.next() % 7) - 3 }
            let transitions = (0..<64).map { _ in Int64(rng.next() % 5) - 2 }
            func score(_ path: [Int]) -> Int64 {
                var total = scores[path[0]]
                for i in 1..<n { total += transitions[path[i - 1] * 8 + path[i]] + scores[i * 8 + path[i]] }
                return total
            }
            func allowed(_ path: [Int]) -> Bool {
                !(path[0] != 0 && path[0] & 1 == 0) && (1..<n).allSatisfy { EntityLabel.canFollow(path[$0 - 1], path[$0]) }
            }
            var best = Int64.min
            for code in 0..<(7 * 7 * 7 * 7) {
                let path = [code % 7, code / 7 % 7, code / 49 % 7, code / 343]
                if allowed(path) { best = max(best, score(path)) }
            }
            let labels = scores.withUnsafeBufferPointer {
                EntityLabel.viterbi(n: n, scores: $0, transitions: transitions, floor: Int64.min / 4)
            }
            let path = labels.map { Int($0.rawValue) }
            #expect(allowed(path))
            #expect(score(path) == best)
        }
    }

    /// The model's 32-bit decoder reads the same labels as the generic one, ties included:
    /// small scores and transitions (ties everywhere), then the largest it takes over long
    /// sentences (the scores must stay in 32 bits however long the path).
    @Test func integerViterbiMatchesTheGenericDecoder() throws {
        var rng = ChineseNumberPropertyTests.SplitMix(state: 7)
        for (n, scoreRange, transitionRange) in [(1, 7, 5), (2, 7, 5), (5, 7, 5), (9, 3, 3), (400, 65_281, (1 << 25) - 1)] {
            for _ in 0..<30 {
                func draw(_ range: Int) -> Int64 { Int64(rng.next() % UInt64(range)) - Int64(range / 2) }
                let scores = (0..<(n * 8)).map { _ in draw(scoreRange) }
                let transitions = (0..<64).map { _ in draw(transitionRange) }
                let expected = scores.withUnsafeBufferPointer {
                    EntityLabel.viterbi(n: n, scores: $0, transitions: transitions, floor: Int64.min / 4)
                }
                let rows = try #require(EntityLabel.transitionRows(transitions.map { Int32($0) }))
                var vectors = (0..<n).map { i in SIMD8<Int32>((0..<8).map { Int32(scores[i * 8 + $0]) }) }
                let labels = vectors.withUnsafeMutableBufferPointer { v in
                    rows.withUnsafeBufferPointer { EntityLabel.viterbi(n: n, scores: v.baseAddress!, rows: $0.baseAddress!) }
                }
                #expect(labels == expected)
            }
        }
        #expect(EntityLabel.transitionRows([Int32](repeating: 1 << 24, count: 64)) == nil)
    }

    /// The model's scores are the sums of the weights that its features' hashes name, the
    /// features of few values (`EntityContext.payloadBits`, read from a table of their own) too.
    @Test func emissionsSumTheWeightsTheHashesName() throws {
        let tagger = try #require(Self.tagger)
        let model = tagger.model
        var document = Document(id: "t", text: "国务院总理李克强在北京人民大会堂会见美国国务卿布林肯，浙江省委书记易炼红和杭州海康威视公司董事长陪同。")
        try Segmenter(lexicons: TestSupport.lexicons).process(&document)
        let s = document.analysis, n = s.count
        // Rules' labels of every kind, so that the rules' features take each of their values.
        let rules = (0..<n).map { UInt8($0 % EntityLabel.used) }
        let context = EntityContext(s, range: 0..<n, tokens: document.tokens, rules: rules, tables: tagger.tables)
        var scores = [SIMD8<Int32>](repeating: SIMD8(), count: n)
        context.withPadded { padded in
            scores.withUnsafeMutableBufferPointer { model.emissions(padded, count: n, into: $0.baseAddress!) }
        }
        let shift = UInt64(64 - model.hashBits)
        var hashes = [UInt64](repeating: 0, count: EntityFeatures.count)
        for i in 0..<n {
            s.withUnsafeBufferPointer { sp in
                hashes.withUnsafeMutableBufferPointer { context.hashes(sp, at: i, classes: model.classTable, into: $0.baseAddress!) }
            }
            var expected = SIMD8<Int32>()
            for h in hashes {
                let bucket = Int(h >> shift) * EntityModel.labels
                // (`weights` are stored plus 128.)
                for l in 0..<EntityModel.labels { expected[l] += Int32(model.weights[bucket + l]) - 128 }
            }
            #expect(scores[i] == expected, "at \(i)")
        }
    }

    /// The rules' labels: mentions that do not overlap are written as they are; where they
    /// overlap, the longest, then the earliest, wins (mentions past the text are left out).
    @Test func ruleLabelsKeepTheLongestThenEarliestMention() {
        func m(_ start: Int, _ end: Int) -> Mention { Mention(range: TextRange(start: start, end: end), text: "") }
        let apart = [Entity(type: .person, name: "a", mentions: [m(0, 2), m(6, 7)]),
                     Entity(type: .place, name: "b", mentions: [m(3, 5), m(7, 12)])]
        #expect(EntityLabel.labels(of: apart, length: 8) == [1, 2, 0, 3, 4, 0, 1, 0])
        let overlapping = [Entity(type: .place, name: "b", mentions: [m(1, 3), m(4, 6)]),
                           Entity(type: .organization, name: "c", mentions: [m(0, 3), m(5, 7)]),
                           Entity(type: .person, name: "a", mentions: [m(3, 5)])]
        #expect(EntityLabel.labels(of: overlapping, length: 8) == [5, 6, 6, 1, 2, 5, 6, 0])
    }

    // MARK: - combination

    static func document(_ text: String, rules: [Entity]) -> Document {
        var d = Document(id: "c", text: text)
        d.entities = rules
        return d
    }

    static func mention(_ d: Document, _ start: Int, _ end: Int) -> Mention {
        Mention(range: TextRange(start: start, end: end), text: d.original(TextRange(start: start, end: end)))
    }

    static func marked(_ d: Document) -> String {
        MarkedText.render(d.text, spans: d.entities.flatMap { e in
            e.mentions.map { MarkedText.Span(kind: e.type.rawValue, range: $0.range, text: $0.text) }
        })
    }

    /// 国家统计局局长康义说，福州市… : rules found 福州市 (place); the tagger found 国家统计局
    /// (organisation), 康义 (person) and 福州 (place, inside the rules' 福州市).
    static let text = "国家统计局局长康义说，福州市经济增长较快，康义表示"
    static let spans: [(range: TextRange, type: EntityType)] = [
        (TextRange(start: 0, end: 5), .organization), (TextRange(start: 7, end: 9), .person),
        (TextRange(start: 11, end: 13), .place), (TextRange(start: 21, end: 23), .person),
    ]

    static func rules() -> Document {
        var d = document(text, rules: [])
        d.entities = [Entity(type: .place, name: "福州市", mentions: [mention(d, 11, 14)], level: .prefecture)]
        return d
    }

    @Test func unionFillsWhatTheRulesMissAndNeverOverridesThem() {
        var d = Self.rules()
        EntityCombination(all: .union).combine(Self.spans, into: &d)
        #expect(Self.marked(d) == "⟦organization:国家统计局⟧局长⟦person:康义⟧说，⟦place:福州市⟧经济增长较快，⟦person:康义⟧表示")
        // The rules' place keeps its level; the two 康义 are one person.
        #expect(d.entities.first { $0.name == "福州市" }?.level == .prefecture)
        #expect(d.entities.filter { $0.type == .person }.map(\.mentions.count) == [2])
    }

    @Test func modelReplacesTheRulesOfItsTypeButNotARuleNameHoldingItsSpan() {
        var d = Self.rules()
        EntityCombination(person: .rules, place: .model, organization: .rules).combine(Self.spans, into: &d)
        // The rules' 福州市 holds the tagger's 福州 (the NER corpora leave heads such as 市, 街道
        // out), so it stays whole, with its level.
        #expect(Self.marked(d) == "国家统计局局长康义说，⟦place:福州市⟧经济增长较快，康义表示")
        #expect(d.entities.first { $0.name == "福州市" }?.level == .prefecture)
    }

    @Test func rulesAloneLeaveTheDocumentAsItWas() {
        var d = Self.rules()
        let before = d.entities
        EntityCombination(all: .rules).combine(Self.spans, into: &d)
        #expect(d.entities == before)
        #expect(!EntityCombination(all: .rules).usesModel)
    }

    /// The rules read 邓美红 twice; the tagger cut the second one short (邓美). `confirmed` keeps the
    /// rules' boundary wherever the tagger sees a person, and drops a rule person it does not see.
    @Test func confirmedKeepsTheRulesBoundaryWhereTheTaggerAgrees() {
        var d = Self.document("邓美红介绍，工坊已经带动周边村民增收。邓美红的工坊还在扩大，向阳说。", rules: [])
        d.entities = [
            Entity(type: .person, name: "邓美红", mentions: [Self.mention(d, 0, 3), Self.mention(d, 19, 22)]),
            Entity(type: .person, name: "向阳", mentions: [Self.mention(d, 30, 32)]),
        ]
        let spans: [(range: TextRange, type: EntityType)] = [
            (TextRange(start: 0, end: 3), .person), (TextRange(start: 19, end: 21), .person),
        ]
        var confirmed = d
        EntityCombination(person: .confirmed, place: .rules, organization: .rules).combine(spans, into: &confirmed)
        #expect(Self.marked(confirmed) == "⟦person:邓美红⟧介绍，工坊已经带动周边村民增收。⟦person:邓美红⟧的工坊还在扩大，向阳说。")
        // `model`: the name the tagger confirmed at its first mention stays whole at the second.
        EntityCombination(person: .model, place: .rules, organization: .rules).combine(spans, into: &d)
        #expect(Self.marked(d) == "⟦person:邓美红⟧介绍，工坊已经带动周边村民增收。⟦person:邓美红⟧的工坊还在扩大，向阳说。")
    }

    /// The look-ups among a document's spans, mentions and entities scan a few and hash many
    /// (`FewKeys`, `EntityCombination.scanLimit`): both give the same combination, for every
    /// choice of sources, on a document where names repeat, an entity is named by another's alias,
    /// and the tagger's spans confirm, cut, enclose and add names.
    @Test func hashedLookUpsCombineAsTheScansDo() {
        // (福州 is an alias of both 福州市 and 榕城: the first is meant.)
        let text = "张华会见华子，华子即张华。康义在福州市讲话，康义说福州市和国家统计局与统计局都在福州。华子称赞张华。榕城很美。"
        let scalars = Array(text.unicodeScalars)
        /// The `nth` occurrence of `word` (from 0).
        func at(_ word: String, _ nth: Int = 0) -> TextRange {
            let w = Array(word.unicodeScalars)
            let starts = (0...(scalars.count - w.count)).filter { Array(scalars[$0..<($0 + w.count)]) == w }
            return TextRange(start: starts[nth], end: starts[nth] + w.count)
        }
        var rules = Self.document(text, rules: [])
        func mention(_ r: TextRange) -> Mention { Mention(range: r, text: rules.original(r)) }
        rules.entities = [
            Entity(type: .person, name: "张华", aliases: ["华子"], mentions: [mention(at("张华")), mention(at("张华", 1))]),
            Entity(type: .person, name: "华子", mentions: [mention(at("华子", 2))]),
            Entity(type: .person, name: "华子", mentions: [mention(at("华子"))], partial: true),
            Entity(type: .place, name: "福州市", aliases: ["福州"], mentions: [mention(at("福州市")), mention(at("福州市", 1))]),
            Entity(type: .organization, name: "统计局", mentions: [mention(at("统计局", 1))]),
            Entity(type: .organization, name: "国家统计局", mentions: [mention(at("国家统计局"))]),
            Entity(type: .place, name: "国家", mentions: [mention(at("国家"))]),
            Entity(type: .place, name: "榕城", aliases: ["福州"], mentions: [mention(at("榕城"))]),
        ]
        let spans: [(range: TextRange, type: EntityType)] = [
            (at("张华"), .person), (at("华子"), .person), (at("华子", 1), .person), (TextRange(start: at("张华", 1).start, end: at("张华", 1).end - 1), .person),
            (at("康义"), .person), (at("福州"), .place), (at("康义", 1), .person), (at("福州市", 1), .place),
            (at("国家统计局"), .organization), (at("统计局", 1), .organization), (at("福州", 2), .place),
            (at("华子", 2), .person), (at("张华", 2), .person), (at("称赞"), .organization),
        ]
        for person in EntityCombination.Source.allCases {
            for place in EntityCombination.Source.allCases {
                for organization in EntityCombination.Source.allCases {
                    let combination = EntityCombination(person: person, place: place, organization: organization)
                    var scanned = rules, hashed = rules
                    combination.combine(spans, into: &scanned, accept: { _, _ in true }, keep: { r, _ in r == at("福州市") },
                                        describesKind: { $0 == at("统计局", 1) }, scanLimit: .max)
                    combination.combine(spans, into: &hashed, accept: { _, _ in true }, keep: { r, _ in r == at("福州市") },
                                        describesKind: { $0 == at("统计局", 1) }, scanLimit: 0)
                    #expect(scanned.entities == hashed.entities, "\(combination)")
                }
            }
        }
        let keys = (0..<100).map { TextRange(start: $0, end: $0 + 1) }
        for limit in [0, 32, .max] {
            let few = FewKeys(keys, limit: limit)
            #expect(keys.allSatisfy(few.contains) && !few.contains(TextRange(start: 0, end: 2)))
        }
    }

    /// Spans without rule support must look like their type.
    @Test(arguments: [
        ("海康、海创、大华、物联网、英飞特5家产业园区", "大华", EntityType.person, false),
        ("邓美红介绍", "邓美红", .person, true),
        ("伊斯梅尔·奥马尔·盖莱率领", "伊斯梅尔·奥马尔·盖莱", .person, true),
        ("全省高校毕业生", "高校", .organization, false),
        ("更楼街道纪工委", "纪工委", .organization, false),
        ("与浙江大学农技推广中心合作", "浙江大学农技推广中心", .organization, true),
        ("中美两国", "中", .place, true),
        ("滇中稀贵金属集群", "中", .place, false),
        ("二十余位教授参加", "余位教", .organization, false),
        ("海康、大华、物联网、英飞特5家产业园区", "英", .place, false),
        ("打造“钱塘幸福里·美好白杨家”", "福里·", .person, false),
        // 企业 names a kind of firm; 公司 ends a firm's name.
        ("规范发展小企业", "规范发展小企业", .organization, false),
        ("我国小企业融资难", "我国小企业", .organization, false),
        ("他到杭州钱江电气公司工作", "杭州钱江电气公司", .organization, true),
        // 民盟中央 needs the party's name, which the rules find; a place's centre is no body.
        ("北京中央商务区", "北京中央", .organization, false),
        // A name holds both brackets of a pair or neither.
        ("推进市县中心医院（中医院）建设", "市县中心医院（中医院", .organization, false),
        ("中国（杭州）跨境电子商务综合试验区管理委员会成立", "中国（杭州）跨境电子商务综合试验区管理委员会", .organization, true),
        // A surname alone is a person only as a reference with a title or a familiar prefix or suffix.
        ("江主席的音容笑貌", "江", .person, true),
        ("谈起朱老对她的照顾", "朱", .person, true),
        ("老于把满心的话说了", "于", .person, true),
        ("库房老板杨某打开了房门", "杨", .person, true),
        ("小学生連家長總數才一萬", "連", .person, false),
        ("要搞马克思主义", "马", .person, false),
        // A character three times in a row is no name.
        ("有斯斯斯斯斯斯在此", "斯斯斯斯斯斯", .person, false),
        // After a numeral a short form counts things.
        ("环渤海四大港煤炭库存", "港", .place, false),
        ("沪港两地合作", "港", .place, true),
        // A level word before the head names no body.
        ("“未来，街道团工委还将以建设", "街道团工委", .organization, false),
        ("紫阳街道团工委副书记", "紫阳街道团工委", .organization, true),
        // A conjunction right after a head joins two bodies; inside a name it does not.
        ("市卫生局和县医院联合开展义诊", "市卫生局和县医院", .organization, false),
        ("中国和平与发展基金会成立", "中国和平与发展基金会", .organization, true),
        ("运输署联同医院管理局调查", "运输署联同医院管理局", .organization, false),
        // A verb of founding right before the head is the predicate (杭州|成立|公司).
        ("杭州成立公司的数量", "杭州成立公司", .organization, false),
    ])
    func taggerSpansWithoutRulesMustLookLikeTheirType(text: String, span: String, type: EntityType, accepted: Bool) throws {
        let (range, s) = try Self.locate(span, in: text)
        let tagger = try #require(Self.tagger)
        #expect(tagger.plausible(range, type, in: s) == accepted)
    }

    /// The range of `span` in `text` (code points) and the text's code points.
    static func locate(_ span: String, in text: String) throws -> (TextRange, [Unicode.Scalar]) {
        let s = Array(text.unicodeScalars)
        let start = try #require(text.range(of: span)).lowerBound.samePosition(in: text.unicodeScalars)
        let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: try #require(start))
        return (TextRange(start: offset, end: offset + span.unicodeScalars.count), s)
    }

    /// A one-character short form the segmenter leaves as a word of its own before a word of two
    /// or more characters is a place (俄|总统, 驻|华|使节); the first character of an unknown name
    /// is not (英飞特).
    @Test(arguments: [
        ("正因为俄总统与国家杜马僵持不下", "俄", true),
        ("海康、大华、物联网、英飞特5家产业园区", "英", false),
    ])
    func shortFormStandingAsAWord(text: String, span: String, accepted: Bool) throws {
        try Self.checkWithWords(text, span, .place, accepted)
    }

    /// `plausible` with the segmenter's word boundaries of `text`.
    static func checkWithWords(_ text: String, _ span: String, _ type: EntityType, _ accepted: Bool,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tagger = try #require(Self.tagger)
        var document = Document(id: "t", text: text)
        try Segmenter(lexicons: TestSupport.lexicons).process(&document)
        let (range, s) = try Self.locate(span, in: text)
        #expect(tagger.plausible(range, type, in: s, cuts: document.tokenIndex.cuts) == accepted, sourceLocation: sourceLocation)
    }

    /// A three-character organisation: a one-word name part and a one-character head (内政部,
    /// 司法部), not a short form or characters read one by one.
    @Test(arguments: [
        ("内政部发言人今天表示", "内政部", true),
        ("参加人权会的古巴代表团团长、司法部长在表决前指出", "司法部", true),
        ("更楼街道纪工委", "纪工委", false),
        ("余杭区与中央农广校、浙江大学农技推广中心等院校开展校地合作", "农广校", false),
    ])
    func threeCharacterOrganisations(text: String, span: String, accepted: Bool) throws {
        try Self.checkWithWords(text, span, .organization, accepted)
    }

    // MARK: - organisations of the shipped combination

    /// `union` organisations: where the tagger's name holds a rule organisation and ends with it,
    /// the rules cut the name's start and the tagger's span is the name (the place inside stays);
    /// a rule organisation that describes a kind stays only where the tagger found the same span.
    @Test func taggerNameEndingWithARuleOrganisationIsTheName() {
        var d = Self.document("日兴证券公司与沿海纺织企业签约，沿海纺织企业表示欢迎", rules: [])
        d.entities = [
            Entity(type: .organization, name: "兴证券公司", mentions: [Self.mention(d, 1, 6)]),
            Entity(type: .organization, name: "沿海纺织企业", mentions: [Self.mention(d, 7, 13), Self.mention(d, 16, 22)]),
        ]
        let spans: [(range: TextRange, type: EntityType)] = [
            (TextRange(start: 0, end: 6), .organization), (TextRange(start: 16, end: 22), .organization),
        ]
        EntityCombination.standard.combine(spans, into: &d, describesKind: { $0.length == 6 && $0.start >= 7 })
        #expect(Self.marked(d) == "⟦organization:日兴证券公司⟧与沿海纺织企业签约，⟦organization:沿海纺织企业⟧表示欢迎")
        #expect(d.entities.map(\.name) == ["沿海纺织企业", "日兴证券公司"])
    }

    /// Rule organisations that name no one body by their own evidence (`describesKind`): 企业 (a
    /// kind of firm), a building one visits, a description or a count, a part of a region, a head
    /// that took its chief's title, the particle 所 of 所 + verb + 的 — and names that do.
    @Test(arguments: [
        ("这项政策令沿海纺织企业普遍受益", "沿海纺织企业", true),
        ("他参观了浙江省博物馆", "浙江省博物馆", true),
        ("杭州一家医院收治了伤者", "杭州一家医院", true),
        ("许多大公司都来了", "许多大公司", true),
        ("中日两国政府发表声明", "中日两国政府", true),
        ("三支国家队参赛", "三支国家队", true),
        ("美国第四大银行宣布", "美国第四大银行", true),
        ("寒潮影响西北大部", "西北大部", true),
        ("他任市政府副秘书长兼外事委员会主任", "副秘书长兼外事委员会", true),
        ("地质研究所所长介绍", "地质研究所所", true),
        ("这是为地区和平所作出的贡献", "地区和平所", true),
        ("中科院物理所的研究人员", "中科院物理所", false),
        ("杭州第二医院收治了伤者", "杭州第二医院", false),
        ("一汽集团发布新车", "一汽集团", false),
        ("浙江大学医学院附属第一医院", "浙江大学医学院附属第一医院", false),
        ("外交部新闻司负责人说", "外交部新闻司", false),
    ])
    func ruleOrganisationsThatDescribeAKind(text: String, span: String, describes: Bool) throws {
        let tagger = try #require(Self.tagger)
        var document = Document(id: "t", text: text)
        try Segmenter(lexicons: TestSupport.lexicons).process(&document)
        let (range, s) = try Self.locate(span, in: text)
        #expect(tagger.describesKind(range, in: s, cuts: document.tokenIndex.cuts) == describes)
    }

    /// A joining word (联同, 会同) starts no name and joins two bodies; a one-character conjunction
    /// at the start of a name may be part of it (同济大学).
    @Test(arguments: [
        ("聯同醫院管理局調查", "聯同醫院管理局", "醫院管理局"),
        ("消防处会同区卫生局检查", "会同区卫生局", "区卫生局"),
        ("同济大学的研究人员", "同济大学", "同济大学"),
    ])
    func joiningWordStartsNoName(text: String, span: String, trimmed: String) throws {
        let tagger = try #require(Self.tagger)
        let folded = Document(id: "t", text: text).analysis
        let (range, _) = try Self.locate(span, in: text)
        let (expected, _) = try Self.locate(trimmed, in: text)
        #expect(tagger.trimmedOrganization(range, in: folded) == expected)
    }

    /// Organisations of the standard pipeline (rules, tagger and their combination), as marked text.
    @Test(arguments: [
        // A joining word between two bodies (traditional script: the analysis is folded).
        "⟦organization:運輸署⟧聯同⟦organization:醫院管理局⟧調查事故。",
        // A department after its ministry, its head 司 not a surname before a title.
        "⟦organization:外交部新闻司⟧负责人今天答记者问。",
        "⟦organization:教育部基础教育司⟧司长出席会议。",
        // An attributive word (高能) inside a unit of a known body; elsewhere it describes a kind.
        "⟦organization:中科院高能物理所⟧的研究人员发布了新成果。",
        "一家泰国私人公司买下了这块地。",
        // Descriptions of bodies, not names.
        "这项政策令沿海纺织企业普遍受益。",
        "杭州一家医院收治了伤者。",
        "这是为地区和平所作出的贡献。",
        // A bureau named by its field right after an organisation the rules found is its unit.
        "⟦organization:广州海关缉私局⟧破获一起走私案。",
        // A place with the bare head 公司 names the place's firms.
        "美国公司在华投资继续增长。",
        // A verb of founding before a head is the predicate; a verb naming a field is in the name.
        "杭州成立公司的数量今年增长很快。",
        "⟦organization:丹阳供电局⟧抢修线路。",
    ])
    func shippedOrganisations(marked: String) throws {
        try OrganizationExtractorTests.check(marked, kind: "organization")
    }

    /// A tagger person of three or more characters that the rules read as a place, or a direction
    /// before a rule place, is that place; two characters stay a person.
    @Test(arguments: [
        ("他住在黄竹坑", "黄竹坑", "黄竹坑", true),
        ("东九龙的交通很繁忙", "东九龙", "九龙", true),
        ("洛桑说", "洛桑", "洛桑", false),
        ("张九龙说", "张九龙", "九龙", false),
    ])
    func placeReadAsAPerson(text: String, span: String, place: String, isPlace: Bool) throws {
        let tagger = try #require(Self.tagger)
        let (range, s) = try Self.locate(span, in: text)
        let (placeRange, _) = try Self.locate(place, in: text)
        #expect(tagger.placeNotPerson(range, in: s, rulePlaces: FewKeys([placeRange])) == isPlace)
    }

    /// Hong Kong areas (traditional script) are places of the standard pipeline, not people.
    @Test(arguments: [
        "他住在⟦place:黃竹坑⟧，每天到⟦place:旺角⟧上班。",
        "⟦place:東九龍⟧的交通很繁忙。",
    ])
    func hongKongAreas(marked: String) throws {
        let m = try MarkedText(marked)
        let doc = try PersonTestSupport.analyse(m.text)
        #expect(PersonTestSupport.spans(doc, type: .place, kind: "place") == m.spans(of: "place"))
        #expect(PersonTestSupport.spans(doc, type: .person, kind: "person").isEmpty)
    }
}
