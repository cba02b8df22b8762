// zhkb-train ner: trains Dictionaries/ner.model (the entity tagger) from People's Daily January
// 1998 (word/tag format) and, with --msra, the MSRA NER training set (character-per-line format).
//
//   zhkb-train ner CORPUS --out DIR [--msra FILE] [--exclude FILE,FILE…] [--dictionaries DIR]
//                  [--epochs N] [--bits B] [--holdout N]
//
// Gold entities of People's Daily come from the corpus's tags (`GoldEntities`): a person is a run of
// nr words (a surname word and its given name join; 江/nr 泽民/nr → 江泽民), a place an ns word, an
// organisation an nt word or a run of words from a proper name (ns, nt, nz, j) to an organisation
// head of `org-suffixes.tsv` (北京/ns 市委/n 宣传部/n → 北京市委宣传部: this copy of the corpus
// has lost the bracketed compounds of the original), and runs of words that spell a gazetteer or
// known organisation name take that type whole; MSRA's BMES tags are read as written. Every
// sentence of an --exclude set (evaluation data, in character-per-line format) is dropped, with
// the training sentences that share a run of 12 characters with one (`ExcludedSentences`).
// Features: `EntityFeatures` over the lattice segmenter's words (the standard pipeline's), shared
// with the tagger.
import Dispatch
import Foundation
import ZhAnalysis

enum EntityTraining {
    struct Sentence { var start: Int; var count: Int }

