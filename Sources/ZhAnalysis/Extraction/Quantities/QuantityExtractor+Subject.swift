import Foundation

/// What a quantity counts (its subject) and the words that qualify it (每年 · 人均).
extension QuantityExtractor {
    /// Whether token `k` can be part of a subject noun phrase.
    func nounLike(_ tokens: [Token], _ k: Int, _ s: [Unicode.Scalar]) -> Bool {
        let kind = tokens[k].kind
        // 5G基站 · 4K电视 · 3D打印: digits joined to a Latin letter name a thing.
        if kind == .number, k + 1 < tokens.count, tokens[k + 1].kind == .latin, tokens[k + 1].range.start == tokens[k].range.end,
           tokens[k].range.length <= 2 { return true }
        guard kind == .word || kind == .latin else { return false }
        let r = tokens[k].range
        if wordFlags(s, r) & (WordFlag.boundary | WordFlag.linking) != 0 { return false }
        let tc = tagClass(s, r.start, r.end)
        if tc & TagClass.noun != 0 { return true }
        if tc & TagClass.notNoun != 0 { return false }
        if r.length == 1, ChineseNumber.isNumeralCharacter(s[r.start]) { return false }
        // 完成后 · 开学前 · 改造时: an unlisted word closed by a time localizer is a time.
        if tc == 0, r.length >= 3, s[r.end - 1] == "后" || s[r.end - 1] == "前" || s[r.end - 1] == "时" { return false }
        if tc == 0, Self.isVerbPhrase(s, r) { return false }
        return true
    }

    /// Token `k` is a listed verb directly followed by a listed noun that is not verbal (备案|博物馆 ·
    /// 检验|结果 · 分类|桶): a modifier of that noun.
    func modifiesNoun(_ tokens: [Token], _ k: Int, _ s: [Unicode.Scalar]) -> Bool {
        guard k + 1 < tokens.count, tokens[k].kind == .word, tokens[k + 1].kind == .word,
              tokens[k + 1].range.start == tokens[k].range.end else { return false }
        let r = tokens[k].range, n = tokens[k + 1].range
        guard wordFlags(s, r) & (WordFlag.boundary | WordFlag.linking) == 0,
              tagClass(s, r.start, r.end) & TagClass.verb != 0 else { return false }
        let next = tagClass(s, n.start, n.end)
        return next & TagClass.noun != 0 && next & TagClass.verbal == 0
    }

    /// 驱走了 · 住在 · 降到 · 失业咗: a word (not in the lexicon) closed by an aspect marker or by
    /// the preposition of a verb's complement is a verb phrase.
    static func isVerbPhrase(_ s: [Unicode.Scalar], _ r: TextRange) -> Bool {
        guard r.length >= 2 else { return false }
        switch s[r.end - 1] {
        case "了", "着", "过", "咗", "在", "到", "给", "畀": return true
        default: return false
        }
    }

    static func isOpenQuote(_ c: Unicode.Scalar) -> Bool { c == "“" || c == "「" || c == "『" || c == "\"" }
    static func isCloseQuote(_ c: Unicode.Scalar) -> Bool { c == "”" || c == "」" || c == "』" || c == "\"" }

    /// Token `k` is the one-character word `c`.
    @inline(__always) func isChar(_ tokens: [Token], _ k: Int, _ c: Unicode.Scalar, _ s: [Unicode.Scalar]) -> Bool {
        let r = tokens[k].range
        return r.length == 1 && s[r.start] == c
    }

    /// Token `k` is one period character (年 月 日 天 周).
    @inline(__always) func isPeriodToken(_ tokens: [Token], _ k: Int, _ s: [Unicode.Scalar]) -> Bool {
        let r = tokens[k].range
        return r.length == 1 && Self.isPeriodChar(s[r.start])
    }

    /// A run of consecutive token indices, each appended one `step` on from the one before: the
    /// words `subject` collects before and after the number. (No array: one was allocated per call.)
    struct TokenRun {
        let step: Int
        /// The index appended first, and how many.
        private(set) var first = -1, count = 0
        init(step: Int) { self.step = step }
        /// The index appended last.
        var last: Int { first + (count - 1) * step }
        var isEmpty: Bool { count == 0 }
        /// Appends `k`, which is `last + step` unless the run is empty.
        mutating func append(_ k: Int) {
            if count == 0 { first = k }
            count += 1
        }
        mutating func removeLast() { count -= 1 }
        mutating func removeAll() { count = 0 }
        func contains(where test: (Int) -> Bool) -> Bool {
            count > 0 && stride(from: first, through: last, by: step).contains(where: test)
        }
    }

