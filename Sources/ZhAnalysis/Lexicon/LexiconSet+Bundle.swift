import Foundation

extension LexiconSet {
    /// The dictionaries folder to use, in this order:
    /// 1. `override` (the CLI's `--dictionaries DIR`); an error when it does not exist;
    /// 2. `zhkb_ZhAnalysis.resources/Dictionaries` next to the running executable (symbolic links
    ///    resolved), where `swift build` puts it and where an installed copy keeps it;
    /// 3. SwiftPM's resource bundle (`Bundle.module`), touched here and nowhere else and only when
    ///    nothing else was found: its generated accessor aborts when a binary was moved away from
    ///    its build folder.
    /// There is no environment variable and no path into the source tree.
    public static func dictionaryDirectory(override: URL? = nil) throws -> URL {
        let fm = FileManager.default
        if let override {
            guard fm.fileExists(atPath: override.path) else { throw ZhError.missingDictionary(path: override.path) }
            return override
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let candidates = [
            executable.deletingLastPathComponent().appendingPathComponent("zhkb_ZhAnalysis.resources/Dictionaries"),
            Bundle.main.bundleURL.appendingPathComponent("zhkb_ZhAnalysis.resources/Dictionaries"),
        ]
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
