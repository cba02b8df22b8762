/// The features of the trained entity tagger, shared by training (`zhkb-train ner`) and inference
/// (`EntityModel`): characters and character pairs around a position, the segmenter's words, and
/// what the dictionaries say about the text (gazetteer names, known organisations, organisation and
/// place heads, surnames, given-name characters, person cues, transliteration characters).
///
/// A sentence is described once by per-character arrays (`EntityContext`); a position's features
/// are 64-bit hashes of a template number and values read from those arrays, never further than
/// three characters away. The model maps each hash to one of `2^hashBits` buckets of label weights.
public enum EntityFeatures {
    /// Features per character (templates 0…36).
    public static let count = 37

    /// Tables the context is computed from, built once from the dictionaries.
    public struct Tables: Sendable {
        /// Gazetteer names and aliases (`places.tsv`, user `ns` words).
        let places: Lexicon
        /// Known organisations and their aliases (`organizations.tsv`, user `nt` words).
        let organizations: Lexicon
        /// Organisation heads (`org-suffixes.tsv`); tag "weak" for single characters that need more.
        let orgSuffixes: Lexicon
        /// Whole names known as people (`foreign-names.txt`, user `nr` words): a rule mention of
        /// one stays whatever the tagger reads there (马克思 in 马克思主义).
        let knownPeople: Lexicon
        /// Place heads (the suffixes of `place-suffixes.tsv`).
        let placeSuffixes: Lexicon
        /// Person cues (`person-cues.tsv`); the tag is the cue kind's number (`cueCode`).
        let cues: Lexicon
        /// Code point → surname code (1 single, 2 ambiguous single); compound surnames in `compound`.
        let surnames: [UInt32: UInt8]
        let compoundSurnames: Lexicon
        /// Code point → given-name tier 1…4 (weight 50, 150, 300, 600+).
        let given: [UInt32: UInt8]
        let foreign: Set<UInt32>
        /// One-character short forms of countries and provinces (中, 美, 京), and of provinces alone.
        let abbreviations: Set<UInt32>
        let provinceAbbreviations: Set<UInt32>
        /// What the tables say of each BMP code point, in one look-up (`CharInfo` bits): surname
        /// code, given-name tier, transliteration character, place short form, and whether a word
        /// of each trie can start with it (the trie walks are skipped where none can).
        let charInfo: [UInt16]
        /// What the tries say of each pair of code points, hashed (`pairSlot`): one bit per trie
        /// (`PairBit`), set when a word of two or more characters of that trie may start with
        /// the pair. A clear bit is certain (every such word set its bit), so the walks at a
        /// character stop after its first step where the next character begins no longer word.
        let pairs: [UInt8]
        /// Per entry of `orgSuffixes`: 8 for a weak head, else 0; per entry of `cues`: the kind's code.
        let suffixWeak: [UInt8]
        let cueCodes: [UInt8]

        enum CharInfo {
            static let surname: UInt16 = 0x3, givenShift: UInt16 = 2, given: UInt16 = 0x1C, foreign: UInt16 = 1 << 5
            static let abbreviation: UInt16 = 1 << 6, place: UInt16 = 1 << 7, organization: UInt16 = 1 << 8
            static let orgSuffix: UInt16 = 1 << 9, placeSuffix: UInt16 = 1 << 10, cue: UInt16 = 1 << 11
            static let compoundSurname: UInt16 = 1 << 12
            /// The character alone is a word of the trie (organisation heads, place heads, cues).
            static let orgSuffixWord: UInt16 = 1 << 13, placeSuffixWord: UInt16 = 1 << 14, cueWord: UInt16 = 1 << 15
            /// Outside the BMP: every walk is tried.
            static let unknown: UInt16 = place | organization | orgSuffix | placeSuffix | cue | compoundSurname
                | orgSuffixWord | placeSuffixWord | cueWord
        }

        /// The tries' bits in `pairs`.
        enum PairBit {
            static let place: UInt8 = 1, organization: UInt8 = 2, orgSuffix: UInt8 = 4, placeSuffix: UInt8 = 8
            static let cue: UInt8 = 16, compoundSurname: UInt8 = 32
        }

