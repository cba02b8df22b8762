import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct SegmenterTests {
    /// Classic ambiguities: the lattice must pick the reading a Chinese reader picks.
    @Test(arguments: [
        ("南京市长江大桥", ["南京市", "长江大桥"]),
        ("研究生命起源", ["研究", "生命", "起源"]),
        ("他说的确实在理", ["他", "说", "的", "确实", "在理"]),
        ("结婚的和尚未结婚的", ["结婚", "的", "和", "尚未", "结婚", "的"]),
        ("杭州市上城区紫阳街道教育资源相对集中", ["杭州市", "上城区", "紫阳街道", "教育资源", "相对", "集中"]),
    ])
    func ambiguousSentences(sentence: String, expected: [String]) throws {
        #expect(try TestSupport.segment(sentence) == expected)
    }

    /// Place names of the seed page's districts come out whole.
    @Test(arguments: ["上城区", "萧山区", "钱塘区", "建德市", "余杭区", "滨江区", "临平区", "拱墅区", "西湖区", "富阳区", "临安区", "桐庐县", "淳安县"])
    func countyNamesStayWhole(name: String) throws {
        let tokens = try TestSupport.segment("近日，杭州市\(name)召开会议。")
        #expect(tokens.contains(name), "tokens: \(tokens)")
    }

    @Test func personNamesFromSingleCharacterRunsStayWhole() throws {
        #expect(try TestSupport.segment("紫阳街道团工委副书记王恒泽说") == ["紫阳街道", "团工委", "副书记", "王恒泽", "说"])
        #expect(try TestSupport.segment("美国国防部长拉姆斯菲尔德说").contains("拉姆斯菲尔德"))
    }

    @Test func splitNameStyleSeparatesSurname() throws {
        var options = Segmenter.Options()
        options.nameStyle = .split
        let segmenter = try Segmenter(lexicons: TestSupport.lexicons, options: options)
        #expect(try TestSupport.segment("副书记王恒泽说", with: segmenter) == ["副书记", "王", "恒泽", "说"])
    }

    @Test func userDictionaryWordsWin() throws {
        #expect(!(try TestSupport.segment("南京市长江大桥")).contains("江大桥"))
        let dir = try TestSupport.temporaryDirectory("zhkb-user")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("user.txt")
        try Data("江大桥 10\n".utf8).write(to: file)
        let lexicons = try LexiconSet(directory: TestSupport.dictionaries, userDictionaries: [file])
        let segmenter = try Segmenter(lexicon: lexicons.words)
        #expect(try TestSupport.segment("南京市长江大桥", with: segmenter).contains("江大桥"))
    }

    @Test func userDictionaryFileInJiebaFormat() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-user")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("user.txt")
        // BOM, CRLF, a comment, and all three line shapes.
        try Data("\u{FEFF}# my words\r\n盈知讲堂 20 nz\r\n知联驿站\r\n共融中心 n\r\n".utf8).write(to: file)
        let lexicons = try LexiconSet(directory: TestSupport.dictionaries, userDictionaries: [file])
        #expect(lexicons.words.lookup("盈知讲堂")?.origin == .user)
        #expect(lexicons.words.lookup("共融中心")?.tag == "n")
        let segmenter = try Segmenter(lexicon: lexicons.words)
        #expect(try TestSupport.segment("在知联驿站举办盈知讲堂", with: segmenter) == ["在", "知联驿站", "举办", "盈知讲堂"])
    }

    @Test func malformedDictionaryLineNamesFileAndLine() throws {
        let dir = try TestSupport.temporaryDirectory("zhkb-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.txt")
        try Data("好词 10 n\n坏词 多少 n\n".utf8).write(to: file)
        #expect(throws: ZhError.malformedLexiconLine(file: file.path, line: 2, text: "坏词 多少 n")) {
            _ = try LexiconSet(directory: TestSupport.dictionaries, userDictionaries: [file])
        }
    }

    /// `zhkb segment`'s loop cuts lines exactly where `TextLines` does (LF, CRLF, CR).
    @Test func linesAreCutAsTextLinesCutsThem() throws {
        for text in ["a\r\nb\rc\n\nd", "x\n", "\r\r\n中文\n", "", "南京市长江大桥"] {
            var lines: [String] = []
            try TestSupport.segmenter.forEachLine(of: text) { original, tokens in
                var v = String.UnicodeScalarView()
                v.append(contentsOf: original)
                lines.append(String(v))
                #expect(tokens.last?.range.end ?? 0 == original.count)
            }
            #expect(lines == TextLines.split(text).map(String.init))
        }
    }

    /// `renderLines` gives the bytes of `forEachLine` for every number of jobs and block size,
    /// also with blocks of one byte (a block then ends after each line break, CR LF whole).
    @Test func renderedLinesAreTheSameForEveryJobsAndBlockSize() throws {
        let text = "杭州市上城区紫阳街道\r\n\r\n萧山区的经济发展\r\n南京市长江大桥\r\r\n\n国务院总理李强\n2024年GDP增长5.2%"
        @Sendable func render(_ line: [Unicode.Scalar], _ tokens: [Token], _ out: inout [UInt8]) {
            var v = String.UnicodeScalarView()
            for t in tokens where t.kind != .space { v.append(contentsOf: line[t.range.start..<t.range.end]); v.append("|") }
            out.append(contentsOf: String(v).utf8)
            out.append(0x0A)
        }
        var expected: [UInt8] = []
        try TestSupport.segmenter.forEachLine(of: text) { render($0, $1, &expected) }
        #expect(String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count
            == TextLines.split(text).count + 1)
        #expect(String(decoding: expected, as: UTF8.self).hasPrefix("杭州市|上城区|紫阳街道|\n\n萧山区|"))
        for jobs in [1, 2, 3] {
            for blockBytes in [1, 7, 40, Segmenter.lineBlockBytes] {
                var got: [UInt8] = []
                var blocks = 0
                try TestSupport.segmenter.renderLines(of: text, jobs: jobs, blockBytes: blockBytes, render: render) {
                    got.append(contentsOf: $0)
                    blocks += 1
                }
                #expect(got == expected, "jobs \(jobs), block \(blockBytes)")
                #expect(blockBytes > 1 || blocks == TextLines.split(text).count)
            }
        }
    }

    /// An error of `render` on a worker reaches the caller once the blocks before it are
    /// written, and nothing after it is written.
    @Test func renderErrorsReachTheCallerInOrder() throws {
        struct Stop: Error {}
        let text = String(repeating: "杭州市上城区\n", count: 29) + "停\n" + String(repeating: "萧山区\n", count: 20)
        var written = 0
        #expect(throws: Stop.self) {
            try TestSupport.segmenter.renderLines(of: text, jobs: 2, blockBytes: 1, render: { line, _, out in
                if line == ["停"] { throw Stop() }
                out.append(0x0A)
            }) { _ in written += 1 }
        }
        #expect(written == 29)
    }

    /// A batch (ICU's breaks of all the documents first, their lattices after, work arrays reused
    /// from batch to batch) gives every document the tokens, texts included, that it gets alone.
    @Test func aBatchSegmentsEachDocumentAsAlone() throws {
        let segmenter = TestSupport.segmenter
        let texts = ["共同创造美好的新世纪——二○○一年新年贺词", "", "好", "（二○○○年十二月三十一日）（附图片1张）",
                     "紫阳街道团工委副书记王恒泽说", "美国国防部长拉姆斯菲尔德说：“3.5%的增长。”", "iPhone 5G 𠀀𠀁中文",
                     "１３，５００元和2.5万人", "abc\r", "　"]
        for _ in 0..<2 {
            var documents = texts.map { Document(id: "d", text: $0) }
            var errors = [ZhError?](repeating: nil, count: documents.count)
            segmenter.process(batch: &documents, errors: &errors)
            for d in documents {
                #expect(d.tokens == (try segmenter.tokens(d.analysis, in: 0..<d.length)), "\(d.analysis)")
            }
        }
    }

    @Test func emptyInputGivesNoTokens() throws {
        #expect(try TestSupport.segment("") == [])
        #expect(try TestSupport.segment("   ") == [])
    }

    @Test func traditionalInputIsSegmentedOnItsSimplifiedForm() throws {
        let doc = Document(id: "t", text: "杭州市蕭山區盈豐街道的經濟發展")
        #expect(doc.folding.traditional)
        #expect(doc.folded(doc.fullRange) == "杭州市萧山区盈丰街道的经济发展")
        let tokens = try TestSupport.segmenter.tokens(doc.analysis, in: 0..<doc.length).map { doc.original($0.range) }
        #expect(tokens == ["杭州市", "蕭山區", "盈豐街道", "的", "經濟發展"])
    }

    /// Hong Kong usage and Cantonese function words are words of their own (輪候 · 公營 · 佢哋 · 咗).
    @Test(arguments: [
        ("精神病患者輪候公營服務逾兩年", ["精神病", "患者", "輪候", "公營", "服務"]),
        ("佢哋喺度攞咗好多嘢", ["佢哋", "喺", "攞", "咗", "嘢"]),
        ("港股收市報44.85元", ["港股", "收市"]),
    ])
    func hongKongWordsStayWhole(text: String, words: [String]) throws {
        let doc = Document(id: "t", text: text)
        let tokens = try TestSupport.segmenter.tokens(doc.analysis, in: 0..<doc.length).map { doc.original($0.range) }
        for w in words { #expect(tokens.contains(w), "tokens: \(tokens)") }
    }

    @Test func simplifiedTextIsNotTransliterated() {
        // 著 and 乾 are simplified characters too; simplified text must keep them.
        let doc = Document(id: "t", text: "著名的乾隆年间，他说得很干脆")
        #expect(!doc.folding.traditional)
        // Only NFKC applies (the full-width comma folds to ASCII for analysis).
        #expect(doc.folded(doc.fullRange) == "著名的乾隆年间,他说得很干脆")
    }

    @Test func fullWidthDigitsFoldButOffsetsStay() throws {
        let doc = Document(id: "t", text: "共有５０００余人")
        #expect(doc.folded(doc.fullRange) == "共有5000余人")
        let tokens = try TestSupport.segmenter.tokens(doc.analysis, in: 0..<doc.length)
        let number = try #require(tokens.first { $0.kind == .number })
        #expect(number.range == TextRange(start: 2, end: 6))
        #expect(doc.original(number.range) == "５０００")
    }
}

