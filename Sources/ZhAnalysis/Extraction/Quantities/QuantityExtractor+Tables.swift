import Foundation

/// The subject of a figure in a table: the header of its column.
///
/// A table is a block of lines whose cells are split by tabs; its header is the nearest line
/// above the figure's row, in the block, that holds no digit (`年度	入場人次	增幅／跌幅`). The
/// figure's column is the number of tabs before it in its row. A header naming a change (增幅 ·
/// 跌幅 · 增长率) takes the subject of the nearest column to its left that names a level (580萬
/// -3.33% → 入場人次), and a header joining several figures of one cell (`學生人數 X 團體票價` over
/// `352,500 x $70`) gives each its part.
extension QuantityExtractor {
    /// Words of a column header that name a change of the column before it.
    static let changeHeaderWords: [[Unicode.Scalar]] = ["增幅", "跌幅", "升幅", "降幅", "增长率", "增速", "变幅", "变动",
                                                          "增减", "同比", "按年", "环比"].map { Array($0.unicodeScalars) }
    /// Header cells naming the time of a row, never a subject.
    static let timeHeaders: Set<String> = ["年度", "年份", "年", "月份", "月", "日期", "时间", "财政年度", "学年"]

    /// Where a figure stands in a table: the start of its row, its column, and the table's header
    /// line (the nearest line above in the block of tabbed lines holding no digit); nil when the
    /// figure is not in a table row under a header.
    static func tablePlace(of c: Candidate, in s: [Unicode.Scalar]) -> (rowStart: Int, column: Int, header: Range<Int>)? {
        var lineStart = c.start
        while lineStart > 0, s[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = c.end
        while lineEnd < s.count, s[lineEnd] != "\n" { lineEnd += 1 }
        guard (lineStart..<lineEnd).contains(where: { s[$0] == "\t" }) else { return nil }
        var e = lineStart - 1
        var lines = 0
        while e > 0, lines < 40 {
            var a = e
            while a > 0, s[a - 1] != "\n" { a -= 1 }
            let line = a..<e
            guard line.contains(where: { s[$0] == "\t" }) else { return nil }
            if !line.contains(where: { ChineseNumber.isAsciiDigit(s[$0]) }) {
                return (lineStart, (lineStart..<c.start).reduce(0) { s[$1] == "\t" ? $0 + 1 : $0 }, line)
            }
            e = a - 1
            lines += 1
        }
        return nil
    }

    /// The header of the column of `all[index]` when it stands in a table row; nil otherwise.
    func tableHeader(at index: Int, all: [Candidate], doc: Document) -> String? {
        let s = doc.analysis
        let c = all[index]
        guard let (lineStart, column, header) = Self.tablePlace(of: c, in: s) else { return nil }
        let cells = Self.cells(s, header)
        guard column < cells.count else { return nil }
        var k = column
        while k > 0, Self.namesChange(s, cells[k]) { k -= 1 }
        var cell = cells[k]
        if cell.isEmpty || Self.timeHeaders.contains(ScalarText.string(s[cell])) { return nil }
        // Several figures in one cell (352,500 x $70): each takes its part of the header.
        var cellStart = c.start
        while cellStart > lineStart, s[cellStart - 1] != "\t" { cellStart -= 1 }
        let order = all[..<index].filter { $0.start >= cellStart && $0.role == .statistic }.count
        let parts = Self.headerParts(s, cell)
        if parts.count > 1, order < parts.count { cell = parts[order] }
        let text = doc.original(TextRange(start: cell.lowerBound, end: cell.upperBound))
        return text.isEmpty ? nil : text
    }

    /// Bare figures of a table take the unit its column header or its caption declares: under
    /// `海洋公园最近5年营运情况（亿元）` and `年度	收入	开支`, the 16.44 of a row is 1,644,000,000 元
    /// (also `收入（万元）` in the header, `单位：万元` in the caption). A figure with a unit of its
    /// own keeps it, and a column of years (年度) takes none.
    func applyTableUnits(_ found: inout [Candidate], s: [Unicode.Scalar]) {
        for k in found.indices where found[k].unit.isEmpty && found[k].kind == .count && !found[k].splitYear {
            guard let (_, column, header) = Self.tablePlace(of: found[k], in: s) else { continue }
            let cells = Self.cells(s, header)
            if column < cells.count, Self.timeHeaders.contains(ScalarText.string(s[cells[column]])) { continue }
            // The caption: the line above the header, when it is not a row.
            var caption: Range<Int>?
            if header.lowerBound > 1 {
                var a = header.lowerBound - 1
                while a > 0, s[a - 1] != "\n" { a -= 1 }
                let line = a..<(header.lowerBound - 1)
                if !line.contains(where: { s[$0] == "\t" }) { caption = line }
            }
            let declared = (column < cells.count ? declaredUnit(in: cells[column], s) : nil) ?? caption.flatMap { declaredUnit(in: $0, s) }
            guard let unit = declared else { continue }
            found[k].value = Self.clean(found[k].value * unit.factor)
            found[k].upper = found[k].upper.map { Self.clean($0 * unit.factor) }
            found[k].unit = unit.base
            found[k].kind = units.kind(of: unit)
            found[k].si = unit.si
        }
    }

    /// The unit a header cell or caption declares: its last bracket（亿元）, or what follows 单位：.
    func declaredUnit(in range: Range<Int>, _ s: [Unicode.Scalar]) -> UnitTable.Unit? {
        var inner: Range<Int>?
        if range.upperBound > range.lowerBound, s[range.upperBound - 1] == "）" || s[range.upperBound - 1] == ")" {
            var a = range.upperBound - 1
            while a > range.lowerBound, s[a - 1] != "（" && s[a - 1] != "(" { a -= 1 }
            if a > range.lowerBound { inner = a..<(range.upperBound - 1) }
        }
        let label: [Unicode.Scalar] = ["单", "位"]
        if let p = (range.lowerBound..<max(range.lowerBound, range.upperBound - 2)).first(where: { Self.matches(s, $0, label) }) {
            var a = p + 2
            if a < range.upperBound, s[a] == "：" || s[a] == ":" { a += 1 }
            var b = a
            while b < range.upperBound, s[b] != "）" && s[b] != ")" && s[b] != "，" && s[b] != "," && !ChineseNumber.isSpace(s[b]) { b += 1 }
            inner = a..<b
        }
        guard var r = inner.map({ Self.trimmed(s, $0) }), !r.isEmpty, r.count <= 6 else { return nil }
        if Self.matches(s, r.lowerBound, ["单", "位"]) { r = (r.lowerBound + 2)..<r.upperBound }
        if r.lowerBound < r.upperBound, s[r.lowerBound] == "：" || s[r.lowerBound] == ":" { r = (r.lowerBound + 1)..<r.upperBound }
        guard !r.isEmpty else { return nil }
        if let m = units.match(in: s, at: r.lowerBound, limit: r.upperBound), m.end == r.upperBound, m.unit.kind != "degree" {
            return m.unit
        }
        // A multiplier before a unit (万人 · 百万元) or alone (万).
        var factor = 1.0, p = r.lowerBound
        while p < r.upperBound, let m = Self.multipliers[s[p]] { factor *= m; p += 1 }
        guard factor > 1 else { return nil }
        if p == r.upperBound { return UnitTable.Unit(name: "", kind: "count", factor: factor) }
        guard let m = units.match(in: s, at: p, limit: r.upperBound), m.end == r.upperBound, m.unit.kind != "degree" else { return nil }
        var unit = m.unit
        unit.factor *= factor
        return unit
    }

    static let multipliers: [Unicode.Scalar: Double] = ["十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000]

    /// The cells of a tabbed line, trimmed of spaces.
    static func cells(_ s: [Unicode.Scalar], _ line: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var a = line.lowerBound
        for p in line.lowerBound...line.upperBound where p == line.upperBound || s[p] == "\t" {
            out.append(trimmed(s, a..<p))
            a = p + 1
        }
        return out
    }

    static func trimmed(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b, ChineseNumber.isSpace(s[a]) || s[a] == "\r" { a += 1 }
        while b > a, ChineseNumber.isSpace(s[b - 1]) || s[b - 1] == "\r" { b -= 1 }
        return a..<b
    }

    /// Parts of a header cell joined by a multiplication sign (学生人数 X 团体票价).
    static func headerParts(_ s: [Unicode.Scalar], _ cell: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var a = cell.lowerBound
        var p = cell.lowerBound
        while p < cell.upperBound {
            let c = s[p]
            let sign = c == "×" || c == "*" || ((c == "X" || c == "x") && p > cell.lowerBound && p + 1 < cell.upperBound
                && ChineseNumber.isSpace(s[p - 1]) && ChineseNumber.isSpace(s[p + 1]))
            if sign {
                out.append(trimmed(s, a..<p))
                a = p + 1
            }
            p += 1
        }
        out.append(trimmed(s, a..<cell.upperBound))
        return out.filter { !$0.isEmpty }
    }

    static func namesChange(_ s: [Unicode.Scalar], _ cell: Range<Int>) -> Bool {
        changeHeaderWords.contains { w in
            var p = cell.lowerBound
            while p + w.count <= cell.upperBound {
                if matches(s, p, w) { return true }
                p += 1
            }
            return false
        }
    }
}