    static func run(_ arguments: [String]) throws {
        let options = TrainingOptions.parse(arguments, epochs: 8,
                                            usage: "usage: zhkb-train ner CORPUS --out DIR [--msra FILE] [--exclude FILE,FILE…] [--dictionaries DIR] [--epochs N] [--bits B] [--holdout N]",
                                            extraOptions: ["--msra", "--exclude"])
        let bits = options.bits, holdout = options.holdout
        let started = Date()
        let paragraphs = readCorpus(options.corpusPath)

        let lexicons = try LexiconSet.load(dictionaries: options.dictionaries)
        let tables = try EntityFeatures.Tables(tables: lexicons.tables)
        let segmenter = try Segmenter(lexicon: lexicons.words, names: NameCandidates(names: lexicons.tables.names()))
        let labeller = try GoldEntities(tables: lexicons.tables)
        // The rule extractors (the standard pipeline up to the tagger's place) give the rules'
        // reading of every character, a feature of the model.
        let standard = try Pipeline.standard(lexicons: lexicons, options: [.noKeywords], entities: EntityCombination(all: .rules))
        let rules = Pipeline(stages: Array(standard.stages.prefix { !($0 is QuantityExtractor) }))
        let classes = EntityFeatures.classTable()
        let folder = TextFolder()
        // Sentences of evaluation sets (and of the MSRA test set) that training must not see.
        let excluded = (options.extra["--exclude"] ?? "").split(separator: ",").map { ExcludedSentences(path: String($0), folder: folder) }
        if excluded.isEmpty { note("exclude: no evaluation sets given; no sentence is dropped") }
        let count = EntityFeatures.count
        let shift = UInt64(64 - bits)
        var sentences: [Sentence] = []
        var sources: [Int] = []
        var buckets: [Int32] = []
        var gold: [UInt8] = []
        var entityCounts: [EntityType: Int] = [:]
        buckets.reserveCapacity(4_000_000 * count)
        var h = [UInt64](repeating: 0, count: count)
        /// Adds the sentences of one paragraph (its text as written and its gold labels), except
        /// those an excluded set holds.
        func add(_ original: [Unicode.Scalar], labels: [UInt8], source: Int) throws {
            let s = folder.fold(original).scalars
            let n = s.count
            guard n > 0, n == original.count else { return }
            let whole = ExcludedSentences.key(s[...])
            var kept: [Range<Int>] = []
            // Sentences end after 。！？ (entities never cross them).
            var start = 0
            for i in 0..<n where i == n - 1 || "。！？!?".unicodeScalars.contains(s[i]) {
                let range = start..<(i + 1)
                start = i + 1
                let key = ExcludedSentences.key(s[range])
                var drop = false
                for e in excluded where e.drops(key, paragraph: whole) { drop = true }
                if !drop { kept.append(range) }
            }
            guard !kept.isEmpty else { return }
            for span in EntityLabel.spans(labels.map { EntityLabel(rawValue: $0)! }) where kept.contains(where: { $0.contains(span.range.start) }) {
                entityCounts[span.type, default: 0] += 1
            }
            let tokens = try segmenter.tokens(s, in: 0..<n)
            var original16 = String.UnicodeScalarView()
            original16.append(contentsOf: original)
            let analysed = try rules.run(Document(id: "p", text: String(original16)))
            let ruleLabels = EntityLabel.labels(of: analysed.entities, length: n)
            for range in kept {
                let context = EntityContext(s, range: range,
                                            tokens: tokens.lazy.filter { $0.range.end > range.lowerBound && $0.range.start < range.upperBound },
                                            rules: ruleLabels, tables: tables)
                sentences.append(Sentence(start: gold.count, count: range.count))
                sources.append(source)
                gold.append(contentsOf: labels[range])
                s.withUnsafeBufferPointer { sp in
                    classes.withUnsafeBufferPointer { cp in
                        h.withUnsafeMutableBufferPointer { hp in
                            for k in range {
                                context.hashes(sp, at: k, classes: cp.baseAddress!, into: hp.baseAddress!)
                                for f in 0..<count { buckets.append(Int32(truncatingIfNeeded: hp[f] >> shift)) }
                            }
                        }
                    }
                }
            }
        }
        for words in paragraphs {
            let original = Array(words.map(\.text).joined().unicodeScalars)
            var labels = [UInt8](repeating: 0, count: original.count)
            for span in labeller.spans(words) {
                labels[span.range.start] = EntityLabel.begin(span.type).rawValue
                for k in (span.range.start + 1)..<span.range.end { labels[k] = EntityLabel.inside(span.type).rawValue }
            }
            try add(original, labels: labels, source: 0)
        }
        let peoplesDaily = sentences.count
        if let path = options.extra["--msra"] {
            let blocks = readCharacterTags(path)
            for (original, labels) in blocks { try add(original, labels: labels, source: 1) }
            note("msra: \(blocks.count) sentences, \(sentences.count - peoplesDaily) kept after the split at 。！？ and the exclusions")
        }
        for e in excluded {
            note("exclude \(e.path): \(e.count) sentences, \(e.foundWhole.count) found whole in the training text; \(e.dropped) training sentences dropped (same sentence or a shared run of \(ExcludedSentences.run) characters)")
        }
        note(String(format: "features: %d sentences, %d characters, entities PER %d LOC %d ORG %d, %.0f s", sentences.count, gold.count,
                    entityCounts[.person] ?? 0, entityCounts[.place] ?? 0, entityCounts[.organization] ?? 0,
                    Date().timeIntervalSince(started)))

        let held = holdout > 0 ? sentences.enumerated().filter { $0.offset % holdout == holdout - 1 }.map(\.element) : []
        let train = holdout > 0 ? sentences.enumerated().filter { $0.offset % holdout != holdout - 1 }.map(\.element) : sentences
        let trainer = EntityTrainer(gold: gold, buckets: buckets, size: 1 << bits)
        trainer.train(train, held: held, epochs: options.epochs)
        if holdout > 0 && peoplesDaily < sentences.count {
            // The held-out F of each corpus on its own (each scored by its own conventions).
            for (name, source) in [("People's Daily 1998", 0), ("MSRA train", 1)] {
                let part = sentences.enumerated().filter { $0.offset % holdout == holdout - 1 && sources[$0.offset] == source }.map(\.element)
                let e = trainer.evaluate(part)
                note(String(format: "held-out %@: entity F %.4f (PER %.4f LOC %.4f ORG %.4f)", name, e.overall,
                            e.perType[.person] ?? 0, e.perType[.place] ?? 0, e.perType[.organization] ?? 0))
            }
        }
        let (weights, transitions) = trainer.averagedWeights()
        let q = bestQuantisation(weights: weights, transitions: transitions, label: "ner") { q in
            guard !held.isEmpty else { return nil }
            trainer.w = q.weights.map { Float($0) }
            trainer.acc = [Float](repeating: 0, count: trainer.w.count)
            trainer.t = q.transitions.map { Float($0) }
            trainer.tAcc = [Float](repeating: 0, count: trainer.t.count)
            return trainer.evaluate(held).overall
        }
        let bytes = EntityModel.fileData(hashBits: bits, scale: q.scale, weights: q.weights, transitions: q.transitions)
        try FileManager.default.createDirectory(atPath: options.outDir, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: options.outDir).appendingPathComponent(EntityModel.fileName)
        try Data(bytes).write(to: url)
        note("wrote \(url.path) (\(bytes.count) bytes)")
        note(String(format: "total %.0f s", Date().timeIntervalSince(started)))
    }
}

