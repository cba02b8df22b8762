import Foundation

/// Changes of a statistic: 增长6.0% · 比上年末增加13.5万人 · 同比下降2.1个百分点.
extension QuantityExtractor {
    // MARK: - changes (增长6.0% · 比上年末增加13.5万人 · 同比下降2.1个百分点)
    //
    // A number written right after a verb of change is the change of a statistic, not its level.
    // Its `qualifiers` then hold, after the rate and period words (每年 · 人均), the comparison
    // base as written and the verb as written:
    //   - base: 同比 · 环比 · 比/较/较之/相比 + a time phrase ending in 年 月 日 周 天 季 度 期 末 初 前 底
    //     (比上年 · 比上年末 · 较上月 · 比去年同期 · 比2022年 · 比年初) · 与/同/和/跟 … 相比 (与上年相比,
    //     also closing the clause before: 与上年相比，增长5%);
    //   - verb (`changeVerbs`): 增长 · 下降 · 提高 · 降低 · 增加 · 减少 · 回落 · 上升 · 上涨 · 下跌 ·
    //     提升 · 回升 · 下滑 · 扩大 · 缩小 …; the one-character 增 · 降 · 涨 · 跌 · 升 · 减 only after a
    //     base (同比增5%). 了 and adverbs (分别 · 均 · 大幅 …) may stand between.
    // A verb followed by 到/至/为 gives a new level (提高到35%), not a change: no qualifier.
    // A change with no noun of its own takes the subject of the nearest preceding quantity of the
    // sentence (地区生产总值22074.7亿元，比上年增长6.0% → 6.0% is about 地区生产总值) when it is a
    // percent, per mille or percentage point, or of the same unit kind (常住人口2140.3万人，比上年末增加
    // 13.5万人). The next items of a list (分别增长3.0%、3.9%和7.0%) repeat the change qualifiers.

    static let fixedBaseScalars: [[Unicode.Scalar]] = ["同比", "环比"].map { Array($0.unicodeScalars) }
    static let xiangbi = scalars("相比")

    /// Last characters of a 比… base: a time or a period.
    static func endsComparisonBase(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "年", "月", "日", "周", "天", "季", "度", "期", "末", "初", "前", "底": return true
        default: return false
        }
    }

    /// Where a change is written: its comparison base (if any) and its verb.
    struct Change {
        var base: TextRange?
        var direction: TextRange
        /// Where the change phrase begins in its clause (the base, else adverbs or the verb).
        var lead: Int
    }

    /// The change written right before the quantity at `start`, within its clause (`from`…).
    func change(at start: Int, s: [Unicode.Scalar], from: Int, lo: Int) -> Change? {
        var p = start
        while p > from, ChineseNumber.isSpace(s[p - 1]) { p -= 1 }
        if p > from, s[p - 1] == "了" { p -= 1 }
        guard p - 1 >= from else { return nil }
        var verbStart = -1
        for w in cues.changeVerbs where p - 2 >= from && s[p - 1] == w[1] && s[p - 2] == w[0] {
            verbStart = p - 2
            break
        }
        let needsBase = verbStart < 0
        if needsBase {
            guard cues.changeVerbChars.contains(s[p - 1]) else { return nil }
            verbStart = p - 1
        }
        var q = verbStart
        var steps = 0
        adverbs: while steps < 2 {
            for w in cues.changeAdverbs where q - w.count >= from && Self.matches(s, q - w.count, w) {
                q -= w.count
                steps += 1
                continue adverbs
            }
            break
        }
        let base = comparisonBase(s, end: q, from: from, lo: lo)
        if needsBase, base == nil { return nil }
        let lead = base.map { $0.start >= from ? $0.start : q } ?? q
        return Change(base: base, direction: TextRange(start: verbStart, end: p), lead: lead)
    }

    /// The comparison base ending at `q` (同比 · 比上年末 · 与上年相比), or nil.
    func comparisonBase(_ s: [Unicode.Scalar], end q: Int, from: Int, lo: Int) -> TextRange? {
        for w in Self.fixedBaseScalars where q - 2 >= from && Self.matches(s, q - 2, w) {
            return TextRange(start: q - 2, end: q)
        }
        if q - 2 >= from, Self.endsComparisonBase(s[q - 1]) {
            var b = q - 2
            while b >= from, q - b <= 9 {
                let ch = s[b]
                if ch == "比" || ch == "较" {
                    return TextRange(start: b > from && s[b - 1] == "相" ? b - 1 : b, end: q)
                }
                guard Self.isHan(ch) || ChineseNumber.isAsciiDigit(ch) else { return nil }
                b -= 1
            }
            return nil
        }
        // 与上年相比 in this clause, or closing the clause before (与上年相比，社会消费品零售总额增长8.1%).
        var e = q
        if !Self.matches(s, e - 2, Self.xiangbi), from - 1 > lo, s[from - 1] == "，" || s[from - 1] == "," { e = from - 1 }
        guard e - 2 >= lo, Self.matches(s, e - 2, Self.xiangbi) else { return nil }
        var b = e - 3
        while b >= lo, e - b <= 14 {
            let ch = s[b]
            if ch == "与" || ch == "同" || ch == "和" || ch == "跟" { return b + 1 < e - 2 ? TextRange(start: b, end: e) : nil }
            guard Self.isHan(ch) || ChineseNumber.isAsciiDigit(ch) else { return nil }
            b -= 1
        }
        return nil
    }

    /// The subject of the statistic a change is about: the nearest preceding quantity of the
    /// sentence, when it has a subject and a compatible unit, and no semicolon (which opens a
    /// clause with a subject of its own) stands between them.
    /// (The quantities read in place: iterating them copied each one. The kind by number, named
    /// only when compared with a quantity's.)
    func changedSubject(start: Int, kind: UnitKind, s: [Unicode.Scalar], lo: Int, done: [Quantity]) -> String {
        for j in done.indices.reversed() {
            if done[j].start < lo { break }
            if (done[j].end..<max(done[j].end, start)).contains(where: { s[$0] == "；" || s[$0] == ";" }) { return "" }
            switch done[j].unitKind {
            case "year", "date", "clock": continue
            case "ordinal": return ""
            default: break
            }
            if done[j].role != .statistic { continue }
            guard !done[j].subject.isEmpty else { return "" }
            let rate = kind == .percent || kind == .permille || kind == .percentagePoint
            return rate || units.name(of: kind) == done[j].unitKind ? done[j].subject : ""
        }
        return ""
    }

    /// The next item of a list of changes (分别增长3.0%、3.9%和7.0%): the index in `done` of the
    /// previous quantity, when only a list mark stands between them and it was a change. (An
    /// index, read in place: returning the quantity copied it, every string retained.)
    func listedChange(start: Int, kind: UnitKind, s: [Unicode.Scalar], done: [Quantity]) -> Int? {
        guard let k = done.indices.last, done[k].end <= start, start - done[k].end <= 2, done[k].unitKind == units.name(of: kind),
              let last = done[k].qualifiers.last, cues.changeVerbSet.contains(last) else { return nil }
        for p in done[k].end..<start {
            switch s[p] {
            case "、", "和", "及", "与", ",", "，": continue
            default: return nil
            }
        }
        return k
    }

    /// The place a document is about, for quantities with no place of their own: the most
    /// specific administrative place (province … township) named in the title or the first line
    /// (when short and followed by more text),
    /// else the prefecture or county-level place named most often (at least twice, more often
    /// than any other).
}
