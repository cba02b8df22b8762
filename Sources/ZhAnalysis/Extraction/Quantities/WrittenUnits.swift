/// Gives units the characters they are written in. The stages read units off the analysis text,
/// which is Simplified, and compare them with Simplified words (个, 财政年度); run last, this
/// stage writes a unit read off Traditional text as the text has it: 1萬張 → 張, 57個星期 →
/// 個星期, 兩個財政年度 → 財政年度. Only Traditional → Simplified folding is undone: a full-width
/// ％ stays %, and a unit not written in the quantity stays as read (港元 for $3,600).
public struct WrittenUnits: Stage {
    public let name = "quantities"

    public init() {}

    public func process(_ document: inout Document) throws {
        // Only Traditional → Simplified folding is undone (NFKC alone changes no Han character).
        guard document.folding.traditional else { return }
        for k in document.quantities.indices {
            let q = document.quantities[k]
            let written = Self.written(q.unit, in: TextRange(start: q.start, end: q.end), of: document)
            if written != q.unit { document.quantities[k].unit = written }
        }
    }

    /// `unit` as written in `range`: its last occurrence there in the analysis text (a unit follows
    /// its number), with each Han character that folding changed put back; `unit` itself when it
    /// does not occur there.
    static func written(_ unit: String, in range: TextRange, of doc: Document) -> String {
        let u = Array(unit.unicodeScalars)
        let s = doc.analysis, o = doc.scalars
        guard !u.isEmpty, range.start >= 0, range.end <= s.count, range.end - range.start >= u.count else { return unit }
        var p = range.end - u.count
        while p >= range.start {
            var k = 0
            while k < u.count, s[p + k] == u[k] { k += 1 }
            if k == u.count { break }
            p -= 1
        }
        guard p >= range.start else { return unit }
        var out = String.UnicodeScalarView()
        var changed = false
        for k in 0..<u.count {
            let a = s[p + k], b = o[p + k]
            if a != b, CharacterClass.isHan(a), CharacterClass.isHan(b) {
                out.append(b)
                changed = true
            } else {
                out.append(a)
            }
        }
        return changed ? String(out) : unit
    }
}
