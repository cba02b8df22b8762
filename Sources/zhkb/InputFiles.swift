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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZhError.unreadableFile(path: path, reason: "permission denied or unreadable")
        }
        return [UInt8](data)
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
