import Foundation

/// Runs the pipeline over documents on several threads and hands the results back in input
/// order, on the calling thread. At most `window` documents are in flight (more, up to a few MB
/// of text, when they are short and go in batches), so memory stays
/// bounded however long the input is.
public final class ParallelAnalyzer: @unchecked Sendable {
    /// The outcome for one input.
    public struct Result: Sendable {
        public var input: ArticleInput
        /// The record (nil on failure, and when the analyzer encodes and does not keep records).
        public var record: ArticleRecord?
        /// Set when the pipeline threw: the stage that failed and why.
        public var failure: Diagnostic?
        /// The record as JSON, when the analyzer was asked to encode (done on the worker thread;
        /// with `.compact` and `.pretty`, a slice of one buffer that holds the whole batch).
        public var encoded: Data?
        /// With `.knowledgeBase`: the record's rows of the KB's fact table, encoded.
        public var facts: EncodedFacts?
        /// The record's diagnostics (kept when the record itself is not).
        public var diagnostics: [Diagnostic] = []
    }

    /// How workers encode each record (so the thread that writes output only copies bytes).
    /// `.knowledgeBase` is the record as kb.json stores it (`JSONOutput.stored`) plus its fact rows.
    public enum Encoding: Sendable { case none, compact, pretty, knowledgeBase }

    public let pipeline: Pipeline
    public let encoding: Encoding
    /// False: a worker drops each record once it is encoded (its memory is freed on the thread
    /// that made it) and results carry only the bytes and the diagnostics. Records are always
    /// kept when there is no encoding.
    public let keepsRecords: Bool
    public let jobs: Int
    public let window: Int
    /// Short inputs are analysed in batches of up to this many documents and
    /// `batchBytes` bytes of text (`Pipeline.run(batch:)`); a long input goes alone.
    public static let batchLimit = 256
    public static let batchBytes = 256 * 1024
    /// With one job, batches of up to this many (bytes permitting). The one thread also reads the
    /// input and writes the output between batches, and every stage of a batch must first bring
    /// its tables back into the cache (ICU's dictionary, the lexicon's trie, the tagger's
    /// weights); four times fewer batches measured 7–8 % less time with `--jobs 1` on one-line
    /// documents. Several jobs gained nothing from it (each worker keeps its own cache warm) and
    /// would hold more documents in flight, so they keep `batchLimit`.
    public static let singleJobBatchLimit = 1024
    /// With many short inputs, up to this many documents may be in flight (bytes permitting),
    /// so that every worker can take a whole batch.
    private let smallWindow: Int
    private static let smallWindowBytes = 8 << 20
    private var inFlightBytes = 0
    /// One job: inputs waiting to make a batch.
    private var pending: [ArticleInput] = []
    private var pendingBytes = 0

    private let condition = NSCondition()
    private var queue: [(Int, ArticleInput)] = []
    private var queueHead = 0
    /// Finished batches by the sequence number of their first input.
    private var done: [Int: [Result]] = [:]
    private var nextSequence = 0
    private var nextToEmit = 0
    private var closed = false
    private var running = 0

    public init(pipeline: Pipeline, jobs: Int, encoding: Encoding = .none, keepsRecords: Bool = true) {
        self.pipeline = pipeline
        self.encoding = encoding
        self.keepsRecords = keepsRecords || encoding == .none
        self.jobs = max(1, jobs)
        self.window = max(2, 2 * max(1, jobs) + 1)
        self.smallWindow = 2 * max(1, jobs) * Self.batchLimit + 1
        // One job: room for a whole batch at once (grown by doubling, the first batch's inputs
        // were moved to a new buffer a dozen times; later batches keep the capacity).
        if self.jobs == 1 { pending.reserveCapacity(Self.singleJobBatchLimit) }
        if self.jobs > 1 {
            for _ in 0..<self.jobs {
                let thread = Thread { [self] in self.workerLoop() }
                thread.stackSize = 16 << 20
                running += 1
                thread.start()
            }
        }
    }

