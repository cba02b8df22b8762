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
    /// The same sets as flags per BMP code point, read on the segmenter's hot path (no hashing).
    private var flags = ScalarFlags()
    private static let singleSurname: UInt8 = 1, compoundSurname: UInt8 = 2, given: UInt8 = 4, foreign: UInt8 = 8

    public init() {}

    /// Candidates from the name tables (`DictionaryTables.names()`; an empty table disables that
    /// kind of candidate).
    public init(names: NameTables) {
        for surname in names.surnames {
            let chars = Array(surname.name.unicodeScalars)
            guard (1...2).contains(chars.count) else { continue }
            let key = chars.count == 1 ? UInt64(chars[0].value) : Self.pack(chars[0], chars[1])
            surnames[key] = Surname(weight: surname.weight, ambiguous: surname.ambiguous)
            flags.insert(CollectionOfOne(chars[0]), chars.count == 1 ? Self.singleSurname : Self.compoundSurname)
        }
        for given in names.givenCharacters { givenWeights[given.character] = given.weight }
        foreignChars = Set(names.foreignCharacters)
        flags.insert(givenWeights.keys, Self.given)
        flags.insert(foreignChars, Self.foreign)
    }

    /// Whether `c` may begin a surname of `length` characters (a BMP code point's flag; the
    /// table itself above the BMP).
    @inline(__always) private func mayBeginSurname(_ c: Unicode.Scalar, length: Int) -> Bool {
        c.value >= 0x10000 || flags.contains(c, length == 1 ? Self.singleSurname : Self.compoundSurname)
    }

    @inline(__always) private func isGiven(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x10000 ? flags.contains(c, Self.given) : givenWeights[c] != nil
    }

    @inline(__always) private func isForeign(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x10000 ? flags.contains(c, Self.foreign) : foreignChars.contains(c)
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
        for surnameLength in stride(from: 2, through: 1, by: -1) where surnameLength < run {
            guard mayBeginSurname(s[start], length: surnameLength) else { continue }
            let key = surnameLength == 1 ? UInt64(s[start].value) : Self.pack(s[start], s[start + 1])
            guard let surname = surnames[key] else { continue }
            let afterSurname = start + surnameLength
            for givenLength in stride(from: 2, through: 1, by: -1) where afterSurname + givenLength <= singleUntil {
                guard isGiven(s[afterSurname]), givenLength == 1 || isGiven(s[afterSurname + 1]) else { continue }
                let given = s[afterSurname..<afterSurname + givenLength]
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
            while i < limit, isForeign(s[i]) { i += 1 }
            if i - start >= 3, i - start <= Self.maxForeignNameLength {
                body(Candidate(end: i, frequency: 60 * Double(i - start), surnameEnd: nil))
            }
        }
    }
}
