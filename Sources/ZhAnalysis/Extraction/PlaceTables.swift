import Foundation

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
        /// `CharacterClass.ideographic` (the same table), read without the `swift_once` call each
        /// read of the static pays.
        var ideographic = ScalarBitSet()
        /// `PlaceRules.stops` as a trie.
        var stops = Lexicon()
        /// BMP characters with a one-character short form (`PlaceRules.abbreviations`).
        var abbreviations = ScalarBitSet()
        /// `PlaceRules.abbreviationCues` (BMP characters).
        var abbreviationCues = ScalarBitSet()
        init() {}

        init(gazetteer: Gazetteer, rules: PlaceRules, words: Lexicon) {
            // The weak words in NFC, as a trie: a key that is NFC as it stands (its code points
            // all `CharacterClass.isStableNFC`, as Han keys are) equals a weak word as a String
            // exactly when its code points spell that word's NFC form, a walk where hashing the
            // key cost ~1 K instructions. Other keys ask the set.
            var weakWords = Lexicon()
            for word in rules.weak { weakWords.insert(LexiconEntry(word: word.precomposedStringWithCanonicalMapping, frequency: 1)) }
            for k in 0..<gazetteer.keyCount {
                let key = gazetteer.key(at: k)
                let references = gazetteer.references(atKey: k)
                var scalars = key.unicodeScalars.makeIterator()
                if let c = scalars.next() {
                    if c.value < 0x10000, c.properties.isIdeographic || c.properties.isAlphabetic { keyFirst.insert(c) }
                    if let d = scalars.next() { keyPairs.insert(c.value, d.value) } else { keySingle.insert(c) }
                }
                keyWeak.append(key.unicodeScalars.allSatisfy(CharacterClass.isStableNFC)
                               ? weakWords.lookupIndex(key) != nil : rules.weak.contains(key))
                keyOrdinaryWord.append(words.lookupIndex(key).map { words.entries[$0].tag != "ns" } == true)
                keyNamed.append(references.contains { [.feature, .country].contains(gazetteer.places[$0.place].level) })
                keyLocalAlias.append(references.allSatisfy { $0.isAlias && gazetteer.places[$0.place].level.isLocal })
                keyCanonical.append(references.contains { !$0.isAlias })
                keyLevel.append(references.lazy.map { gazetteer.places[$0.place].level }.min() ?? .other)
            }
            suffixLevels = rules.suffixTrie.entries.map { PlaceLevel(rawValue: $0.tag) }
            for suffix in rules.suffixTrie.entries {
                if let c = suffix.word.unicodeScalars.first { suffixFirst.insert(c) }
            }
            for head in rules.blockTrie.entries {
                if let c = head.word.unicodeScalars.first { blockFirst.insert(c) }
            }
            for c in PlaceExtractor.gapBreakers { gapBreakers.insert(c) }
            ideographic = CharacterClass.ideographic
            for stop in rules.stops { stops.insert(LexiconEntry(word: stop, frequency: 1)) }
            for c in rules.abbreviations.keys { abbreviations.insert(c) }
            for c in rules.abbreviationCues { abbreviationCues.insert(c) }
        }
    }
}
