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

    func time(at index: Int, doc: Document, lo: Int, hi: Int, all: [Candidate]) -> String? {
        // (Fields read in place: a copy of the candidate retained and released its strings.)
        let cStart = all[index].start
        let s = doc.analysis
        if all[index].kind == "year" { return nil }
        // A year or date quantity in the same sentence, nearest before, else after. The best
        // one's range is kept; its text is built once, at the end.
        var best: (distance: Int, range: TextRange)?
        var j = index - 1
        while j >= 0, all[j].start >= lo { j -= 1 }
        j += 1
        while j < all.count, all[j].start < hi {
            defer { j += 1 }
            guard all[j].kind == "year" || all[j].kind == "date", all[j].end <= hi, j != index else { continue }
            let (oStart, oEnd) = (all[j].start, all[j].end)
            // 2021年12月31日: extend over the following date parts.
            var e = oEnd
            var k = j + 1
            while k < all.count, all[k].start == e, all[k].kind == "date" { e = all[k].end; k += 1 }
            for w in Self.timeSuffixScalars where Self.matches(s, e, w) { e += w.count; break }
            let d = oEnd <= cStart ? cStart - oEnd : 1_000_000 + oStart
            if best == nil || d < best!.distance { best = (d, TextRange(start: oStart, end: e)) }
        }
        // Time words: the longest at each position (one trie walk, not a pass over the list).
        var p = lo
        while p < hi {
            if flags.contains(s[p], Flag.timeFirst),
               let (wordEnd, _) = timeWordTrie.longestMatchIndex(in: s, from: p, limit: s.count) {
                var e = wordEnd
                if Self.matches(s, e, Self.yilai) { e += 2 }
                let d = e <= cStart ? cStart - e : 1_000_000 + p
                if best == nil || d < best!.distance { best = (d, TextRange(start: p, end: e)) }
                p = e - 1
            }
            p += 1
        }
        return best.map { doc.original($0.range) }
    }
}
