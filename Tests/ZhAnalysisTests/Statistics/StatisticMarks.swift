import Testing
@testable import ZhAnalysis

/// The standard pipeline on marked text (`⟦kind:figure⟧`): each marked span with the quantity at
/// exactly its range (a missing one is an issue), for the statistics suites to check.
enum StatisticMarks {
    static let pipeline: Pipeline? = try? Pipeline.standard(lexicons: TestSupport.lexicons, options: .noKeywords)

    @discardableResult
    static func quantities(_ marked: String, given: String? = nil, sourceLocation: SourceLocation,
                           _ check: (MarkedText.Span, Quantity) throws -> Void) throws -> Document {
        let m = try MarkedText(marked)
        let pipeline = try #require(Self.pipeline)
        var doc = Document(id: "t", text: m.text)
        doc.givenDate = given.flatMap { ReferenceDate(iso: $0, source: .option) }
        doc = try pipeline.run(doc)
        #expect(!m.spans.isEmpty, sourceLocation: sourceLocation)
        for span in m.spans {
            let q = doc.quantities.first { $0.range == span.range }
            #expect(q != nil, "no quantity \(span.text); found \(doc.quantities.map { "\($0.text)@\($0.start)" })",
                    sourceLocation: sourceLocation)
            if let q { try check(span, q) }
        }
        return doc
    }
}