        public init(tables: DictionaryTables) throws {
            func lexicon(_ words: [(String, String)]) -> Lexicon {
                var l = Lexicon()
                for (w, tag) in words where !w.isEmpty { l.insert(LexiconEntry(word: w, frequency: 1, tag: tag)) }
                return l
            }
            /// Names, each followed by its aliases, untagged: inserted as read (a pair for every
            /// word was thousands of small arrays to build and free).
            func lexicon(names: [(name: String, aliases: [String])]) -> Lexicon {
                var l = Lexicon()
                for (name, aliases) in names {
                    if !name.isEmpty { l.insert(LexiconEntry(word: name, frequency: 1)) }
                    for alias in aliases where !alias.isEmpty { l.insert(LexiconEntry(word: alias, frequency: 1)) }
                }
                return l
            }
            places = lexicon(names: tables.places.map { ($0.name, $0.aliases) } + tables.userPlaces.map { ($0, []) })
            organizations = lexicon(names: tables.allOrganizations.map { ($0.name, $0.aliases) })
            orgSuffixes = lexicon(try tables.organizationSuffixes().map { ($0.word, $0.weak ? "weak" : "") })
            knownPeople = lexicon(try tables.names().knownNames.map { ($0, "") })
            let rules = try PlaceRules.load(tables: tables)
            placeSuffixes = lexicon(rules.suffixes.keys.sorted().map { ($0, "") })
            abbreviations = Set(rules.abbreviations.keys.map(\.value))
            let provinces = Set(tables.places.filter { $0.level == .province }.map(\.name))
            provinceAbbreviations = Set(rules.abbreviations.filter { provinces.contains($0.value) }.keys.map(\.value))
            cues = lexicon(try tables.personCues().map { ($0.word, String(Self.cueCode($0.kind))) })
            let names = try tables.names()
            var surnames: [UInt32: UInt8] = [:]
            var compound: [(String, String)] = []
            for s in names.surnames {
                let scalars = Array(s.name.unicodeScalars)
                if scalars.count == 1 { surnames[scalars[0].value] = s.ambiguous ? 2 : 1 } else { compound.append((s.name, "")) }
            }
            self.surnames = surnames
            compoundSurnames = lexicon(compound)
            var given: [UInt32: UInt8] = [:]
            for g in names.givenCharacters {
                given[g.character.value] = g.weight >= 600 ? 4 : g.weight >= 300 ? 3 : g.weight >= 150 ? 2 : 1
            }
            self.given = given
            foreign = Set(names.foreignCharacters.map(\.value))
            var info = [UInt16](repeating: 0, count: 0x10000)
            var pairs = [UInt8](repeating: 0, count: 1 << Self.pairBits)
            /// The first characters of `lexicon`'s words into `info` (`bit`, and `wordBit` for a
            /// word of one character), their first pairs into `pairs`.
            func mark(_ lexicon: Lexicon, _ bit: UInt16, _ pairBit: UInt8, wordBit: UInt16 = 0) {
                for e in lexicon.entries {
                    var scalars = e.word.unicodeScalars.makeIterator()
                    guard let a = scalars.next() else { continue }
                    let b = scalars.next()
                    if a.value < 0x10000 { info[Int(a.value)] |= bit | (b == nil ? wordBit : 0) }
                    if let b { pairs[Self.pairSlot(a.value, b.value)] |= pairBit }
                }
            }
            mark(places, CharInfo.place, PairBit.place)
            mark(organizations, CharInfo.organization, PairBit.organization)
            mark(orgSuffixes, CharInfo.orgSuffix, PairBit.orgSuffix, wordBit: CharInfo.orgSuffixWord)
            mark(placeSuffixes, CharInfo.placeSuffix, PairBit.placeSuffix, wordBit: CharInfo.placeSuffixWord)
            mark(cues, CharInfo.cue, PairBit.cue, wordBit: CharInfo.cueWord)
            mark(compoundSurnames, CharInfo.compoundSurname, PairBit.compoundSurname)
            for (v, code) in surnames where v < 0x10000 { info[Int(v)] |= UInt16(code) }
            for (v, tier) in given where v < 0x10000 { info[Int(v)] |= UInt16(tier) << CharInfo.givenShift }
            for v in foreign where v < 0x10000 { info[Int(v)] |= CharInfo.foreign }
            for v in abbreviations where v < 0x10000 { info[Int(v)] |= CharInfo.abbreviation }
            charInfo = info
            self.pairs = pairs
            suffixWeak = orgSuffixes.entries.map { $0.tag == "weak" ? 8 : 0 }
            cueCodes = cues.entries.map { UInt8($0.tag) ?? 0 }
        }

