import Foundation

/// The structure stage: title lines, sections, bylines, paragraphs (with layout repair) and
/// sentences, read from the folded text.
///
/// - Title area: up to three short lines at the top that do not end a sentence. A bare place name
///   above the title (杭州) is the kicker (引题); the next line is the title, a further one the
///   subtitle.
/// - Section headings: "<place>：<headline>" (the place resolved through the gazetteer, aliases
///   included: 高新区(滨江)：… → 滨江区), numbered headings (一、… / 第一章 …, (一)…, 1. …) and
///   【…】 headings. The highest-ranking kind in the article makes the sections (place headings,
///   then 一、, then 【】, then (一), then 1.; a numbered or bracketed kind needs two headings);
///   headings of other kinds stay standalone lines. An article without headings is one section.
/// - Bylines: the names-only line under a heading or the title ("张梦月 夏 衍"), any short line
///   introduced by a role (记者 王某某), and a parenthesised byline at the start of the first
///   paragraph (本报讯（记者 王某某）…), see `BylineParser`.
/// - Issuer and date: under the title, lines naming an issuing body (成都市统计局) or a date
///   (2024年3月) end the title area and fill `Document.issuer` / `Document.date` (`metaKind`); so
///   does a closing signature (issuer line, date line) at the end. They belong to no section when
///   above the body.
/// - Datelines: 本报讯 / 新华社北京3月5日电 opening a section's first paragraph → `Section.dateline`.
/// - Layout repair: a body line that ends mid-sentence (no 。！？… before its closing quotes),
///   followed by a blank line and a continuation, is one paragraph whose range spans the break.
///   Headings, bylines and title lines are never joined; a short line without any punctuation is
///   not taken for a broken sentence; an indented next line or one starting with a list marker
///   (1. （一） 一、 ① •, `startsListItem`) starts a new paragraph.
/// - Sentences: body paragraphs through `SentenceSplitter`; every title, heading and byline line
///   is one sentence of its own. `Sentence.section` is −1 above the first section.
public struct ArticleReader: Stage, Sendable {
    public let name = "structure"
    public let gazetteer: Gazetteer
    public let bylines: BylineParser
    public let splitter: SentenceSplitter
    public var options: Options

    public struct Options: Sendable {
        /// Longest title or heading line, in code points.
        public var maxHeadingLength = 40
        /// Longest first line taken for a title (no commas, a blank line after it).
        public var maxLongTitleLength = 80
        /// Title lines at most.
        public var maxTitleLines = 3
        /// A line at least this long that ends without punctuation is a broken sentence even
        /// without inner punctuation.
        public var brokenLineLength = 25
        /// Read a one-line body document directly (`readSingleBodyLine`); off only to check that
        /// the general reading gives the same result.
        public var singleLineShortcut = true
        public init() {}
    }

