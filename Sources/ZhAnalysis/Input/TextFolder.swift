internal import CZhICU

/// Folds text for analysis one code point to one code point: NFKC (full-width digits and
/// letters become ASCII: １９９８ → 1998) and, when the text is Traditional Chinese,
/// Traditional → Simplified through ICU's "Hant-Hans" transliterator. Because the count of code
/// points never changes, offsets found on the folded text point into the original.
public struct TextFolder: Sendable {
    public enum Script: String, Sendable, Codable {
        case automatic, simplified, traditional
    }

    public struct Result: Hashable, Sendable, Codable {
        /// Number of code points NFKC changed.
        public var normalized: Int
        /// Whether Traditional → Simplified was applied, and to how many code points.
        public var traditional: Bool
        public var transliterated: Int
        /// A recoverable ICU problem (folding then falls back to the unfolded text).
        public var problem: String?
    }

    public var script: Script
    /// Share of Han characters that must change under Hant→Hans before text counts as traditional.
    public var traditionalThreshold: Double

    public init(script: Script = .automatic, traditionalThreshold: Double = 0.04) {
        self.script = script
        self.traditionalThreshold = traditionalThreshold
    }

    /// Builds the tables folding uses (NFKC data, the Traditional/Simplified tables), which the
    /// first fold of a process otherwise pays for; safe to call from any thread, any number of times.
    public static func prepare() {
        _ = TextFolder().fold(["漢"])
    }

    public func fold(_ scalars: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], result: Result) {
        if !scalars.contains(where: { $0.value >= 0x80 }) {
            return (scalars, Result(normalized: 0, traditional: false, transliterated: 0, problem: nil))
        }
        // Folded in place in a temporary copy of the line, read by ICU as 32-bit values; an array
        // is made of it only when folding changed something. (Most text is its own fold: a copy
        // made as an array and dropped cost an allocation per document.)
        return scalars.withUnsafeBufferPointer { source in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: source.count) { values in
                source.withMemoryRebound(to: UInt32.self) { _ = values.initialize(fromContentsOf: $0) }
                let result = fold(values)
                if result.normalized == 0 && !result.traditional { return (scalars, result) }
                // The C side writes code points only; a value that is not one would become U+FFFD.
                for i in values.indices where values[i] > 0x10FFFF || values[i] & 0xFFFF_F800 == 0xD800 { values[i] = 0xFFFD }
                return (values.withMemoryRebound(to: Unicode.Scalar.self) { Array($0) }, result)
            }
        }
    }

    /// Folds code points (as 32-bit values) in place: NFKC, then Traditional → Simplified when the
    /// script asks for it or the text looks traditional. On an NFKC failure the values are left
    /// as they may be and the result says nothing changed.
    private func fold(_ values: UnsafeMutableBufferPointer<UInt32>) -> Result {
        var result = Result(normalized: 0, traditional: false, transliterated: 0, problem: nil)
        var status: Int32 = 0
        result.normalized = Int(zh_fold_scalars(values.baseAddress, Int32(values.count), 1, &status))
        if status > 0 {
            return Result(normalized: 0, traditional: false, transliterated: 0,
                          problem: "NFKC folding failed: \(String(cString: zh_status_name(status)))")
        }
        if script != .simplified {
            // One counting pass decides; only traditional text is then rewritten.
            var han: Int32 = 0, toHans: Int32 = 0, toHant: Int32 = 0
            status = 0
            zh_script_census(values.baseAddress, Int32(values.count), &han, &toHans, &toHant, &status)
            if status > 0 {
                result.problem = "Traditional→Simplified failed: \(String(cString: zh_status_name(status)))"
            } else if toHans > 0 {
                // Traditional text has characters that Hant→Hans changes and few that Hans→Hant
                // changes; simplified text the reverse (著, 乾 change under Hant→Hans but are
                // simplified characters too, while 说, 们, 这 change under Hans→Hant).
                let looksTraditional = toHans > toHant && han > 0
                    && Double(toHans) / Double(han) >= traditionalThreshold
                if script == .traditional || looksTraditional {
                    status = 0
                    let changed = Int(zh_fold_scalars(values.baseAddress, Int32(values.count), 2, &status))
                    if status > 0 {
                        result.problem = "Traditional→Simplified failed: \(String(cString: zh_status_name(status)))"
                    } else {
                        result.traditional = true
                        result.transliterated = changed
                    }
                }
            }
        }
        return result
    }

    /// Folds a whole string (convenience for dictionary keys and tests).
    public func fold(_ text: String) -> String {
        // Simplified folding is NFKC alone, which leaves ASCII and unified ideographs as they are
        // (`zh_fold_scalars` skips them too): such a text, as most dictionary keys are, is its own
        // fold, without a copy of its scalars and a call into ICU.
        if script == .simplified, text.unicodeScalars.allSatisfy({ $0.value < 0x80 || CharacterClass.isUnifiedIdeograph($0) }) {
            return text
        }
        let (scalars, result) = fold(Array(text.unicodeScalars))
        if result.normalized == 0 && !result.traditional { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
