import Foundation
@testable import ZhAnalysis

/// Helpers for the keyword and topic tests: the seed article segmented, with sections taken from
/// the real structure stage when the standard pipeline has one, else from its heading lines
/// ("<place>：<headline>", a short line with a full-width colon and no sentence punctuation).
enum AnalysisSupport {
    static let seedText: String = {
        (try? String(contentsOf: TestSupport.seedArticle, encoding: .utf8)) ?? ""
    }()

    /// The seed document after segmentation and sectioning (no keyword or topic stage yet).
    static let seedDocument: Document = {
        do { return try prepared(Document(id: "seed", text: seedText)) } catch {
            preconditionFailure("seed preparation failed: \(error)")
        }
    }()

    /// Runs the standard pipeline up to (not including) the keyword stage; adds heading-line
    /// sections when no stage produced sections.
    static func prepared(_ document: Document) throws -> Document {
        let pipeline = try Pipeline.standard(lexicons: TestSupport.lexicons)
        var doc = document
        for stage in pipeline.stages where !(stage is KeywordExtractor) && !(stage is TopicScorer) {
            try stage.process(&doc)
        }
        if doc.sections.isEmpty, !pipeline.stages.contains(where: { $0.name == "structure" }) {
            doc.sections = headingSections(doc)
        }
        return doc
    }

    static func headingSections(_ doc: Document) -> [Section] {
        let s = doc.scalars
        var headings: [(start: Int, end: Int, district: String)] = []
        var lineStart = 0
        var i = 0
        while i <= s.count {
            if i == s.count || s[i] == "\n" {
                let line = Array(s[lineStart..<i])
                if let colon = line.firstIndex(of: "："), colon > 0, colon < line.count - 1, line.count <= 30,
                   !line.contains(where: { "，,。；".unicodeScalars.contains($0) }) {
                    var v = String.UnicodeScalarView()
                    v.append(contentsOf: line[..<colon])
                    headings.append((lineStart, i, String(v)))
                }
                lineStart = i + 1
            }
            i += 1
        }
        return headings.enumerated().map { k, h in
            let end = k + 1 < headings.count ? headings[k + 1].start : s.count
            return Section(range: TextRange(start: h.start, end: end), district: h.district,
                           heading: TextRange(start: h.start, end: h.end))
        }
    }

    /// The section whose heading starts with `prefix` (上城区, 萧山区…).
    static func section(_ doc: Document, _ prefix: String) -> Section? {
        doc.sections.first { s in
            let heading = s.heading.map { doc.original($0) } ?? doc.original(s.range)
            return heading.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(prefix)
        }
    }
}
