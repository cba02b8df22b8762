import Foundation

/// Reads a byline: the short line of author names under a heading. Newspapers pad two-character
/// names with a space so that names line up ("夏 衍" = 夏衍), and sometimes pad three-character
/// names too ("李 晶 肖 皓 桐" = 李晶, 肖皓桐). Unpadded pieces are whole names ("张梦月 夏 衍").
///
/// Runs of single characters are grouped into names by surname and given-name evidence
/// (`surnames.tsv`, `given-chars.tsv`): every group must start with a surname, and the grouping
/// with the best score wins. Role words (记者, 通讯员, 文/图, 摄…) are dropped, in front of the
/// names or inside parentheses ("（记者 王某某 通讯员 李某）").
public struct BylineParser: Sendable {
    /// Surname → weight (people per million), single and compound surnames.
    public let surnames: [String: Double]
    /// Given-name character → weight.
    public let givenChars: [String: Double]
    let gazetteer: Gazetteer
    let words: Lexicon

    /// Words that name a byline role rather than a person.
    static let roles: [String] = [
        "本报记者", "本报通讯员", "见习记者", "实习记者", "特约记者", "首席记者", "融媒体记者", "新华社记者",
        "记者", "通讯员", "实习生", "撰文", "作者", "摄影", "文图", "图文", "视频", "编辑", "文", "图", "摄",
    ]
    /// Roles that, written before the names, mark a byline anywhere in the article.
    static let markingRoles: Set<String> = [
        "本报记者", "本报通讯员", "见习记者", "实习记者", "特约记者", "首席记者", "融媒体记者", "新华社记者",
        "记者", "通讯员", "实习生", "撰文", "作者",
    ]

    public init(surnames: [String: Double], givenChars: [String: Double], gazetteer: Gazetteer, words: Lexicon) {
        self.surnames = surnames
        self.givenChars = givenChars
        self.gazetteer = gazetteer
        self.words = words
    }

    /// Surname and given-name weights from the name tables (a name listed twice keeps its larger weight).
    public init(names: NameTables, gazetteer: Gazetteer, words: Lexicon) {
        // Sized up front, and each key hashed once: the largest weight is kept in place.
        func keepLargest(_ weight: inout Double, _ w: Double) { weight = max(weight, w) }
        var surnames: [String: Double] = [:], given: [String: Double] = [:]
        surnames.reserveCapacity(names.surnames.count)
        given.reserveCapacity(names.givenCharacters.count)
        for s in names.surnames { keepLargest(&surnames[s.name, default: 0], s.weight) }
        for g in names.givenCharacters { keepLargest(&given[String(g.character), default: 0], g.weight) }
        self.init(surnames: surnames, givenChars: given, gazetteer: gazetteer, words: words)
    }

    public struct Result: Hashable, Sendable {
        public var names: [String]
        /// True when a role word (记者, 通讯员…) introduced the names.
        public var hasRole: Bool
    }

