import Foundation
import Testing
@testable import ZhAnalysis

/// Short documents are analysed in batches (each stage over the whole batch before the next):
/// every document must come out exactly as it does alone, in input order, whatever the jobs.
struct BatchAnalysisTests {
    static func inputs() throws -> [ArticleInput] {
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Awkward members: empty lines, a line of spaces, a traditional one, binary-ish text.
        lines += ["", "   ", "臺北市政府昨日宣布，將投入新臺幣三十億元。", "\u{1}\u{2}abc", "2.5万人"]
        return lines.enumerated().map { i, line in
            ArticleInput(source: "seed", part: nil, line: i + 1, text: line, charset: "UTF-8",
                         hash: SHA256.hex(of: line), byteCount: line.utf8.count)
        }
    }

    static func bytes(_ result: ParallelAnalyzer.Result) -> [UInt8]? {
        result.encoded.map { [UInt8]($0) }
    }

    @Test func aBatchGivesEachDocumentWhatItGetsAlone() throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        let inputs = try Self.inputs()
        let batch = ParallelAnalyzer.analyze(batch: inputs, pipeline: pipeline, encoding: .compact)
        #expect(batch.count == inputs.count)
        var withEntities = 0
        for (k, input) in inputs.enumerated() {
            let alone = ParallelAnalyzer.analyze(input, pipeline: pipeline, encoding: .compact)
            #expect(batch[k].input.line == input.line)
            #expect(Self.bytes(batch[k]) == Self.bytes(alone), "line \(input.line ?? 0)")
            #expect(batch[k].failure == nil)
            if let r = batch[k].record, !r.entities.isEmpty { withEntities += 1 }
        }
        #expect(withEntities > 10)
    }

    @Test(arguments: [1, 2, 3])
    func resultsComeBackInInputOrder(jobs: Int) throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        let inputs = try Self.inputs()
        let analyzer = ParallelAnalyzer(pipeline: pipeline, jobs: jobs, encoding: .compact)
        var lines: [Int] = []
        var encoded: [[UInt8]?] = []
        for input in inputs {
            analyzer.submit(input) { lines.append($0.input.line ?? -1); encoded.append(Self.bytes($0)) }
        }
        analyzer.finish { lines.append($0.input.line ?? -1); encoded.append(Self.bytes($0)) }
        #expect(lines == inputs.map { $0.line ?? -1 })
        let alone = inputs.map { Self.bytes(ParallelAnalyzer.analyze($0, pipeline: pipeline, encoding: .compact)) }
        #expect(encoded == alone)
    }

    /// Without records (what `extract` asks for), every result carries the same bytes and
    /// diagnostics as with them, pretty or compact, alone or in a batch.
    @Test(arguments: [ParallelAnalyzer.Encoding.compact, .pretty])
    func droppedRecordsKeepTheirBytesAndDiagnostics(encoding: ParallelAnalyzer.Encoding) throws {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        let inputs = try Self.inputs()
        let kept = ParallelAnalyzer.analyze(batch: inputs, pipeline: pipeline, encoding: encoding)
        let dropped = ParallelAnalyzer.analyze(batch: inputs, pipeline: pipeline, encoding: encoding, keepsRecords: false)
        #expect(dropped.allSatisfy { $0.record == nil && $0.encoded != nil })
        #expect(dropped.map(Self.bytes) == kept.map(Self.bytes))
        #expect(dropped.map(\.diagnostics) == kept.map { $0.record?.diagnostics ?? [] })
        for (k, result) in kept.enumerated() {
            let record = try #require(result.record)
            let alone = encoding == .compact ? try JSONOutput.compact(record) : try JSONOutput.pretty(record)
            #expect(Self.bytes(result) == alone, "line \(inputs[k].line ?? 0)")
        }
    }

    /// A value that throws half-way leaves nothing behind in a shared writer: what follows is
    /// written as by a fresh one.
    @Test func aRewoundWriterWritesOnAsNew() throws {
        let good = Keyword(term: "产值", count: 2, weight: 0.25)
        var bad = good
        bad.weight = .nan
        for pretty in [false, true] {
            var fresh = JSONWriter(pretty: pretty)
            try good.write(to: &fresh)
            try fresh.array([good])
            var w = JSONWriter(pretty: pretty)
            try good.write(to: &w)
            let start = w.count
            var threw = false
            do { try w.array([good, bad]) } catch { threw = true }
            #expect(threw)
            w.rewind(to: start)
            try w.array([good])
            #expect(w.bytes == fresh.bytes, "pretty: \(pretty)")
        }
    }

    /// A stage that fails on one document of a batch fails only that document.
    @Test func aFailingDocumentLeavesTheRestOfItsBatchAlone() throws {
        struct Picky: Stage {
            let name = "picky"
            func process(_ document: inout Document) throws {
                if document.text.contains("坏") { throw ZhError.invalidArgument("坏 found") }
                document.keywords = [Keyword(term: "ok", count: 1, weight: 1)]
            }
        }
        let pipeline = Pipeline(stages: [Picky()])
        var documents = ["好的", "坏的", "也好"].map { Document(id: $0, text: $0) }
        let errors = pipeline.run(batch: &documents)
        #expect(errors.map { $0 == nil } == [true, false, true])
        #expect(documents.map { $0.keywords.count } == [1, 0, 1])
        guard case let .stageFailed(stage, _)? = errors[1] else {
            Issue.record("expected stageFailed, got \(String(describing: errors[1]))")
            return
        }
        #expect(stage == "picky")
    }
}
