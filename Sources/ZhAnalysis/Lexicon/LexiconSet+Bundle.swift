import Foundation

extension LexiconSet {
    /// The dictionaries folder to use, in this order:
    /// 1. `override` (the CLI's `--dictionaries DIR`); an error when it does not exist;
    /// 2. `zhkb_ZhAnalysis.resources/Dictionaries` next to the running executable (symbolic links
    ///    resolved), where `swift build` puts it and where an installed copy keeps it; when the
    ///    executable's folder cannot be read, an error that names it and `--dictionaries`;
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
        let executable = runningExecutable()
        let folder = executable.deletingLastPathComponent()
        // Foundation's Bundle.main (and so Bundle.module) aborts the process when the executable's
        // own folder cannot be reached (run as a user who may execute the file but not enter a
        // folder above it); say so and name the way out instead.
        guard access(folder.path, X_OK) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ZhError.unreadableFile(
                path: folder.path,
                reason: "\(reason); the dictionaries next to zhkb cannot be found from here: give --dictionaries DIR")
        }
        let candidates = [
            folder.appendingPathComponent("zhkb_ZhAnalysis.resources/Dictionaries"),
            Bundle.main.bundleURL.appendingPathComponent("zhkb_ZhAnalysis.resources/Dictionaries"),
        ]
        for url in candidates where fm.fileExists(atPath: url.appendingPathComponent("README.md").path) {
            return url
        }
        return Bundle.module.bundleURL.appendingPathComponent("Dictionaries")
    }

    /// The running executable, symbolic links resolved: the kernel's `/proc/self/exe` where there
    /// is one (right even when zhkb was found through PATH), else the first argument.
    static func runningExecutable() -> URL {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            return URL(fileURLWithPath: String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    }

    /// Loads the bundled dictionaries plus user dictionaries.
    public static func load(dictionaries override: URL? = nil, userDictionaries: [URL] = []) throws -> LexiconSet {
        try LexiconSet(directory: dictionaryDirectory(override: override), userDictionaries: userDictionaries)
    }
}
