extension PersonExtractor {
    /// 小赵, 老王, 阿张: a prefix character and a single surname forming no dictionary word.
    func prefixPartial(at i: Int, _ c: Context) -> Found? {
        guard chars.has(c.a[i], PersonCharTable.prefix), i + 2 <= c.n, !c.blocked[i + 1] else { return nil }
        guard chars.has(c.a[i + 1], PersonCharTable.surnameSingle), let sur = c.entryIndex(table.surnames, i + 1, i + 2) else { return nil }
        if c.crossesStart(i) || c.crossesEnd(i + 2) { return nil }
        if let w = c.entryIndex(words, i, i + 2), chars.wordFlags[w] & PersonCharTable.wordNR == 0 { return nil }
        if match(table.notPerson, PersonCharTable.notPersonStart, at: i, c) >= 2
            || match(table.notPerson, PersonCharTable.notPersonStart, at: i + 1, c) >= 2 { return nil }
        if i + 2 < c.n, CharacterClass.isHan(c.a[i + 2]), !chars.has(c.a[i + 2], PersonCharTable.singleFunction),
           chars.has(c.a[i + 2], PersonCharTable.given), match(table.speech, PersonCharTable.speechStart, at: i + 2, c) == 0,
           match(table.titles, PersonCharTable.titleStart, at: i + 2, c) == 0 {
            // 小王明… : likely a longer word or name, not a bare partial.
            if c.allSingles(i, i + 3) { return nil }
        }
        var score = 3.2
        if chars.surnameAmbiguous[sur] { score -= 1.5 }
        let (ctx, role) = context(i, i + 2, c, foreign: false)
        score += ctx
        guard score >= options.threshold else { return nil }
        return Found(range: TextRange(start: i, end: i + 2), kind: .partial, name: c.string(i, i + 2), surname: c.string(i + 1, i + 2),
                     role: role, score: score)
    }

    /// 褚律师, 王总, 李工: a single surname followed by a title or a suffix cue. The caller has seen
    /// the first character of a title or a cue after the surname (without one nothing below
    /// accepts it: the first-character flags say so before any look-up).
    func suffixPartial(at i: Int, _ c: Context) -> Found? {
        guard i + 2 <= c.n, chars.has(c.a[i], PersonCharTable.surnameSingle),
              let surIndex = c.entryIndex(table.surnames, i, i + 1) else { return nil }
        let ambiguous = chars.surnameAmbiguous[surIndex]
        if c.crossesStart(i) || c.crossesEnd(i + 1) { return nil }
        if match(table.notPerson, PersonCharTable.notPersonStart, at: i, c) >= 2 { return nil }
        if i > 0, CharacterClass.isHan(c.a[i - 1]), !c.isTokenBoundary(i) { return nil }
        let title = match(table.titles, PersonCharTable.titleStart, at: i + 1, c)
        let suffix = match(table.suffixes, PersonCharTable.suffixStart, at: i + 1, c)
        var len = 0
        // 二十八支代表队, 向局长: a surname character that is mostly a function word or measure
        // word needs the name to stand at a break.
        if chars.has(c.a[i], PersonCharTable.singleFunction | PersonCharTable.singleVerb), !c.isBreak(i - 1) { return nil }
        if title >= 2 {
            len = title
        } else if suffix >= 1 {
            if ambiguous { return nil }
            len = suffix
        } else {
            return nil
        }
        let end = i + 1 + len
        if c.crossesEnd(end) { return nil }
        if len == 1, c.entryIndex(words, i, end) != nil { return nil }
        if (i + 1..<end).contains(where: { c.blocked[$0] }) { return nil }
        // The title belongs to a preceding full name (王恒泽律师) or to nobody (the 高级工程师 case
        // is caught by the token check above).
        var score = 3.2
        if ambiguous { score -= 1.0 }
        if c.isBreak(i - 1) == false, i > 0, CharacterClass.isHan(c.a[i - 1]), !chars.has(c.a[i - 1], PersonCharTable.singleWord) { score -= 0.5 }
        guard score >= options.threshold else { return nil }
        let str = c.string(i, end)
        return Found(range: TextRange(start: i, end: end), kind: .partial, name: str, surname: c.string(i, i + 1),
                     role: c.string(i + 1, end), score: score)
    }
}
