import Foundation

/// Runs the pipeline over documents on several threads and hands the results back in input
/// order, on the calling thread. At most `window` documents are in flight, so memory stays
/// bounded however long the input is.
public final class ParallelAnalyzer: @unchecked Sendable {
    /// The outcome for one input.
    public struct Result: Sendable {
        public var input: ArticleInput
        public var record: ArticleRecord?
        /// Set when the pipeline threw: the stage that failed and why.
        public var failure: Diagnostic?
        /// The record as JSON, when the analyzer was asked to encode (done on the worker thread).
        public var encoded: Data?
        /// With `.knowledgeBase`: the record's rows of the KB's fact table, encoded.
        public var facts: EncodedFacts?
    }

    /// How workers encode each record (so the thread that writes output only copies bytes).
    /// `.knowledgeBase` is `.compact` plus the fact rows.
    public enum Encoding: Sendable { case none, compact, pretty, knowledgeBase }

    public let pipeline: Pipeline
    public let encoding: Encoding
    public let jobs: Int
    public let window: Int

    private let condition = NSCondition()
    private var queue: [(Int, ArticleInput)] = []
    private var queueHead = 0
    private var done: [Int: Result] = [:]
    private var nextSequence = 0
    private var nextToEmit = 0
    private var closed = false
    private var running = 0

    public init(pipeline: Pipeline, jobs: Int, encoding: Encoding = .none) {
        self.pipeline = pipeline
        self.encoding = encoding
        self.jobs = max(1, jobs)
        self.window = max(2, 2 * max(1, jobs) + 1)
        if self.jobs > 1 {
            for _ in 0..<self.jobs {
                let thread = Thread { [self] in self.workerLoop() }
                thread.stackSize = 16 << 20
                running += 1
                thread.start()
            }
        }
    }

    /// Analyses one input into a record (used by the workers, and inline with one job).
    public static func analyze(_ input: ArticleInput, pipeline: Pipeline, encoding: Encoding = .none) -> Result {
        let id = ArticleRecord.id(forHash: input.hash)
        var document = Document(id: id, text: input.text)
        document.source = input.source
        if !input.text.isEmpty {
            do { document = try pipeline.run(document) } catch {
                let failure: Diagnostic
                if case let ZhError.stageFailed(stage, reason) = error {
                    failure = Diagnostic(severity: .error, stage: stage, message: reason)
                } else {
                    failure = Diagnostic(severity: .error, stage: "pipeline", message: (error as? ZhError)?.description ?? "\(error)")
                }
                return Result(input: input, record: nil, failure: failure)
            }
        }
        let record = ArticleRecord(document: document, source: input.source, charset: input.charset,
                                   hash: input.hash, part: input.part, line: input.line)
        var result = Result(input: input, record: record, failure: nil)
        do {
            switch encoding {
            case .none: break
            // JSONWriter: the same bytes as KnowledgeBaseFile.compactEncoder / .pretty, faster.
            case .compact: result.encoded = Data(try JSONOutput.compact(record))
            case .knowledgeBase:
                result.encoded = Data(try JSONOutput.compact(record))
                result.facts = try EncodedFacts(writing: record)
            case .pretty: result.encoded = Data(try JSONOutput.pretty(record))
            }
        } catch {
            result.record = nil
            result.failure = Diagnostic(severity: .error, stage: "encode", message: "\(error)")
        }
        return result
    }

    /// Queues one input; `emit` receives finished results in input order (possibly none yet).
    public func submit(_ input: ArticleInput, emit: (Result) throws -> Void) rethrows {
        if jobs == 1 {
            try emit(Self.analyze(input, pipeline: pipeline, encoding: encoding))
            return
        }
        while true {
            try drain(emit)
            condition.lock()
            if nextSequence - nextToEmit < window {
                queue.append((nextSequence, input))
                nextSequence += 1
                condition.broadcast()
                condition.unlock()
                return
            }
            if done[nextToEmit] == nil { condition.wait() }
            condition.unlock()
        }
    }

    /// Waits for every queued input, emits the rest in order, and stops the workers.
    public func finish(emit: (Result) throws -> Void) rethrows {
        if jobs == 1 { return }
        while true {
            try drain(emit)
            condition.lock()
            if nextToEmit == nextSequence {
                closed = true
                condition.broadcast()
                while running > 0 { condition.wait() }
                condition.unlock()
                return
            }
            if done[nextToEmit] == nil { condition.wait() }
            condition.unlock()
        }
    }

    private func drain(_ emit: (Result) throws -> Void) rethrows {
        while true {
            condition.lock()
            guard let result = done.removeValue(forKey: nextToEmit) else { condition.unlock(); return }
            nextToEmit += 1
            condition.broadcast()
            condition.unlock()
            try emit(result)
        }
    }

    private func workerLoop() {
        while true {
            condition.lock()
            while queueHead >= queue.count && !closed { condition.wait() }
            if queueHead >= queue.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let (sequence, input) = queue[queueHead]
            queueHead += 1
            if queueHead > 64 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            condition.unlock()
            let result = Self.analyze(input, pipeline: pipeline, encoding: encoding)
            condition.lock()
            done[sequence] = result
            condition.broadcast()
            condition.unlock()
        }
    }
}
