import Dispatch
import Foundation
import Synchronization

/// The standard analysis: stages in the order of STYLE.md. Each extractor gets its dictionaries
/// here (injected, never global).
extension Pipeline {
    /// Choices for `standard(lexicons:options:background:)`.
    public struct StandardOptions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Leave out the keyword and topic stages (to measure what they cost, or when only
        /// entities and quantities are wanted).
        public static let noKeywords = StandardOptions(rawValue: 1 << 0)
        /// Segment with the trained model (`Segmenter.trained`, MSR standard) instead of the
        /// lexicon lattice. Off by default: the extractors are tuned to the lattice's boundaries and
        /// lose some NER F with the model (MSRA 0.745 → 0.742, People's Daily 0.752 → 0.748).
        public static let trainedSegmentation = StandardOptions(rawValue: 1 << 1)
    }

    /// `background`: the keyword stage's background IDF (`--idf FILE`, jieba's `idf.txt` format);
    /// nil uses the lexicon's word frequencies. `entities`: how the trained entity tagger's spans
    /// combine with the rule extractors' entities (`EntityCombination`); the tagger runs only when
    /// the dictionary folder holds its model (`ner.model`) and `entities` uses it.
    public static func standard(lexicons: LexiconSet, options: StandardOptions = [],
                                background: IDFTable? = nil, entities: EntityCombination = .standard) throws -> Pipeline {
        // Stages in order, built on all cores at once (start-up is a noticeable share of a short
        // run). Each takes the tables it needs from `lexicons.tables`, where every file is parsed
        // once, by the first stage that asks; the others wait for it.
        // `cost`: the costliest builds (the keyword term table, organisations, the article reader)
        // start first, so that no core is left with a large one at the end; stages keep their order.
        var makers: [@Sendable () throws -> any Stage] = []
        var costs: [Int] = []
        func add(cost: Int = 0, _ make: @escaping @Sendable () throws -> any Stage) {
            makers.append(make)
            costs.append(cost)
        }
        add { [trained = options.contains(.trainedSegmentation)] in
            trained ? try Segmenter.trained(lexicons: lexicons)
                    : try Segmenter(lexicon: lexicons.words, names: NameCandidates(names: lexicons.tables.names()))
        }
        add(cost: 1) { try ArticleReader(lexicons: lexicons) }
        add { try PlaceExtractor(lexicons: lexicons) }
        add { try PersonExtractor(lexicons: lexicons) }
        add(cost: 2) { try OrganizationExtractor(lexicons: lexicons) }
        let modelFile = lexicons.directory.appendingPathComponent(EntityModel.fileName)
        if entities.usesModel && FileManager.default.fileExists(atPath: modelFile.path) {
            add { try EntityTagger(lexicons: lexicons, combination: entities) }
        }
        add { try QuantityExtractor(lexicons: lexicons) }
        add { try StatisticClassifier(lexicons: lexicons) }
        add { try PeriodResolver(lexicons: lexicons) }
        add { try StatisticPlacer(lexicons: lexicons) }
        if !options.contains(.noKeywords) {
            add(cost: 3) { try KeywordExtractor(lexicons: lexicons, background: background) }
            add { try TopicScorer(lexicons: lexicons) }
        }
        // Last: entity names as written, scopes and short forms (the stages above read the
        // extractors' dictionary names).
        add { try EntityResolver(lexicons: lexicons) }
        // Units as written (the stages above compare Simplified units).
        add { WrittenUnits() }
        let built = StageSlots(count: makers.count)
        let todo = makers
        let order = todo.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
        // Two more tasks load what the first document would otherwise wait for: the folder's
        // script tables (ICU's transliterators, a large share of start-up), and ICU's dictionary
        // of Chinese words, which the first word break of Han text loads for every breaker of the
        // process (8 M instructions).
        DispatchQueue.concurrentPerform(iterations: todo.count + 2) { k in
            if k == todo.count { TextFolder.prepare(); return }
            if k == todo.count + 1 { _ = try? ICUWordBreaker(kind: .word).breaks(["中", "文"], in: 0..<2); return }
            let i = order[k]
            built.set(i, Result { try todo[i]() })
        }
        let stages = try built.results().map { try $0.get() }
        return Pipeline(stages: stages)
    }
}

/// Results of stage constructors running on several threads, in order.
private final class StageSlots: Sendable {
    private let slots: Mutex<[Result<any Stage, any Error>?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ result: Result<any Stage, any Error>) { slots.withLock { $0[i] = result } }

    /// Every result, in order (all have been set once `concurrentPerform` returns).
    func results() -> [Result<any Stage, any Error>] {
        slots.withLock { $0.map { $0 ?? .failure(ZhError.invalidArgument("stage not built")) } }
    }
}
