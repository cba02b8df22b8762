extension PlaceExtractor {
    /// Facts about gazetteer keys, suffixes and characters, computed once so that the per-character
    /// loops build no strings and hash nothing.
    struct Tables: Sendable {
        /// BMP characters that start a gazetteer key and are ideographic or alphabetic (matching
        /// starts only there).
        var keyFirst = ScalarBitSet()
        /// BMP characters that are a whole key, and the first two characters of every longer key
        /// (hashed): a position is walked only when one of them fits.
        var keySingle = ScalarBitSet()
        var keyPairs = ScalarPairFilter()
        /// By gazetteer key index: a `weak` rule word (城区).
        var keyWeak: [Bool] = []
        /// By key index: the segmentation lexicon knows the key with a tag other than `ns`.
        var keyOrdinaryWord: [Bool] = []
        /// By key index: the key names a natural feature or a country.
        var keyNamed: [Bool] = []
        /// By key index: every place the key refers to is an alias of a local place (紫阳, 上城).
        var keyLocalAlias: [Bool] = []
        /// By key index: the key is the canonical name of some place.
        var keyCanonical: [Bool] = []
        /// By key index: the highest level of the places it may name.
        var keyLevel: [PlaceLevel] = []
        /// By suffix entry index (`PlaceRules.suffixTrie`): the level of the place it makes.
        var suffixLevels: [PlaceLevel?] = []
        /// BMP characters that start a suffix.
        var suffixFirst = ScalarBitSet()
        /// BMP characters that start an organisation head (`PlaceRules.blockTrie`).
        var blockFirst = ScalarBitSet()
        /// `PlaceExtractor.gapBreakers`.
        var gapBreakers = ScalarBitSet()
        /// `PlaceRules.stops` as a trie.
        var stops = Lexicon()
        /// BMP characters with a one-character short form (`PlaceRules.abbreviations`).
        var abbreviations = ScalarBitSet()
        /// `PlaceRules.abbreviationCues` (BMP characters).
        var abbreviationCues = ScalarBitSet()
        init() {}

        init(gazetteer: Gazetteer, rules: PlaceRules, words: Lexicon) {
            for k in 0..<gazetteer.keyCount {
                let key = gazetteer.key(at: k)
                let references = gazetteer.references(atKey: k)
                if let c = key.unicodeScalars.first, c.value < 0x10000,
                   c.properties.isIdeographic || c.properties.isAlphabetic {
                    keyFirst.insert(c)
                }
                let scalars = Array(key.unicodeScalars)
                if scalars.count == 1 { keySingle.insert(scalars[0]) }
                if scalars.count >= 2 { keyPairs.insert(scalars[0].value, scalars[1].value) }
                keyWeak.append(rules.weak.contains(key))
                keyOrdinaryWord.append(words.lookup(key).map { $0.tag != "ns" } == true)
                keyNamed.append(references.contains { [.feature, .country].contains(gazetteer.places[$0.place].level) })
                keyLocalAlias.append(references.allSatisfy { $0.isAlias && gazetteer.places[$0.place].level.isLocal })
                keyCanonical.append(references.contains { !$0.isAlias })
                keyLevel.append(references.map { gazetteer.places[$0.place].level }.min() ?? .other)
            }
            suffixLevels = rules.suffixTrie.entries.map { PlaceLevel(rawValue: $0.tag) }
            for suffix in rules.suffixTrie.entries {
                if let c = suffix.word.unicodeScalars.first { suffixFirst.insert(c) }
            }
            for head in rules.blockTrie.entries {
                if let c = head.word.unicodeScalars.first { blockFirst.insert(c) }
            }
            for c in PlaceExtractor.gapBreakers { gapBreakers.insert(c) }
            for stop in rules.stops { stops.insert(LexiconEntry(word: stop, frequency: 1)) }
            for c in rules.abbreviations.keys { abbreviations.insert(c) }
            for c in rules.abbreviationCues { abbreviationCues.insert(c) }
        }
    }
}