@Suite struct TextDecoderTests {
    static let gbk: [UInt8] = [186, 188, 214, 221, 202, 208, 207, 244, 201, 189, 199, 248, 211, 175, 183, 225, 189, 214, 181, 192, 163, 172, 207, 189, 199, 248, 206, 180, 179, 201, 196, 234, 200, 203, 211, 208, 53, 48, 48, 48, 211, 224, 200, 203, 161, 163]
    static let big5: [UInt8] = [187, 79, 165, 95, 165, 171, 171, 72, 184, 113, 176, 207, 170, 186, 184, 103, 192, 217, 181, 111, 174, 105, 187, 80, 197, 220, 164, 198, 161, 67]

    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try TextDecoder().decode(Array("上城区".utf8)).text == "上城区")
        #expect(try TextDecoder().decode([0xEF, 0xBB, 0xBF] + Array("上城区".utf8)).text == "上城区")
    }

    @Test func gbkIsDetectedAndConverted() throws {
        let decoded = try TextDecoder().decode(Self.gbk)
        #expect(decoded.text == "杭州市萧山区盈丰街道，辖区未成年人有5000余人。")
        #expect(decoded.charset == "GB18030")
    }

    @Test func big5IsDetectedAndConverted() throws {
        let decoded = try TextDecoder().decode(Self.big5)
        #expect(decoded.text == "臺北市信義區的經濟發展與變化。")
    }

    @Test func invalidBytesAreAClearError() {
        #expect(throws: ZhError.self) { try TextDecoder().decode([0x61, 0xFF, 0xFD, 0x80, 0x80, 0x62], path: "bad.txt") }
        do {
            _ = try TextDecoder().decode([0x61, 0xFF, 0xFD, 0x80, 0x80, 0x62], path: "bad.txt")
        } catch let ZhError.undecodableText(path, reason) {
            #expect(path == "bad.txt")
            #expect(reason.contains("not valid UTF-8"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func binaryDataIsRefused() {
        #expect(throws: ZhError.undecodableText(path: "x.bin", reason: "binary data (NUL bytes)")) {
            try TextDecoder().decode([0x00, 0x01, 0x02, 0xFF, 0x00, 0x9C], path: "x.bin")
        }
    }
}
