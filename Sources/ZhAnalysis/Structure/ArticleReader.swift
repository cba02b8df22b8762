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
/// - Layout repair: a body line that ends mid-sentence (no 。！？… before its closing quotes),
///   followed by a blank line and a continuation, is one paragraph whose range spans the break.
///   Headings, bylines and title lines are never joined; a short line without any punctuation is
///   not taken for a broken sentence; an indented next line starts a new paragraph.
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

    public init(lexicons: LexiconSet, options: Options = Options()) throws {
        let gazetteer = try Gazetteer.load(from: lexicons.directory)
        let bylines = try BylineParser(directory: lexicons.directory, gazetteer: gazetteer, words: lexicons.words)
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
        case title, heading, subheading, byline, body
    }

    public func process(_ document: inout Document) throws {
        let s = document.analysis
        let lines = Self.scanLines(s)
        document.sections = []
        document.sentences = []
        document.paragraphs = []
        guard !lines.isEmpty else { return }
        if lines.count == 1, options.singleLineShortcut, readSingleBodyLine(lines[0], s, &document) { return }

        // Headings, and the kind that makes sections.
        let headings = lines.map { heading($0, s) }
        var counts: [HeadingKind: Int] = [:]
        for h in headings { if let h { counts[h.kind, default: 0] += 1 } }
        let sectionKind = counts.keys.sorted().first { $0 == .place || (counts[$0] ?? 0) >= 2 }
        var roles = [Role](repeating: .body, count: lines.count)
        for (i, h) in headings.enumerated() {
            if let h { roles[i] = h.kind == sectionKind ? .heading : .subheading }
        }

        // Title area.
        var bylineNames: [Int: [String]] = [:]
        var titleCount = 0
        while titleCount < min(options.maxTitleLines, lines.count - 1), roles[titleCount] != .heading,
              // The first line may be a long title when a blank line follows and it has no commas.
              isTitleLike(lines[titleCount], s, maxLength: titleCount == 0 && lines[1].blankBefore
                          && !s[lines[0].range.start..<lines[0].range.end].contains(where: { $0 == "," || $0 == "，" })
                          ? options.maxLongTitleLength : nil),
              // Running text wrapped onto the next line is not a title.
              lines[titleCount + 1].blankBefore || !isBroken(lines[titleCount], s) {
            // A byline ends the title area; below the first line a names-only line is one too.
            if BylineParser.mayBeByline(s, lines[titleCount].range),
               let parsed = bylines.parse(Self.slice(s, lines[titleCount].range)), parsed.hasRole || titleCount > 0 { break }
            roles[titleCount] = .title
            titleCount += 1
        }
        // Bylines: names-only lines under a heading or the title; role-introduced lines anywhere.
        for i in lines.indices where roles[i] == .body && lines[i].range.length <= options.maxHeadingLength {
            let afterHeading = i > 0 && (roles[i - 1] == .heading || roles[i - 1] == .subheading
                                            || (roles[i - 1] == .title && i == titleCount))
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
                while i + 1 < lines.count, roles[i + 1] == .body, isBroken(lines[i], s),
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
        let firstContent = blocks.first { $0.role != .title }?.range.start
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
        var blockSection = [Int](repeating: -1, count: blocks.count)
        var k = 0
        for (b, block) in blocks.enumerated() {
            while k < sections.count, sections[k].range.end <= block.range.start { k += 1 }
            if k < sections.count, sections[k].range.start <= block.range.start { blockSection[b] = k }
        }
        var hasBody = [Bool](repeating: false, count: sections.count)
        for (b, block) in blocks.enumerated() {
            let k = blockSection[b]
            guard k >= 0 else { continue }
            var names = bylineNames[block.line] ?? []
            if block.role == .body, !hasBody[k] {
                // A parenthesised byline at the start of the section's first body paragraph.
                hasBody[k] = true
                names += inlineByline(s, block.range) ?? []
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
    /// False (nothing written) when the line is a heading or may be a byline.
    func readSingleBodyLine(_ line: Line, _ s: [Unicode.Scalar], _ document: inout Document) -> Bool {
        let r = line.range
        guard r.length > options.maxHeadingLength || !BylineParser.mayBeByline(s, r), heading(line, s) == nil else { return false }
        var section = Section(range: r)
        for n in inlineByline(s, r) ?? [] where !section.authors.contains(n) { section.authors.append(n) }
        let ranges = splitter.split(s, in: r)
        var sentences: [Sentence] = []
        sentences.reserveCapacity(ranges.count)
        for (i, range) in ranges.enumerated() { sentences.append(Sentence(index: i, range: range, section: 0)) }
        document.paragraphs = [r]
        document.sections = [section]
        document.sentences = sentences
        return true
    }

    // MARK: - Lines

    static func isLineBreak(_ c: Unicode.Scalar) -> Bool {
        c == "\n" || c == "\u{2028}" || c == "\u{2029}" || c == "\u{85}" || c == "\u{0B}" || c == "\u{0C}"
    }

    /// Unicode whitespace, with ASCII and everything from U+3000 on answered without reading
    /// character properties (no whitespace lies above U+3000).
    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        if v >= 0x3000 { return v == 0x3000 }
        return c.properties.isWhitespace
    }

    /// Non-blank lines with their content range and indentation.
    static func scanLines(_ s: [Unicode.Scalar]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        var i = 0
        var blank = true
        while i <= s.count {
            if i == s.count || isLineBreak(s[i]) {
                var a = start, b = i
                while a < b, isSpace(s[a]) { a += 1 }
                while b > a, isSpace(s[b - 1]) { b -= 1 }
                if a < b {
                    lines.append(Line(range: TextRange(start: a, end: b), indent: a - start, blankBefore: blank))
                    blank = false
                } else {
                    blank = true
                }
                start = i + 1
            }
            i += 1
        }
        return lines
    }

    static func slice(_ s: [Unicode.Scalar], _ r: TextRange) -> [Unicode.Scalar] { Array(s[r.start..<r.end]) }

    static func string(_ s: [Unicode.Scalar], _ r: TextRange) -> String {
        String(String.UnicodeScalarView(s[r.start..<r.end]))
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
            while x < y, s[x].properties.isWhitespace { x += 1 }
            while y > x, s[y - 1].properties.isWhitespace { y -= 1 }
            return TextRange(start: x, end: y)
        }
        // <place>：<headline>
        var placeEnd = -1
        gazetteer.forEachMatch(in: s, from: a, limit: b) { end, _ in
            if end < b, s[end] == ":" || s[end] == "：" { placeEnd = end }
        }
        if placeEnd > a {
            let key = Self.string(s, TextRange(start: a, end: placeEnd))
            let headline = trimmed(placeEnd + 1, b)
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
        if j > a, j - a <= 2, j + 1 < b, s[j] == "." || s[j] == "、", !SentenceSplitter.isDigit(s[j + 1]) {
            return Heading(kind: .arabicNumber, headline: trimmed(j + 1, b))
        }
        // 【…】
        if s[a] == "【", let close = s[(a + 1)..<b].firstIndex(of: "】"), close > a + 1 {
            let rest = trimmed(close + 1, b)
            return Heading(kind: .bracket, headline: rest.isEmpty ? trimmed(a + 1, close) : rest)
        }
        return nil
    }

    // MARK: - Inline bylines

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