        @inline(__always) func info(_ v: UInt32) -> UInt16 { v < 0x10000 ? charInfo[Int(v)] : CharInfo.unknown }

        /// `pairs` has `2^pairBits` entries (64 KB; the tries' pairs, some ten thousand, leave most
        /// of them empty).
        static let pairBits = 16

        /// The entry of `pairs` for the pair of code points `a`, `b`.
        @inline(__always) static func pairSlot(_ a: UInt32, _ b: UInt32) -> Int {
            Int(truncatingIfNeeded: ((UInt64(a) << 21 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - pairBits))
        }

        static func cueCode(_ kind: DictionaryTables.PersonCue.Kind) -> Int {
            switch kind {
            case .title: return 1
            case .speech: return 2
            case .suffix: return 3
            case .notperson: return 4
            case .prefix: return 5
            case .place: return 6
            }
        }
    }

    /// Character classes written into the model's code-point table (the segmentation model's).
    public static func classTable() -> [UInt8] { SegmentationFeatures.classTable() }
}

/// Per-character facts of one sentence `s[range]` that the features read, padded by `pad`
/// positions on each side (what the features see outside the sentence: the boundary code points,
/// facts 0), so a position's features are read without range checks.
public struct EntityContext {
    public private(set) var range: Range<Int>
    /// Positions of padding on each side (the features read up to three characters away).
    static let pad = 3
    /// The code points as feature values (`SegmentationFeatures.scalar`: U+110001 before the
    /// sentence, U+110002 after it), `range.count + 2 × pad` of them. (Each array may be longer:
    /// a context reused for another sentence keeps its arrays, see `fill`.)
    var chars: [UInt32] = []
    /// `Field.stride` bytes per padded position, one per `Field`.
    var facts: [UInt8] = []
    /// A hash of the word's text at each character (words of up to six characters; 0 otherwise),
    /// unpadded (read at the position itself only).
    var wordID: [UInt64] = []
    /// Room the tagger reuses from sentence to sentence and document to document, like the arrays
    /// above: the emission scores of a sentence (`EntityModel.withLabels`), the rules' labels of a
    /// document (`EntityLabel.labels(of:length:into:)`) and its spans (`EntityTagger.process`).
    var scores: [SIMD8<Int32>] = []
    var rules: [UInt8] = []
    var spans: [(range: TextRange, type: EntityType)] = []

    /// The facts of a character, one byte each.
    enum Field: Int {
        /// The segmenter's word at the character: position (1 single, 2 begin, 3 middle, 4 end) × 8
        /// + length (capped at 7).
        case word
        /// Longest gazetteer name covering the character: position × 8 + length (capped at 7).
        case place
        /// Longest known organisation name covering the character, as `place`.
        case org
        /// Longest organisation head ending at the character: length (capped at 7) + 8 when weak.
        case orgHead
        /// Distance to the nearest organisation head ending at or after the character (1…15; 0 none).
        case orgHeadAhead
        /// Longest place head ending at the character (length, capped at 7).
        case placeHead
        /// Surname starting at the character: 1 single, 2 ambiguous single, 3 compound.
        case surname
        /// Given-name tier of the character (0…4).
        case given
        /// Kind of the longest person cue beginning (`cueBegin`) and ending (`cueEnd`) at the character.
        case cueBegin, cueEnd
        /// 1 for a transliteration character, + 2 for a one-character short form of a place.
        case foreign
        /// The rule extractors' reading of the character (`EntityLabel` raw value; all `outside` when
        /// no rules ran), so that the model learns when to trust them.
        case rules

        static let stride = 16
    }

    /// The context of `s[range]` whose words are `tokens` (tokens outside the range are ignored);
    /// `rules` are the rule extractors' labels of `s` (all of it, `EntityLabel.labels(of:length:)`),
    /// nil when none ran.
    public init(_ s: [Unicode.Scalar], range: Range<Int>, tokens: some Sequence<Token>, rules: [UInt8]? = nil,
                tables: borrowing EntityFeatures.Tables) {
        self.init()
        fill(s, range: range, tokens: tokens, rules: rules, tables: tables)
    }

