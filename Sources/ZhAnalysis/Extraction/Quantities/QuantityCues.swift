import Foundation

/// The closed word classes of `Dictionaries/quantity-cues.tsv` (`word<TAB>class[<TAB>approx]`):
/// approximation and bound words, linking and boundary words of subjects, time words, verbs of
/// change, rank and range words. Read once; the extractor keeps them as code-point arrays.
public struct QuantityCues: Sendable {
    public static let fileName = "quantity-cues.tsv"

    /// Approximation or bound words before the number, longest first.
    public private(set) var before: [(word: [Unicode.Scalar], approx: Approximation)] = []
    /// Approximation or bound words after the number and unit, longest first.
    public private(set) var after: [(word: [Unicode.Scalar], approx: Approximation)] = []
    public private(set) var linkingWords: [String] = []
    public private(set) var linkingChars: [Unicode.Scalar] = []
    public private(set) var boundaryWords: [String] = []
    public private(set) var servingVerbs: [String] = []
    /// Time words, longest first.
    public private(set) var timeWords: [[Unicode.Scalar]] = []
    public private(set) var averageWords: [String] = []
    /// `averageWords` as code points.
    private(set) var averageWordScalars: [[Unicode.Scalar]] = []
    /// Two-character verbs of change.
    public private(set) var changeVerbs: [[Unicode.Scalar]] = []
    public private(set) var changeVerbSet: Set<String> = []
    public private(set) var changeVerbChars: Set<Unicode.Scalar> = []
    public private(set) var changeAdverbs: [[Unicode.Scalar]] = []
    /// Words before 第N / 前N that make it a rank, longest first.
    public private(set) var rankWords: [[Unicode.Scalar]] = []
    /// Words after N届 that make it a meeting ordinal (二十届三中全会 · 十四届全国人大).
    public private(set) var meetingWords: [[Unicode.Scalar]] = []
    /// Words before a duration that make it frame another figure (近 · 连续 · 过去 · 前).
    public private(set) var frameBefore: [[Unicode.Scalar]] = []
    /// Words after a duration that make it frame another figure (来 · 以来 · 间 · 内).
    public private(set) var frameAfter: [[Unicode.Scalar]] = []
    /// Words joining the two bounds of a range, longest first.
    public private(set) var joinWords: [[Unicode.Scalar]] = []
    /// Dwellings and floor-area words after 尺 / 呎 that make it square feet (80尺劏房 · 400呎單位).
    public private(set) var floorAreaWords: [[Unicode.Scalar]] = []
    /// One-character counters that also begin common words (群 · 包 · 班): no unit where the
    /// segmenter reads a longer word from them (百万群众).
    public private(set) var wordInitialUnits: Set<Unicode.Scalar> = []
    /// Abstract nouns that a small numeral counts as a manner of speaking, not a statistic
    /// (三个方面 · 两种资源 · 四种指标).
    public private(set) var abstractNouns: [[Unicode.Scalar]] = []
    /// Heads of a noun phrase naming a project, plant or policy that a measure before it sizes
    /// (120万吨乙烯项目 · 240小时过境免签政策 · 30万千瓦机组): the figure is part of the name.
    public private(set) var sizedKindHeads: [[Unicode.Scalar]] = []
    /// Words after N期 that make it the phase of a project (二期工程 · 一期建成).
    public private(set) var phaseWords: [[Unicode.Scalar]] = []

    public init() {}

    public init(directory: URL) throws {
        try self.init(file: DictionaryFile(contentsOf: directory.appendingPathComponent(Self.fileName)))
    }

    public init(file: DictionaryFile) throws {
        for row in try file.tabRows(minColumns: 2, maxColumns: 3) {
            let f = row.fields
            // Built only when thrown (joining the fields costs more than parsing them).
            func bad() -> ZhError {
                ZhError.malformedLexiconLine(file: file.path, line: row.number, text: f.joined(separator: "\t"))
            }
            let word = f[0], scalars = Array(f[0].unicodeScalars)
            guard !scalars.isEmpty else { throw bad() }
            func approx() throws -> Approximation {
                guard f.count == 3, let a = Approximation(rawValue: f[2]) else { throw bad() }
                return a
            }
            switch f[1] {
            case "before": before.append((scalars, try approx()))
            case "after": after.append((scalars, try approx()))
            case "link": linkingWords.append(word)
            case "linkchar":
                guard scalars.count == 1 else { throw bad() }
                linkingChars.append(scalars[0])
            case "boundary": boundaryWords.append(word)
            case "serving": servingVerbs.append(word)
            case "time": timeWords.append(scalars)
            case "average": averageWords.append(word); averageWordScalars.append(scalars)
            case "change":
                guard scalars.count == 2 else { throw bad() }
                changeVerbs.append(scalars)
                changeVerbSet.insert(word)
            case "change1":
                guard scalars.count == 1 else { throw bad() }
                changeVerbChars.insert(scalars[0])
            case "adverb": changeAdverbs.append(scalars)
            case "rank": rankWords.append(scalars)
            case "join": joinWords.append(scalars)
            case "meeting": meetingWords.append(scalars)
            case "frame": frameBefore.append(scalars)
            case "frame-after": frameAfter.append(scalars)
            case "floor-area": floorAreaWords.append(scalars)
            case "abstract": abstractNouns.append(scalars)
            case "sized-kind": sizedKindHeads.append(scalars)
            case "phase": phaseWords.append(scalars)
            case "word-unit":
                guard scalars.count == 1 else { throw bad() }
                wordInitialUnits.insert(scalars[0])
            default: throw bad()
            }
        }
        // Longest first where a shorter word is a suffix or prefix of a longer one (不超过 · 超过).
        before.sort { $0.word.count > $1.word.count }
        after.sort { $0.word.count > $1.word.count }
        timeWords.sort { $0.count > $1.count }
        rankWords.sort { $0.count > $1.count }
        joinWords.sort { $0.count > $1.count }
    }
}