    /// `gazetteer`: the one loaded from `lexicons.directory` when nil (pass it to share it with
    /// the place extractor).
    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        let gazetteer = try lexicons.tables.gazetteer()
        let bylines = BylineParser(names: try lexicons.tables.names(), gazetteer: gazetteer, words: lexicons.words)
        self.init(gazetteer: gazetteer, bylines: bylines, options: options)
    }

    public init(gazetteer: Gazetteer, bylines: BylineParser, splitter: SentenceSplitter = SentenceSplitter(),
                options: Options = Options()) {
        self.gazetteer = gazetteer
        self.bylines = bylines
        self.splitter = splitter
        self.options = options
    }

    // MARK: - Lines and their roles

    struct Line {
        /// Content without surrounding whitespace.
        var range: TextRange
        var indent: Int
        /// True when a blank line (or the start of the text) comes before the line.
        var blankBefore: Bool
    }

    enum HeadingKind: Int, Comparable {
        case place = 0, hanNumber, bracket, parenNumber, arabicNumber
        static func < (a: HeadingKind, b: HeadingKind) -> Bool { a.rawValue < b.rawValue }
    }

    struct Heading {
        var kind: HeadingKind
        var headline: TextRange
        /// Canonical gazetteer name, or the written place when it is not in the gazetteer.
        var district: String?
    }

    enum Role {
        /// `meta`: an issuing body or a date line under the title or in the closing signature.
        case title, heading, subheading, byline, meta, body
    }

    public func process(_ document: inout Document) throws {
        let s = document.analysis
        document.sections = []
        document.sentences = []
        document.paragraphs = []
        // A text of one line (the usual line-per-document input) is read without a table of lines.
        if options.singleLineShortcut, let line = Self.onlyLine(s, unbrokenPrefix: document.firstLineBreak ?? s.count),
           readSingleBodyLine(line, s, &document) { return }
        let lines = Self.scanLines(s)
        guard !lines.isEmpty else { return }

        // Headings, and the kind that makes sections.
        let headings = lines.map { heading($0, s) }
        // Headings per kind, by rank (an array: a dictionary of this enum cost more to set up than
        // the rest of a short document's reading).
        var counts = [Int].filled(0, count: HeadingKind.arabicNumber.rawValue + 1)
        for h in headings { if let h { counts[h.kind.rawValue] += 1 } }
        let sectionKind = counts.indices.first { counts[$0] > 0 && ($0 == HeadingKind.place.rawValue || counts[$0] >= 2) }
            .flatMap(HeadingKind.init(rawValue:))
        var roles = [Role].filled(.body, count: lines.count)
        for (i, h) in headings.enumerated() {
            if let h { roles[i] = h.kind == sectionKind ? .heading : .subheading }
        }

        // Title area.
        var bylineNames = [[String]?].filled(nil, count: lines.count)
        var titleCount = 0
        while titleCount < min(options.maxTitleLines, lines.count - 1), roles[titleCount] != .heading,
              // The first line may be a long title when a blank line follows and it has no commas.
              isTitleLike(lines[titleCount], s, maxLength: titleCount == 0 && lines[1].blankBefore
                          && !s[lines[0].range.start..<lines[0].range.end].contains(where: { $0 == "," || $0 == "，" })
                          ? options.maxLongTitleLength : nil),
              // Running text wrapped onto the next line is not a title.
              lines[titleCount + 1].blankBefore || !isBroken(lines[titleCount], s) {
            // A date line or an issuing body below the first line ends the title area.
            if titleCount > 0, metaKind(lines[titleCount], s) != nil { break }
            // A byline ends the title area; below the first line a names-only line is one too.
            if BylineParser.mayBeByline(s, lines[titleCount].range),
               let parsed = bylines.parse(Self.slice(s, lines[titleCount].range)), parsed.hasRole || titleCount > 0 { break }
            roles[titleCount] = .title
            titleCount += 1
        }
        // Issuer and date lines: right under the title (bylines may stand among them), and a closing
        // signature (an optional issuer line, then a date line) at the end.
        var meta: [(line: Int, isDate: Bool)] = []
        // Lines titleCount..<headEnd are issuer, date and names-only lines under the title.
        var headEnd = titleCount
        if titleCount > 0 {
            while headEnd < min(lines.count, titleCount + 4), roles[headEnd] == .body {
                if let isDate = metaKind(lines[headEnd], s) {
                    roles[headEnd] = .meta
                    meta.append((headEnd, isDate))
                } else if !(BylineParser.mayBeByline(s, lines[headEnd].range) && bylines.parse(Self.slice(s, lines[headEnd].range)) != nil) {
                    break
                }
                headEnd += 1
            }
        }
        if lines.count >= 3, let last = lines.indices.last, last > headEnd, roles[last] == .body, metaKind(lines[last], s) == true {
            if roles[last - 1] == .body, metaKind(lines[last - 1], s) == false {
                roles[last - 1] = .meta
                meta.append((last - 1, false))
            }
            roles[last] = .meta
            meta.append((last, true))
        }
        for m in meta {
            let text = document.original(lines[m.line].range)
            if m.isDate { document.date = document.date ?? text } else { document.issuer = document.issuer ?? text }
        }
        // Bylines: names-only lines under a heading or the title; role-introduced lines anywhere.
        for i in lines.indices where roles[i] == .body && lines[i].range.length <= options.maxHeadingLength {
            let afterHeading = i > 0 && (roles[i - 1] == .heading || roles[i - 1] == .subheading
                                            || (titleCount > 0 && i >= titleCount && i < headEnd))
            guard BylineParser.mayBeByline(s, lines[i].range), let parsed = bylines.parse(Self.slice(s, lines[i].range)),
                  afterHeading || parsed.hasRole else { continue }
            roles[i] = .byline
            bylineNames[i] = parsed.names
        }

        // Blocks (paragraphs), joining broken body lines.
        var blocks: [(range: TextRange, role: Role, line: Int)] = []
        var i = 0
        while i < lines.count {
            var range = lines[i].range
            let first = i
            if roles[i] == .body {
                // A list item (1. / （一） / 一、 / ① / •) never continues the line before it.
                while i + 1 < lines.count, roles[i + 1] == .body, isBroken(lines[i], s),
                      !Self.startsListItem(s, original: document.scalars, lines[i + 1].range),
                      !(lines[i + 1].indent > 0 && lines[i + 1].indent >= lines[first].indent) {
                    i += 1
                    range = TextRange(start: range.start, end: lines[i].range.end)
                }
            }
            blocks.append((range, roles[first], first))
            i += 1
        }
        document.paragraphs = blocks.map(\.range)

        // Title lines.
        var titles = (0..<titleCount).map { document.original(lines[$0].range) }
        if titles.count >= 2, !gazetteer.references(forKey: document.folded(lines[0].range)).isEmpty || titles.count == 3 {
            document.kicker = titles.removeFirst()
        }
        if let t = titles.first { document.title = t }
        if titles.count > 1 { document.subtitle = titles.dropFirst().joined(separator: " ") }

        // Sections.
        let textEnd = lines.last!.range.end
        var sections: [Section] = []
        let headingLines = lines.indices.filter { roles[$0] == .heading }
        let firstContent = blocks.first { $0.role != .title && $0.role != .meta }?.range.start
        if let firstContent, firstContent < (headingLines.first.map { lines[$0].range.start } ?? textEnd) {
            sections.append(Section(range: TextRange(start: firstContent, end: headingLines.first.map { lines[$0].range.start } ?? textEnd)))
        }
        for (k, h) in headingLines.enumerated() {
            let end = k + 1 < headingLines.count ? lines[headingLines[k + 1]].range.start : textEnd
            let heading = headings[h]!
            sections.append(Section(range: TextRange(start: lines[h].range.start, end: end),
                                    district: heading.district,
                                    headline: heading.headline.isEmpty ? nil : document.original(heading.headline),
                                    heading: lines[h].range))
        }
        // Blocks and sections are both in text order: one pass assigns each block its section.
        var blockSection = [Int].filled(-1, count: blocks.count)
        var k = 0
        for (b, block) in blocks.enumerated() {
            while k < sections.count, sections[k].range.end <= block.range.start { k += 1 }
            if k < sections.count, sections[k].range.start <= block.range.start { blockSection[b] = k }
        }
        var hasBody = [Bool].filled(false, count: sections.count)
        for (b, block) in blocks.enumerated() {
            let k = blockSection[b]
            guard k >= 0 else { continue }
            var names = bylineNames[block.line] ?? []
            if block.role == .body, !hasBody[k] {
                // A dateline and a parenthesised byline at the start of the section's first body paragraph.
                hasBody[k] = true
                let lead = self.lead(s, block.range)
                names += lead.names
                if let d = lead.dateline { sections[k].dateline = document.original(d) }
            }
            for n in names where !sections[k].authors.contains(n) { sections[k].authors.append(n) }
        }
        for k in sections.indices where !hasBody[k] {
            document.diagnostics.append(Diagnostic(severity: .note, stage: name, message: "section without body text",
                                                   range: sections[k].heading ?? sections[k].range))
        }
        document.sections = sections

        // Sentences.
        var sentences: [Sentence] = []
        for (b, block) in blocks.enumerated() {
            let ranges = block.role == .body ? splitter.split(s, in: block.range) : [block.range]
            for r in ranges {
                sentences.append(Sentence(index: sentences.count, range: r, section: blockSection[b]))
            }
        }
        document.sentences = sentences
    }

    /// A document of one body line (the usual shape of line-per-document input), read without
    /// the per-line tables of `process`, to the same result: no title area (a title needs a line
    /// below it), one paragraph, one section holding any parenthesised byline, the sentences.
    /// False (nothing written) when the line is a heading or a byline introduced by a role (the
    /// only byline a line alone can be: a names-only line needs a heading or title above it).
    func readSingleBodyLine(_ line: Line, _ s: [Unicode.Scalar], _ document: inout Document) -> Bool {
        let r = line.range
        guard heading(line, s) == nil else { return false }
        // (The short line of a tiny document, 好, was read the general way: every one-line text that
        // `mayBeByline` passed, though one without a role is body text there too.)
        if r.length <= options.maxHeadingLength, BylineParser.mayBeByline(s, r), BylineParser.mayHaveRole(s, r),
           bylines.parse(Self.slice(s, r))?.hasRole == true { return false }
        let lead = self.lead(s, r)
        var authors: [String] = []
        for n in lead.names where !authors.contains(n) { authors.append(n) }
        let ranges = splitter.split(s, in: r)
        var sentences: [Sentence] = []
        sentences.reserveCapacity(ranges.count)
        for (i, range) in ranges.enumerated() { sentences.append(Sentence(index: i, range: range, section: 0)) }
        document.paragraphs = [r]
        // (The section is made in the array literal: a local one was copied into it and released.)
        document.sections = [Section(range: r, authors: authors, dateline: lead.dateline.map { document.original($0) })]
        document.sentences = sentences
        return true
    }

    // MARK: - Lines

    /// Non-blank lines with their content range and indentation.
    static func scanLines(_ s: [Unicode.Scalar]) -> [Line] {
        var lines: [Line] = []
        forEachLine(s) { lines.append($0); return true }
        return lines
    }

    /// The line of a text of one non-blank line (`scanLines` would give it alone), else nil.
    /// `unbrokenPrefix`: see `forEachLine`.
    static func onlyLine(_ s: [Unicode.Scalar], unbrokenPrefix: Int) -> Line? {
        var only: Line?
        var count = 0
        forEachLine(s, unbrokenPrefix: unbrokenPrefix) { line in
            count += 1
            only = line
            return count < 2
        }
        return count == 1 ? only : nil
    }

    /// Calls `body` with each non-blank line in order while it returns true. `unbrokenPrefix`: the
    /// first code points hold no line break, and are not scanned for one (`Document.firstLineBreak`
    /// found it already: a one-line text was scanned twice).
    @inline(__always)
    private static func forEachLine(_ s: [Unicode.Scalar], unbrokenPrefix: Int = 0, _ body: (Line) -> Bool) {
        // Code points read through a buffer pointer: the scan for line breaks was more than half
        // of reading a one-line document.
        s.withUnsafeBufferPointer { s in
            var start = 0
            var blank = true
            while start <= s.count {
                var end = max(start, min(unbrokenPrefix, s.count))
                // (Every line break is at most U+2029, and most characters of a Chinese text above.)
                while end < s.count, s[end].value > 0x2029 || !CharacterClass.isLineBreak(s[end]) { end += 1 }
                var a = start, b = end
                while a < b, CharacterClass.isWhitespace(s[a]) { a += 1 }
                while b > a, CharacterClass.isWhitespace(s[b - 1]) { b -= 1 }
                if a < b {
                    guard body(Line(range: TextRange(start: a, end: b), indent: a - start, blankBefore: blank)) else { return }
                    blank = false
                } else {
                    blank = true
                }
                start = end + 1
            }
        }
    }

    static func slice(_ s: [Unicode.Scalar], _ r: TextRange) -> [Unicode.Scalar] { Array(s[r.start..<r.end]) }

    static func string(_ s: [Unicode.Scalar], _ r: TextRange) -> String {
        ScalarText.string(s[r.start..<r.end])
    }

    /// The last character before closing quotes and brackets.
    static func lastBeforeClosers(_ s: [Unicode.Scalar], _ r: TextRange) -> Unicode.Scalar? {
        var j = r.end - 1
        while j >= r.start, SentenceSplitter.isCloser(s[j]) { j -= 1 }
        return j >= r.start ? s[j] : nil
    }

    static func endsSentence(_ s: [Unicode.Scalar], _ r: TextRange) -> Bool {
        guard let c = lastBeforeClosers(s, r) else { return true }
        return SentenceSplitter.isTerminal(c) || "…;；:：.".unicodeScalars.contains(c)
    }

    /// A body line that ends mid-sentence and reads as running text.
    func isBroken(_ line: Line, _ s: [Unicode.Scalar]) -> Bool {
        guard !Self.endsSentence(s, line.range) else { return false }
        if line.range.length >= options.brokenLineLength { return true }
        return s[line.range.start..<line.range.end].contains { c in
            c == "," || c == "，" || c == "、" || c == ";" || c == "；" || SentenceSplitter.isTerminal(c)
        }
    }

    func isTitleLike(_ line: Line, _ s: [Unicode.Scalar], maxLength: Int? = nil) -> Bool {
        // A paragraph indent (one to four spaces, usually two ideographic spaces) marks running text.
        guard !(1...4).contains(line.indent), line.range.length <= maxLength ?? options.maxHeadingLength, let last = Self.lastBeforeClosers(s, line.range) else { return false }
        if last == "。" || last == "；" || last == ";" || last == ":" || last == "：" { return false }
        return !s[line.range.start..<(line.range.end - 1)].contains("。")
    }

    /// Whether a line starts with a list or heading marker: 1. 1、 1) (1) （一） 一、 ①… • - ·
    /// 第一条/章/节/部分. Circled and parenthesised numbers (① ⑴ ⒈, folded to plain digits) are read
    /// from the original code points.
    static func startsListItem(_ s: [Unicode.Scalar], original: [Unicode.Scalar], _ r: TextRange) -> Bool {
        let a = r.start, b = r.end
        guard a < b else { return false }
        let o = original[a].value
        if (0x2460...0x24FF).contains(o) || (0x2776...0x2793).contains(o) { return true }
        let c = s[a]
        if "•●■◆▪◇□○-*·".unicodeScalars.contains(c) { return true }
        var j = a
        if c == "(" || c == "（" {
            j += 1
            while j < b, hanNumerals.contains(s[j]) || SentenceSplitter.isDigit(s[j]) { j += 1 }
            return j > a + 1 && j - a <= 4 && j < b && (s[j] == ")" || s[j] == "）")
        }
        if SentenceSplitter.isDigit(c) {
            while j < b, SentenceSplitter.isDigit(s[j]) { j += 1 }
            return j - a <= 2 && j + 1 < b && (s[j] == "、" || s[j] == ")" || s[j] == "）"
                                                 || (s[j] == "." && !SentenceSplitter.isDigit(s[j + 1])))
        }
        if c == "第" {
            j += 1
            while j < b, hanNumerals.contains(s[j]) || SentenceSplitter.isDigit(s[j]) { j += 1 }
            return j > a + 1 && j < b && "条章节部篇".unicodeScalars.contains(s[j])
        }
        while j < b, hanNumerals.contains(s[j]) { j += 1 }
        return j > a && j - a <= 3 && j < b && s[j] == "、"
    }

    // MARK: - Headings

    static let hanNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零", "百"]
    /// Written places that head a section without being in the gazetteer end with one of these.
    static let placeEndings: [String] = ["街道", "社区", "新区", "区", "县", "市", "镇", "乡", "村", "省", "州", "旗"]

    func heading(_ line: Line, _ s: [Unicode.Scalar]) -> Heading? {
        let a = line.range.start, b = line.range.end
        guard b - a >= 2, b - a <= options.maxHeadingLength, let last = Self.lastBeforeClosers(s, line.range),
              last != "。", last != ";", last != "；", last != ":", last != "：",
              !s[a..<(b - 1)].contains("。") else { return nil }
        func trimmed(_ x: Int, _ y: Int) -> TextRange {
            var x = x, y = y
            while x < y, CharacterClass.isWhitespace(s[x]) { x += 1 }
            while y > x, CharacterClass.isWhitespace(s[y - 1]) { y -= 1 }
            return TextRange(start: x, end: y)
        }
        // <place>：<headline>
        var placeEnd = -1
        var colonAt = -1
        gazetteer.forEachMatch(in: s, from: a, limit: b) { end, _ in
            var k = end
            while k < b, s[k] == " " || s[k] == "\u{3000}" { k += 1 }
            if k < b, s[k] == ":" || s[k] == "：" { placeEnd = end; colonAt = k }
        }
        if placeEnd > a {
            let key = Self.string(s, TextRange(start: a, end: placeEnd))
            let headline = trimmed(colonAt + 1, b)
            if !headline.isEmpty, let ref = gazetteer.defaultReference(forKey: key) {
                return Heading(kind: .place, headline: headline, district: gazetteer.places[ref.place].name)
            }
        }
        if let colon = s[a..<min(b, a + 11)].firstIndex(where: { $0 == ":" || $0 == "：" }), colon - a >= 2 {
            let written = Self.string(s, TextRange(start: a, end: colon))
            let headline = trimmed(colon + 1, b)
            if !headline.isEmpty, written.unicodeScalars.allSatisfy({ $0.properties.isIdeographic }),
               Self.placeEndings.contains(where: { written.hasSuffix($0) && written.count > $0.count }) {
                return Heading(kind: .place, headline: headline, district: written)
            }
        }
        // 一、… and 第一章 …
        var j = a
        while j < b, Self.hanNumerals.contains(s[j]) { j += 1 }
        if j > a, j < b, s[j] == "、" {
            return Heading(kind: .hanNumber, headline: trimmed(j + 1, b))
        }
        if s[a] == "第" {
            j = a + 1
            while j < b, Self.hanNumerals.contains(s[j]) || SentenceSplitter.isDigit(s[j]) { j += 1 }
            if j > a + 1, j < b, "章节部分篇编".unicodeScalars.contains(s[j]) {
                var k = j + 1
                if k < b, s[k] == "分" { k += 1 }
                return Heading(kind: .hanNumber, headline: trimmed(k, b))
            }
        }
        // (一)… (1)…
        if s[a] == "(" || s[a] == "（" {
            j = a + 1
            while j < b, Self.hanNumerals.contains(s[j]) || SentenceSplitter.isDigit(s[j]) { j += 1 }
            if j > a + 1, j < b, s[j] == ")" || s[j] == "）" {
                return Heading(kind: .parenNumber, headline: trimmed(j + 1, b))
            }
        }
        // 1. … / 1、…
        j = a
        while j < b, SentenceSplitter.isDigit(s[j]) { j += 1 }
        if j > a, j - a <= 2, j + 1 < b, s[j] == "." || s[j] == "、" || s[j] == ")" || s[j] == "）", !SentenceSplitter.isDigit(s[j + 1]) {
            return Heading(kind: .arabicNumber, headline: trimmed(j + 1, b))
        }
        // 【…】
        if s[a] == "【", let close = s[(a + 1)..<b].firstIndex(of: "】"), close > a + 1 {
            let rest = trimmed(close + 1, b)
            return Heading(kind: .bracket, headline: rest.isEmpty ? trimmed(a + 1, close) : rest)
        }
        return nil
    }

    // MARK: - Issuer and date lines

    /// True for a date line (2024年3月, 二〇二四年三月五日, （2024年3月5日）, 2024-03-05), false for
    /// an issuing body (成都市统计局, 国家统计局成都调查队; joint issuers separated by spaces), nil
    /// for anything else. Read on folded code points without allocating.
    func metaKind(_ line: Line, _ s: [Unicode.Scalar]) -> Bool? {
        var a = line.range.start, b = line.range.end
        guard b - a >= 3, b - a <= options.maxHeadingLength else { return nil }
        while a < b, s[a] == "(" || s[a] == "（", s[b - 1] == ")" || s[b - 1] == "）" {
            a += 1
            b -= 1
        }
        if Self.isDate(s, a, b) { return true }
        return isIssuer(s, a, b) ? false : nil
    }

    static let dateNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零", "○", "Ｏ", "O"]

    /// A whole date: year 年 [month 月 [day 日/号]], or year-month[-day] with - . / between, then
    /// optionally a weekday (星期二, 周二) or 发布/印发.
    static func isDate(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Bool {
        var i = a
        func number(_ maxLength: Int) -> Int {
            let start = i
            if i < b, SentenceSplitter.isDigit(s[i]) {
                while i < b, SentenceSplitter.isDigit(s[i]) { i += 1 }
            } else {
                while i < b, dateNumerals.contains(s[i]) { i += 1 }
            }
            return i - start <= maxLength ? i - start : 0
        }
        guard number(4) == 4 || (i - a == 2 && SentenceSplitter.isDigit(s[a])), i < b else { return false }
        let mark = s[i]
        if mark == "年" {
            i += 1
            let monthStart = i
            if number(3) > 0, i < b, s[i] == "月" {
                i += 1
                let dayStart = i
                if number(3) > 0, i < b, s[i] == "日" || s[i] == "号" { i += 1 } else { i = dayStart }
            } else {
                i = monthStart
            }
        } else if mark == "-" || mark == "." || mark == "/" {
            i += 1
            guard number(2) > 0 else { return false }
            if i < b, s[i] == mark {
                i += 1
                guard number(2) > 0 else { return false }
            }
        } else {
            return false
        }
        while i < b, CharacterClass.isWhitespace(s[i]) { i += 1 }
        if i == b { return true }
        // A weekday or 发布 after the date.
        let rest = ScalarText.string(s[i..<b])
        return ["发布", "印发", "公布"].contains(rest)
            || ((rest.hasPrefix("星期") || rest.hasPrefix("周")) && rest.count <= 3)
    }

    /// Head words that end the name of an issuing body.
    static let issuerEndings: [String] = [
        "局", "委员会", "政府", "办公室", "办公厅", "厅", "部", "委", "院", "署", "中心", "调查队", "总队", "支队",
        "协会", "学会", "联合会", "商会", "基金会", "研究所", "集团", "公司", "大学", "学院", "银行", "报社",
        "出版社", "通讯社", "管委会", "办事处", "工作组", "领导小组", "处", "司", "所",
    ]
    /// Starts of an issuing body's name that are not a place of the gazetteer.
    static let issuerStarts: [String] = ["国家", "国务院", "中共", "中国", "中华", "全国", "中央", "省", "市", "县", "区"]

    /// Each space-separated piece is an organisation name: ideographs only, 3–20 characters,
    /// starting with a place (or a national or level word) and ending with an organisation head word.
    func isIssuer(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Bool {
        var i = a
        var pieces = 0
        while i < b {
            var j = i
            while j < b, !CharacterClass.isWhitespace(s[j]) { j += 1 }
            guard j - i >= 3, j - i <= 20, s[i..<j].allSatisfy({ CharacterClass.isHan($0) }) else { return false }
            let piece = ScalarText.string(s[i..<j])
            guard Self.issuerEndings.contains(where: { piece.hasSuffix($0) && piece.count > $0.count + 1 }) else { return false }
            var startsWithPlace = Self.issuerStarts.contains { piece.hasPrefix($0) }
            if !startsWithPlace {
                gazetteer.forEachMatch(in: s, from: i, limit: j) { end, _ in if end < j { startsWithPlace = true } }
            }
            guard startsWithPlace else { return false }
            pieces += 1
            i = j
            while i < b, CharacterClass.isWhitespace(s[i]) { i += 1 }
        }
        return pieces > 0 && pieces <= 3
    }

    // MARK: - Datelines and inline bylines

    /// The dateline (本报讯, 新华社北京3月5日电) and the names of a parenthesised byline near the
    /// start of a paragraph: 本报讯（记者 王某某 通讯员 李某）….
    func lead(_ s: [Unicode.Scalar], _ r: TextRange) -> (dateline: TextRange?, names: [String]) {
        let limit = min(r.end, r.start + 24)
        var dateline: TextRange?
        // The dateline ends with 电 after a date or an agency (日电, 社电, 网电) or with 讯 after a
        // paper or an agency (本报讯, 新华社讯, 本报北京讯), before a parenthesis or a space.
        var j = r.start + 2
        while j < limit {
            let c = s[j]
            if c == "电" || c == "讯", j + 1 < r.end, s[j + 1] == "(" || s[j + 1] == "（" || CharacterClass.isWhitespace(s[j + 1]) {
                let p = s[j - 1]
                let paper = s[r.start] == "本" && s[r.start + 1] == "报"
                if c == "电" ? (p == "日" || p == "社" || p == "网" || p == "台")
                             : (paper || p == "报" || p == "社" || p == "网" || p == "台" || p == "日") {
                    dateline = TextRange(start: r.start, end: j + 1)
                }
                break
            }
            if c == "(" || c == "（" || SentenceSplitter.isTerminal(c) || c == "，" || c == "," { break }
            j += 1
        }
        return (dateline, inlineByline(s, r) ?? [])
    }

    /// Names in a parenthesised byline near the start of a paragraph: 本报讯（记者 王某某 通讯员 李某）.
    func inlineByline(_ s: [Unicode.Scalar], _ r: TextRange) -> [String]? {
        let limit = min(r.end, r.start + 24)
        guard let open = s[r.start..<limit].firstIndex(where: { $0 == "(" || $0 == "（" }),
              let close = s[(open + 1)..<min(r.end, open + 48)].firstIndex(where: { $0 == ")" || $0 == "）" }),
              BylineParser.mayBeByline(s, TextRange(start: open + 1, end: close)),
              let parsed = bylines.parse(Array(s[(open + 1)..<close])), parsed.hasRole else { return nil }
        return parsed.names
    }
}
