import Foundation
@testable import ZhAnalysis

/// Runs the standard pipeline for the person and organisation tests and turns the entities
/// back into marked-text spans.
enum PersonTestSupport {
    static let pipeline: Pipeline = {
        do { return try Pipeline.standard(lexicons: TestSupport.lexicons) } catch {
            preconditionFailure("standard pipeline failed to build: \(error)")
        }
    }()

    static func analyse(_ text: String) throws -> Document {
        try pipeline.run(Document(id: "t", text: text))
    }

    /// Mentions of one entity type as spans of kind `kind`.
    static func spans(_ doc: Document, type: EntityType, kind: String) -> [MarkedText.Span] {
        doc.entities.filter { $0.type == type }.flatMap { e in
            e.mentions.map { MarkedText.Span(kind: kind, range: $0.range, text: $0.text) }
        }.sorted()
    }

    /// Analyses the plain text of `marked` and returns (expected, found) spans of `kind`.
    static func check(_ marked: String, type: EntityType, kind: String) throws -> (expected: [MarkedText.Span], found: [MarkedText.Span], text: String) {
        let m = try MarkedText(marked)
        let doc = try analyse(m.text)
        return (m.spans(of: kind), spans(doc, type: type, kind: kind), m.text)
    }

    /// Precision, recall and F1 of distinct names against an expected list. `alternatives` maps
    /// an expected name to other acceptable surface forms; names in `optional` count neither way.
    struct Score: CustomStringConvertible {
        var precision: Double
        var recall: Double
        var f: Double
        var missing: [String]
        var spurious: [String]
        var description: String {
            String(format: "P %.3f R %.3f F %.3f", precision, recall, f) + " missing \(missing) spurious \(spurious)"
        }
    }

    static func score(found: Set<String>, expected: Set<String>, alternatives: [String: Set<String>] = [:],
                      optional: Set<String> = []) -> Score {
        var matchedExpected = Set<String>()
        var spurious: [String] = []
        var correct = 0
        for name in found.sorted() {
            if let hit = expected.first(where: { $0 == name || alternatives[$0]?.contains(name) == true }) {
                if matchedExpected.insert(hit).inserted { correct += 1 }
            } else if !optional.contains(name) {
                spurious.append(name)
            }
        }
        let counted = correct + spurious.count
        let p = counted == 0 ? 1 : Double(correct) / Double(counted)
        let r = expected.isEmpty ? 1 : Double(matchedExpected.count) / Double(expected.count)
        let f = p + r == 0 ? 0 : 2 * p * r / (p + r)
        return Score(precision: p, recall: r, f: f, missing: expected.subtracting(matchedExpected).sorted(), spurious: spurious)
    }
}
