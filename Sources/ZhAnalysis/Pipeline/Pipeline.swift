/// Runs stages in order over a document and names the stage that failed.
public struct Pipeline: Sendable {
    public var stages: [any Stage]

    public init(stages: [any Stage]) {
        self.stages = stages
    }

    public func run(_ document: Document) throws -> Document {
        var doc = document
        for stage in stages {
            do {
                try stage.process(&doc)
            } catch let error as ZhError {
                if case .stageFailed = error { throw error }
                throw ZhError.stageFailed(stage: stage.name, reason: error.description)
            } catch {
                throw ZhError.stageFailed(stage: stage.name, reason: String(describing: error))
            }
        }
        return doc
    }
}