    /// The thing counted by `all[index]`; `before` (default: the quantity's start) is where the
    /// search for a subject written before the number begins.
    func subject(at index: Int, doc: Document, tokenAt: [Int32], all: [Candidate], before lead: Int? = nil) -> String {
        // (Fields read in place: a copy of the candidate retained and released its strings.)
        let cStart = all[index].start, cEnd = all[index].end, cKind = all[index].kind
        let tokens = doc.tokens
        guard !tokens.isEmpty else { return "" }
        let s = doc.analysis
        let floorPos = index > 0 ? all[index - 1].end : 0
        // Before: skip linking verbs, then collect nouns.
        var before = TokenRun(step: -1)
        let leadPos = lead ?? cStart
        var k = leadPos > 0 ? Int(tokenAt[leadPos - 1]) : -1
        var skipped = 0
        var forceFirst = false
        while k >= 0, skipped < 3 {
            let r = tokens[k].range
            let isWord = tokens[k].kind == .word
            if r.end <= floorPos { break }
            if isWord, wordFlags(s, r) & WordFlag.linking != 0 {
                k -= 1; skipped += 1; continue
            }
            let tc = isWord ? tagClass(s, r.start, r.end) : 0
            // 库存更是突破900万吨 · 参会人员仅3人: an adverb right before the number (its verb inside
            // the quantity's text) is never what is counted.
            if isWord, tc & TagClass.adverb != 0, tc & TagClass.noun == 0 {
                k -= 1; skipped += 1; continue
            }
            if isWord, tc & TagClass.verb != 0 || (tc == 0 && Self.isVerbPhrase(s, r)) {
                // 托位数达4.55个: a verb between subject and number is skipped; 各类培训32场次: a
                // verb that is itself the thing counted (nothing noun-like before it) is kept.
                // 库存已经升至2035.2万吨 · 企业数量累计压减80%: adverbs and linking words between
                // the noun and the verb are skipped with it.
                var j = k - 1
                while j >= 0, k - j <= 2, tokens[j].kind == .word, tokens[j].range.end > floorPos,
                      tagClass(s, tokens[j].range.start, tokens[j].range.end) & TagClass.adverb != 0
                        || wordFlags(s, tokens[j].range) & WordFlag.linking != 0 { j -= 1 }
                if j >= 0, nounLike(tokens, j, s), tokens[j].range.end > floorPos {
                    k = j; skipped += 1; continue
                }
                // 多得1395元 · 高出0.5个百分点: a sum or a share is never a verb's own count.
                forceFirst = r.length >= 2 && Self.isCounterKind(cKind)
            }
            // 失业率控制在4%以内 · 绿化率提高到35%: 在/到/至 closing a verb link like the verb.
            if isWord, r.length == 1, s[r.start] == "在" || s[r.start] == "到" || s[r.start] == "至", k > 0,
               tokens[k - 1].kind == .word, tokens[k - 1].range.end > floorPos,
               tagClass(s, tokens[k - 1].range.start, tokens[k - 1].range.end) & TagClass.verb != 0
                || wordFlags(s, tokens[k - 1].range) & WordFlag.linking != 0 {
                k -= 1; skipped += 1; continue
            }
            // 月增收: a period word before the verb is a qualifier, not a subject.
            if isWord, isPeriodToken(tokens, k, s) {
                k -= 1; skipped += 1; continue
            }
            break
        }
        // 增撥10億元 · 粮食单产提高14.5%: one unlisted character is a piece of a word the segmenter
        // did not join; it takes the word before it along (单产 · 輪候), else it is no subject.
        func isFragment(_ ks: TokenRun) -> Bool {
            guard ks.count == 1, tokens[ks.first].kind == .word else { return false }
            let r = tokens[ks.first].range
            return r.length == 1 && tagClass(s, r.start, r.end) == 0
        }
        var chars = 0
        while k >= 0 {
            let r = tokens[k].range
            if r.end <= floorPos || r.start < floorPos { break }
            let glue = isFragment(before) && tokens[k].kind == .word && r.end == tokens[before.first].range.start
                && wordFlags(s, r) & (WordFlag.boundary | WordFlag.linking) == 0
            guard glue || nounLike(tokens, k, s) || (forceFirst && before.isEmpty && tokens[k].kind == .word) else { break }
            if tokens[k].kind == .word, s[r.start] == "每" { break }
            chars += r.length
            // One long listed noun may stand alone (社会消费品零售总额).
            if chars > 8, !before.isEmpty || chars > 12 || tagClass(s, r.start, r.end) & TagClass.noun == 0 { break }
            before.append(k)
            k -= 1
        }
        // 服务青少年1100余人次: a verbal noun heading the phrase is the verb, not part of the subject.
        while before.count > 1 {
            let head = tokens[before.last].range
            guard tagClass(s, head.start, head.end) & TagClass.plainVerb != 0
                    || wordFlags(s, head) & WordFlag.serving != 0 else { break }
            before.removeLast()
        }
        if isFragment(before) { before.removeAll() }
        let hasBefore = before.contains { tokens[$0].range.length > 0 }
        // After the unit: 超50家科创企业 · 14所高校.
        var after = TokenRun(step: 1)
        if cEnd < s.count, tokenAt[cEnd] >= 0, tokens[Int(tokenAt[cEnd])].range.start == cEnd {
            var j = Int(tokenAt[cEnd])
            // 三分之一的居民 · 30%的企业.
            if cKind == .fraction || cKind == .percent, isChar(tokens, j, "的", s) { j += 1 }
            var len = 0
            // A name in quotes (216个“两重”项目): read through to its closing quote, numerals and all.
            var quoteEnd = -1
            if j < tokens.count, tokens[j].range.length == 1, Self.isOpenQuote(s[tokens[j].range.start]) {
                var p = tokens[j].range.end
                while p < s.count, p - tokens[j].range.end <= 12, !Self.isCloseQuote(s[p]), !flags.contains(s[p], Flag.clauseBreak) { p += 1 }
                if p < s.count, Self.isCloseQuote(s[p]), p > tokens[j].range.end + 1 { quoteEnd = p + 1 }
            }
            // (A loop reading the starts in place: a closure reading `all[$0]` copied the candidate.)
            var nextStart = s.count
            for k in (index + 1)..<all.count where quoteEnd < 0 || all[k].start >= quoteEnd {
                nextStart = all[k].start
                break
            }
            while j < tokens.count {
                let r = tokens[j].range
                if r.end > nextStart { break }
                if r.start < quoteEnd {
                    len += r.length
                    after.append(j)
                    j += 1
                    continue
                }
                // 15家备案博物馆 · 181项检验结果 · 5.7万个分类桶站: a verb modifying the noun after a
                // counter of things (not of people: 100人参加培训), first after it, belongs to what is
                // counted (2000余家企业实施… is not 企业实施).
                guard nounLike(tokens, j, s) || (cKind == .count && after.isEmpty && modifiesNoun(tokens, j, s)) else { break }
                if isPeriodToken(tokens, j, s) { break }
                len += r.length
                if len > 10 { break }
                after.append(j)
                j += 1
            }
        }
        if isFragment(after) { after.removeAll() }
        let hasAfter = after.contains { tokens[$0].range.length > 0 }
        if cKind == .ordinal { return original(doc, after) }
        if Self.isCounterKind(cKind), hasAfter { return unquoted(original(doc, after)) }
        if hasBefore {
            // 宁波港集装箱吞吐量: a subject beginning inside a place name (宁波|港) begins with it.
            let a = tokens[before.last].range.start, b = tokens[before.first].range.end
            // (Entities read in place: iterating them copied each one, strings and arrays retained.)
            for e in doc.entities.indices where doc.entities[e].type == .place {
                for m in doc.entities[e].mentions where m.start < a && a < m.end && m.end <= b && m.start >= floorPos && tokenAt[m.start] >= 0 {
                    return original(doc, Int(tokenAt[m.start]), before.first)
                }
            }
            return original(doc, before)
        }
        if cKind != .year, cKind != .date { return unquoted(original(doc, after)) }
        return ""
    }

