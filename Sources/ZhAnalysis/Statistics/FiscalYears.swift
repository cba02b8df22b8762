import Foundation

/// The bodies of `Dictionaries/fiscal-years.tsv` (`name<TAB>first month<TAB>kind`) whose financial
/// year does not start in January (海洋公园 7 · 医院管理局 4), the words after a split year that set
/// its start (2016/17学年 → September), and regions whose public bodies share one (香港 4). Names are
/// kept folded (simplified, NFKC) as the analysis text is. A bad month or kind is an error naming
/// the line.
public struct FiscalYears: Sendable {
    public enum Kind: String, Sendable { case owner, after, region }

    /// Entries, longest name first.
    public private(set) var entries: [(name: [Unicode.Scalar], month: Int, kind: Kind)] = []
    /// `entries` by first code point (the candidates at a position of a text).
    private var index = FirstScalarIndex()

    public static let fileName = "fiscal-years.tsv"

    public init() {}

    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        let folder = TextFolder(script: .traditional)
        for row in try file.tabRows(minColumns: 3, maxColumns: 3) {
            let f = row.fields
            guard let month = Int(f[1]), (1...12).contains(month), let kind = Kind(rawValue: f[2]) else {
                throw ZhError.malformedLexiconLine(file: file.path, line: row.number, text: f.joined(separator: "\t"))
            }
            entries.append((Array(folder.fold(f[0]).unicodeScalars), month, kind))
        }
        entries.sort { $0.name.count > $1.name.count }
        index = FirstScalarIndex(entries.map(\.name))
    }

    /// Loads the file from a dictionary directory; an absent file gives no entries.
    public static func load(from directory: URL) throws -> FiscalYears {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return FiscalYears() }
        return try FiscalYears(contentsOf: url)
    }

    /// The first month of the year of the body or region named most often in `s[from..<to]` (an
    /// owner before a region; ties: the longer name, then the earlier entry); nil when none is named.
    func startMonth(in s: [Unicode.Scalar], from: Int, to: Int) -> (month: Int, kind: Kind)? {
        // Counts are kept from the first name found on (most texts name none).
        var counts: [Int] = []
        var p = from
        while p < to {
            // The first candidate named here (a loop reading the entries in place: a closure
            // copied each entry it looked at).
            var k = -1
            if index.mayStart(at: p, in: s) {
                for c in index.candidates(at: p, in: s) where entries[c].kind != .after {
                    if p + entries[c].name.count <= to && StatisticCues.matches(s, p, entries[c].name) { k = c; break }
                }
            }
            if k >= 0 {
                if counts.isEmpty { counts = [Int](repeating: 0, count: entries.count) }
                counts[k] += 1
                p += entries[k].name.count
            } else {
                p += 1
            }
        }
        if counts.isEmpty { return nil }
        for kind in [Kind.owner, .region] {
            var best: Int?
            for k in entries.indices where entries[k].kind == kind && counts[k] > 0 {
                if best == nil || counts[k] > counts[best!] { best = k }
            }
            if let b = best { return (entries[b].month, kind) }
        }
        return nil
    }

    /// The first month set by a word right after a split year (学年 → 9).
    func monthAfter(_ s: [Unicode.Scalar], at p: Int) -> Int? {
        guard index.mayStart(at: p, in: s) else { return nil }
        return index.candidates(at: p, in: s).first { entries[$0].kind == .after && StatisticCues.matches(s, p, entries[$0].name) }
            .map { entries[$0].month }
    }
}
