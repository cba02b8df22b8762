import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which files a folder contributes, and how it is walked.
///
/// - Only regular files are read from folders: FIFOs (which would block the run), sockets and
///   devices are skipped with a note.
/// - Symbolic links are followed; a folder or file reached again (same device and inode: a link
///   loop such as `ln -s . self`, or two links to one place) is walked or read only once.
/// - A folder that cannot be listed or entered, or an entry that cannot be examined, is an error.
/// - A folder contributes files whose name matches one of `patterns` (default `*.txt`); hidden
///   files and folders (name starting with ".") are skipped. Files named on the command line are
///   always taken, whatever their name or type (`<(cmd)` is a FIFO).
public struct FolderWalk: Sendable {
    /// Shell patterns (`fnmatch`) for the names of the files a folder contributes.
    public var patterns: [String]
    /// Normalised paths left out of folder walks (the KB and its lock).
    public var excluding: Set<String>

    public static let defaultPatterns = ["*.txt"]

    public init(patterns: [String] = FolderWalk.defaultPatterns, excluding: Set<String> = []) {
        self.patterns = patterns
        self.excluding = excluding
    }

    private struct FileID: Hashable { var device: UInt64, inode: UInt64 }

    /// Files for the given paths, in order: files as given, folders walked recursively in sorted
    /// order, "-" kept. Missing paths are errors.
    public func expand(_ paths: [String], problems: inout [InputProblem]) -> [String] {
        var files: [String] = []
        var folders: Set<FileID> = []
        var seenFiles: [FileID: String] = [:]
        for path in paths {
            if path == "-" { files.append(path); continue }
            var st = stat()
            guard stat(path, &st) == 0 else {
                let reason = errno == ENOENT ? "no such file or directory" : "cannot examine: \(Self.errnoString())"
                problems.append(InputProblem(path: path, severity: .error, message: reason))
                continue
            }
            let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            if (st.st_mode & S_IFMT) == S_IFDIR {
                let before = files.count
                walk(path, id: id, into: &files, folders: &folders, seenFiles: &seenFiles, problems: &problems)
                if files.count == before, !problems.contains(where: { $0.path == path && $0.severity == .error }) {
                    problems.append(InputProblem(path: path, severity: .note,
                                                 message: "folder contains no files matching \(patterns.joined(separator: ", "))"))
                }
            } else {
                if (st.st_mode & S_IFMT) == S_IFREG {
                    if let first = seenFiles[id] {
                        problems.append(InputProblem(path: path, severity: .note, message: "same file as \(DisplayPath.escaped(first)), read once"))
                        continue
                    }
                    seenFiles[id] = path
                }
                files.append(path)
            }
        }
        return files
    }

    private func walk(_ folder: String, id: FileID, into files: inout [String], folders: inout Set<FileID>,
                      seenFiles: inout [FileID: String], problems: inout [InputProblem]) {
        guard folders.insert(id).inserted else {
            problems.append(InputProblem(path: folder, severity: .note, message: "folder already walked (a symbolic link loop?), skipped"))
            return
        }
        guard access(folder, R_OK | X_OK) == 0 else {
            problems.append(InputProblem(path: folder, severity: .error, message: "cannot read folder: \(Self.errnoString())"))
            return
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            problems.append(InputProblem(path: folder, severity: .error, message: "cannot list folder"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var st = stat()
            if stat(path, &st) != 0 {
                var link = stat()
                if errno == ENOENT, lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
                    problems.append(InputProblem(path: path, severity: .note, message: "broken symbolic link, skipped"))
                } else {
                    problems.append(InputProblem(path: path, severity: .error, message: "cannot examine: \(Self.errnoString())"))
                }
                continue
            }
            let entry = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, id: entry, into: &files, folders: &folders, seenFiles: &seenFiles, problems: &problems)
            case S_IFREG:
                guard matches(name), !excluding.contains(ArticleSource.normalizedPath(path)) else { continue }
                if let first = seenFiles[entry] {
                    problems.append(InputProblem(path: path, severity: .note, message: "same file as \(DisplayPath.escaped(first)), read once"))
                    continue
                }
                seenFiles[entry] = path
                files.append(path)
            default:
                guard matches(name) else { continue }
                problems.append(InputProblem(path: path, severity: .note, message: "not a regular file (\(Self.kind(st.st_mode))), skipped"))
            }
        }
    }

    /// Whether a file name matches one of the patterns.
    public func matches(_ name: String) -> Bool {
        patterns.contains { fnmatch($0, name, 0) == 0 }
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }

    static func errnoString() -> String { String(cString: strerror(errno)) }
}
