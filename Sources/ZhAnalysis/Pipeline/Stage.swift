/// One step of the analysis: reads the layers before it and adds its own.
public protocol Stage: Sendable {
    /// Shows up in diagnostics and errors.
    var name: String { get }
    func process(_ document: inout Document) throws
}
