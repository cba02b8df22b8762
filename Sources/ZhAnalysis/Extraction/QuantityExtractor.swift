import Foundation

/// Finds numeric facts: a numeral (`ChineseNumber`), the approximation words around it
/// (超50家 · 5000余人 · 10万元左右), its unit from `units.tsv`, and what it counts.
///
/// The stage reads `document.analysis` and the token layer; sentences, sections and place
/// entities are used when earlier stages filled them and ignored otherwise. Names and slogans
/// written with numerals are not quantities: a numeral inside a word (四川 · 一切 · 统一), in a
/// four-character pattern (一校一品 · 千家万户 · 接二连三), next to Latin letters or `+`
/// (5G · 1+3+N), or in a short quotation with other words or without a unit (“十四五” ·
/// “最后一公里”). Ordinals (第四批) and years (2021年) are reported with those kinds.
public struct QuantityExtractor: Stage, Sendable {
    public let name = "quantities"
    public let units: UnitTable
    /// The segmentation lexicon, for part-of-speech tags when finding subjects.
    public let words: Lexicon
    let reader = ChineseNumber()
    /// Character classes read per position (`Flag`).
    let flags: ScalarFlags
    /// `linkingWords`, `boundaryWords`, `servingVerbs` by code points (`WordFlag`).
    let closedWords: ShortWordTable
    /// Per entry of `words`: what its part-of-speech tag says (`TagClass`), so that a token's
    /// tag is one trie walk over code points and no String.
    let tagClasses: [UInt8]

    public init(lexicons: LexiconSet) throws {
        self.init(units: try UnitTable(directory: lexicons.directory), words: lexicons.words)
    }

    public init(units: UnitTable, words: Lexicon = Lexicon()) {
        self.units = units
        self.words = words
        var f = ScalarFlags()
        f.insert((0x30...0x39).compactMap(Unicode.Scalar.init), Flag.start)
        f.insert(["负", "-", ".", "半", "对", "数", "几", "上", "h", "w"], Flag.start)
        for v in 0x80...0xFFFF {
            guard let c = Unicode.Scalar(v), ChineseNumber.isNumeralCharacter(c) else { continue }
            f.insert([c], Flag.start | Flag.numeral)
        }
        f.insert(Self.clauseBreaks, Flag.clauseBreak)
        f.insert(Self.sentenceEnds, Flag.sentenceEnd)
        f.insert(Self.openQuotes, Flag.openQuote)
        f.insert(Self.closeQuotes, Flag.closeQuote)
        f.insert(Self.timeWordFirsts, Flag.timeFirst)
        f.insert(Self.linkingChars, Flag.linkingChar)
        self.flags = f
        self.closedWords = ShortWordTable(Self.linkingWords.map { ($0, WordFlag.linking) }
            + Self.boundaryWords.map { ($0, WordFlag.boundary) } + Self.servingVerbs.map { ($0, WordFlag.serving) })
        self.tagClasses = words.entries.map { Self.tagClass($0.tag) }
    }

    /// Bits of `flags`.
    enum Flag {
        static let start: UInt8 = 1          // may begin a quantity (numerals, digits, 负 - . 半 对 数 几 上) or a URL (h w)
        static let numeral: UInt8 = 2        // ChineseNumber.isNumeralCharacter
        static let clauseBreak: UInt8 = 4
        static let sentenceEnd: UInt8 = 8
        static let openQuote: UInt8 = 16
        static let closeQuote: UInt8 = 32
        static let timeFirst: UInt8 = 64
        static let linkingChar: UInt8 = 128
    }

    /// Bits of `closedWords`.
    enum WordFlag {
        static let linking: UInt8 = 1
        static let boundary: UInt8 = 2
        static let serving: UInt8 = 4
    }

    /// Bits of `tagClasses`.
    enum TagClass {
        /// vn, n…, j, b, an: a noun phrase part.
        static let noun: UInt8 = 1
        /// v…, p, c, u, r, d, m, q, t, y, e, f, a, l, i: not a noun phrase part (unless `noun`).
        static let notNoun: UInt8 = 2
        /// v… other than vn.
        static let verb: UInt8 = 4
        /// Exactly v.
        static let plainVerb: UInt8 = 8
        /// v… (vn included).
        static let verbal: UInt8 = 16
    }

    static func tagClass(_ tg: String) -> UInt8 {
        var c: UInt8 = 0
        if tg == "vn" || tg.hasPrefix("n") || tg == "j" || tg == "b" || tg == "nz" || tg == "an" { c |= TagClass.noun }
        if tg.hasPrefix("v") || tg == "p" || tg == "c" || tg == "u" || tg == "r" || tg == "d" || tg == "m"
            || tg == "q" || tg == "t" || tg == "y" || tg == "e" || tg == "f" || tg == "a" || tg == "l" || tg == "i" { c |= TagClass.notNoun }
        if tg.hasPrefix("v"), tg != "vn" { c |= TagClass.verb }
        if tg == "v" { c |= TagClass.plainVerb }
        if tg.hasPrefix("v") { c |= TagClass.verbal }
        return c
    }