    /// An empty context, to be `fill`ed.
    init() { range = 0..<0 }

    /// This context made the context of `s[range]` (as `init` makes it) in the arrays it has: the
    /// tagger fills one context with each sentence of a batch in turn, which allocates only while
    /// a sentence is longer than all before it.
    mutating func fill(_ s: [Unicode.Scalar], range: Range<Int>, tokens: some Sequence<Token>, rules: [UInt8]?,
                       tables: borrowing EntityFeatures.Tables) {
        self.range = range
        let n = range.count, lo = range.lowerBound, hi = range.upperBound, pad = Self.pad
        let width = Field.stride
        // The arrays are taken out of the context (so that they are unique: written in place;
        // swapped out, not copied: no retain and release per sentence) and replaced where too
        // short; every element this sentence reads is written below.
        var chars: [UInt32] = [], facts: [UInt8] = [], wordID: [UInt64] = []
        swap(&chars, &self.chars)
        swap(&facts, &self.facts)
        swap(&wordID, &self.wordID)
        if chars.count < n + 2 * pad { chars = [UInt32](repeating: 0, count: n + 2 * pad) }
        if facts.count < (n + 2 * pad) * width { facts = [UInt8](repeating: 0, count: (n + 2 * pad) * width) }
        if wordID.count < n { wordID = [UInt64](repeating: 0, count: n) }
        // (The scalars read through a pointer in the loops by character below: `range` lies
        // within `s`, the caller's sentence.)
        precondition(range.lowerBound >= 0 && range.upperBound <= s.count && n <= Int(UInt32.max), "sentence outside its text")
        s.withUnsafeBufferPointer { sp in
            let scalars = sp.baseAddress!
            chars.withUnsafeMutableBufferPointer { c in
                c.baseAddress!.update(repeating: 0x11_0001, count: pad)
                for k in 0..<n { c[pad + k] = scalars[lo + k].value }
                (c.baseAddress! + pad + n).update(repeating: 0x11_0002, count: pad)
            }
            typealias Info = EntityFeatures.Tables.CharInfo
            facts.withUnsafeMutableBufferPointer { fb in
                fb.baseAddress!.update(repeating: 0, count: (n + 2 * pad) * width)
                // The fact `f` of the character at absolute position k.
                let fp = fb.baseAddress! + pad * width - lo * width
                @inline(__always) func fact(_ f: Field, _ k: Int) -> UnsafeMutablePointer<UInt8> { fp + (k &* Field.stride &+ f.rawValue) }
                if let rules {
                    for k in range { fact(.rules, k).pointee = rules[k] }
                }
                wordID.withUnsafeMutableBufferPointer { ids in
                    ids.baseAddress?.update(repeating: 0, count: n)
                    for t in tokens {
                        let a = max(t.range.start, lo), b = min(t.range.end, hi)
                        guard a < b else { continue }
                        let len = b &- a, cap = UInt8(truncatingIfNeeded: min(len, 7))
                        var h: UInt64 = 0
                        if len <= 6 {
                            h = 0xCBF2_9CE4_8422_2325
                            var k = a
                            while k < b {
                                h = (h ^ UInt64(scalars[k].value)) &* 0x100_0000_01B3
                                k &+= 1
                            }
                        }
                        // Every character as a middle one, then the first and the last.
                        var k = a
                        while k < b {
                            fact(.word, k).pointee = 3 * 8 + cap
                            ids[k &- lo] = h
                            k &+= 1
                        }
                        if len == 1 {
                            fact(.word, a).pointee = 1 * 8 + cap
                        } else {
                            fact(.word, a).pointee = 2 * 8 + cap
                            fact(.word, b &- 1).pointee = 4 * 8 + cap
                        }
                    }
                }
                typealias Pair = EntityFeatures.Tables.PairBit
                // The last character that ends an organisation head (below `lo`: none), where the
                // distances to the next head (`orgHeadAhead`) start.
                var lastHead = lo - 1
                withUnsafeTemporaryAllocation(of: UInt16.self, capacity: n) { infoAt in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { pairAt in
                        // (Offsets from `lo` in 32 bits: the two lists stay on the stack up to 128
                        // characters, where positions as `Int` went to the heap above 64.)
                        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * n) { startBuffer in
                            // What the tables say of each character (`Tables.charInfo`) and which tries
                            // may hold a longer word there (`Tables.pairs`; the last character begins
                            // none), read in one pass whose loads do not wait for one another, with the
                            // facts that need no walk; the positions where some trie may hold a longer
                            // word (a fifth of them) listed in `starts`, for the two passes that read
                            // only those, and the first characters of the heads, cues and compound
                            // surnames in `walks`, for the pass that walks their tries.
                            let walkBits = Info.orgSuffix | Info.placeSuffix | Info.cue | Info.compoundSurname
                            var count = 0, walkCount = 0
                            tables.charInfo.withUnsafeBufferPointer { infoTable in
                                tables.pairs.withUnsafeBufferPointer { pairs in
                                    for i in range {
                                        let v = scalars[i].value
                                        let bits = v < 0x10000 ? infoTable[Int(v)] : Info.unknown
                                        infoAt[i - lo] = bits
                                        let pair = i + 1 < hi ? pairs[EntityFeatures.Tables.pairSlot(v, scalars[i + 1].value)] : 0
                                        pairAt[i - lo] = pair
                                        startBuffer[count] = UInt32(truncatingIfNeeded: i &- lo)
                                        count &+= pair != 0 ? 1 : 0
                                        startBuffer[n &+ walkCount] = UInt32(truncatingIfNeeded: i &- lo)
                                        walkCount &+= bits & walkBits != 0 ? 1 : 0
                                        // (A compound surname found below overwrites `surname`.)
                                        fact(.surname, i).pointee = UInt8(bits & Info.surname)
                                        fact(.given, i).pointee = UInt8((bits & Info.given) >> Info.givenShift)
                                        fact(.foreign, i).pointee = (bits & Info.foreign != 0 ? 1 : 0) | (bits & Info.abbreviation != 0 ? 2 : 0)
                                    }
                                }
                            }
                            let starts = UnsafeBufferPointer(rebasing: startBuffer[..<count])
                            let walks = UnsafeBufferPointer(rebasing: startBuffer[n..<(n + walkCount)])
                            @inline(__always) func info(_ i: Int) -> UInt16 { infoAt[i - lo] }
                            // The second step of each walk that will go past its first is a probe into a
                            // table larger than the cache: asked for before any walk starts, so that the
                            // misses overlap (`Lexicon.prefetch`; no effect on results).
                            for offset in starts {
                                let i = lo &+ Int(offset)
                                let bits = info(i), pair = pairAt[i - lo]
                                if bits & Info.place != 0 && pair & Pair.place != 0 { tables.places.prefetch(s, from: i, limit: hi) }
                                if bits & Info.organization != 0 && pair & Pair.organization != 0 {
                                    tables.organizations.prefetch(s, from: i, limit: hi)
                                }
                                if bits & Info.orgSuffix != 0 && pair & Pair.orgSuffix != 0 { tables.orgSuffixes.prefetch(s, from: i, limit: hi) }
                                if bits & Info.placeSuffix != 0 && pair & Pair.placeSuffix != 0 {
                                    tables.placeSuffixes.prefetch(s, from: i, limit: hi)
                                }
                                if bits & Info.cue != 0 && pair & Pair.cue != 0 { tables.cues.prefetch(s, from: i, limit: hi) }
                            }
                            /// How far a walk of a trie from `i` must go for the same matches as one to the
                            /// end: there where a longer word may begin (`pair`), one step where only the
                            /// character itself is a word (`word`, of the character's `bits`), nowhere (nil)
                            /// where neither.
                            @inline(__always) func reach(_ i: Int, _ bits: UInt16, word: UInt16, pair: UInt8) -> Int? {
                                pairAt[i - lo] & pair != 0 ? hi : bits & word != 0 ? i + 1 : nil
                            }
                            /// The longest word of `lexicon` from `i` over the characters it covers, as
                            /// `Field.place` describes (words of two or more characters only); `best` holds
                            /// the longest length so far at each character.
                            @inline(__always) func cover(_ lexicon: Lexicon, from i: Int, _ field: Field, _ best: UnsafeMutablePointer<UInt8>) {
                                var end = 0
                                lexicon.forEachMatchIndex(in: s, from: i, limit: hi) { e, _ in end = e }
                                guard end > i + 1 else { return }
                                let len = end - i, cap = UInt8(min(len, 7))
                                for k in i..<end where UInt8(len > 255 ? 255 : len) > best[k - lo] {
                                    best[k - lo] = UInt8(min(len, 255))
                                    let pos: UInt8 = k == i ? 2 : k == end - 1 ? 4 : 3
                                    fact(field, k).pointee = pos * 8 + cap
                                }
                            }
                            // Places and organisations in one pass (each in text order, as alone: they
                            // write different fields).
                            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * n) { best in
                                best.initialize(repeating: 0)
                                let bestPlace = best.baseAddress!, bestOrg = best.baseAddress! + n
                                for offset in starts {
                                    let i = lo &+ Int(offset)
                                    let bits = info(i), pair = pairAt[i - lo]
                                    if bits & Info.place != 0 && pair & Pair.place != 0 { cover(tables.places, from: i, .place, bestPlace) }
                                    if bits & Info.organization != 0 && pair & Pair.organization != 0 {
                                        cover(tables.organizations, from: i, .org, bestOrg)
                                    }
                                }
                            }
                            for offset in walks {
                                let i = lo &+ Int(offset)
                                let bits = info(i)
                                if bits & Info.orgSuffix != 0, let limit = reach(i, bits, word: Info.orgSuffixWord, pair: Pair.orgSuffix) {
                                    tables.orgSuffixes.forEachMatchIndex(in: s, from: i, limit: limit) { e, idx in
                                        let v = UInt8(min(e - i, 7)) + tables.suffixWeak[idx]
                                        let head = fact(.orgHead, e - 1)
                                        if v & 7 >= head.pointee & 7 { head.pointee = v }
                                        lastHead = max(lastHead, e - 1)
                                    }
                                }
                                if bits & Info.placeSuffix != 0, let limit = reach(i, bits, word: Info.placeSuffixWord, pair: Pair.placeSuffix) {
                                    tables.placeSuffixes.forEachMatchIndex(in: s, from: i, limit: limit) { e, _ in
                                        let v = UInt8(min(e - i, 7))
                                        let head = fact(.placeHead, e - 1)
                                        if v > head.pointee { head.pointee = v }
                                    }
                                }
                                if bits & Info.cue != 0, let limit = reach(i, bits, word: Info.cueWord, pair: Pair.cue) {
                                    var cueLen = 0
                                    tables.cues.forEachMatchIndex(in: s, from: i, limit: limit) { e, idx in
                                        let code = tables.cueCodes[idx]
                                        if e - i >= cueLen { cueLen = e - i; fact(.cueBegin, i).pointee = code }
                                        fact(.cueEnd, e - 1).pointee = code
                                    }
                                }
                                // (Compound surnames have two characters or more: `compound` holds no other.)
                                if bits & Info.compoundSurname != 0, pairAt[i - lo] & Pair.compoundSurname != 0,
                                   tables.compoundSurnames.longestMatchIndex(in: s, from: i, limit: hi) != nil {
                                    fact(.surname, i).pointee = 3
                                }
                            }
                        }
                    }
                }
                var next = -1
                for k in stride(from: lastHead, through: lo, by: -1) {
                    if fact(.orgHead, k).pointee != 0 { next = k }
                    if next >= 0 && next - k < 15 { fact(.orgHeadAhead, k).pointee = UInt8(next - k + 1) }
                }
            }
        }
        swap(&chars, &self.chars)
        swap(&facts, &self.facts)
        swap(&wordID, &self.wordID)
    }

    /// The context's arrays as pointers indexed by position from `range.lowerBound`
    /// (−`pad` ..< count + `pad`; `wordID` 0 ..< count), for `hashes(_:at:classOf:into:)`.
    struct Padded {
        let chars: UnsafePointer<UInt32>
        let facts: UnsafePointer<UInt8>
        let wordID: UnsafePointer<UInt64>
    }

    func withPadded<R>(_ body: (Padded) -> R) -> R {
        chars.withUnsafeBufferPointer { c in
            facts.withUnsafeBufferPointer { f in
                wordID.withUnsafeBufferPointer { w in
                    body(Padded(chars: c.baseAddress! + Self.pad, facts: f.baseAddress! + Self.pad * Field.stride,
                                wordID: w.baseAddress!))
                }
            }
        }
    }

    /// The hashes of the features of position `i` (absolute) into `out[0..<EntityFeatures.count]`.
    /// `classes` is the model's code-point table. (`s` is the text the context was made from.)
    @inline(__always)
    public func hashes(_ s: UnsafeBufferPointer<Unicode.Scalar>, at i: Int, classes: UnsafePointer<UInt8>,
                       into out: UnsafeMutablePointer<UInt64>) {
        withPadded { p in
            var raw = RawHashes(out: out)
            Self.hashes(p, at: i - range.lowerBound, classOf: { UInt64(Self.charClass(p.chars[$0], classes)) }, into: &raw)
        }
    }

    /// `SegmentationFeatures.charClass` of a feature value (`chars`) from the model's code-point
    /// table `classes`: `boundary` outside the sentence, `han` beyond the BMP.
    @inline(__always) static func charClass(_ v: UInt32, _ classes: UnsafePointer<UInt8>) -> UInt8 {
        v > 0x10_FFFF ? SegmentationFeatures.CharClass.boundary.rawValue
            : v < 0x10000 ? classes[Int(v)] : SegmentationFeatures.CharClass.han.rawValue
    }

    /// The hash of template `t` with `payload` (the tagger's templates are numbered after the
    /// segmenter's 64).
    @inline(__always) static func mix(_ t: UInt64, _ payload: UInt64) -> UInt64 { SegmentationFeatures.mix(t &+ 64, payload) }

    /// Feature 0 is a bias, the same at every position: the model adds its weights once per
    /// character without looking them up (`EntityModel.constantWeights`).
    static let constantFeature = 0
    static var constantHash: UInt64 { mix(0, 0) }

    /// The bits that feature `t`'s payload fits in, for the features made only of facts that
    /// `fill` bounds (`word`, `place`, `org` below 40; `orgHead`, `orgHeadAhead` below 16;
    /// `placeHead` below 8; `surname`, `foreign` below 4; `given`, `cueBegin`, `cueEnd` below 8;
    /// `rules` a byte) and of the model's classes (below 16: `EntityModel` checks its table as it
    /// loads); 0 for the others (code points, word hashes, wider combinations). The model reads the
    /// weights of these few values from a small table of their own (`EntityModel.denseWeights`),
    /// not through the hash.
    @inline(__always) static func payloadBits(_ t: Int) -> Int {
        switch t {
        case 26: return 5
        case 11, 15, 17, 28: return 6
        case 20: return 7
        case 23, 24, 25, 33: return 8
        case 27: return 9
        case 19, 21, 29: return 10
        case 22, 32: return 12
        default: return 0
        }
    }

    /// Classes of the model's table (`charClass`) fit in the 4 bits the features of `payloadBits`
    /// give them.
    static let classBits = 4

    /// The features of `payloadBits` below template `t` (how many), written out so that it is a
    /// constant where `t` is one (`EntityModel` checks it against `payloadBits` as it loads).
    @inline(__always) static func smallPayloadsBelow(_ t: Int) -> Int {
        switch t {
        case ...11: return 0
        case 12...15: return 1
        case 16...17: return 2
        case 18...19: return 3
        case 20: return 4
        case 21: return 5
        case 22: return 6
        case 23: return 7
        case 24: return 8
        case 25: return 9
        case 26: return 10
        case 27: return 11
        case 28: return 12
        case 29: return 13
        case 30...32: return 14
        case 33: return 15
        default: return 16
        }
    }

    /// The place of feature `t` among those the model looks up by hash (all but the constant
    /// feature and those of `payloadBits`), in template order: 0 ..< `hashedCount`.
    @inline(__always) static func hashedSlot(_ t: Int) -> Int { t &- 1 &- smallPayloadsBelow(t) }

    @inline(__always) static var hashedCount: Int { EntityFeatures.count - 1 - smallPayloadsBelow(EntityFeatures.count) }

    /// Where `hashes` puts feature `t`, given its payload (the values it packs): its hash
    /// `mix(t, payload)` stored as it is (`RawHashes`), or the model's bucket of that hash, asked
    /// for as it is written, or its weights added at once (`Buckets`).
    protocol HashSink {
        mutating func put(_ t: Int, _ payload: UInt64)
    }

    /// The features of position `i` (from `range.lowerBound`) into `out` (`put(t, payload)` for
    /// every t in 0..<EntityFeatures.count; feature t's hash is `mix(t, payload)`): the one place
    /// features are made. `cls(k)` is the class of
    /// the character at `k` (`charClass`; the model reads each once per sentence, three
    /// positions' features read it).
    @inline(__always)
    static func hashes(_ p: Padded, at i: Int, classOf cls: (Int) -> UInt64, into out: inout some HashSink) {
        @inline(__always) func ch(_ k: Int) -> UInt64 { UInt64(p.chars[k]) }
        @inline(__always) func at(_ f: Field, _ k: Int) -> UInt64 { UInt64(p.facts[k &* Field.stride &+ f.rawValue]) }
        // (Positions around `i` in wrapping arithmetic: within the padding, never near overflow.)
        let m2 = ch(i &- 2), m1 = ch(i &- 1), c0 = ch(i), p1 = ch(i &+ 1), p2 = ch(i &+ 2)
        out.put(0, 0)
        out.put(1, m2)
        out.put(2, m1)
        out.put(3, c0)
        out.put(4, p1)
        out.put(5, p2)
        out.put(6, m2 | m1 << 21)
        out.put(7, m1 | c0 << 21)
        out.put(8, c0 | p1 << 21)
        out.put(9, p1 | p2 << 21)
        out.put(10, m1 | p1 << 21)
        let w0 = at(.word, i)
        out.put(11, w0)
        out.put(12, w0 | c0 << 6)
        out.put(13, at(.word, i &- 1) | w0 << 6 | at(.word, i &+ 1) << 12)
        out.put(14, (p.wordID[i] >> 8) ^ (w0 >> 3) << 56)
        let pl = at(.place, i)
        out.put(15, pl)
        out.put(16, at(.place, i &- 1) | pl << 6 | at(.place, i &+ 1) << 12)
        let og = at(.org, i)
        out.put(17, og)
        out.put(18, at(.org, i &- 1) | og << 6 | at(.org, i &+ 1) << 12)
        let ahead = at(.orgHeadAhead, i)
        out.put(19, at(.orgHead, i) | w0 << 4)
        out.put(20, ahead | (w0 >> 3) << 4)
        out.put(21, ahead | pl << 4)
        out.put(22, at(.placeHead, i) | at(.placeHead, i &+ 1) << 3 | pl << 6)
        out.put(23, at(.surname, i) | at(.given, i &+ 1) << 2 | at(.given, i &+ 2) << 5)
        out.put(24, at(.surname, i &- 1) | at(.given, i) << 2 | at(.given, i &+ 1) << 5)
        out.put(25, at(.surname, i &- 2) | at(.given, i &- 1) << 2 | at(.given, i) << 5)
        out.put(26, at(.cueEnd, i &- 1) | at(.surname, i) << 3)
        out.put(27, at(.cueBegin, i &+ 1) | at(.cueBegin, i &+ 2) << 3 | at(.cueBegin, i &+ 3) << 6)
        out.put(28, at(.cueBegin, i) | at(.cueEnd, i) << 3)
        out.put(29, at(.foreign, i &- 1) | at(.foreign, i) << 2 | at(.foreign, i &+ 1) << 4 | cls(i) << 6)
        out.put(30, c0 | pl << 21)
        out.put(31, c0 | at(.surname, i) << 21 | at(.cueEnd, i &- 1) << 23)
        out.put(32, cls(i &- 1) | cls(i) << 4 | cls(i &+ 1) << 8)
        let r0 = at(.rules, i)
        out.put(33, r0)
        out.put(34, at(.rules, i &- 1) | r0 << 4 | at(.rules, i &+ 1) << 8)
        out.put(35, r0 | c0 << 4)
        out.put(36, r0 | w0 << 4 | pl << 12)
    }
}

/// Feature hashes stored as they are (training turns them into buckets itself).
struct RawHashes: EntityContext.HashSink {
    let out: UnsafeMutablePointer<UInt64>

    @inline(__always) func put(_ t: Int, _ payload: UInt64) { out[t] = EntityContext.mix(UInt64(t), payload) }
}