    /// Analyses one input into a record.
    public static func analyze(_ input: ArticleInput, pipeline: Pipeline, encoding: Encoding = .none,
                               keepsRecords: Bool = true) -> Result {
        analyze(batch: [input], pipeline: pipeline, encoding: encoding, keepsRecords: keepsRecords)[0]
    }

    /// Analyses several inputs stage by stage (`Pipeline.run(batch:)`), one result per input in
    /// the same order; what each gets is exactly what `analyze(_:)` would give it alone.
    public static func analyze(batch inputs: consuming [ArticleInput], pipeline: Pipeline, encoding: Encoding = .none,
                               keepsRecords: Bool = true) -> [Result] {
        var inputs = inputs
        // (The inputs' fields are read in place: mapping the inputs copied each whole.)
        var documents = inputs.indices.map { i -> Document in
            var document = Document(id: ArticleRecord.id(forHash: inputs[i].hash), text: inputs[i].text)
            document.source = inputs[i].source
            document.givenDate = inputs[i].date.flatMap { ReferenceDate(iso: $0, source: inputs[i].dateSource) }
            return document
        }
        // Empty texts are not analysed (every stage would only find nothing).
        let analysed = inputs.indices.filter { !inputs[$0].text.isEmpty }
        var errors = [ZhError?](repeating: nil, count: inputs.count)
        if analysed.count == inputs.count {
            errors = pipeline.run(batch: &documents)
        } else if !analysed.isEmpty {
            var subset = analysed.map { documents[$0] }
            let subsetErrors = pipeline.run(batch: &subset)
            for (k, i) in analysed.enumerated() {
                documents[i] = subset[k]
                errors[i] = subsetErrors[k]
            }
        }
        // The documents are taken out of the array from its end (moved, not copied: a copy
        // retains every layer), and each result is put in its place. JSON goes into one buffer
        // for the whole batch (one allocation, freed at once by whichever thread drops the last
        // result), each result holding its slice.
        let keep = keepsRecords || encoding == .none
        let shared = encoding == .compact || encoding == .pretty
        // Room for the whole batch up front: grown by doubling, the buffer was copied, all that
        // was written before, two or three times per batch (thousands of instructions per short
        // document). A record takes about 1.5 K plus 8 bytes per byte of text (a 57-character
        // line's ~2.5 K); pretty output about twice that.
        var capacity = 64
        if shared {
            capacity = 0
            for i in inputs.indices { capacity += 1536 + 8 * inputs[i].byteCount }  // (read in place)
            if encoding == .pretty { capacity *= 2 }
        }
        var writer = JSONWriter(pretty: encoding == .pretty, capacity: capacity)
        var ranges = [Range<Int>?](repeating: nil, count: shared ? inputs.count : 0)
        // (The inputs too are moved into their results, from the end: copied, each retained its
        // strings, which the batch released after.)
        let n = inputs.count
        var results = [Result](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in (0..<n).reversed() {
                (buffer.baseAddress! + i).initialize(to: result(i, inputs.removeLast(), documents.removeLast(), &writer))
            }
            initialized = n
        }
        func result(_ i: Int, _ input: consuming ArticleInput, _ document: consuming Document,
                    _ writer: inout JSONWriter) -> Result {
            if let error = errors[i] {
                let failure: Diagnostic
                if case let .stageFailed(stage, reason) = error {
                    failure = Diagnostic(severity: .error, stage: stage, message: reason)
                } else {
                    failure = Diagnostic(severity: .error, stage: "pipeline", message: error.description)
                }
                return Result(input: input, record: nil, failure: failure)
            }
            let id = document.id  // made from the input's hash above, as the record's id is
            var record = ArticleRecord(document: document, id: id, source: input.source, charset: input.charset,
                                       hash: input.hash, part: input.part, line: input.line)
            record.recordId = input.id
            record.documentDate = input.date
            // (The result is built once, at the end: one built first and filled in was copied on
            // return, input, record and all.)
            var encoded: Data?, facts: EncodedFacts?, failure: Diagnostic?
            var diagnostics = record.diagnostics
            do {
                switch encoding {
                case .none: break
                // JSONWriter: the same bytes as KnowledgeBaseFile.compactEncoder / .pretty, faster.
                case .compact, .pretty:
                    let start = writer.count
                    do { try record.write(to: &writer) } catch {
                        writer.rewind(to: start)
                        throw error
                    }
                    ranges[i] = start..<writer.count
                case .knowledgeBase:
                    encoded = Data(try JSONOutput.stored(record))
                    facts = try EncodedFacts(writing: record)
                }
            } catch {
                diagnostics = []
                failure = Diagnostic(severity: .error, stage: "encode", message: "\(error)")
            }
            return Result(input: input, record: keep && failure == nil ? record : nil, failure: failure,
                          encoded: encoded, facts: facts, diagnostics: diagnostics)
        }
        if shared {
            let bytes = writer.data()
            for i in results.indices { if let r = ranges[i] { results[i].encoded = bytes[r] } }
        }
        return results
    }

