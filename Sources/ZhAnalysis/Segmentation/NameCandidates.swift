import Foundation

/// Proposes whole-word candidates for the runs of single characters ICU emits for words its
/// dictionary lacks: Chinese personal names (surname + one or two given-name characters) and
/// transliterated foreign names (a run of transliteration characters such as 拉姆斯菲尔德).
///
/// Only spans whose every character ICU already cut out on its own are proposed, so a name
/// never swallows a word ICU knows (王明天 stays 王 明天). The lattice still weighs each
/// candidate against the lexicon.
public struct NameCandidates: Sendable {
    struct Surname: Sendable { var weight: Double; var ambiguous: Bool }
    /// Keyed by the surname's code points packed into an integer (one or two characters).
    private var surnames: [UInt64: Surname] = [:]
    private var givenWeights: [Unicode.Scalar: Double] = [:]
    private var foreignChars: Set<Unicode.Scalar> = []

    public init() {}

    /// Loads `surnames.tsv`, `given-chars.tsv` and `foreign-name-chars.txt` from `directory`
    /// (any missing file simply disables that kind of candidate).
    public init(directory: URL) throws {
        let fm = FileManager.default
        let surnameURL = directory.appendingPathComponent("surnames.tsv")
        if fm.fileExists(atPath: surnameURL.path) {
            for row in try DictionaryFile(contentsOf: surnameURL).tabRows(minColumns: 2, maxColumns: 3) {
                guard let w = Double(row.fields[1]) else {
                    throw ZhError.malformedLexiconLine(file: surnameURL.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                let chars = Array(row.fields[0].unicodeScalars)
                guard (1...2).contains(chars.count) else { continue }
                let key = chars.count == 1 ? UInt64(chars[0].value) : Self.pack(chars[0], chars[1])
                surnames[key] = Surname(weight: w, ambiguous: row.fields.count == 3 && row.fields[2] == "ambiguous")
            }
        }
        let givenURL = directory.appendingPathComponent("given-chars.tsv")
        if fm.fileExists(atPath: givenURL.path) {
            for row in try DictionaryFile(contentsOf: givenURL).tabRows(minColumns: 2, maxColumns: 2) {
                guard let c = row.fields[0].unicodeScalars.first, row.fields[0].unicodeScalars.count == 1, let w = Double(row.fields[1]) else {
                    throw ZhError.malformedLexiconLine(file: givenURL.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                givenWeights[c] = w
            }
        }
        let foreignURL = directory.appendingPathComponent("foreign-name-chars.txt")
        if fm.fileExists(atPath: foreignURL.path) {
            for line in try DictionaryFile(contentsOf: foreignURL).lines {
                if let c = line.text.unicodeScalars.first { foreignChars.insert(c) }
            }
        }
    }

    @inline(__always) static func pack(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) << 21 | UInt64(b.value) | 1 << 63
    }

    public var isEmpty: Bool { surnames.isEmpty && foreignChars.isEmpty }

    /// A candidate: end offset, pseudo-frequency, and where the surname ends (for split styles).
    public struct Candidate: Sendable {
        public var end: Int
        public var frequency: Double
        public var surnameEnd: Int?
    }

    /// Candidates starting at `start`. `singleUntil` is the end of the run of single-character ICU
    /// segments that begins at `start` (no candidate may pass it).
    public func candidates(in s: [Unicode.Scalar], at start: Int, singleUntil: Int) -> [Candidate] {
        var result: [Candidate] = []
        forEachCandidate(in: s, at: start, singleUntil: singleUntil) { result.append($0) }
        return result
    }

    /// Longest transliterated name, dots included (穆罕默德·本·拉希德·阿勒马克图姆 has 16): runs
    /// of transliteration characters longer than this are no name.
    public static let maxForeignNameLength = 24

    /// The same candidates, handed to `body` one by one (no allocation on the segmenter's hot path).
    @inline(__always)
    public func forEachCandidate(in s: [Unicode.Scalar], at start: Int, singleUntil: Int, _ body: (Candidate) -> Void) {
        let run = singleUntil - start
        guard run >= 2 else { return }
        // Chinese names: compound or single surname, then one or two given characters.
        for surnameLength in [2, 1] where surnameLength < run {
            let key = surnameLength == 1 ? UInt64(s[start].value) : Self.pack(s[start], s[start + 1])
            guard let surname = surnames[key] else { continue }
            let afterSurname = start + surnameLength
            for givenLength in [2, 1] where afterSurname + givenLength <= singleUntil {
                let given = s[afterSurname..<afterSurname + givenLength]
                guard given.allSatisfy({ givenWeights[$0] != nil }) else { continue }
                if surname.ambiguous && givenLength == 1 && surnameLength == 1 { continue }
                let g = given.reduce(1.0) { $0 * min(1, (givenWeights[$1] ?? 0) / 1000) }
                let s = min(1, surname.weight / 5000)
                let base = givenLength == 2 ? 400.0 : 120.0
                let f = base * pow(g, 0.5) * pow(s, 0.3) * (surname.ambiguous ? 0.3 : 1)
                body(Candidate(end: afterSurname + givenLength, frequency: f, surnameEnd: afterSurname))
            }
            break
        }
        // Transliterated names: three or more transliteration characters in a row, and no more
        // than a name has (a longer run is no name; scanning it to its end from every start made
        // 21,845 × 斯 take 17 s).
        if !foreignChars.isEmpty {
            var i = start
            let limit = min(singleUntil, start + Self.maxForeignNameLength + 1)
            while i < limit, foreignChars.contains(s[i]) { i += 1 }
            if i - start >= 3, i - start <= Self.maxForeignNameLength {
                body(Candidate(end: i, frequency: 60 * Double(i - start), surnameEnd: nil))
            }
        }
    }
}
