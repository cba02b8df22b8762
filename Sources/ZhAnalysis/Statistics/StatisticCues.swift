import Foundation

/// The words of `Dictionaries/statistic-cues.tsv` (`kind<TAB>word[<TAB>word]`): what a subject
/// may start with (scope), how subjects and indicator names may differ (stem, same), and the words
/// that tell a statistic's measure (change, level, rank, target, plan). Every word is kept folded
/// (simplified, NFKC) as the analysis text is. An unknown kind is an error naming the line.
public struct StatisticCues: Sendable {
    /// Words a subject may start with without changing the indicator (全省, 全年, 实现).
    public var scope: [String] = []
    /// Endings a subject and an indicator name may differ by (总额, 总量, 增速), longest first.
    public var stems: [String] = []
    /// Rewrites applied before matching (规模以上 → 规上).
    public var same: [(from: String, to: String)] = []
    /// Subjects that say too little alone (总量, 收入): the words before the number are read instead.
    public var generic: Set<String> = []
    /// Words standing between a subject and its number (达到, 突破, 约, 分别), dropped when reading back.
    public var lead: [[Unicode.Scalar]] = []
    /// Verbs of change right before a number (增长, 下降; one character only after a base: 同比增).
    public var change: [[Unicode.Scalar]] = []
    /// Words naming a change (增速, 跌幅).
    public var changeWords: [String] = []
    /// Verbs giving a new level (提高到, 降至): the figure after them is a level, not a change.
    public var level: [[Unicode.Scalar]] = []
    /// Verbs before a rank (居, 位列, 排名).
    public var rank: [[Unicode.Scalar]] = []
    /// Words making a figure a goal (预期目标, 力争, 计划), and phrases with them that do not (计划生育).
    public var target: [[Unicode.Scalar]] = []
    public var notTarget: [[Unicode.Scalar]] = []
    /// Words saying a figure was achieved (完成): a target word in the same clause does not count.
    public var done: [[Unicode.Scalar]] = []
    /// Words earlier in a sentence that make the figures after them goals (主要预期目标是：…).
    public var goal: [[Unicode.Scalar]] = []
    /// Heading words opening a plan section (主要预期目标, 工作安排).
    public var plan: [[Unicode.Scalar]] = []

    public static let fileName = "statistic-cues.tsv"
    static let kinds: Set<String> = ["scope", "stem", "same", "generic", "lead", "change", "changeword", "level",
                                     "rank", "target", "nottarget", "done", "goal", "plan"]

    public init() {}

    /// Reads the cue file. An unknown kind, or a `same` line without its second word, throws.
    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        let folder = TextFolder(script: .traditional)
        func scalars(_ s: String) -> [Unicode.Scalar] { Array(folder.fold(s).unicodeScalars) }
        for row in try file.tabRows(minColumns: 2, maxColumns: 3) {
            let kind = row.fields[0], word = folder.fold(row.fields[1])
            guard Self.kinds.contains(kind), !word.isEmpty, kind == "same" ? row.fields.count == 3 : row.fields.count == 2 else {
                throw ZhError.malformedLexiconLine(file: file.path, line: row.number, text: row.fields.joined(separator: "\t"))
            }
            switch kind {
            case "scope": scope.append(word)
            case "stem": stems.append(word)
            case "same": same.append((word, folder.fold(row.fields[2])))
            case "generic": generic.insert(word)
            case "lead": lead.append(scalars(word))
            case "change": change.append(scalars(word))
            case "changeword": changeWords.append(word)
            case "level": level.append(scalars(word))
            case "rank": rank.append(scalars(word))
            case "target": target.append(scalars(word))
            case "nottarget": notTarget.append(scalars(word))
            case "done": done.append(scalars(word))
            case "goal": goal.append(scalars(word))
            default: plan.append(scalars(word))
            }
        }
        // Longest first, so that 增长率 is tried before 增长 and 总金额 before 金额.
        stems.sort { $0.unicodeScalars.count > $1.unicodeScalars.count }
        scope.sort { $0.unicodeScalars.count > $1.unicodeScalars.count }
        for list in [\StatisticCues.lead, \.change, \.level, \.rank, \.target, \.notTarget, \.done, \.goal, \.plan] {
            self[keyPath: list].sort { $0.count > $1.count }
        }
    }

    /// Loads the cue file from a dictionary directory; an absent file gives no cues.
    public static func load(from directory: URL) throws -> StatisticCues {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return StatisticCues() }
        return try StatisticCues(contentsOf: url)
    }

    /// The word of `words` ending at `end` in `s` (not before `floor`), longest first.
    static func word(_ words: [[Unicode.Scalar]], endingAt end: Int, in s: [Unicode.Scalar], floor: Int) -> [Unicode.Scalar]? {
        for w in words where end - w.count >= floor && Self.matches(s, end - w.count, w) { return w }
        return nil
    }

    /// Whether any word of `words` occurs in `s[from..<to]`.
    static func contains(_ words: [[Unicode.Scalar]], in s: [Unicode.Scalar], from: Int, to: Int) -> Bool {
        firstMatch(words, in: s, from: from, to: to) != nil
    }

    /// The first occurrence of a word of `words` in `s[from..<to]`: its range.
    static func firstMatch(_ words: [[Unicode.Scalar]], in s: [Unicode.Scalar], from: Int, to: Int) -> Range<Int>? {
        var p = from
        while p < to {
            for w in words where p + w.count <= to && s[p] == w[0] && matches(s, p, w) { return p..<(p + w.count) }
            p += 1
        }
        return nil
    }

    @inline(__always) static func matches(_ s: [Unicode.Scalar], _ i: Int, _ w: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + w.count <= s.count else { return false }
        for k in 0..<w.count where s[i + k] != w[k] { return false }
        return true
    }
}