    /// The tag class of the word `s[start..<end]` (0 when it is not in the lexicon).
    @inline(__always) func tagClass(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt8 {
        guard let k = words.lookupIndex(s, start, end) else { return 0 }
        return tagClasses[k]
    }

    /// The closed-class flags of the word `s[start..<end]`.
    @inline(__always) func wordFlags(_ s: [Unicode.Scalar], _ range: TextRange) -> UInt8 {
        closedWords.flags(s, range.start, range.end)
    }

    public func process(_ document: inout Document) throws {
        document.quantities = extract(document)
    }

    // MARK: - closed word classes (grammar, not vocabulary)

    /// Approximation words written before a number, longest first.
    static let prefixCues: [(String, Approximation)] = [
        ("不超过", .atMost), ("不高于", .atMost), ("不少于", .atLeast), ("不低于", .atLeast),
        ("至多", .atMost), ("最多", .max), ("最高", .max), ("至少", .atLeast), ("起码", .atLeast),
        ("不到", .under), ("不足", .under), ("低于", .under), ("少于", .under), ("未满", .under),
        ("将近", .about), ("接近", .about), ("大约", .about), ("大概", .about), ("约", .about), ("近", .about),
        ("逾", .over), ("超过", .over), ("超出", .over), ("高于", .over), ("多于", .over), ("超", .over),
    ]

    /// Approximation words written after the number and unit.
    static let suffixCues: [(String, Approximation)] = [
        ("左右", .about), ("上下", .about), ("以上", .over), ("之上", .over), ("有余", .over),
        ("以下", .under), ("之下", .under), ("以内", .atMost), ("之内", .atMost),
    ]

    /// Characters that may stand before a numeral inside a word token (约三成, 第四, 每千).
    static let linkingChars: Set<Unicode.Scalar> = [
        "第", "每", "近", "约", "超", "逾", "达", "为", "有", "共", "前", "后", "这", "那", "上", "下",
        "增", "减", "计", "仅", "只", "了", "至", "到", "是", "占", "逾", "余", "和", "与", "及", "或", "、",
        "近", "将", "足", "满", "过", "出", "于", "由", "从", "自", "在", "对", "向", "给", "把", "被", "用",
    ]


    /// Words skipped between a subject and its number (辖区未成年人有5000余人 · 常住人口为53万人).
    static let linkingWords: Set<String> = [
        "有", "为", "达", "是", "共", "约", "计", "共计", "合计", "总计", "累计", "已累计", "达到", "提供", "开展", "建成",
        "建设", "拥有", "现有", "已有", "仅", "只", "已", "已经", "共有", "总共", "一共", "增至", "增长", "增加", "新增",
        "突破", "超过", "培育", "组建", "设立", "吸引", "带动", "实现", "完成", "举办", "开设", "引进", "打造",
        "处理", "协调", "解决", "了", "多达", "高达", "约为", "分别", "分别为", "占", "占比", "达成", "覆盖", "惠及",
        "帮助", "接待", "招募", "组织", "发放", "投入", "投资", "筹集", "募集", "收到", "受理", "办理", "参与",
        "参加", "新建", "改造", "建立", "成立", "创建", "推出", "上涨", "下降", "减少", "增收", "提升", "提高", "降低",
        "平均", "仅为", "只有", "同比增长", "同比下降", "环比增长", "环比下降", "增长了", "下降了", "提高了", "增加了",
        "减少了", "分别达", "分别是", "还有", "都", "也", "均", "可", "可达", "将", "要", "还", "再", "又", "最高", "最多",
    ]

    /// Verbal nouns that are verbs when they head a counted phrase (服务青少年1100余人次).
    static let servingVerbs: Set<String> = ["服务", "帮扶", "救助", "培训", "接待", "慰问", "走访", "辐射", "惠及", "带动", "吸纳", "安置", "资助"]

    /// Words that end a subject phrase going outwards (scope and function words).
    static let boundaryWords: Set<String> = [
        "辖区", "全区", "全市", "全省", "全国", "全县", "全镇", "全街道", "全年", "其中", "目前", "现在", "今年", "去年",
        "该", "各", "各类", "各个", "各项", "周边", "等", "和", "与", "及", "或", "以及", "的", "在", "从", "对", "向",
        "为", "给", "把", "被", "由", "将", "已", "已经", "还", "也", "都", "共", "约", "了", "着", "过", "就", "又",
        "截至", "截止", "以来", "近年来", "期间", "当前", "这", "那", "这些", "那些", "其", "此", "并", "且", "而",
        "同比", "环比", "分别", "其他", "其余", "总量", "一批", "一系列", "累计", "全部", "所有", "整体", "该街道",
        "该区", "该市", "该县", "该镇", "该村", "当地", "本地", "本市", "本区", "我们", "他们", "我", "他", "她",
        "人均", "年均", "月均", "日均", "户均", "每年", "每月", "每天", "每日", "每周", "每人", "仅", "只", "达",
        "比", "较", "上年", "去年同期", "同期", "比上年", "较上年",
    ]

    /// Time words that date a quantity, longest first.
    static let timeWords: [String] = [
        "今年以来", "去年以来", "年初以来", "近年来", "近几年", "截至目前", "截至今年", "截至去年", "目前", "当前",
        "今年", "去年", "前年", "明年", "上半年", "下半年", "年底", "年初", "全年", "近期", "近日", "日前", "此前",
        "一季度", "二季度", "三季度", "四季度", "本月", "上月", "今天", "昨天", "近年",
    ]

    static let timeWordScalars: [[Unicode.Scalar]] = timeWords.map { Array($0.unicodeScalars) }
    static let timeWordFirsts: Set<Unicode.Scalar> = Set(timeWords.compactMap { $0.unicodeScalars.first })
    static let prefixCueScalars: [([Unicode.Scalar], Approximation)] = prefixCues.map { (Array($0.0.unicodeScalars), $0.1) }

    static let suffixCueScalars: [([Unicode.Scalar], Approximation)] = suffixCues.map { (Array($0.0.unicodeScalars), $0.1) }
    static let averageWordScalars: [[Unicode.Scalar]] = averageWords.map { Array($0.unicodeScalars) }
    /// Endings that extend a year or date quantity used as a time (2021年以来 · 2020年底).
    static let timeSuffixScalars: [[Unicode.Scalar]] = ["以来", "年底", "年初", "底", "初", "末"].map { Array($0.unicodeScalars) }
    static let yilai = scalars("以来"), renminbi = scalars("人民币"), meifen = scalars("美分")

    /// Period characters (年 月 日 天 周).
    @inline(__always) static func isPeriodChar(_ c: Unicode.Scalar) -> Bool {
        c == "年" || c == "月" || c == "日" || c == "天" || c == "周"
    }

    /// Characters after a bare Chinese numeral that still let it stand as a number (五和六 · 三的写法).
    static func isBareFollower(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "的", "和", "与", "或", "这", "那", "而", "却", "不", "也", "及", "、": return true
        default: return false
        }
    }

