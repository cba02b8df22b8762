import Foundation
import ZhAnalysis

/// Reading inputs for the CLI: a path or `-` for standard input, decoded by `TextDecoder`.
enum InputFiles {
    static func readBytes(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ZhError.unreadableFile(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ZhError.unreadableFile(path: path, reason: "is a directory") }
        if let bytes = readRegularFile(path) { return bytes }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZhError.unreadableFile(path: path, reason: "permission denied or unreadable")
        }
        return [UInt8](data)
    }

    /// A regular file's bytes read straight into the array (`FileManager.contents` gives a `Data`
    /// that `readBytes` then copied: one more pass over the whole input, with its page faults).
    /// nil when the file is not a regular one, cannot be read, or grows while read (the caller
    /// then reads it the general way).
    private static func readRegularFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            var n = 0
            while n < buffer.count {
                let r = read(fd, buffer.baseAddress! + n, buffer.count - n)
                if r < 0 && errno == EINTR { continue }
                if r < 0 { failed = true }
                if r <= 0 { break }
                n += r
            }
            count = n
        }
        return failed || bytes.count > size ? nil : bytes
    }

    static func readText(_ path: String) throws -> TextDecoder.Decoded {
        try TextDecoder().decode(readBytes(path), path: path)
    }
}

/// Writes to standard error (stdout is for data only).
enum Console {
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
