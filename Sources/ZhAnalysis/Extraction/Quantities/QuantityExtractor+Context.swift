import Foundation

/// Where and when: the place a quantity belongs to and the time words around it.
extension QuantityExtractor {
    func dominantPlace(_ doc: Document) -> String? {
        let s = doc.analysis
        var a = 0
        while a < s.count, ChineseNumber.isSpace(s[a]) || s[a] == "\n" || s[a] == "\r" { a += 1 }
        var b = a
        while b < s.count, s[b] != "\n", s[b] != "\r" { b += 1 }
        // The first line is a title only when it is short and text follows.
        if b - a > 60 || b >= s.count { b = a }
        func rank(_ level: PlaceLevel?) -> Int {
            switch level {
            case .province: return 1
            case .prefecture: return 2
            case .county, .zone: return 3
            case .township: return 4
            default: return 0
            }
        }
        var titled: (rank: Int, start: Int, name: String)?
        var counted: (count: Int, name: String, tie: Bool)?
        // (Entities read in place: iterating them copied each one, strings and arrays retained.)
        for e in doc.entities.indices where doc.entities[e].type == .place {
            let r = rank(doc.entities[e].level)
            guard r > 0 else { continue }
            for m in doc.entities[e].mentions {
                let inTitle = (m.start >= a && m.end <= b) || (doc.title.map { !m.text.isEmpty && $0.contains(m.text) } ?? false)
                guard inTitle else { continue }
                if titled == nil || r > titled!.rank || (r == titled!.rank && m.start < titled!.start) {
                    titled = (r, m.start, doc.entities[e].name)
                }
            }
            guard r == 2 || r == 3 else { continue }
            let n = doc.entities[e].mentions.count
            if let c = counted {
                if n > c.count { counted = (n, doc.entities[e].name, false) } else if n == c.count { counted!.tie = true }
            } else {
                counted = (n, doc.entities[e].name, false)
            }
        }
        if let t = titled { return t.name }
        if let c = counted, c.count >= 2, !c.tie { return c.name }
        return nil
    }

    func place(at start: Int, doc: Document, lo: Int, places: [(start: Int, end: Int, name: String)]) -> String? {
        // The last mention ending at or before the quantity (binary search), if in the same sentence.
        var a = 0, b = places.count
        while a < b {
            let m = (a + b) / 2
            if places[m].end <= start { a = m + 1 } else { b = m }
        }
        if a > 0, places[a - 1].start >= lo { return places[a - 1].name }
        if let si = doc.sectionIndex(at: start), let d = doc.sections[si].district { return d }
        return nil
    }

    /// The time words around a figure date statistics and months or days (今年1至9月); other
    /// roles need none, and a year is a time itself.
    /// (Read in place: a candidate passed by value was copied, its strings retained.)
    func needsTime(_ index: Int, in all: [Candidate]) -> Bool {
        (all[index].role == .statistic || all[index].kind == .date) && all[index].kind != .year
    }

    /// The longest time word (with a following 以来) starting at each position of `s` where one
    /// starts, in text order: one trie walk per position whose first character may start one.
    /// Words may overlap; `time(at:…)` reads them left to right from its window's start.
    func timeWords(in s: [Unicode.Scalar]) -> [TextRange] {
        var words: [TextRange] = []
        var p = 0
        while let next = flags.firstIndex(in: s, from: p, Flag.timeFirst) {
            p = next
            if let (wordEnd, _) = timeWordTrie.longestMatchIndex(in: s, from: p, limit: s.count) {
                var e = wordEnd
                if Self.matches(s, e, Self.yilai) { e += 2 }
                words.append(TextRange(start: p, end: e))
            }
            p += 1
        }
        return words
    }

    /// `timeWords`: `timeWords(in: doc.analysis)`.
    func time(at index: Int, doc: Document, lo: Int, hi: Int, all: [Candidate], timeWords: [TextRange]) -> String? {
        // (Fields read in place: a copy of the candidate retained and released its strings.)
        let cStart = all[index].start
        let s = doc.analysis
        // A year or date quantity in the same sentence, nearest before, else after. The best
        // one's range is kept; its text is built once, at the end.
        var best: (distance: Int, range: TextRange)?
        var j = index - 1
        while j >= 0, all[j].start >= lo { j -= 1 }
        j += 1
        while j < all.count, all[j].start < hi {
            defer { j += 1 }
            guard all[j].kind == .year || all[j].kind == .date, all[j].end <= hi, j != index else { continue }
            let (oStart, oEnd) = (all[j].start, all[j].end)
            // 2021年12月31日: extend over the following date parts.
            var e = oEnd
            var k = j + 1
            while k < all.count, all[k].start == e, all[k].kind == .date { e = all[k].end; k += 1 }
            for w in Self.timeSuffixScalars where Self.matches(s, e, w) { e += w.count; break }
            let d = oEnd <= cStart ? cStart - oEnd : 1_000_000 + oStart
            if best == nil || d < best!.distance { best = (d, TextRange(start: oStart, end: e)) }
        }
        // Time words starting in the window, left to right from its start: a word's end is where
        // the next may start (a word starting inside it is not read).
        var a = 0, b = timeWords.count
        while a < b {
            let m = (a + b) / 2
            if timeWords[m].start < lo { a = m + 1 } else { b = m }
        }
        var k = a
        while k < timeWords.count, timeWords[k].start < hi {
            let (p, e) = (timeWords[k].start, timeWords[k].end)
            let d = e <= cStart ? cStart - e : 1_000_000 + p
            if best == nil || d < best!.distance { best = (d, TextRange(start: p, end: e)) }
            k += 1
            while k < timeWords.count, timeWords[k].start < e { k += 1 }
        }
        return best.map { doc.original($0.range) }
    }
}