/// The sentences of a file in character-per-line format (`CHAR TAG`, a blank line between
/// sentences; BIO or BMES tags of PER, LOC, ORG, as the MSRA NER sets are written), with their
/// BIO labels.
func readCharacterTags(_ path: String) -> [(text: [Unicode.Scalar], labels: [UInt8])] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    var out: [(text: [Unicode.Scalar], labels: [UInt8])] = []
    var text: [Unicode.Scalar] = [], labels: [UInt8] = []
    let types: [Substring: EntityType] = ["PER": .person, "LOC": .place, "ORG": .organization]
    for line in String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard fields.count == 2, let c = fields[0].unicodeScalars.first, fields[0].unicodeScalars.count == 1 else {
            if !text.isEmpty { out.append((text, labels)) }
            text = []; labels = []
            continue
        }
        let tag = fields[1]
        var label = EntityLabel.outside
        if let dash = tag.firstIndex(of: "-"), let type = types[tag[tag.index(after: dash)...]] {
            let head = tag[..<dash]
            label = head == "B" || head == "S" ? .begin(type) : .inside(type)
        }
        text.append(c); labels.append(label.rawValue)
    }
    if !text.isEmpty { out.append((text, labels)) }
    return out
}

/// The sentences of an evaluation set (character-per-line format), which training drops: a
/// training sentence that is one of them (after folding, white space ignored), or that shares a
/// run of `run` characters with one (the same sentence written with other digits, or split or
/// joined otherwise), or that lies in a paragraph equal to one.
final class ExcludedSentences {
    static let run = 12
    let path: String
    let count: Int
    private let sentences: [[Unicode.Scalar]: Int]
    private let runs: Set<Int>
    private(set) var foundWhole = Set<Int>()
    private(set) var dropped = 0

    init(path: String, folder: TextFolder) {
        self.path = path
        let blocks = readCharacterTags(path)
        count = blocks.count
        var sentences: [[Unicode.Scalar]: Int] = [:]
        var runs = Set<Int>()
        for (i, block) in blocks.enumerated() {
            let key = Self.key(folder.fold(block.text).scalars[...])
            sentences[key] = i
            for r in Self.runs(key) { runs.insert(r) }
        }
        self.sentences = sentences
        self.runs = runs
    }

    /// The folded text without white space.
    static func key(_ s: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] { s.filter { !$0.properties.isWhitespace } }

    static func runs(_ key: [Unicode.Scalar]) -> [Int] {
        guard key.count >= run else { return [] }
        return (0...(key.count - run)).map { key[$0..<($0 + run)].hashValue }
    }

    /// Whether the training sentence `key` (in a paragraph whose key is `paragraph`) is dropped;
    /// counts it.
    func drops(_ key: [Unicode.Scalar], paragraph: [Unicode.Scalar]) -> Bool {
        var drop = false
        for k in [key, paragraph] { if let i = sentences[k] { foundWhole.insert(i); drop = true } }
        if !drop { drop = Self.runs(key).contains(where: runs.contains) }
        if drop { dropped += 1 }
        return drop
    }
}

/// Gold entity spans of a tagged paragraph (code-point offsets into the joined words).
struct GoldEntities {
    let surnames: Set<String>
    let strongHeads: [String]
    let weakHeads: [String]
    let places: Set<String>
    let organizations: Set<String>
    /// One-character short forms of places (`place-suffixes.tsv`, abbr).
    let abbreviations: Set<Unicode.Scalar>
    /// Heads too generic to make an organisation from a bare place before them (中国/ns 企业/n).
    static let genericHeads: Set<String> = ["企业", "公司", "工厂", "部门", "机构", "单位", "政府", "军队", "学校", "医院",
                                            "银行", "市场", "商店", "农场", "集团", "企业集团", "队", "党"]
    static let properTags: Set<String> = ["ns", "nt", "nz", "j"]
    static let innerTags: Set<String> = ["n", "ns", "nt", "nz", "j", "vn", "b", "an", "nr"]

    init(tables: DictionaryTables) throws {
        surnames = Set(try tables.names().surnames.map(\.name))
        let heads = try tables.organizationSuffixes()
        strongHeads = heads.filter { !$0.weak }.map(\.word)
        weakHeads = heads.filter(\.weak).map(\.word)
        places = Set(tables.places.flatMap { [$0.name] + $0.aliases }.filter { $0.count >= 3 })
        abbreviations = Set(try PlaceRules.load(tables: tables).abbreviations.keys)
        organizations = Set((tables.organizations.flatMap { [$0.name] + $0.aliases } + tables.userOrganizations).filter { $0.count >= 2 })
    }

