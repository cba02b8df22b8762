@testable import ZhAnalysis

/// Marked text for extractor tests: `"⟦place:上城区⟧⟦place:紫阳街道⟧…⟦person:徐静雯⟧说"`.
///
/// Each `⟦kind:text⟧` marker is replaced by `text`; the kind is any word before the first colon
/// (ASCII `:`; the text itself may contain colons). `text` is the plain article, and `spans` lists
/// every marked span with its code-point range into `text` (the unit of `TextRange`), in text order.
/// Markers do not nest. ⟦⟧ are used because 【】 occur in real news.
struct MarkedText: Equatable, CustomStringConvertible {
    struct Span: Hashable, Comparable, CustomStringConvertible {
        var kind: String
        var range: TextRange
        var text: String

        static func < (a: Span, b: Span) -> Bool {
            a.range != b.range ? a.range < b.range : a.kind < b.kind
        }

        var description: String { "\(kind):\(text)@\(range.start)..<\(range.end)" }
    }

    enum ParseError: Error, Equatable {
        case unclosedMarker(offset: Int)
        case missingKind(offset: Int)
        case strayClose(offset: Int)
    }

    let text: String
    let spans: [Span]

    init(_ marked: String) throws {
        var plain: [Unicode.Scalar] = []
        var spans: [Span] = []
        let s = Array(marked.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "⟧" { throw ParseError.strayClose(offset: i) }
            guard c == "⟦" else {
                plain.append(c)
                i += 1
                continue
            }
            guard let close = s[(i + 1)...].firstIndex(of: "⟧") else { throw ParseError.unclosedMarker(offset: i) }
            let body = s[(i + 1)..<close]
            guard let colon = body.firstIndex(of: ":"), colon > i + 1 else { throw ParseError.missingKind(offset: i) }
            var kind = String.UnicodeScalarView(), inner = String.UnicodeScalarView()
            kind.append(contentsOf: s[(i + 1)..<colon])
            inner.append(contentsOf: s[(colon + 1)..<close])
            if inner.contains("⟦") { throw ParseError.unclosedMarker(offset: i) }
            let start = plain.count
            plain.append(contentsOf: inner)
            spans.append(Span(kind: String(kind), range: TextRange(start: start, end: plain.count), text: String(inner)))
            i = close + 1
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: plain)
        self.text = String(view)
        self.spans = spans.sorted()
    }

    /// The spans of one kind.
    func spans(of kind: String) -> [Span] { spans.filter { $0.kind == kind } }

    /// Renders found spans back into marked text (for readable failure messages).
    static func render(_ text: String, spans: [Span]) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var at = 0
        for span in spans.sorted() where span.range.start >= at && span.range.end <= s.count {
            out.append(contentsOf: s[at..<span.range.start])
            out.append(contentsOf: "⟦\(span.kind):".unicodeScalars)
            out.append(contentsOf: s[span.range.start..<span.range.end])
            out.append("⟧")
            at = span.range.end
        }
        out.append(contentsOf: s[at...])
        return String(out)
    }

    var description: String { MarkedText.render(text, spans: spans) }
}