    /// Unit kinds that count things (their subject is preferably written after the unit).
    static func isCounterKind(_ kind: UnitKind) -> Bool {
        kind == .count || kind == .person || kind == .personTime || kind == .household || kind == .age
    }

    /// A subject without the quotes of a name in it (“两重”项目 → 两重项目).
    func unquoted(_ text: String) -> String {
        text.unicodeScalars.contains { Self.isOpenQuote($0) || Self.isCloseQuote($0) }
            ? ScalarText.string(text.unicodeScalars.filter { !Self.isOpenQuote($0) && !Self.isCloseQuote($0) })
            : text
    }

    /// The original text of a run of tokens ("" for none).
    func original(_ doc: Document, _ run: TokenRun) -> String {
        run.count > 0 ? original(doc, run.last, run.first) : ""
    }

    /// The original text of the tokens from `first` to `last` (token indices, either order).
    func original(_ doc: Document, _ first: Int, _ last: Int) -> String {
        let a = min(doc.tokens[first].range.start, doc.tokens[last].range.start)
        let b = max(doc.tokens[first].range.end, doc.tokens[last].range.end)
        // Original text without layout breaks inside a word (婴\n\n儿). Most spans have none: then
        // the text is taken as it is, without walking it by Characters.
        var plain = true
        for p in a..<b {
            switch doc.scalars[p].value {
            case 0x20, 0x0A...0x0D, 0x85, 0x2028, 0x2029: plain = false
            default: continue
            }
            break
        }
        let text = doc.original(TextRange(start: a, end: b))
        return plain ? text : text.filter { !$0.isNewline && $0 != " " }
    }

