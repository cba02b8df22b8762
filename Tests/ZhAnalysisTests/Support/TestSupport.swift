import Foundation
@testable import ZhAnalysis

/// Shared fixtures for tests: the bundled dictionaries loaded once, paths to the repository
/// and to `../shared` (evaluation data; tests that need it skip when it is absent).
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let dictionaries: URL = repositoryRoot.appendingPathComponent("Dictionaries")

    static let lexicons: LexiconSet = {
        do { return try LexiconSet(directory: dictionaries) } catch {
            preconditionFailure("bundled dictionaries failed to load: \(error)")
        }
    }()

    static let segmenter: Segmenter = {
        do { return try Segmenter(lexicons: lexicons) } catch {
            preconditionFailure("ICU word breaker failed to open: \(error)")
        }
    }()

    static var sharedDirectory: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static var seedArticle: URL { repositoryRoot.appendingPathComponent("Corpus/hangzhou-districts.txt") }

    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/ZhAnalysisTests/Fixtures").appendingPathComponent(name)
    }

    /// A fresh empty directory under the system temporary directory; the caller removes it.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Segments one line and returns the original-text tokens without spaces.
    static func segment(_ text: String, with segmenter: Segmenter = segmenter) throws -> [String] {
        let doc = Document(id: "t", text: text)
        return try segmenter.tokens(doc.analysis, in: 0..<doc.length)
            .filter { $0.kind != .space }
            .map { doc.original($0.range) }
    }
}