    /// Separators between byline pieces: whitespace and the list marks below.
    @inline(__always)
    static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "、", ",", "，", "/", "|", "｜", "丨", ":", "：", " ": return true
        default: return CharacterClass.isWhitespace(c)
        }
    }

    /// Characters a byline piece may hold: ideographs and the name dot (·, •).
    @inline(__always)
    static func isPieceCharacter(_ c: Unicode.Scalar) -> Bool {
        if CharacterClass.isHan(c) || c == "·" || c == "•" { return true }
        // Below U+3006 and in the fullwidth forms there are no ideographs.
        if c.value < 0x3006 || (0xFF00...0xFFEF).contains(c.value) { return false }
        return c.properties.isIdeographic
    }

    /// The roles as code points, and per role whether it is a marking role.
    static let roleScalars: [[Unicode.Scalar]] = roles.map { Array($0.unicodeScalars) }
    static let roleMarks: [Bool] = roles.map { markingRoles.contains($0) }

    /// The index in `roles` of the role `piece` spells (String equality). Compared by code points
    /// when the piece is NFC as it stands (`CharacterClass.isStableNFC`, as the roles are): a
    /// String built and compared per role cost more than the rest of the parse.
    static func role(_ piece: [Unicode.Scalar]) -> Int? {
        guard piece.allSatisfy(CharacterClass.isStableNFC) else { return roles.firstIndex(of: ScalarText.string(piece)) }
        return roleScalars.firstIndex(of: piece)
    }

    /// The marking roles as code points, in the order of `roles` (the first that fits is taken).
    static let markingRoleScalars: [[Unicode.Scalar]] = roles.filter { markingRoles.contains($0) }.map { Array($0.unicodeScalars) }

    /// First characters of the marking roles (a piece longer than a name starts with one).
    static let markingRoleInitials: Set<Unicode.Scalar> = Set(markingRoles.compactMap(\.unicodeScalars.first))

    /// Whether `parse` can accept a piece of `length` characters starting with `first`: a role or
    /// a name (up to 4 characters) with a trailing 摄 is at most 5; a marking role glued before the
    /// name (记者王某某) at most 10; a dotted name (up to 12) with a role and 摄 at most 18.
    @inline(__always)
    static func mayBePiece(length: Int, first: Unicode.Scalar, dotted: Bool) -> Bool {
        if length <= 5 { return true }
        if dotted { return length <= 18 }
        return length <= 10 && markingRoleInitials.contains(first)
    }

    /// A cheap necessary condition for `parse(s[range])` to succeed, read without allocating:
    /// after enclosing parentheses, only ideographs, name dots and separators, in at most 16
    /// pieces, each of a length `mayBePiece` allows.
    public static func mayBeByline(_ s: [Unicode.Scalar], _ range: TextRange) -> Bool {
        var a = range.start, b = range.end
        guard a < b else { return false }
        // Most lines end a sentence: answer them from their last character.
        let end = s[b - 1]
        if end != ")" && end != "）" && !isPieceCharacter(end) && !isSeparator(end) { return false }
        while a < b, s[a] == "(" || s[a] == "（", s[b - 1] == ")" || s[b - 1] == "）" {
            a += 1
            b -= 1
        }
        var pieces = 0, length = 0, dotted = false
        var first: Unicode.Scalar = " "
        for i in a..<b {
            let c = s[i]
            if isSeparator(c) {
                if length > 0, !mayBePiece(length: length, first: first, dotted: dotted) { return false }
                length = 0
                dotted = false
            } else {
                guard isPieceCharacter(c) else { return false }
                if length == 0 {
                    pieces += 1
                    first = c
                    if pieces > 16 { return false }
                }
                length += 1
                if c == "·" || c == "•" { dotted = true }
                if length > 18 { return false }
            }
        }
        if length > 0, !mayBePiece(length: length, first: first, dotted: dotted) { return false }
        return pieces > 0
    }

    /// A cheap necessary condition for `parse(s[range])?.hasRole`, read without allocating: a
    /// marking role starts a piece (as the piece or glued before the names), so some piece starts
    /// with a marking role's first character; or a piece holds a code point that is not
    /// `CharacterClass.isStableNFC` (it is then compared with the roles as a `String`). Separators
    /// and parentheses are taken for the gaps between pieces.
    public static func mayHaveRole(_ s: [Unicode.Scalar], _ range: TextRange) -> Bool {
        var pieceStart = true
        for i in range.start..<range.end {
            let c = s[i]
            if isSeparator(c) || c == "(" || c == "（" {
                pieceStart = true
                continue
            }
            if !CharacterClass.isStableNFC(c) || (pieceStart && markingRoleInitials.contains(c)) { return true }
            pieceStart = false
        }
        return false
    }

    /// Parses a whole line (folded code points). Nil when the line is not only names.
    public func parse(_ line: [Unicode.Scalar]) -> Result? {
        var chars = line[...]
        // Strip enclosing parentheses: （记者 王某某）.
        while let f = chars.first, f == "(" || f == "（", let l = chars.last, l == ")" || l == "）" {
            chars = chars.dropFirst().dropLast()
        }
        var pieces: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for c in chars {
            if Self.isSeparator(c) {
                if !current.isEmpty { pieces.append(current); current = [] }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        guard !pieces.isEmpty, pieces.count <= 16 else { return nil }

        var hasRole = false
        var names: [String] = []
        var run: [Unicode.Scalar] = []      // consecutive single-character pieces
        func flushRun() -> Bool {
            defer { run.removeAll() }
            if run.isEmpty { return true }
            guard let grouped = group(run) else { return false }
            names.append(contentsOf: grouped)
            return true
        }
        for var piece in pieces {
            if let role = Self.role(piece) {
                if Self.roleMarks[role] { hasRole = true }
                guard flushRun() else { return nil }
                continue
            }
            // A role glued to the names: 记者王某某, 王某某摄.
            for r in Self.markingRoleScalars where r.count < piece.count {
                if piece.starts(with: r), piece.count - r.count >= 2 {
                    piece.removeFirst(r.count)
                    hasRole = true
                    break
                }
            }
            if piece.count >= 3, piece.last == "摄" { piece.removeLast() }
            if piece.count == 1 {
                guard piece[0].properties.isIdeographic else { return nil }
                run.append(piece[0])
                continue
            }
            guard flushRun(), isName(piece, padded: false) else { return nil }
            names.append(ScalarText.string(piece))
        }
        guard flushRun(), !names.isEmpty, names.count <= 8 else { return nil }
        return Result(names: names, hasRole: hasRole)
    }

    /// Length of the surname at the start of a name (2 for compound surnames), or 0.
    func surnameLength(_ name: ArraySlice<Unicode.Scalar>) -> Int {
        if name.count >= 3, surnames[ScalarText.string(name.prefix(2))] != nil { return 2 }
        if let f = name.first, surnames[String(f)] != nil { return 1 }
        return 0
    }

    /// Whether characters form a plausible Chinese personal name. Unpadded pieces must also not be
    /// ordinary words or place names (高新区, 同心聚力).
    func isName(_ name: [Unicode.Scalar], padded: Bool) -> Bool {
        if name.contains("·") || name.contains("•") {
            return name.count <= 12 && name.allSatisfy { $0.properties.isIdeographic || $0 == "·" || $0 == "•" }
        }
        guard name.allSatisfy({ $0.properties.isIdeographic }) else { return false }
        let s = surnameLength(name[...])
        guard s > 0 else { return false }
        let given = name.count - s
        guard given >= 1, given <= 2 else { return false }
        if !padded {
            let text = ScalarText.string(name)
            if !gazetteer.references(forKey: text).isEmpty { return false }
            if let e = words.lookup(text), e.tag != "nr" { return false }
            if let last = name.last, Self.nonNameEndings.contains(last) { return false }
        }
        return true
    }

    /// Characters that end place and organisation words, never a byline name.
    static let nonNameEndings: Set<Unicode.Scalar> = [
        "区", "市", "县", "镇", "乡", "村", "省", "州", "街", "路", "道", "会", "局", "委", "部", "厅", "院",
        "校", "站", "所", "队", "组", "司", "厂", "店", "馆", "园", "处", "办", "室", "网", "报", "台",
    ]

    /// Groups a run of padded single characters into names (2–3 characters, 4 with a compound
    /// surname), maximising surname and given-name evidence. Nil when no grouping works.
    func group(_ run: [Unicode.Scalar]) -> [String]? {
        let n = run.count
        guard n >= 2 else { return nil }
        var best = [Double].filled(-.infinity, count: n + 1)
        var back = [Int].filled(-1, count: n + 1)
        best[0] = 0
        for i in 0..<n where best[i] > -.infinity {
            for len in 2...4 where i + len <= n {
                let name = Array(run[i..<(i + len)])
                guard isName(name, padded: true) else { continue }
                let score = best[i] + self.score(name)
                if score > best[i + len] {
                    best[i + len] = score
                    back[i + len] = i
                }
            }
        }
        guard best[n] > -.infinity else { return nil }
        var names: [String] = []
        var j = n
        while j > 0 {
            let i = back[j]
            names.append(ScalarText.string(run[i..<j]))
            j = i
        }
        return names.reversed()
    }

    func score(_ name: [Unicode.Scalar]) -> Double {
        let s = surnameLength(name[...])
        let surname = ScalarText.string(name.prefix(s))
        var score = log(max(surnames[surname] ?? 1, 1))
        for c in name.dropFirst(s) {
            score += 0.5 * log(max(givenChars[String(c)] ?? 5, 1))
        }
        return score
    }
}
