import Foundation

/// 分别 lists: `A、B、C分别增长x%、y%、z%` gives each figure its own item, in order.
extension StatisticClassifier {
    static let respectively: [Unicode.Scalar] = ["分", "别"]

    /// Aligns the figures after 分别 with the items of the list before it, when both have the same
    /// length: item k is the subject of figure k; items without the head noun of the last one
    /// take it (粮食、棉花、油料产量分别增长… → 粮食产量 · 棉花产量 · 油料产量).
    func alignLists(_ document: inout Document) {
        for (i, subject) in listSubjects(document) { document.quantities[i].subject = subject }
    }

    /// The subjects `alignLists` gives, by quantity index. (Read off the document and written
    /// after: a copy of the quantities held across the writes made every document copy them all.)
    func listSubjects(_ document: Document) -> [(index: Int, subject: String)] {
        var out: [(index: Int, subject: String)] = []
        let s = document.analysis
        // Most texts have no 分别 at all.
        guard StatisticCues.contains([Self.respectively], in: s, from: 0, to: s.count) else { return out }
        var i = 0
        let qs = document.quantities
        while i < qs.count {
            guard qs[i].role == .statistic, let at = respectivelyBefore(qs[i].start, s: s) else { i += 1; continue }
            // The run of figures joined by 、 · ， · 和 · 及.
            var run = [i]
            var j = i + 1
            while j < qs.count, qs[j].role == .statistic, onlyJoins(s, from: qs[run.last!].end, to: qs[j].start),
                  !Self.hasBreak(s, from: qs[run.last!].end, to: qs[j].start) {
                run.append(j)
                j += 1
            }
            i = j
            guard run.count >= 2 else { continue }
            // The list: from the clause start (after scope words and times) to 分别, without the
            // words qualifying the change after it (年均 · 平均 · 同比).
            var end = at
            while let w = Self.listTail.first(where: { end - $0.count > 0 && StatisticCues.matches(s, end - $0.count, $0) }) { end -= w.count }
            let r = end
            var a = r
            while a > 0, !Self.isClauseBreak(s[a - 1]) { a -= 1 }
            var items: [Range<Int>] = []
            var b = a
            for p in a...r where p == r || Self.isListMark(s[p]) {
                if p > b { items.append(b..<p) }
                b = p + 1
            }
            guard items.count == run.count, var first = items.first else { continue }
            // Scope words and times before the first item (全省 · 2024年).
            var moved = true
            while moved {
                moved = false
                for ws in table.scopeScalars {
                    if StatisticCues.matches(s, first.lowerBound, ws), first.lowerBound + ws.count < first.upperBound {
                        first = (first.lowerBound + ws.count)..<first.upperBound
                        moved = true
                    }
                }
                if let end = Self.timeEnd(covering: first.lowerBound, in: qs), end < first.upperBound {
                    first = end..<first.upperBound
                    moved = true
                }
            }
            items[0] = first
            guard items.allSatisfy({ $0.count >= 1 && $0.count <= 12 }),
                  !items.contains(where: { Self.overlapsQuantity($0.lowerBound, $0.upperBound, qs) }) else { continue }
            // The head noun of the last item (its last word), for the items before it that are
            // only its modifiers: shorter by that word and not ending in it.
            var head = ""
            var headCount = 0
            if let last = items.last, let k = document.tokenIndex.token(at: last.upperBound - 1) {
                let t = document.tokens[k].range
                if t.start > last.lowerBound, t.end == last.upperBound {
                    head = document.original(TextRange(start: t.start, end: t.end))
                    headCount = tokenCount(document, last) - 1
                }
            }
            for (k, it) in items.enumerated() {
                let text = document.original(TextRange(start: it.lowerBound, end: it.upperBound))
                let own = k == items.count - 1 || head.isEmpty || text.hasSuffix(head) || tokenCount(document, it) > headCount
                out.append((run[k], own ? text : text + head))
            }
        }
        return out
    }

    /// Words between a list and 分别 that qualify the change, not the items.
    static let listTail: [[Unicode.Scalar]] = ["年均", "平均", "同比", "均"].map { Array($0.unicodeScalars) }

    /// The number of tokens in `r`.
    func tokenCount(_ doc: Document, _ r: Range<Int>) -> Int {
        var n = 0
        var p = r.lowerBound
        let tokenIndex = doc.tokenIndex   // (computed: taken once, not copied per token)
        while p < r.upperBound {
            guard let k = tokenIndex.token(at: p) else { p += 1; continue }
            n += 1
            p = max(p + 1, doc.tokens[k].range.end)
        }
        return n
    }

    /// The position of 分别 before a figure, read back over lead and change words (分别增长 ·
    /// 分别达到 · 分别为), nil when there is none.
    func respectivelyBefore(_ start: Int, s: [Unicode.Scalar]) -> Int? {
        var e = start
        var c = start
        while c > 0, !Self.isClauseBreak(s[c - 1]) { c -= 1 }
        for _ in 0..<4 {
            if e >= 2, StatisticCues.matches(s, e - 2, Self.respectively) { return e - 2 }
            if let length = cueWord(changeVerbs, endingAt: e, in: s, floor: c) ?? cueWord(leadWords, endingAt: e, in: s, floor: c)
                ?? cueWord(levelWords, endingAt: e, in: s, floor: c) {
                if length == 2, StatisticCues.matches(s, e - 2, Self.respectively) { return e - 2 }
                e -= length
                continue
            }
            if let b = base(endingAt: e, s: s, floor: c) { e = b; continue }
            break
        }
        return nil
    }
}
