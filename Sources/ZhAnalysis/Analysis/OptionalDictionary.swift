import Foundation

/// A table read from one file of the dictionaries folder that may be absent (then it is empty).
protocol OptionalDictionary {
    static var fileName: String { get }
    init()
    init(contentsOf url: URL) throws
}

extension OptionalDictionary {
    /// `fileName` from `directory`, or the empty table when there is no such file.
    static func load(directory: URL) throws -> Self {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return Self() }
        return try Self(contentsOf: url)
    }
}
