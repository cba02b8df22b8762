import Foundation

/// `Dictionaries/stopwords.txt`: words that are never keywords, and generic words whose keyword
/// weight is damped.
///
/// Line format: `word` (a stopword) or `word<TAB>factor` (a generic word, weight × factor,
/// 0 < factor < 1). Single-character stopwords (的, 了, 和…) are also the *stop characters* that
/// new-word discovery refuses at either end of a candidate.
public struct StopwordList: Sendable, OptionalDictionary {
    public private(set) var stopwords: Set<String> = []
    public private(set) var generic: [String: Double] = [:]
    /// Code points of single-character stopwords.
    public private(set) var stopCharacters: Set<UInt32> = []

    public static let fileName = "stopwords.txt"

    public init() {}

    public init(stopwords: Set<String>, generic: [String: Double] = [:]) {
        for w in stopwords { insertStopword(w) }
        self.generic = generic
    }

    /// Loads `stopwords.txt` from a dictionaries folder (an empty list when the file is absent).
    public init(directory: URL) throws {
        self = try Self.load(directory: directory)
    }

    public init(contentsOf url: URL) throws {
        let file = try DictionaryFile(contentsOf: url)
        for row in try file.tabRows(minColumns: 1, maxColumns: 2) {
            let word = row.fields[0]
            if row.fields.count == 2 {
                guard let f = Double(row.fields[1]), f > 0, f <= 1 else {
                    throw ZhError.malformedLexiconLine(file: file.path, line: row.number, text: row.fields.joined(separator: "\t"))
                }
                generic[word] = f
            } else {
                insertStopword(word)
            }
        }
    }

    private mutating func insertStopword(_ word: String) {
        stopwords.insert(word)
        let scalars = word.unicodeScalars
        if scalars.count == 1, let c = scalars.first { stopCharacters.insert(c.value) }
    }

    public func isStopword(_ word: String) -> Bool { stopwords.contains(word) }

    /// Weight factor of a word: 1 for ordinary words, the file's factor for generic ones.
    public func factor(_ word: String) -> Double { generic[word] ?? 1 }
}