    /// An organisation head: an nt word, a word ending in a strong head, or a longer word ending
    /// in a weak one (宣传部).
    func isHead(_ w: Word) -> Bool {
        if w.tag == "nt" { return true }
        guard w.tag == "n" || w.tag == "vn" || w.tag == "nz" || w.tag == "j" else { return false }
        if strongHeads.contains(where: { w.text.hasSuffix($0) }) { return true }
        return w.text.count >= 2 && weakHeads.contains(where: { w.text.hasSuffix($0) })
    }

    func spans(_ words: [Word]) -> [(range: TextRange, type: EntityType)] {
        var offsets: [Int] = [0]
        for w in words { offsets.append(offsets.last! + w.text.unicodeScalars.count) }
        var out: [(TextRange, EntityType)] = []
        var i = 0
        while i < words.count {
            // A run of 2…6 words spelling a known organisation or place name.
            var done = false
            for k in stride(from: min(words.count, i + 6), through: i + 2, by: -1) {
                let name = words[i..<k].map(\.text).joined()
                let type: EntityType? = organizations.contains(name) ? .organization : places.contains(name) ? .place : nil
                if let type, words[i..<k].contains(where: { $0.tag != "w" }) {
                    out.append((TextRange(start: offsets[i], end: offsets[k]), type)); i = k; done = true; break
                }
            }
            if done { continue }
            let w = words[i]
            if w.tag == "nr" {
                // Surname and given name are two nr words: 江/nr 泽民/nr, 罗/nr 干/nr.
                var j = i + 1
                if j < words.count && words[j].tag == "nr" && words[j].text.count <= 2
                    && (surnames.contains(w.text) || w.text.count <= 2) { j += 1 }
                out.append((TextRange(start: offsets[i], end: offsets[j]), .person)); i = j; continue
            }
            if w.tag == "j" {
                // Abbreviations: one-character short forms of places (中, 美, 京) are places; longer
                // ones naming a body (政协, 纪委, 欧盟 when known) organisations.
                let scalars = Array(w.text.unicodeScalars)
                if scalars.count == 1, abbreviations.contains(scalars[0]) {
                    out.append((TextRange(start: offsets[i], end: offsets[i + 1]), .place)); i += 1; continue
                }
                if scalars.count > 1 && (organizations.contains(w.text) || isHead(w)) && !(i + 1 < words.count && isHead(words[i + 1])) {
                    out.append((TextRange(start: offsets[i], end: offsets[i + 1]), .organization)); i += 1; continue
                }
            }
            if Self.properTags.contains(w.tag) {
                // Extend to the last organisation head within six words.
                var last = w.tag == "nt" ? i : -1
                var j = i + 1
                while j < words.count && j - i < 7 && Self.innerTags.contains(words[j].tag) && words[j].tag != "nr" {
                    if isHead(words[j]) { last = j }
                    j += 1
                }
                if last > i && last == i + 1 && w.tag == "ns" && Self.genericHeads.contains(words[last].text) { last = -1 }
                if last >= i {
                    out.append((TextRange(start: offsets[i], end: offsets[last + 1]), .organization)); i = last + 1; continue
                }
                if w.tag == "ns" { out.append((TextRange(start: offsets[i], end: offsets[i + 1]), .place)) }
            }
            i += 1
        }
        return out
    }
}

/// Averaged structured perceptron over `EntityLabel`s (8 weights per bucket, 7 used).
final class EntityTrainer {
    let gold: [UInt8]
    let buckets: [Int32]
    var w: [Float]
    var acc: [Float]
    var t = [Float](repeating: 0, count: 64)
    var tAcc = [Float](repeating: 0, count: 64)
    var c: Float = 1
    let count = EntityFeatures.count
    static let L = EntityModel.labels

    init(gold: [UInt8], buckets: [Int32], size: Int) {
        self.gold = gold
        self.buckets = buckets
        w = [Float](repeating: 0, count: size * Self.L)
        acc = [Float](repeating: 0, count: size * Self.L)
    }