    /// Queues one input (taken over, not copied); `emit` receives finished results in input
    /// order (possibly none yet).
    public func submit(_ input: consuming ArticleInput, emit: (Result) throws -> Void) rethrows {
        if jobs == 1 {
            pendingBytes += input.byteCount
            pending.append(input)
            if pending.count >= Self.singleJobBatchLimit || pendingBytes >= Self.batchBytes { try flushPending(emit) }
            return
        }
        while true {
            try drain(emit)
            condition.lock()
            let inFlight = nextSequence - nextToEmit
            if inFlight < window
                || (inFlight < smallWindow && inFlightBytes + input.byteCount <= Self.smallWindowBytes) {
                inFlightBytes += input.byteCount
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
        if jobs == 1 {
            try flushPending(emit)
            return
        }
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

    /// One job: analyses the waiting inputs as one batch and emits them in order.
    private func flushPending(_ emit: (Result) throws -> Void) rethrows {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        try Self.emitEach(Self.analyze(batch: batch, pipeline: pipeline, encoding: encoding, keepsRecords: keepsRecords),
                          emit)
    }

    /// Emits `results` in order, each lent where it lies (`Array.forEachLent`), all freed with
    /// the array after: `for result in results` copied each, retaining every string and array of
    /// its input and record, and released them after; moved out one by one (reversed, then
    /// popped), each ~600-byte result was copied in memory two or three times.
    static func emitEach(_ results: [Result], _ emit: (Result) throws -> Void) rethrows {
        try results.forEachLent { _, result in try emit(result) }
    }

    /// Emits the finished batches that are next in input order.
    private func drain(_ emit: (Result) throws -> Void) rethrows {
        while true {
            condition.lock()
            guard let batch = done.removeValue(forKey: nextToEmit) else { condition.unlock(); return }
            nextToEmit += batch.count
            inFlightBytes -= batch.reduce(0) { $0 + $1.input.byteCount }
            condition.broadcast()
            condition.unlock()
            try Self.emitEach(batch, emit)
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
            // Take the next input and, while they are short, the ones queued after it (as many as
            // leave the other workers a share of what is queued).
            let firstSequence = queue[queueHead].0
            var batch = [queue[queueHead].1]
            var bytes = batch[0].byteCount
            queueHead += 1
            let share = max(1, (queue.count - queueHead + 1) / jobs)
            while queueHead < queue.count, batch.count < min(Self.batchLimit, share),
                  bytes + queue[queueHead].1.byteCount <= Self.batchBytes {
                bytes += queue[queueHead].1.byteCount
                batch.append(queue[queueHead].1)
                queueHead += 1
            }
            if queueHead > 64 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            condition.unlock()
            let results = Self.analyze(batch: batch, pipeline: pipeline, encoding: encoding, keepsRecords: keepsRecords)
            condition.lock()
            done[firstSequence] = results
            condition.broadcast()
            condition.unlock()
        }
    }
}
