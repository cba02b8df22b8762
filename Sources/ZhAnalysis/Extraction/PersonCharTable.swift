import Foundation

/// Per-character facts the person extractor asks at nearly every position (is it a surname's
/// first character, a transliteration character, a one-character word with a function tag, a
/// given-name character and its weight, …), answered by one array read instead of trie walks,
/// hash lookups or tag-string comparisons. Built once per extractor from its tables; BMP
/// characters live in direct arrays, the rare others in small dictionaries.
struct PersonCharTable: Sendable {
    static let surnameStart: UInt16 = 1 << 0
    static let surnameSingle: UInt16 = 1 << 1
    static let foreignChar: UInt16 = 1 << 2
    static let foreignNameStart: UInt16 = 1 << 3
    static let prefix: UInt16 = 1 << 4
    static let given: UInt16 = 1 << 5
    /// A one-character word of the segmentation lexicon.
    static let singleWord: UInt16 = 1 << 6
    static let singleFunction: UInt16 = 1 << 7
    static let singleParticle: UInt16 = 1 << 8
    static let singleVerb: UInt16 = 1 << 9
    static let speechStart: UInt16 = 1 << 10
    static let titleStart: UInt16 = 1 << 11
    static let titleEnd: UInt16 = 1 << 12
    static let suffixStart: UInt16 = 1 << 13
    static let notPersonStart: UInt16 = 1 << 14
    /// A given-name character whose weight is below 300 (function-word readings count against it).
    static let givenWeak: UInt16 = 1 << 15
    /// `wordFlags` bits: the word is tagged `nr`; its tag is one of `PersonExtractor.nameTags`.
    static let wordNR: UInt8 = 1 << 0
    static let wordNameTag: UInt8 = 1 << 1

    private let bmp: [UInt16]
    private let astral: [UInt32: UInt16]
    private let givenAstral: [UInt32: Double]
    /// BMP character → index into `givenScores` (valid when the `given` flag is set).
    private let givenSlot: [UInt16]
    private let givenScores: [Double]
    /// Words-lexicon entry index → `wordNR` / `wordNameTag`.
    let wordFlags: [UInt8]
    /// Surname entry index → tagged "ambiguous".
    let surnameAmbiguous: [Bool]
    /// Surname entry index → the score its weight gives a full name.
    let surnameScore: [Double]

    init(table: PersonLexicon, words: Lexicon) {
        var bmp = [UInt16](repeating: 0, count: 0x10000)
        var astral: [UInt32: UInt16] = [:]
        func mark(_ v: UInt32, _ f: UInt16) {
            if v < 0x10000 { bmp[Int(v)] |= f } else { astral[v, default: 0] |= f }
        }
        func markEdges(_ lex: Lexicon, first: UInt16, last: UInt16 = 0) {
            for e in lex.entries {
                if let s = e.word.unicodeScalars.first { mark(s.value, first) }
                if last != 0, let s = e.word.unicodeScalars.last { mark(s.value, last) }
            }
        }
        func single(_ word: String) -> UInt32? {
            var it = word.unicodeScalars.makeIterator()
            guard let s = it.next(), it.next() == nil else { return nil }
            return s.value
        }
        markEdges(table.surnames, first: Self.surnameStart)
        for e in table.surnames.entries { if let v = single(e.word) { mark(v, Self.surnameSingle) } }
        for v in table.foreignChars { mark(v, Self.foreignChar) }
        markEdges(table.foreignNames, first: Self.foreignNameStart)
        for v in table.prefixes { mark(v, Self.prefix) }
        markEdges(table.speech, first: Self.speechStart)
        markEdges(table.titles, first: Self.titleStart, last: Self.titleEnd)
        markEdges(table.suffixes, first: Self.suffixStart)
        markEdges(table.notPerson, first: Self.notPersonStart)
        var givenAstral: [UInt32: Double] = [:]
        var givenSlot = [UInt16](repeating: 0, count: 0x10000)
        var givenScores: [Double] = []
        var slotOfScore: [UInt64: UInt16] = [:]
        for (v, w) in table.givenWeights {
            mark(v, Self.given)
            if w < 300 { mark(v, Self.givenWeak) }
            if v < 0x10000 {
                let score = Self.givenScore(weight: w)
                if slotOfScore[score.bitPattern] == nil {
                    slotOfScore[score.bitPattern] = UInt16(givenScores.count)
                    givenScores.append(score)
                }
                givenSlot[Int(v)] = slotOfScore[score.bitPattern] ?? 0
            } else {
                givenAstral[v] = w
            }
        }
        // What each word's tag says, worked out once per distinct tag: the word's flags, and the
        // character's flags should the word be one character.
        let byTag = words.mapTags { tag -> (word: UInt8, single: UInt16) in
            var w: UInt8 = 0, f = Self.singleWord
            if tag == "nr" { w |= Self.wordNR }
            if PersonExtractor.nameTags.contains(tag) { w |= Self.wordNameTag }
            if PersonExtractor.functionTags.contains(tag) { f |= Self.singleFunction }
            if PersonExtractor.particleTags.contains(tag) { f |= Self.singleParticle }
            if tag == "v" { f |= Self.singleVerb }
            return (w, f)
        }
        let wordFlags = byTag.map(\.word)
        for (k, e) in words.entries.enumerated() {
            if let v = single(e.word) { mark(v, byTag[k].single) }
        }
        self.bmp = bmp
        self.astral = astral
        self.givenAstral = givenAstral
        self.givenSlot = givenSlot
        self.givenScores = givenScores
        self.wordFlags = wordFlags
        surnameAmbiguous = table.surnames.entries.map { $0.tag == "ambiguous" }
        surnameScore = table.surnames.entries.map { Self.surnameScore(weight: $0.frequency) }
    }

    static func surnameScore(weight: Double) -> Double { min(1.0, log10(max(weight, 1)) / 5) }
    static func givenScore(weight: Double) -> Double { min(1.0, log10(max(weight, 1)) / 3) }


    @inline(__always) func flags(_ s: Unicode.Scalar) -> UInt16 {
        let v = s.value
        // (`bmp` has an entry for every BMP code point: read without a bounds check.)
        return v < 0x10000 ? bmp.withUnsafeBufferPointer { $0[Int(v)] } : (astral[v] ?? 0)
    }

    @inline(__always) func has(_ s: Unicode.Scalar, _ f: UInt16) -> Bool { flags(s) & f != 0 }

    /// The score a listed given-name character adds (only meaningful when the `given` flag is set).
    @inline(__always) func givenScore(_ s: Unicode.Scalar) -> Double {
        let v = s.value
        return v < 0x10000 ? givenScores[Int(givenSlot[Int(v)])] : Self.givenScore(weight: givenAstral[v] ?? 0)
    }
}
