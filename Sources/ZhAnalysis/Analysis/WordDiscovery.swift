import Foundation

/// New-word discovery from raw text: character n-grams (2–4 ideographs) that occur often, hold
/// together, and appear in varied contexts.
///
/// For each candidate w with count c(w) over N ideographs:
/// - *cohesion*: the minimum over the ways to cut w in two (a|b) of the pointwise mutual
///   information `log(c(w)·N / (c(a)·c(b)))` — a word's parts occur together far more than
///   chance, whatever the cut; a string that spans a word boundary (街道社) has a weak cut.
/// - *boundary entropy*: the entropy of the characters just left and just right of w. Each
///   occurrence at the edge of a run (punctuation, line or text edge) counts as a distinct
///   neighbour. A fragment of a longer word (共富工 in 共富工坊) has one right neighbour, entropy 0.
/// - score = `min(leftEntropy, rightEntropy) × min(cohesion, cohesionCap) × log(1 + count)`.
///
/// Rejected: candidates starting or ending with a stop character (the one-character stopwords:
/// 的, 了, 和…); candidates whose left or right edge falls strictly inside a known word in more
/// than half of their occurrences (fragments and strings spanning a word boundary: 服务中 of
/// 服务中心, 年人 of 未成年人, 街道社 of 街道|社工); candidates that are two known multi-character
/// words side by side (a phrase, not a new word); and — unless `knownWords == .include` — words
/// the lexicon already has. Occurrences next to a digit share one neighbour, so 余人 (5000余人)
/// has no left entropy.
/// Only runs of ideographs are read, so punctuation, digits and Latin never enter a candidate.
public struct WordDiscovery: Sendable {
    public enum KnownWords: String, Sendable, CaseIterable { case skip, include }

    public struct Options: Sendable {
        public var minLength = 2
        public var maxLength = 4
        public var minCount = 3
        /// Minimum cohesion (natural log).
        public var minCohesion = 1.0
        /// Minimum of the two boundary entropies (nats).
        public var minEntropy = 0.5
        /// Cohesion above this adds nothing to the score (rare pairs have huge PMI).
        public var cohesionCap = 6.0
        public var knownWords: KnownWords = .skip
        public init() {}
    }

    public struct Candidate: Hashable, Codable, Sendable {
        public var word: String
        public var count: Int
        public var cohesion: Double
        public var leftEntropy: Double
        public var rightEntropy: Double
        public var score: Double
        /// Whether the lexicon already has the word (listed only with `knownWords == .include`).
        public var known: Bool
    }

    public var options: Options
    public let stopCharacters: Set<UInt32>
    public let lexicon: Lexicon

    public init(stopCharacters: Set<UInt32>, lexicon: Lexicon = Lexicon(), options: Options = Options()) {
        self.stopCharacters = stopCharacters
        self.lexicon = lexicon
        self.options = options
    }

