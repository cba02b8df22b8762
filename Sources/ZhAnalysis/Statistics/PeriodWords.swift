import Foundation

/// The words of `Dictionaries/period-words.tsv` (`word<TAB>rule[<TAB>argument…]`): words naming a
/// period (今年, 上半年, 年底, 目前…) with how each is resolved, the comparison bases that are never a
/// period (同比, 上年同期), and the words that turn the period after them into a base (比, 较) or
/// into a point at its end (截至). Words are kept folded (simplified, NFKC) as the analysis text
/// is. An unknown rule or a missing argument is an error naming the line.
public struct PeriodWords: Sendable {
    /// How a period word is resolved (see the file's header).
    public enum Rule: Hashable, Sendable {
        case year(Int)
        case context
        case review
        case months(Int, Int)
        case end
        case start
        case month(Int)
        case day(Int)
        case now
        case since(Int)
        /// Whole years A…B, whatever the document's date (第一个五年计划 1953 1957 · 十四五 2021 2025).
        case years(Int, Int)
        /// The financial year N from the one the document's date falls in (上年度 -1): a calendar
        /// year unless the article names a body or region with another year (`FiscalYears`).
        case fiscal(Int)
        case base
    }

    /// Period words, longest first.
    public private(set) var words: [(word: [Unicode.Scalar], rule: Rule)] = []
    /// Words making the period after them a comparison base (比, 较), longest first.
    public private(set) var baseBefore: [[Unicode.Scalar]] = []
    /// Words making the period after them a point at its end (截至), longest first.
    public private(set) var through: [[Unicode.Scalar]] = []
    /// `words` by first code point (the candidates of `word(at:in:short:)`).
    private var index = FirstScalarIndex()
    /// The first two code points of the words of two or more: where no such pair starts, no word
    /// a scan without `short` takes does (many words share a first character: 第 begins 19).
    private var pairs = ScalarPairFilter()

    public static let fileName = "period-words.tsv"

    public init() {}

    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        let folder = TextFolder(script: .traditional)
        for row in try file.tabRows(minColumns: 2, maxColumns: 4) {
            let f = row.fields
            let word = Array(folder.fold(f[0]).unicodeScalars)
            let args = f.dropFirst(2).compactMap { Int($0) }
            func bad() -> ZhError {
                ZhError.malformedLexiconLine(file: file.path, line: row.number, text: f.joined(separator: "\t"))
            }
            guard args.count == f.count - 2 else { throw bad() }
            let rule: Rule
            switch (f[1], args.count) {
            case ("year", 1): rule = .year(args[0])
            case ("context", 0): rule = .context
            case ("review", 0): rule = .review
            case ("months", 2):
                guard (1...12).contains(args[0]), (args[0]...12).contains(args[1]) else { throw bad() }
                rule = .months(args[0], args[1])
            case ("end", 0): rule = .end
            case ("start", 0): rule = .start
            case ("month", 1): rule = .month(args[0])
            case ("day", 1): rule = .day(args[0])
            case ("now", 0): rule = .now
            case ("since", 1): rule = .since(args[0])
            case ("years", 2):
                guard args[0] <= args[1] else { throw bad() }
                rule = .years(args[0], args[1])
            case ("fiscal", 1): rule = .fiscal(args[0])
            case ("base", 0): rule = .base
            case ("baseBefore", 0): baseBefore.append(word); continue
            case ("through", 0): through.append(word); continue
            default: throw bad()
            }
            words.append((word, rule))
        }
        words.sort { $0.word.count > $1.word.count }
        baseBefore.sort { $0.count > $1.count }
        through.sort { $0.count > $1.count }
        index = FirstScalarIndex(words.map(\.word))
        for (w, _) in words where w.count >= 2 { pairs.insert(w[0].value, w[1].value) }
    }

    /// Loads the file from a dictionary directory; an absent file gives no words.
    public static func load(from directory: URL) throws -> PeriodWords {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return PeriodWords() }
        return try PeriodWords(contentsOf: url)
    }

    /// False where no period word starts (most positions of a text): a scan asks this first.
    @inline(__always) func mayStart(at p: Int, in s: [Unicode.Scalar]) -> Bool { index.mayStart(at: p, in: s) }

    /// The length and rule of the longest period word starting at `p` (one-character words only
    /// when `short` allows). (The length, not the word: returning the word retained it.)
    func word(at p: Int, in s: [Unicode.Scalar], short: Bool) -> (length: Int, rule: Rule)? {
        guard index.mayStart(at: p, in: s) else { return nil }
        if !short, !(p + 1 < s.count && pairs.contains(s[p].value, s[p + 1].value)) { return nil }
        // Words read in place.
        for k in index.candidates(at: p, in: s) where (short || words[k].word.count > 1) && StatisticCues.matches(s, p, words[k].word) {
            return (words[k].word.count, words[k].rule)
        }
        return nil
    }
}
