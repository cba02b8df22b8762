import Foundation
import Testing
@testable import ZhAnalysis

/// The trained segmentation models (Dictionaries/seg-*.model) under the segmenter's constraints.
@Suite struct ModelSegmentationTests {
    static let msr: Segmenter = {
        do { return try Segmenter.trained(lexicons: TestSupport.lexicons, standard: .msr) } catch {
            preconditionFailure("model failed to load: \(error)")
        }
    }()

    static func strict(_ standard: SegmentationStandard) throws -> Segmenter {
        var options = Segmenter.Options()
        options.numbersFollowStandard = true
        options.lexiconCompounds = false
        options.lexiconParts = false
        return try Segmenter.trained(lexicons: TestSupport.lexicons, standard: standard, options: options)
    }

    @Test func bundledModelsLoad() throws {
        #expect(Self.msr.model?.standard == .msr)
        #expect(try Self.strict(.pku).model?.standard == .pku)
        #expect(Self.msr.model?.hashBits == 19)
    }

    @Test(arguments: [
        ("南京市长江大桥", ["南京市", "长江大桥"]),
        ("研究生命起源", ["研究", "生命", "起源"]),
        ("他说的确实在理", ["他", "说", "的", "确实", "在理"]),
        ("杭州市上城区紫阳街道教育资源相对集中", ["杭州市", "上城区", "紫阳街道", "教育资源", "相对", "集中"]),
    ])
    func ambiguousSentences(sentence: String, expected: [String]) throws {
        #expect(try TestSupport.segment(sentence, with: Self.msr) == expected)
    }

    /// MSR keeps a personal name whole; PKU writes surname and given name apart.
    @Test func namesFollowTheStandard() throws {
        #expect(try TestSupport.segment("国家主席江泽民发表讲话", with: Self.strict(.msr)).contains("江泽民"))
        let pku = try TestSupport.segment("国家主席江泽民发表讲话", with: Self.strict(.pku))
        #expect(pku.contains("江") && pku.contains("泽民"), "tokens: \(pku)")
    }

    /// Numbers stay whole; by default (extraction) they are tokens of their own.
    @Test(arguments: [
        ("辖区未成年人有5000余人", "5000"),
        ("常住人口为53万人", "53万"),
        ("参训农业人才达13,500余人次", "13,500"),
        ("总投资1.2亿元", "1.2亿"),
        ("占比百分之三十", "百分之三十"),
        ("增长30%", "30%"),
    ])
    func numbersStayWhole(sentence: String, number: String) throws {
        let tokens = try TestSupport.segment(sentence, with: Self.msr)
        #expect(tokens.contains(number), "tokens: \(tokens)")
    }

    @Test func userDictionaryWordsWin() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-user")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("user.txt")
        try Data("江大桥 10\n".utf8).write(to: file)
        let lexicons = try LexiconSet(directory: TestSupport.dictionaries, userDictionaries: [file])
        let segmenter = try Segmenter.trained(lexicons: lexicons)
        let tokens = try segmenter.tokens(Array("南京市长江大桥".unicodeScalars), in: 0..<7)
        // The rest is re-read around the forced word: 南京 市长 江大桥.
        #expect(tokens.map(\.text) == ["南京", "市长", "江大桥"])
        #expect(tokens.last?.origin == .user)
    }

    /// The scores the segmenter computes (bias and single characters read from the records the
    /// model gathers when it is loaded) are the sums of the hashed weights of all the features of
    /// `SegmentationFeatures.hashes`, at every position of a line with digits, Latin letters,
    /// punctuation and a character beyond the BMP.
    @Test(arguments: SegmentationStandard.allCases)
    func scoresAreTheSumsOfTheHashedWeights(standard: SegmentationStandard) throws {
        let model = try #require(try Self.strict(standard).model)
        let s = Array("1998年，\u{20000}南京市长江大桥上的张梦月说ABC的确实在理。".unicodeScalars)
        let range = 0..<s.count
        var storage = ModelLine.Storage()
        let line = ModelLine(model: model, lexicon: TestSupport.lexicons.words, s, range: range,
                             breaks: try ICUWordBreaker().breaks(s, in: range), storage: &storage)
        var scores = [Int32](repeating: 0, count: 4 * s.count)
        var expected = scores
        line.withPaddedLine { p in
            scores.withUnsafeMutableBufferPointer { model.emissions(p, positions: range, into: $0.baseAddress!) }
            var h = [UInt64](repeating: 0, count: SegmentationFeatures.count)
            for i in range {
                h.withUnsafeMutableBufferPointer { SegmentationFeatures.hashes(p, at: i, into: $0.baseAddress!) }
                for f in h {
                    let b = Int(f >> UInt64(64 - model.hashBits)) * 4
                    for y in 0..<4 { expected[4 * i + y] += Int32(model.weights[b + y]) }
                }
            }
        }
        #expect(scores.contains { $0 != 0 })
        #expect(scores == expected)
    }

    @Test func aFileThatIsNoModelIsAnError() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-model")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("seg-msr.model")
        try Data(repeating: 7, count: 70_000).write(to: file)
        #expect(throws: ZhError.unreadableFile(path: file.path, reason: "not a zhkb segmentation model")) {
            _ = try SegmentationModel(contentsOf: file)
        }
    }

    /// A model of the first layout (Int16 weights) is refused with a reason naming the fix.
    @Test func aModelOfAnOlderLayoutIsAnError() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-model-v1")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("seg-msr.model")
        var bytes = SegmentationModel.magic + [1, 0, 0, 0]
        bytes += [UInt8](repeating: 0, count: SegmentationModel.weightsOffset + (1 << 10) * 8 - bytes.count)
        try Data(bytes).write(to: file)
        #expect(throws: ZhError.unreadableFile(path: file.path,
                                               reason: "unsupported version 1 (this build reads 2; retrain with scripts/train-seg.sh)")) {
            _ = try SegmentationModel(contentsOf: file)
        }
    }
}