    func qualifiers(at start: Int, doc: Document, tokenAt: [Int32], lo: Int) -> [String] {
        let s = doc.analysis
        let tokens = doc.tokens
        let from = clauseStart(s, start, lo: lo)
        var out: [String] = []
        // 每千人口 · 每年 · 每户.
        var k = from
        while k < start {
            if s[k] == "每" {
                var e = k + 1
                while e < start, e - k < 6 {
                    if s[e] == "最" || s[e] == "为" || s[e] == "可" || s[e] == "达" { break }
                    if !tokens.isEmpty, tokenAt[e] >= 0 {
                        let t = Int(tokenAt[e])
                        if tokens[t].range.start == e, e > k + 1, !nounLike(tokens, t, s), tokens[t].kind != .number,
                           !units.hasUnit(in: s, at: e, limit: start) { break }
                    }
                    if !Self.isHan(s[e]) { break }
                    e += 1
                }
                if e > k + 1 { out.append(doc.original(TextRange(start: k, end: e))) }
                k = e
                continue
            }
            k += 1
        }
        // Rate words (人均 · 年均) starting in the clause end before the number plus their length:
        // where none of their last code points stands, none is looked for (each was searched
        // for over the whole clause).
        let mayAverage = averageLast.map { screen in
            (from..<min(s.count, start + screen.longest)).contains { screen.set.contains(s[$0]) }
        } ?? true
        for (w, word) in zip(cues.averageWords, cues.averageWordScalars) where mayAverage {
            var p = from
            while p < start {
                if s[p] == word[0], Self.matches(s, p, word) { if !out.contains(w) { out.append(w) }; break }
                p += 1
            }
        }
        // 月增收2000多元: a period directly before the verb before the number.
        if !tokens.isEmpty, start > 0 {
            var t = Int(tokenAt[start - 1])
            var steps = 0
            while t >= 0, steps < 2 {
                let r = tokens[t].range
                if r.start < from { break }
                if steps > 0, isPeriodToken(tokens, t, s) {
                    if t == 0 || !isChar(tokens, t - 1, "每", s) {
                        let q = "每" + tokens[t].text
                        if !out.contains(q) { out.append(q) }
                    }
                    break
                }
                if tokens[t].kind == .word,
                   wordFlags(s, r) & WordFlag.linking != 0 || tagClass(s, r.start, r.end) & TagClass.verbal != 0 { t -= 1; steps += 1; continue }
                break
            }
        }
        return out
    }
}
