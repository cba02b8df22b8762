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

    /// The header of the column of `all[index]` when it stands in a table row; nil otherwise.
    func tableHeader(at index: Int, all: [Candidate], doc: Document) -> String? {
        let s = doc.analysis
        let c = all[index]
        var lineStart = c.start
        while lineStart > 0, s[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = c.end
        while lineEnd < s.count, s[lineEnd] != "\n" { lineEnd += 1 }
        guard (lineStart..<lineEnd).contains(where: { s[$0] == "\t" }) else { return nil }
        // The header: the nearest line above in the block of tabbed lines holding no digit.
        var header: Range<Int>?
        var e = lineStart - 1
        var lines = 0
        while e > 0, lines < 40 {
            var a = e
            while a > 0, s[a - 1] != "\n" { a -= 1 }
            let line = a..<e
            guard line.contains(where: { s[$0] == "\t" }) else { break }
            if !line.contains(where: { ChineseNumber.isAsciiDigit(s[$0]) }) {
                header = line
                break
            }
            e = a - 1
            lines += 1
        }
        guard let header else { return nil }
        let cells = Self.cells(s, header)
        let column = (lineStart..<c.start).reduce(0) { s[$1] == "\t" ? $0 + 1 : $0 }
        guard column < cells.count else { return nil }
        var k = column
        while k > 0, Self.namesChange(s, cells[k]) { k -= 1 }
        var cell = cells[k]
        if cell.isEmpty || Self.timeHeaders.contains(String(String.UnicodeScalarView(s[cell]))) { return nil }
        // Several figures in one cell (352,500 x $70): each takes its part of the header.
        var cellStart = c.start
        while cellStart > lineStart, s[cellStart - 1] != "\t" { cellStart -= 1 }
        let order = all[..<index].filter { $0.start >= cellStart && $0.role == .statistic }.count
        let parts = Self.headerParts(s, cell)
        if parts.count > 1, order < parts.count { cell = parts[order] }
        let text = doc.original(TextRange(start: cell.lowerBound, end: cell.upperBound))
        return text.isEmpty ? nil : text
    }

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