    func decode(_ s: EntityTraining.Sentence, averaged: Bool, scores: inout [Float]) -> [EntityLabel] {
        let L = Self.L
        if scores.count < s.count * L { scores = [Float](repeating: 0, count: s.count * L) }
        for i in 0..<s.count {
            let base = (s.start + i) * count
            for y in 0..<L { scores[i * L + y] = 0 }
            for f in 0..<count {
                let b = Int(buckets[base + f]) * L
                for y in 0..<EntityLabel.used {
                    scores[i * L + y] += averaged ? w[b + y] - acc[b + y] / c : w[b + y]
                }
            }
        }
        let trans = averaged ? (0..<64).map { t[$0] - tAcc[$0] / c } : t
        return scores.withUnsafeBufferPointer {
            EntityLabel.viterbi(n: s.count, scores: $0, transitions: trans, floor: -Float.greatestFiniteMagnitude / 4)
        }
    }

    func update(_ s: EntityTraining.Sentence, predicted: [EntityLabel]) {
        let L = Self.L
        for i in 0..<s.count {
            let g = Int(gold[s.start + i]), p = Int(predicted[i].rawValue)
            if g != p {
                let base = (s.start + i) * count
                for f in 0..<count {
                    let b = Int(buckets[base + f]) * L
                    w[b + g] += 1; acc[b + g] += c
                    w[b + p] -= 1; acc[b + p] -= c
                }
            }
            if i > 0 {
                let gp = Int(gold[s.start + i - 1]), pp = Int(predicted[i - 1].rawValue)
                if gp != pp || g != p {
                    t[gp * L + g] += 1; tAcc[gp * L + g] += c
                    t[pp * L + p] -= 1; tAcc[pp * L + p] -= c
                }
            }
        }
    }

    /// Entity-level F (exact spans) of the averaged model on `held`, overall and per type.
    func evaluate(_ held: [EntityTraining.Sentence]) -> (overall: Double, perType: [EntityType: Double]) {
        var scores: [Float] = []
        var correct: [EntityType: Int] = [:], goldN: [EntityType: Int] = [:], predN: [EntityType: Int] = [:]
        for s in held {
            let predicted = decode(s, averaged: true, scores: &scores)
            let g = EntityLabel.spans((0..<s.count).map { EntityLabel(rawValue: gold[s.start + $0])! })
            let p = EntityLabel.spans(predicted)
            for x in g { goldN[x.type, default: 0] += 1 }
            for x in p { predN[x.type, default: 0] += 1 }
            let gs = Set(g.map { "\($0.range.start),\($0.range.end),\($0.type)" })
            for x in p where gs.contains("\(x.range.start),\(x.range.end),\(x.type)") { correct[x.type, default: 0] += 1 }
        }
        func f(_ c: Int, _ g: Int, _ p: Int) -> Double {
            let pr = Double(c) / Double(max(p, 1)), r = Double(c) / Double(max(g, 1))
            return pr + r > 0 ? 2 * pr * r / (pr + r) : 0
        }
        var per: [EntityType: Double] = [:]
        for type in EntityType.allCases { per[type] = f(correct[type] ?? 0, goldN[type] ?? 0, predN[type] ?? 0) }
        return (f(correct.values.reduce(0, +), goldN.values.reduce(0, +), predN.values.reduce(0, +)), per)
    }

    func train(_ sentences: [EntityTraining.Sentence], held: [EntityTraining.Sentence], epochs: Int) {
        var scores: [Float] = []
        var order = Array(sentences.indices)
        var rng = SplitMix(seed: 42)
        for epoch in 1...max(epochs, 1) {
            let t0 = Date()
            order.shuffle(using: &rng)
            var errors = 0
            for k in order {
                let s = sentences[k]
                let predicted = decode(s, averaged: false, scores: &scores)
                if (0..<s.count).contains(where: { predicted[$0].rawValue != gold[s.start + $0] }) {
                    errors += 1
                    update(s, predicted: predicted)
                }
                c += 1
            }
            var line = String(format: "ner epoch %d: %d sentences wrong, %.0f s", epoch, errors, Date().timeIntervalSince(t0))
            if !held.isEmpty {
                let e = evaluate(held)
                line += String(format: ", held-out entity F %.4f (PER %.4f LOC %.4f ORG %.4f)", e.overall,
                               e.perType[.person] ?? 0, e.perType[.place] ?? 0, e.perType[.organization] ?? 0)
            }
            note(line)
        }
    }

    func averagedWeights() -> (weights: [Float], transitions: [Float]) {
        ((0..<w.count).map { w[$0] - acc[$0] / c }, (0..<64).map { t[$0] - tAcc[$0] / c })
    }
}
