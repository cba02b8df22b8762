import Foundation

extension LexiconSet {
    /// The dictionaries folder to use. Order: an explicit `--dictionaries DIR`, then the
    /// `ZHKB_DICTIONARIES` environment variable, then the resource bundle next to the executable,
    /// then the source tree's `Dictionaries/`, and only last `Bundle.module` — the generated
    /// accessor aborts when a binary was moved away from its build folder, so it is touched here
    /// and nowhere else, and only when nothing else was found.
    public static func dictionaryDirectory(override: URL? = nil) throws -> URL {
        let fm = FileManager.default
        if let override {
            guard fm.fileExists(atPath: override.path) else { throw ZhError.missingDictionary(path: override.path) }
            return override
        }
        if let env = ProcessInfo.processInfo.environment["ZHKB_DICTIONARIES"], !env.isEmpty {
            guard fm.fileExists(atPath: env) else { throw ZhError.missingDictionary(path: env) }
            return URL(fileURLWithPath: env)
        }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let exeDir = executable.deletingLastPathComponent()
        candidates.append(exeDir.appendingPathComponent("zhkb_ZhAnalysis.resources/Dictionaries"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("zhkb_ZhAnalysis.resources/Dictionaries"))
        let sourceTree = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Dictionaries")
        candidates.append(sourceTree)
        for url in candidates where fm.fileExists(atPath: url.appendingPathComponent("README.md").path) {
            return url
        }
        return Bundle.module.bundleURL.appendingPathComponent("Dictionaries")
    }

    /// Loads the bundled dictionaries plus user dictionaries.
    public static func load(dictionaries override: URL? = nil, userDictionaries: [URL] = []) throws -> LexiconSet {
        try LexiconSet(directory: dictionaryDirectory(override: override), userDictionaries: userDictionaries)
    }
}
