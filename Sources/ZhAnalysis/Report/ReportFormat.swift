import Foundation

/// Dates and offsets as the report page needs them.
enum ReportFormat {
    /// An ISO date from a written date line (2024年3月5日 → 2024-03-05; 2024年3月 → 2024-03-01).
    static func isoDate(_ written: String?) -> String? {
        guard let written else { return nil }
        var numbers: [Int] = []
        var current: Int?
        for ch in written.unicodeScalars {
            if let d = Int(String(ch)), ch.isASCII {
                current = (current ?? 0) * 10 + d
            } else if let n = current {
                numbers.append(n)
                current = nil
            }
        }
        if let n = current { numbers.append(n) }
        guard let year = numbers.first, (1900...2100).contains(year) else { return nil }
        let month = numbers.count > 1 && (1...12).contains(numbers[1]) ? numbers[1] : 1
        let day = numbers.count > 2 && (1...31).contains(numbers[2]) ? numbers[2] : 1
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Offsets in a text as JavaScript counts them (UTF-16 code units), from code-point offsets.
    struct UTF16Offsets {
        private var prefix: [Int32]
        init(_ text: String) {
            prefix = [0]
            prefix.reserveCapacity(text.unicodeScalars.count + 1)
            var n: Int32 = 0
            for s in text.unicodeScalars {
                n += s.value > 0xFFFF ? 2 : 1
                prefix.append(n)
            }
        }
        subscript(_ codePoint: Int) -> Int { Int(prefix[min(max(codePoint, 0), prefix.count - 1)]) }
    }
}