    /// Financial numerals (壹 贰 … 拾 佰 仟) never stand alone: 拾起 · 伍仁 · 陆地 · 放肆.
    static func isFinancialDigit(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "佰", "仟": return true
        default: return false
        }
    }

    /// Marks of scores, ratios and clock times (2∶1 · 1:3 · 8:30).
    @inline(__always) static func isRatioMark(_ c: Unicode.Scalar) -> Bool { c == "∶" || c == ":" || c == "：" }

    /// Characters before 近 that make it part of a word (最近 · 附近 · 靠近 · 接近 · 临近 · 将近 · 亲近).
    static func isNearCompound(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "最", "附", "靠", "接", "临", "将", "亲": return true
        default: return false
        }
    }

    /// Characters after 多/余 that still let a duration end there (3年多来 · 半年多了 · 一年多的).
    static func continuesDuration(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "来", "了", "的", "时", "后", "前", "里": return true
        default: return false
        }
    }
    static let averageWords: [String] = ["人均", "年均", "月均", "日均", "户均", "周均", "平均"]
    static let clauseBreaks: Set<Unicode.Scalar> = ["，", "。", "；", "：", "！", "？", ",", ";", ":", "!", "?", "\n", "\r", "(", ")", "（", "）", "…"]
    static let sentenceEnds: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?", "\n", "\r"]
    static let openQuotes: Set<Unicode.Scalar> = ["“", "「", "『", "‘", "\""]
    static let closeQuotes: Set<Unicode.Scalar> = ["”", "」", "』", "’", "\""]

    @inline(__always) static func isHan(_ c: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(c.value) || (0x3400...0x4DBF).contains(c.value) || (0x20000...0x2FFFF).contains(c.value)
    }

    @inline(__always) static func isNumeralStart(_ c: Unicode.Scalar) -> Bool {
        ChineseNumber.isAsciiDigit(c) || ChineseNumber.isNumeralCharacter(c)
    }

    /// `isNumeralStart` by table.
    @inline(__always) func isNumeralStart(_ c: Unicode.Scalar) -> Bool {
        ChineseNumber.isAsciiDigit(c) || flags.contains(c, Flag.numeral)
    }

    static let http = scalars("http://"), https = scalars("https://"), www = scalars("www.")

    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    @inline(__always) static func matches(_ s: [Unicode.Scalar], _ i: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= s.count else { return false }
        for (k, c) in word.enumerated() where s[i + k] != c { return false }
        return true
    }

    static func string(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[a..<b])
        return String(v)
    }

    // MARK: - extraction

    /// A candidate before context (subject, place, time) is filled.
    struct Candidate {
        var start: Int
        var end: Int
        var numberStart: Int
        var numberEnd: Int
        var value: Double
        var upper: Double?
        var approx: Approximation
        var unit: String
        var kind: String
        var qualifiers: [String] = []
    }

    /// All quantities of a document, in text order.
    public func extract(_ doc: Document) -> [Quantity] {
        let s = doc.analysis
        let n = s.count
        var tokenAt = [Int32](repeating: -1, count: n)
        for (k, t) in doc.tokens.enumerated() where t.range.end <= n {
            for p in t.range.start..<t.range.end { tokenAt[p] = Int32(k) }
        }
        // Numerals inside names found by earlier stages are part of the name.
        var inEntity: [Bool] = []
        if !doc.entities.isEmpty {
            inEntity = [Bool](repeating: false, count: n)
            for e in doc.entities {
                for m in e.mentions where m.start < m.end && m.end <= n {
                    for p in m.start..<m.end { inEntity[p] = true }
                }
            }
        }
        var found: [Candidate] = []
        var i = 0
        var lastEnd = 0
        while i < n {
            let c = s[i]
            // Most positions: one table read.
            guard flags.contains(c, Flag.start) else { i += 1; continue }
            // URLs and e-mail-like codes are not text: skip to the next space or non-ASCII character.
            if c == "h" || c == "w" {
                if Self.matches(s, i, Self.http) || Self.matches(s, i, Self.https) || Self.matches(s, i, Self.www) {
                    while i < n, s[i].isASCII, !ChineseNumber.isSpace(s[i]) { i += 1 }
                } else {
                    i += 1
                }
                continue
            }
            if let cand = candidate(s, doc: doc, at: i, floor: lastEnd, tokenAt: tokenAt, inEntity: inEntity) {
                found.append(cand)
                lastEnd = cand.end
                i = cand.end
                continue
            }
            // Skip the rest of a rejected numeral run so that 十四五 does not yield 四五.
            if isNumeralStart(c) {
                var k = i + 1
                while k < n, isNumeralStart(s[k]) || s[k] == "," || s[k] == "." || s[k] == "点" { k += 1 }
                i = k
            } else {
                i += 1
            }
        }
        // Place mentions sorted by end, for the nearest preceding one.
        var places: [(start: Int, end: Int, name: String)] = []
        for e in doc.entities where e.type == .place {
            for m in e.mentions { places.append((m.start, m.end, e.name)) }
        }
        places.sort { $0.end < $1.end }
        let docPlace = found.isEmpty ? nil : dominantPlace(doc)
        var out: [Quantity] = []
        out.reserveCapacity(found.count)
        for k in found.indices {
            out.append(finish(at: k, doc: doc, tokenAt: tokenAt, all: found, done: out, places: places, docPlace: docPlace))
        }
        return out
    }

    /// Tries a quantity whose numeral starts at `i`.
    func candidate(_ s: [Unicode.Scalar], doc: Document, at i: Int, floor: Int, tokenAt: [Int32], inEntity: [Bool]) -> Candidate? {
        let n = s.count
        let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
        // 半成 (5%), 半折 / 打对折 (50%).
        if s[i] == "半" || s[i] == "对" {
            guard i + 1 < n else { return nil }
            if s[i] == "半", s[i + 1] == "成" || s[i + 1] == "折", prev.map({ !Self.isHan($0) || $0 == "打" }) ?? true {
                return Candidate(start: i, end: i + 2, numberStart: i, numberEnd: i + 1, value: s[i + 1] == "成" ? 5 : 50,
                                 upper: nil, approx: .exact, unit: "%", kind: "percent")
            }
            if s[i] == "对", s[i + 1] == "折", prev == "打" {
                return Candidate(start: i, end: i + 2, numberStart: i, numberEnd: i + 1, value: 50,
                                 upper: nil, approx: .exact, unit: "%", kind: "percent")
            }
            if s[i] == "对" { return nil }
        }
        // 半年 · 数十个 · 几十万元 · 上千人: a numeral the reader does not start.
        var lead: ChineseNumber.Reading?
        if s[i] == "半" || s[i] == "数" || s[i] == "几" || s[i] == "上" {
            guard let v = vagueLead(s, at: i, limit: n) else { return nil }
            lead = v
        }
        let isHalf = s[i] == "半"
        if s[i] == "-" || s[i] == "." {
            // A sign or a leading decimal point only after a non-number (5-20% is a range, v1.2 is a version).
            if let p = prev, ChineseNumber.isAsciiDigit(p) || ChineseNumber.isLatin(p) || p == "." || p == "-" { return nil }
        }
        // Inside a number or a code (A2021…, v2, 3.5.1).
        if let p = prev {
            if ChineseNumber.isAsciiDigit(p) || ChineseNumber.isLatin(p) || p == "+" || p == "＋" || p == "_" || p == "/" { return nil }
            if p == ".", i >= 2, ChineseNumber.isAsciiDigit(s[i - 2]) { return nil }
            if p == "-", i >= 2, ChineseNumber.isAsciiDigit(s[i - 2]) || ChineseNumber.isLatin(s[i - 2]) { return nil }
            if ChineseNumber.isNumeralCharacter(p), ChineseNumber.isNumeralCharacter(s[i]) { return nil }
            if p == "之", ChineseNumber.isNumeralCharacter(s[i]) { return nil }   // 原因之一
        }
        guard let r = lead ?? reader.read(s, at: i, limit: n, original: doc.scalars) else { return nil }
        if r.malformed { return nil }
        let numStart = (s[i] == "负" || s[i] == "-") ? i + 1 : i
        let chinese = r.form != .arabic
        var end = r.end
        var value = r.value
        var upper = r.upper
        var approx = r.approx
        var unitName = ""
        var kind = "count"
        var factor = 1.0
        var hasUnit = false

        // Right after the numeral.
        let k = end
        if k < n, ChineseNumber.isLatin(s[k]) || s[k] == "+" || s[k] == "＋" {
            if s[k] == "+" || s[k] == "＋" { return nil }
            guard let m = units.match(in: s, at: k, limit: n), m.end == n || !ChineseNumber.isLatin(s[m.end]) && !ChineseNumber.isAsciiDigit(s[m.end]) else { return nil }
        }
        switch r.kind {
        case .percent:
            unitName = "%"; kind = "percent"; hasUnit = true
        case .permille:
            unitName = "‰"; kind = "permille"; hasUnit = true
        case .fraction:
            kind = "fraction"
        case .cardinal, .digitString:
            break
        }
        if r.kind == .cardinal || r.kind == .digitString {
            if k < n, s[k] == "%" || s[k] == "‰" {
                unitName = String(s[k]); kind = s[k] == "%" ? "percent" : "permille"; hasUnit = true
                end = k + 1
            } else {
                // Spaces before a unit (一百五十 个百分点, 2021 年).
                var u = k
                while u < n, u - k < 4, ChineseNumber.isSpace(s[u]) { u += 1 }
                if u > k, u < n, !(Self.isHan(s[u]) && (units.hasUnit(in: s, at: u, limit: n) || s[u] == "成" || s[u] == "折")) && s[u] != "%" { u = k }
                if u < n, s[u] == "%" || s[u] == "‰" {
                    unitName = String(s[u]); kind = s[u] == "%" ? "percent" : "permille"; hasUnit = true
                    end = u + 1
                } else if u < n, s[u] == "成" || s[u] == "折" {
                    // 三成 = 30%, 九折 = 90%, 七五折 = 75%, 三成半 = 35%.
                    let isCheng = s[u] == "成"
                    var v = value
                    if isCheng {
                        guard v <= 10 else { return nil }
                        v *= 10
                    } else if v < 10 {
                        v *= 10
                    } else if v < 100, v == v.rounded(), r.kind == .digitString || r.form == .arabic {
                        // 75折
                    } else {
                        return nil
                    }
                    var e = u + 1
                    if isCheng, e < n, s[e] == "半" { v += 5; e += 1 }
                    if isCheng, e < n, Self.isHan(s[e]), !flags.contains(s[e], Flag.clauseBreak) {
                        // 一成不变, 八成是: an idiom or an adverb.
                        switch s[e] {
                        case "不", "是", "就", "了", "为": return nil
                        default: break
                        }
                    }
                    value = v; upper = upper.map { $0 * 10 }
                    unitName = "%"; kind = "percent"; hasUnit = true
                    end = e
                } else {
                    // 5000余人 · 2000多元 · 十来个.
                    var a = u
                    var inner: Approximation?
                    if a < n, s[a] == "余" || s[a] == "多" || s[a] == "来" || s[a] == "几" {
                        if units.hasUnit(in: s, at: a + 1, limit: n) {
                            inner = s[a] == "来" || s[a] == "几" ? .about : .over
                            a += 1
                        }
                    }
                    if let m = units.match(in: s, at: a, limit: n) {
                        var mEnd = m.end
                        var unit = m.unit
                        // 1个多月 · 一个半小时.
                        if unit.name == "个", mEnd + 1 < n, s[mEnd] == "多" || s[mEnd] == "半",
                           let m2 = units.match(in: s, at: mEnd + 1, limit: n), m2.unit.kind == "duration" {
                            if s[mEnd] == "半" { value += 0.5; upper = upper.map { $0 + 0.5 } } else { inner = .over }
                            unit = m2.unit
                            mEnd = m2.end
                        }
                        hasUnit = true
                        unitName = unit.base
                        kind = unit.kind
                        factor = unit.factor
                        if let inner { approx = inner }
                        end = mEnd
                    } else if inner == nil, a < n, s[a] == "余" || s[a] == "多", !(a + 1 < n && Self.isHan(s[a + 1])) {
                        approx = .over
                        end = a + 1
                    }
                }
            }
        }

        // Disambiguate 年 / 月 / 日 / 号 / 点 / 时.
        let integral = value == value.rounded() && (upper.map { $0 == $0.rounded() } ?? true)
        if hasUnit {
            switch unitName {
            case "年":
                let fourDigits = r.plainDigits == 4 || (r.kind == .digitString && (r.plainDigits == 4))
                if fourDigits, value >= 1000, value <= 2200, factor == 1 { kind = "year" }
            case "月":
                if unitIsBare(s, end: end, name: "月"), integral, value >= 1, value <= 12 { kind = "date" }
            case "日", "号":
                if integral, value >= 1, value <= 31, !(end < n && s[end] == "内") { kind = "date" }
            default:
                break
            }
            if kind == "clock" {
                if !(integral && value <= 24) { return nil }
                if chinese, r.singleCharacter, end < n, Self.isHan(s[end]) { return nil }
            }
        }

        // Money compounds: 五元三毛 · 50元6角三分 · 两美元又三美分.
        if hasUnit, kind == "money" {
            if unitName == "元", s[end - 1] == "元" || s[end - 1] == "块" {
                var e = end
                var add = 0.0
                for (tenth, scale) in [(true, 0.1), (false, 0.01)] {
                    var p = e
                    if p < n, s[p] == "又" || s[p] == "零" { p += 1 }
                    if let d = reader.read(s, at: p, limit: n), d.kind == .cardinal, d.value < 10, d.end < n,
                       tenth ? s[d.end] == "角" || s[d.end] == "毛" : s[d.end] == "分" {
                        add += d.value * scale
                        e = d.end + 1
                    }
                }
                if e > end { value += add / factor; end = e }
            }
            if unitName == "美元" {
                var p = end
                if p < n, s[p] == "又" || s[p] == "零" { p += 1 }
                if let d = reader.read(s, at: p, limit: n), d.kind == .cardinal, d.value < 100, Self.matches(s, d.end, Self.meifen) {
                    value += d.value / 100
                    end = d.end + 2
                }
            }
            if Self.matches(s, end, Self.renminbi) { end += 3 }
        }

        // Suffix approximation: 10万元左右 · 65岁以上 · 3年多.
        if hasUnit || r.kind != .cardinal || !chinese {
            for (w, a) in Self.suffixCueScalars where Self.matches(s, end, w) {
                approx = a
                end += w.count
                break
            }
            if approx == .exact, hasUnit, kind == "duration", end < n, s[end] == "多" || s[end] == "余",
               !(end + 1 < n && Self.isHan(s[end + 1]) && !Self.continuesDuration(s[end + 1])) {
                approx = .over
                end += 1
            }
            // 三年半 · 两天半: half a period more (not 十年半导体).
            if approx == .exact, hasUnit, kind == "duration", !isHalf, end < n, s[end] == "半",
               !(end + 1 < n && Self.isHan(s[end + 1]) && !Self.continuesDuration(s[end + 1])) {
                value += 0.5
                upper = upper.map { $0 + 0.5 }
                end += 1
            }
        }

        // Not quantities.
        if r.unitOnly && !hasUnit { return nil }
        if isHalf, kind != "duration" { return nil }
        if !hasUnit, r.kind == .cardinal || r.kind == .digitString {
            if chinese {
                // A bare Chinese numeral must not run into a word: 一看 · 两半 · 十四五规划.
                if end < n, Self.isHan(s[end]), !Self.isBareFollower(s[end]) { return nil }
                if end < n, s[end] == "点" { return nil }
                if r.upper != nil, end < n, Self.isHan(s[end]) { return nil }
            }
            // Enumerations: 一、 · ；六、 · 2： · （三）.
            let itemStart = i == 0 || flags.contains(s[i - 1], Flag.sentenceEnd | Flag.clauseBreak) || s[i - 1] == " "
            if end < n, s[end] == "、" || s[end] == "：" || s[end] == ":" || s[end] == "." || s[end] == "．", itemStart,
               !(end + 1 < n && Self.isNumeralStart(s[end + 1])) { return nil }
            if end < n, s[end] == "、", prev == "(" || prev == "（" { return nil }
            if let p = prev, p == "(" || p == "（", end < n, s[end] == ")" || s[end] == "）" { return nil }
        }
        // 百年大计 · 千年古城 · 万家灯火: a bare 百/千/万 is a figure of speech unless a cue makes it a
        // number (近百家).
        if r.unitOnly, r.kind == .cardinal, approx == .exact, !hasPrefixCue(s, before: i, floor: floor) { return nil }
        // 每千人口 · 每万人: the base of a rate is a qualifier, not a count.
        if let p = prev, p == "每", kind == "person" || kind == "household" { return nil }
        // Numerals inside names found by earlier stages (千年舟投资集团有限公司).
        if !inEntity.isEmpty, inEntity[numStart] { return nil }
        // Scores, ratios and clock times: 2∶1 · 1:3 · 8:30.
        if let p = prev, Self.isRatioMark(p), i >= 2, ChineseNumber.isAsciiDigit(s[i - 2]) { return nil }
        if r.end + 1 < n, Self.isRatioMark(s[r.end]), ChineseNumber.isAsciiDigit(s[r.end + 1]) { return nil }
        // Ordinals: 第四批 · 第一时间 is an idiom.
        var start = i
        if let p = prev, p == "第" {
            if !hasUnit, end < n, Self.isHan(s[end]) { return nil }
            start = i - 1
            kind = "ordinal"
            approx = .exact
        }
        // A numeral inside a word token (统一 · 四川 · 一切 · 一次性 · 五台山).
        if chinese, !tokenAllows(doc: doc, tokenAt: tokenAt, start: numStart, numeralEnd: r.end, end: end, arabic: false, s: s) { return nil }
        if !chinese, !tokenAllows(doc: doc, tokenAt: tokenAt, start: numStart, numeralEnd: r.end, end: end, arabic: true, s: s) { return nil }
        // 一次性 · 一体化.
        if hasUnit, end < n, s[end] == "性" { return nil }
        // Idioms and slogans with single numerals: 一校一品 · 千家万户 · 接二连三 · 一对一.
        if chinese, r.end - numStart == 1, isIdiom(s, at: numStart, quantityEnd: end) { return nil }

        if chinese, r.end - numStart == 1, Self.isFinancialDigit(s[numStart]),
           !hasUnit || s[numStart] == "拾" || s[numStart] == "佰" || s[numStart] == "仟" { return nil }
        // Prefix approximation: 超50家 · 近3年 · 每年最高达10万元.
        if kind != "ordinal" {
            var p = start
            if p > floor, p - 1 >= 0, s[p - 1] == "达" || s[p - 1] == "为" { p -= 1 }
            for (w, a) in Self.prefixCueScalars {
                let len = w.count
                let from = p - len
                guard from >= floor, Self.matches(s, from, w) else { continue }
                if w.count == 1, w[0] == "近", from > 0, Self.isNearCompound(s[from - 1]) { continue }
                if w.count == 1, w[0] == "超", from > 0, s[from - 1] == "赶" { continue }
                approx = a
                start = from
                break
            }
            // Currency signs: $20 · ¥300 · €5.
            if start == numStart, start > floor, start >= 1, !hasUnit {
                switch s[start - 1] {
                case "$": unitName = "美元"; kind = "money"; hasUnit = true; start -= 1
                case "¥", "￥": unitName = "元"; kind = "money"; hasUnit = true; start -= 1
                case "€": unitName = "欧元"; kind = "money"; hasUnit = true; start -= 1
                case "£": unitName = "英镑"; kind = "money"; hasUnit = true; start -= 1
                default: break
                }
            }
        }

        // A short quotation: “十四五” (no unit) · “最后一公里” (other words) · “88暖心”.
        if inShortQuote(s, start: start, end: end, hasUnit: hasUnit) { return nil }

        value = Self.clean(value * factor)
        upper = upper.map { Self.clean($0 * factor) }
        guard value.isFinite, upper?.isFinite ?? true else { return nil }
        if kind == "ordinal" || kind == "year" || kind == "date" { upper = upper.flatMap { $0 > value ? $0 : nil } }
        return Candidate(start: start, end: end, numberStart: numStart, numberEnd: r.end, value: value, upper: upper,
                         approx: approx, unit: unitName, kind: kind)
    }

    /// Numerals that begin with a word the reader does not take, read as `unitOnly` (a unit must
    /// follow) unless noted:
    ///   - 半 before a period (半年 · 半个月 · 半小时): 0.5, exact; the caller keeps it only with a
    ///     duration unit. Not after 上 下 前 后 大 多 小 每 过 折 对 减 夜 参 太 or a numeral (上半年 ·
    ///     大半天 · 一半 · 过半 · 三年半 is read from 三).
    ///   - 数/几 + a bare power of ten (数十 · 几百 · 数千 · 几十万 · 数亿): several times it, like 几
    ///     inside a numeral (十几 → 10–19): value 1×, upper 9× (数十 → 10–90, 几十万 → 10万–90万),
    ///     approx `about`.
    ///   - 上 + 百/千/万/亿 (上百 · 上千 · 上万 · 上千万): "reaching" that number: value it, approx
    ///     `about`; not after a numeral (成千上万 · 千上万).
    func vagueLead(_ s: [Unicode.Scalar], at i: Int, limit n: Int) -> ChineseNumber.Reading? {
        guard i + 1 < n else { return nil }
        let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
        if let p = prev, ChineseNumber.isNumeralCharacter(p) || ChineseNumber.isAsciiDigit(p) { return nil }
        if s[i] == "半" {
            if let p = prev {
                switch p {
                case "上", "下", "前", "后", "大", "多", "小", "每", "过", "折", "对", "减", "夜", "参", "太": return nil
                default: break
                }
            }
            var r = ChineseNumber.Reading(start: i, end: i + 1, value: 0.5, form: .chinese)
            r.trailingScale = 1
            return r
        }
        let next = s[i + 1]
        if s[i] == "上" {
            guard next == "百" || next == "千" || next == "万" || next == "亿" else { return nil }
        } else {
            guard ChineseNumber.smallUnitValue(next) != nil || ChineseNumber.bigUnitValue(next) != nil, next != "兆" else { return nil }
        }
        guard let b = reader.read(s, at: i + 1, limit: n), b.kind == .cardinal, b.upper == nil, b.approx == .exact,
              !b.malformed, b.value == b.trailingScale else { return nil }
        var r = ChineseNumber.Reading(start: i, end: b.end, value: b.value, form: .chinese)
        if s[i] != "上" { r.upper = b.value * 9 }
        r.approx = .about
        r.unitOnly = true
        r.leadingUnit = true
        r.trailingScale = b.trailingScale
        return r
    }

    /// Removes binary floating-point noise (2.3亿 → 230000000, not 229999999.99999997) by keeping
    /// 14 significant digits.
    static func clean(_ v: Double) -> Double {
        guard v != 0, v.isFinite else { return v }
        let magnitude = floor(log10(abs(v)))
        let scale = pow(10, 13 - magnitude)
        guard scale.isFinite, scale > 0, (v * scale).isFinite else { return v }
        let r = (v * scale).rounded() / scale
        return r.isFinite ? r : v
    }

    /// Whether an approximation word ends right before `i` (达/为 may stand between).
    func hasPrefixCue(_ s: [Unicode.Scalar], before i: Int, floor: Int) -> Bool {
        var p = i
        if p > floor, s[p - 1] == "达" || s[p - 1] == "为" { p -= 1 }
        for (w, _) in Self.prefixCueScalars where p - w.count >= floor && Self.matches(s, p - w.count, w) {
            return true
        }
        return false
    }

    /// Whether 月 at `end - 1` is the bare unit (12月), not 个月.
    func unitIsBare(_ s: [Unicode.Scalar], end: Int, name: String) -> Bool {
        end >= 2 && s[end - 1] == "月" && s[end - 2] != "个"
    }

    /// The token layer agrees that a numeral stands on its own.
    func tokenAllows(doc: Document, tokenAt: [Int32], start: Int, numeralEnd: Int, end: Int, arabic: Bool, s: [Unicode.Scalar]) -> Bool {
        guard !doc.tokens.isEmpty else { return true }
        let ti = tokenAt[start]
        if ti >= 0 {
            let t = doc.tokens[Int(ti)]
            if t.kind == .word, t.range.start < start, !arabic {
                if !flags.contains(s[start - 1], Flag.linkingChar) { return false }
            }
        }
        let li = tokenAt[end - 1]
        if li >= 0 {
            let t = doc.tokens[Int(li)]
            if t.kind == .word, t.range.end > end, t.range.start < numeralEnd {
                if arabic { return t.origin != .lexicon && t.origin != .user }
                // A dictionary word running past the quantity: 四川 · 一切 · 一次性. Allow words
                // that only begin inside the quantity's unit (人次 → 次数?) when they start after the numeral.
                return false
            }
        }
        return true
    }

    /// 一校一品 · 一对一 · 千家万户 · 接二连三: a single numeral two characters from another.
    func isIdiom(_ s: [Unicode.Scalar], at p: Int, quantityEnd: Int) -> Bool {
        let n = s.count
        // 五元三毛 · 六个百分点: the second numeral belongs to the quantity itself.
        if p + 2 < quantityEnd { return false }
        func numeral(_ k: Int) -> Bool { k >= 0 && k < n && ChineseNumber.isNumeralCharacter(s[k]) }
        func plainHan(_ k: Int) -> Bool { k >= 0 && k < n && Self.isHan(s[k]) && !ChineseNumber.isNumeralCharacter(s[k]) }
        if numeral(p + 2), plainHan(p + 1), !numeral(p - 1), !numeral(p + 3) {
            if s[p + 2] == s[p] { return true }
            if plainHan(p + 3) || p + 3 >= n { return true }
        }
        if numeral(p - 2), plainHan(p - 1), !numeral(p - 3), !numeral(p + 1) {
            if s[p - 2] == s[p] { return true }
            if plainHan(p + 1) { return true }
        }
        return false
    }

    /// Whether `[start, end)` lies in a short quotation that is a name or slogan.
    func inShortQuote(_ s: [Unicode.Scalar], start: Int, end: Int, hasUnit: Bool) -> Bool {
        var open = -1
        var k = start - 1
        while k >= 0, start - k <= 12 {
            let c = s[k]
            if flags.contains(c, Flag.openQuote) { open = k; break }
            if c == "\n" || c == "\r" { k -= 1; continue }
            if flags.contains(c, Flag.closeQuote | Flag.clauseBreak) || c == "。" { return false }
            k -= 1
        }
        guard open >= 0 else { return false }
        var close = -1
        k = end
        while k < s.count, k - end <= 12 {
            let c = s[k]
            if flags.contains(c, Flag.closeQuote) { close = k; break }
            if c == "\n" || c == "\r" { k += 1; continue }
            if flags.contains(c, Flag.openQuote | Flag.clauseBreak) { return false }
            k += 1
        }
        guard close >= 0 else { return false }
        if !hasUnit { return true }
        for q in (open + 1)..<start where Self.isHan(s[q]) || ChineseNumber.isLatin(s[q]) { return true }
        for q in end..<close where Self.isHan(s[q]) || ChineseNumber.isLatin(s[q]) { return true }
        return false
    }

    // MARK: - context

    func finish(at index: Int, doc: Document, tokenAt: [Int32], all: [Candidate], done: [Quantity],
                places: [(start: Int, end: Int, name: String)], docPlace: String?) -> Quantity {
        let c = all[index]
        let s = doc.analysis
        let sentence = doc.sentenceIndex(at: c.start)
        // Context window: the sentence, else the line.
        var lo = c.start, hi = c.end
        if let si = sentence {
            lo = doc.sentences[si].range.start
            hi = doc.sentences[si].range.end
        } else {
            // No sentence layer: the stretch between sentence-final marks on the same line.
            while lo > 0, !flags.contains(s[lo - 1], Flag.sentenceEnd) { lo -= 1 }
            while hi < s.count, !flags.contains(s[hi], Flag.sentenceEnd) { hi += 1 }
        }
        // Very long sentences (or unpunctuated text) are looked at near the quantity only.
        lo = max(lo, c.start - 300)
        hi = min(hi, c.end + 300)
        var q = Quantity(text: doc.original(TextRange(start: c.start, end: c.end)), range: TextRange(start: c.start, end: c.end),
                         value: c.value, upper: c.upper, approx: c.approx, unit: c.unit, unitKind: c.kind,
                         sentence: sentence)
        if c.kind != "year", c.kind != "date", c.kind != "clock" {
            q.subject = subject(at: index, doc: doc, tokenAt: tokenAt, all: all)
            q.qualifiers = qualifiers(c, doc: doc, tokenAt: tokenAt, lo: lo)
            if let change = change(c, s: s, from: clauseStart(s, c.start, lo: lo), lo: lo) {
                // 规上工业增加值比上年增长5.2%: the subject stands before the base.
                if q.subject.isEmpty, change.lead < c.start {
                    q.subject = subject(at: index, doc: doc, tokenAt: tokenAt, all: all, before: change.lead)
                }
                if let b = change.base {
                    let text = doc.original(b)
                    if !q.qualifiers.contains(text) { q.qualifiers.append(text) }
                }
                let verb = doc.original(change.direction)
                if !q.qualifiers.contains(verb) { q.qualifiers.append(verb) }
                if q.subject.isEmpty { q.subject = changedSubject(c, lo: lo, done: done) }
            } else if let prev = listedChange(c, s: s, done: done) {
                for w in prev.qualifiers where !q.qualifiers.contains(w) { q.qualifiers.append(w) }
                if q.subject.isEmpty { q.subject = prev.subject }
            }
        }
        q.place = place(c, doc: doc, lo: lo, places: places) ?? docPlace
        q.time = time(at: index, doc: doc, lo: lo, hi: hi, all: all)
        return q
    }

    /// Start of the clause containing `pos` (after the last clause break), not before `lo`.
    func clauseStart(_ s: [Unicode.Scalar], _ pos: Int, lo: Int) -> Int {
        var k = pos
        while k > lo, !flags.contains(s[k - 1], Flag.clauseBreak), s[k - 1] != "。" { k -= 1 }
        return k
    }

    /// Whether token `k` can be part of a subject noun phrase.
    func nounLike(_ tokens: [Token], _ k: Int, _ s: [Unicode.Scalar]) -> Bool {
        let kind = tokens[k].kind
        guard kind == .word || kind == .latin else { return false }
        let r = tokens[k].range
        if wordFlags(s, r) & (WordFlag.boundary | WordFlag.linking) != 0 { return false }
        let tc = tagClass(s, r.start, r.end)
        if tc & TagClass.noun != 0 { return true }
        if tc & TagClass.notNoun != 0 { return false }
        if r.length == 1, ChineseNumber.isNumeralCharacter(s[r.start]) { return false }
        // 完成后 · 开学前 · 改造时: an unlisted word closed by a time localizer is a time.
        if tc == 0, r.length >= 3, s[r.end - 1] == "后" || s[r.end - 1] == "前" || s[r.end - 1] == "时" { return false }
        return true
    }

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

    /// The thing counted by `all[index]`; `before` (default: the quantity's start) is where the
    /// search for a subject written before the number begins.
    func subject(at index: Int, doc: Document, tokenAt: [Int32], all: [Candidate], before lead: Int? = nil) -> String {
        let c = all[index]
        let tokens = doc.tokens
        guard !tokens.isEmpty else { return "" }
        let s = doc.analysis
        let floorPos = index > 0 ? all[index - 1].end : 0
        // Before: skip linking verbs, then collect nouns.
        var before: [Int] = []
        let leadPos = lead ?? c.start
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
            if isWord, tagClass(s, r.start, r.end) & TagClass.verb != 0 {
                // 托位数达4.55个: a verb between subject and number is skipped; 各类培训32场次: a
                // verb that is itself the thing counted (nothing noun-like before it) is kept.
                if k > 0, nounLike(tokens, k - 1, s), tokens[k - 1].range.end > floorPos {
                    k -= 1; skipped += 1; continue
                }
                forceFirst = r.length >= 2
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
        var chars = 0
        while k >= 0 {
            let r = tokens[k].range
            if r.end <= floorPos || r.start < floorPos { break }
            guard nounLike(tokens, k, s) || (forceFirst && before.isEmpty && tokens[k].kind == .word) else { break }
            if tokens[k].kind == .word, s[r.start] == "每" { break }
            chars += r.length
            // One long listed noun may stand alone (社会消费品零售总额).
            if chars > 8, !before.isEmpty || chars > 12 || tagClass(s, r.start, r.end) & TagClass.noun == 0 { break }
            before.append(k)
            k -= 1
        }
        // 服务青少年1100余人次: a verbal noun heading the phrase is the verb, not part of the subject.
        while before.count > 1 {
            let head = tokens[before[before.count - 1]].range
            guard tagClass(s, head.start, head.end) & TagClass.plainVerb != 0
                    || wordFlags(s, head) & WordFlag.serving != 0 else { break }
            before.removeLast()
        }
        let hasBefore = before.contains { tokens[$0].range.length > 0 }
        // After the unit: 超50家科创企业 · 14所高校.
        var after: [Int] = []
        if c.end < s.count, tokenAt[c.end] >= 0, tokens[Int(tokenAt[c.end])].range.start == c.end {
            var j = Int(tokenAt[c.end])
            // 三分之一的居民 · 30%的企业.
            if c.kind == "fraction" || c.kind == "percent", isChar(tokens, j, "的", s) { j += 1 }
            var len = 0
            let nextStart = index + 1 < all.count ? all[index + 1].start : s.count
            while j < tokens.count {
                let r = tokens[j].range
                if r.end > nextStart { break }
                guard nounLike(tokens, j, s) else { break }
                if isPeriodToken(tokens, j, s) { break }
                len += r.length
                if len > 10 { break }
                after.append(j)
                j += 1
            }
        }
        let hasAfter = after.contains { tokens[$0].range.length > 0 }
        if c.kind == "ordinal" { return original(doc, after) }
        if Self.isCounterKind(c.kind), hasAfter { return original(doc, after) }
        if hasBefore { return original(doc, before.reversed()) }
        if c.kind != "year", c.kind != "date" { return original(doc, after) }
        return ""
    }

    /// Unit kinds that count things (their subject is preferably written after the unit).
    static func isCounterKind(_ kind: String) -> Bool {
        kind == "count" || kind == "person" || kind == "person_time" || kind == "household" || kind == "age"
    }

    private func original(_ doc: Document, _ idx: [Int]) -> String {
        guard let first = idx.first, let last = idx.last else { return "" }
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

    func qualifiers(_ c: Candidate, doc: Document, tokenAt: [Int32], lo: Int) -> [String] {
        let s = doc.analysis
        let tokens = doc.tokens
        let from = clauseStart(s, c.start, lo: lo)
        var out: [String] = []
        // 每千人口 · 每年 · 每户.
        var k = from
        while k < c.start {
            if s[k] == "每" {
                var e = k + 1
                while e < c.start, e - k < 6 {
                    if s[e] == "最" || s[e] == "为" || s[e] == "可" || s[e] == "达" { break }
                    if !tokens.isEmpty, tokenAt[e] >= 0 {
                        let t = Int(tokenAt[e])
                        if tokens[t].range.start == e, e > k + 1, !nounLike(tokens, t, s), tokens[t].kind != .number,
                           !units.hasUnit(in: s, at: e, limit: c.start) { break }
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
        for (w, word) in zip(Self.averageWords, Self.averageWordScalars) {
            var p = from
            while p < c.start {
                if s[p] == word[0], Self.matches(s, p, word) { if !out.contains(w) { out.append(w) }; break }
                p += 1
            }
        }
        // 月增收2000多元: a period directly before the verb before the number.
        if !tokens.isEmpty, c.start > 0 {
            var t = Int(tokenAt[c.start - 1])
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

    /// Two-character verbs of change (longest first is not needed: all have two characters).
    static let changeVerbs: [String] = [
        "增长", "下降", "提高", "降低", "增加", "减少", "回落", "上升", "上涨", "下跌", "提升", "回升",
        "下滑", "扩大", "缩小", "缩减", "减小", "增多", "攀升", "加快", "放缓", "收窄", "下调", "上调",
        "增幅", "降幅", "涨幅", "跌幅",
    ]
    /// One-character verbs of change, only after a comparison base.
    static let changeVerbChars: Set<Unicode.Scalar> = ["增", "降", "涨", "跌", "升", "减"]
    /// Adverbs between a comparison base and its verb (同比分别增长 · 比上年大幅下降).
    static let changeAdverbs: [String] = [
        "进一步", "分别", "大幅", "小幅", "明显", "稳步", "持续", "继续", "略有", "有所", "均", "都", "也", "又", "仍",
    ]
    static let changeVerbScalars: [[Unicode.Scalar]] = changeVerbs.map { Array($0.unicodeScalars) }
    static let changeVerbSet: Set<String> = Set(changeVerbs)
    static let changeAdverbScalars: [[Unicode.Scalar]] = changeAdverbs.map { Array($0.unicodeScalars) }
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

    /// The change written right before the quantity `c`, within its clause (`from`…).
    func change(_ c: Candidate, s: [Unicode.Scalar], from: Int, lo: Int) -> Change? {
        var p = c.start
        while p > from, ChineseNumber.isSpace(s[p - 1]) { p -= 1 }
        if p > from, s[p - 1] == "了" { p -= 1 }
        guard p - 1 >= from else { return nil }
        var verbStart = -1
        for w in Self.changeVerbScalars where p - 2 >= from && s[p - 1] == w[1] && s[p - 2] == w[0] {
            verbStart = p - 2
            break
        }
        let needsBase = verbStart < 0
        if needsBase {
            guard Self.changeVerbChars.contains(s[p - 1]) else { return nil }
            verbStart = p - 1
        }
        var q = verbStart
        var steps = 0
        adverbs: while steps < 2 {
            for w in Self.changeAdverbScalars where q - w.count >= from && Self.matches(s, q - w.count, w) {
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
    /// sentence, when it has a subject and a compatible unit.
    func changedSubject(_ c: Candidate, lo: Int, done: [Quantity]) -> String {
        for q in done.reversed() {
            if q.start < lo { break }
            switch q.unitKind {
            case "year", "date", "clock": continue
            case "ordinal": return ""
            default: break
            }
            guard !q.subject.isEmpty else { return "" }
            let rate = c.kind == "percent" || c.kind == "permille" || c.kind == "percentage_point"
            return rate || c.kind == q.unitKind ? q.subject : ""
        }
        return ""
    }

    /// The next item of a list of changes (分别增长3.0%、3.9%和7.0%): the previous quantity, when
    /// only a list mark stands between them and it was a change.
    func listedChange(_ c: Candidate, s: [Unicode.Scalar], done: [Quantity]) -> Quantity? {
        guard let prev = done.last, prev.end <= c.start, c.start - prev.end <= 2, prev.unitKind == c.kind,
              let last = prev.qualifiers.last, Self.changeVerbSet.contains(last) else { return nil }
        for p in prev.end..<c.start {
            switch s[p] {
            case "、", "和", "及", "与", ",", "，": continue
            default: return nil
            }
        }
        return prev
    }

    /// The place a document is about, for quantities with no place of their own: the most
    /// specific administrative place (province … township) named in the title or the first line
    /// (when short and followed by more text),
    /// else the prefecture or county-level place named most often (at least twice, more often
    /// than any other).
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
        for e in doc.entities where e.type == .place {
            let r = rank(e.level)
            guard r > 0 else { continue }
            for m in e.mentions {
                let inTitle = (m.start >= a && m.end <= b) || (doc.title.map { !m.text.isEmpty && $0.contains(m.text) } ?? false)
                guard inTitle else { continue }
                if titled == nil || r > titled!.rank || (r == titled!.rank && m.start < titled!.start) {
                    titled = (r, m.start, e.name)
                }
            }
            guard r == 2 || r == 3 else { continue }
            let n = e.mentions.count
            if let c = counted {
                if n > c.count { counted = (n, e.name, false) } else if n == c.count { counted!.tie = true }
            } else {
                counted = (n, e.name, false)
            }
        }
        if let t = titled { return t.name }
        if let c = counted, c.count >= 2, !c.tie { return c.name }
        return nil
    }

    func place(_ c: Candidate, doc: Document, lo: Int, places: [(start: Int, end: Int, name: String)]) -> String? {
        // The last mention ending at or before the quantity (binary search), if in the same sentence.
        var a = 0, b = places.count
        while a < b {
            let m = (a + b) / 2
            if places[m].end <= c.start { a = m + 1 } else { b = m }
        }
        if a > 0, places[a - 1].start >= lo { return places[a - 1].name }
        if let si = doc.sectionIndex(at: c.start), let d = doc.sections[si].district { return d }
        return nil
    }

    func time(at index: Int, doc: Document, lo: Int, hi: Int, all: [Candidate]) -> String? {
        let c = all[index]
        let s = doc.analysis
        if c.kind == "year" { return nil }
        // A year or date quantity in the same sentence, nearest before, else after.
        var best: (Int, String)?
        var j = index - 1
        while j >= 0, all[j].start >= lo { j -= 1 }
        j += 1
        while j < all.count, all[j].start < hi {
            let o = all[j]
            defer { j += 1 }
            guard o.kind == "year" || o.kind == "date", o.end <= hi, j != index else { continue }
            // 2021年12月31日: extend over the following date parts.
            var e = o.end
            var k = j + 1
            while k < all.count, all[k].start == e, all[k].kind == "date" { e = all[k].end; k += 1 }
            for w in Self.timeSuffixScalars where Self.matches(s, e, w) { e += w.count; break }
            let text = doc.original(TextRange(start: o.start, end: e))
            let d = o.end <= c.start ? c.start - o.end : 1_000_000 + o.start
            if best == nil || d < best!.0 { best = (d, text) }
        }
        var p = lo
        let timeWords = Self.timeWordScalars
        while p < hi {
            if flags.contains(s[p], Flag.timeFirst) {
                for w in timeWords where w[0] == s[p] && Self.matches(s, p, w) {
                    let len = w.count
                    var e = p + len
                    if Self.matches(s, e, Self.yilai) { e += 2 }
                    let d = e <= c.start ? c.start - e : 1_000_000 + p
                    if best == nil || d < best!.0 { best = (d, doc.original(TextRange(start: p, end: e))) }
                    p = e - 1
                    break
                }
            }
            p += 1
        }
        return best?.1
    }
}