    /// Uses the stop characters of `stopwords.txt` and the segmentation lexicon.
    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        self.init(stopCharacters: try StopwordList(directory: lexicons.directory).stopCharacters,
                  lexicon: lexicons.words, options: options)
    }

    /// Up to five 20-bit character ids packed into two words (id + 1; 0 = none).
    struct Gram: Hashable {
        var hi: UInt64 = 0
        var lo: UInt64 = 0

        init(_ ids: ArraySlice<Int32>) {
            var k = 0
            for id in ids {
                let v = UInt64(id + 1) & 0xFFFFF
                if k < 3 { hi |= v << UInt64(20 * k) } else { lo |= v << UInt64(20 * (k - 3)) }
                k += 1
            }
        }
    }

    /// Ranked candidates over texts (each an array of folded code points), best first.
    public func discover(_ texts: [[Unicode.Scalar]]) -> [Candidate] {
        // Dense character ids; runs of ideographs.
        var charId: [UInt32: Int32] = [:]
        var chars: [Unicode.Scalar] = []
        var runs: [[Int32]] = []
        var runText: [[Unicode.Scalar]] = []
        var digitEdges: [(left: Bool, right: Bool)] = []
        var total = 0
        for text in texts {
            var run: [Int32] = []
            var runStart = 0
            for (k, s) in text.enumerated() {
                if CharacterClass.isHan(s) {
                    if run.isEmpty { runStart = k }
                    let id: Int32
                    if let known = charId[s.value] { id = known } else {
                        id = Int32(chars.count)
                        charId[s.value] = id
                        chars.append(s)
                    }
                    run.append(id)
                    total += 1
                } else if !run.isEmpty {
                    runs.append(run)
                    runText.append(Array(text[runStart..<k]))
                    digitEdges.append((runStart > 0 && NumberScanner.isDigit(text[runStart - 1]), NumberScanner.isDigit(s)))
                    run.removeAll(keepingCapacity: true)
                }
            }
            if !run.isEmpty {
                runs.append(run)
                runText.append(Array(text[runStart...]))
                digitEdges.append((runStart > 0 && NumberScanner.isDigit(text[runStart - 1]), false))
            }
        }
        guard total > 0, chars.count < 0xFFFFF else { return [] }
        let maxN = options.maxLength

        // Counts of n-grams, n = 1 … maxLength + 1 (the longest only for neighbour entropy).
        var counts: [Gram: Int] = [:]
        for run in runs {
            let slice = run[...]
            for i in 0..<run.count {
                for n in 1...(maxN + 1) where i + n <= run.count {
                    counts[Gram(slice[i..<(i + n)]), default: 0] += 1
                }
            }
        }
        // Σ c·log c of left and right neighbours, per n-gram.
        var rightSum: [Gram: Double] = [:]
        var leftSum: [Gram: Double] = [:]
        // Occurrences next to a digit share one neighbour ("a number"): 5000余人, 1100余人次.
        var digitLeft: [Gram: Int] = [:]
        var digitRight: [Gram: Int] = [:]
        // Occurrences with an edge strictly inside a known word (街道社|工, 服务中|心).
        var crossing: [Gram: Int] = [:]
        for (r, run) in runs.enumerated() {
            let slice = run[...]
            let inside = insideKnownWord(runText[r])
            for i in 0..<run.count {
                for n in options.minLength...maxN where i + n <= run.count {
                    let g = Gram(slice[i..<(i + n)])
                    if i == 0 && digitEdges[r].left { digitLeft[g, default: 0] += 1 }
                    if i + n == run.count && digitEdges[r].right { digitRight[g, default: 0] += 1 }
                    if inside[i] || inside[i + n] { crossing[g, default: 0] += 1 }
                }
            }
        }
        for (g, d) in digitLeft where d > 1 { leftSum[g, default: 0] += Double(d) * log(Double(d)) }
        for (g, d) in digitRight where d > 1 { rightSum[g, default: 0] += Double(d) * log(Double(d)) }
        // Walk each distinct (n+1)-gram once: rebuild it from a run occurrence.
        var seen: Set<Gram> = []
        for run in runs {
            let slice = run[...]
            for i in 0..<run.count {
                for n in (options.minLength + 1)...(maxN + 1) where i + n <= run.count {
                    let g = Gram(slice[i..<(i + n)])
                    guard seen.insert(g).inserted, let c = counts[g] else { continue }
                    let cl = Double(c) * log(Double(c))
                    rightSum[Gram(slice[i..<(i + n - 1)]), default: 0] += cl
                    leftSum[Gram(slice[(i + 1)..<(i + n)]), default: 0] += cl
                }
            }
        }

        var result: [Candidate] = []
        var done: Set<Gram> = []
        let logN = log(Double(total))
        for run in runs {
            let slice = run[...]
            for i in 0..<run.count {
                for n in options.minLength...maxN where i + n <= run.count {
                    let ids = slice[i..<(i + n)]
                    let g = Gram(ids)
                    guard done.insert(g).inserted, let c = counts[g], c >= options.minCount else { continue }
                    guard !stopCharacters.contains(chars[Int(ids.first!)].value),
                          !stopCharacters.contains(chars[Int(ids.last!)].value) else { continue }
                    var cohesion = Double.infinity
                    for cut in 1..<n {
                        let a = counts[Gram(slice[i..<(i + cut)])] ?? 1
                        let b = counts[Gram(slice[(i + cut)..<(i + n)])] ?? 1
                        cohesion = min(cohesion, log(Double(c)) + logN - log(Double(a)) - log(Double(b)))
                    }
                    guard cohesion >= options.minCohesion else { continue }
                    let cd = Double(c)
                    let right = log(cd) - (rightSum[g] ?? 0) / cd
                    let left = log(cd) - (leftSum[g] ?? 0) / cd
                    guard min(left, right) >= options.minEntropy else { continue }
                    guard 2 * (crossing[g] ?? 0) <= c else { continue }
                    var word = String.UnicodeScalarView()
                    for id in ids { word.append(chars[Int(id)]) }
                    let text = String(word)
                    let known = lexicon.contains(text)
                    if known && options.knownWords == .skip { continue }
                    if !known && isCompound(Array(word)) { continue }
                    let score = min(left, right) * min(cohesion, options.cohesionCap) * log(1 + cd)
                    result.append(Candidate(word: text, count: c, cohesion: cohesion, leftEntropy: left,
                                            rightEntropy: right, score: score, known: known))
                }
            }
        }
        result.sort { $0.score != $1.score ? $0.score > $1.score : $0.word < $1.word }
        return result
    }

    /// `inside[b]`: boundary `b` of the run (between characters b−1 and b) lies strictly inside
    /// a known word of two or more characters, at a place where that word does not split into
    /// two known words of two or more characters (普惠|托育 is a seam; 服务中|心, 未成|年人 and
    /// 今|年 are not).
    func insideKnownWord(_ run: [Unicode.Scalar]) -> [Bool] {
        var inside = [Bool](repeating: false, count: run.count + 1)
        guard lexicon.count > 0 else { return inside }
        for s in 0..<run.count {
            lexicon.forEachMatch(in: run, from: s, limit: run.count) { e, _ in
                guard e - s >= 2 else { return }
                for b in (s + 1)..<e where !inside[b] {
                    let seam = b - s >= 2 && e - b >= 2 && isWord(run, s, b) && isWord(run, b, e)
                    if !seam { inside[b] = true }
                }
            }
        }
        return inside
    }

    private func isWord(_ run: [Unicode.Scalar], _ s: Int, _ e: Int) -> Bool {
        var found = false
        lexicon.forEachMatch(in: run, from: s, limit: e) { end, _ in if end == e { found = true } }
        return found
    }

    /// Two known words of two or more characters each, side by side (乡村人才 = 乡村 + 人才).
    func isCompound(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count >= 4 else { return false }
        for cut in 2...(s.count - 2) {
            var a = String.UnicodeScalarView(), b = String.UnicodeScalarView()
            a.append(contentsOf: s[..<cut])
            b.append(contentsOf: s[cut...])
            if lexicon.contains(String(a)) && lexicon.contains(String(b)) { return true }
        }
        return false
    }
}
