/// One step of the analysis: reads the layers before it and adds its own.
public protocol Stage: Sendable {
    /// Shows up in diagnostics and errors.
    var name: String { get }
    func process(_ document: inout Document) throws
    /// `process` over the documents whose `errors` entry is nil, recording a failure there (as
    /// `Pipeline.failure`). A stage whose tables two kinds of work share can do each kind for all
    /// the documents in turn (see `Segmenter`); the default goes document by document.
    func process(batch documents: inout [Document], errors: inout [ZhError?])
}

extension Stage {
    public func process(batch documents: inout [Document], errors: inout [ZhError?]) {
        processEach(batch: &documents, errors: &errors)
    }

    /// The default `process(batch:errors:)`: document by document.
    func processEach(batch documents: inout [Document], errors: inout [ZhError?]) {
        for i in documents.indices where errors[i] == nil {
            do {
                try process(&documents[i])
            } catch {
                errors[i] = Pipeline.failure(error, in: self)
            }
        }
    }
}
