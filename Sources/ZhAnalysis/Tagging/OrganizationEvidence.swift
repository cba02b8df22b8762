/// Which rule organisations the shipped combination (`EntityCombination`, organisations `union`)
/// keeps without the tagger's support: a rule name that reads as a description of a kind of body,
/// a building or a part of a region, or that runs across a title, names no one organisation and
/// goes unless the tagger found the same span.
extension EntityTagger {
    /// Heads of buildings one visits (museums, libraries, galleries, halls, theatres, shops): the
    /// NER corpora and readers take such a name first as a place, so the rules' head alone is no
    /// evidence of an organisation.
    static let venueHeads: [[Unicode.Scalar]] = ["博物馆", "美术馆", "图书馆", "纪念馆", "档案馆", "展览馆", "展览中心",
                                                 "大剧院", "剧院", "商场"].map { Array($0.unicodeScalars) }

    /// 企业 (a kind of firm, never one firm).
    static let enterprise: [Unicode.Scalar] = ["企", "业"]

    /// Words that make a phrase about some bodies, not a name: 许多大公司, 一些企业, 某公司, 首家银行,
    /// 这家医院, 多家企业.
    static let descriptionWords: [[Unicode.Scalar]] = ["许多", "一些", "某", "首家", "这家", "那家", "该", "多家", "几家",
                                                       "各家", "全国性", "兼"].map { Array($0.unicodeScalars) }

    /// Counting classifiers after a numeral (一家医院, 两国政府, 四支国家队).
    static let countClassifiers: Set<Unicode.Scalar> = ["家", "国", "支", "个", "座", "所", "名"]

    /// Directions before 部 (东北大部, 淮北部, 巴南部): a part of a region, not a ministry.
    static let directionsBeforePart: Set<Unicode.Scalar> = ["东", "西", "南", "北", "中", "大"]

    /// True when the rule organisation `range` names no one body by its own evidence (the list
    /// below); the combination then keeps it only where the tagger found the same span.
    /// - 企业 at the end names a kind of firm (小企业, 美国工商企业, 令国内煤炭企业);
    /// - a venue head (`venueHeads`: 中国美术馆, 巴黎国家图书馆) names a building first;
    /// - a description word (`descriptionWords`: 佛罗伦萨一家医院, 许多大公司) or a count (a numeral
    ///   not after 第 and a classifier: 两国政府, 四支国家队; a numeral + 大 inside the name: 第四大银行)
    ///   describes bodies; 兼 joins two titles (副主席兼纪律委员会);
    /// - a direction + 部 ends a part of a region (东北大部, 淮北部); a head written twice took the
    ///   first character of the chief's title (研究所所|长);
    /// - 所 followed by one word and 的 is the particle of 所 + verb + 的 (为中东和平所作出的努力,
    ///   在南京所犯的罪行), not an institute (物理所的研究人员: 的 right after 所); `cuts` are the
    ///   segmenter's token starts.
    public func describesKind(_ range: TextRange, in s: [Unicode.Scalar], cuts: [Bool]) -> Bool {
        guard range.start >= 0, range.end <= s.count, range.length >= 2 else { return false }
        let name = Array(s[range.start..<range.end])
        // (Compared in place: an array of the suffix for each word was an allocation.)
        func endsWith(_ w: [Unicode.Scalar]) -> Bool { name.count >= w.count && name.suffix(w.count).elementsEqual(w) }
        func contains(_ w: [Unicode.Scalar]) -> Bool {
            guard name.count >= w.count else { return false }
            return (0...(name.count - w.count)).contains { i in (0..<w.count).allSatisfy { name[i + $0] == w[$0] } }
        }
        if endsWith(Self.enterprise) { return true }
        if Self.venueHeads.contains(where: endsWith) { return true }
        if Self.descriptionWords.contains(where: contains) { return true }
        func numeral(_ c: Unicode.Scalar) -> Bool { NumeralCharacters.isNumeralCharacter(c) || c.properties.numericType != nil }
        for i in 0..<(name.count - 1) where numeral(name[i]) && !(i > 0 && numeral(name[i - 1])) {
            var j = i
            while j + 1 < name.count && numeral(name[j + 1]) { j += 1 }
            guard j + 1 < name.count else { break }
            let next = name[j + 1]
            let ordinal = i > 0 && name[i - 1] == "第"
            if next == "大" && j + 2 < name.count { return true }
            if !ordinal && Self.countClassifiers.contains(next) { return true }
        }
        if name.last == "部", Self.directionsBeforePart.contains(name[name.count - 2]) { return true }
        // 研究所所|长, 公安局局|长: the head written twice took the first character of its chief's title.
        if name.count >= 3, name[name.count - 1] == name[name.count - 2] { return true }
        if name.last == "所", range.end + 1 < s.count, range.end < cuts.count, cuts[range.end], s[range.end] != "的" {
            var next = range.end + 1
            while next < cuts.count && !cuts[next] { next += 1 }
            if next < s.count && next - range.end <= 3 && s[next] == "的" { return true }
        }
        return false
    }

    /// Words that join two bodies acting together (运输署联同医院管理局, 市政府会同省公安厅,
    /// 警方伙同…): a name neither starts with one nor runs across one after a head.
    static let joiningWords: [[Unicode.Scalar]] = ["联同", "会同", "伙同", "连同", "协同", "偕同", "夥同"].map { Array($0.unicodeScalars) }

    /// The length of the joining word (`joiningWords`; with `conjunctions`, also a one-character
    /// conjunction of `conjunctions`) at `k`, 0 when none.
    func joiningWord(at k: Int, in s: [Unicode.Scalar], limit: Int, conjunctions: Bool = false) -> Int {
        for w in Self.joiningWords where k + w.count <= limit && (0..<w.count).allSatisfy({ s[k + $0] == w[$0] }) { return w.count }
        return conjunctions && k < limit && Self.conjunctions.contains(s[k]) ? 1 : 0
    }

    /// The tagger's organisation without a joining word at its start (联同|医院管理局): the body is
    /// what follows it (a one-character conjunction stays: 同济大学, 和平饭店).
    func trimmedOrganization(_ range: TextRange, in s: [Unicode.Scalar]) -> TextRange {
        guard range.end <= s.count else { return range }
        let n = joiningWord(at: range.start, in: s, limit: range.end)
        return n > 0 && range.length - n >= 2 ? TextRange(start: range.start + n, end: range.end) : range
    }
}
