import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing kb.json safely.
///
/// - Writes go to a temporary file in the same directory, are fsync'ed and renamed over the old
///   file (then the directory is fsync'ed): a crash at any moment leaves the old or the new KB.
/// - `withLock` holds an exclusive `flock` on `<kb>.lock` so concurrent ingests serialise their
///   read-merge-write step.
/// - A file that is not a zhkb knowledge base (foreign JSON, corrupt, newer schema) is refused
///   with `KnowledgeBaseFile.Problem`, and callers never overwrite it.
public enum KnowledgeBaseFile {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON(path: String, reason: String)
        case foreign(path: String)
        case newerSchema(path: String, version: Int)
        case corrupt(path: String, reason: String)
        case io(path: String, reason: String)

        public var description: String {
            switch self {
            case let .notJSON(path, reason):
                return "\(path): not a zhkb knowledge base (not valid JSON: \(reason)); refusing to overwrite it"
            case let .foreign(path):
                return "\(path): not a zhkb knowledge base (no \"format\": \"\(KnowledgeBase.formatName)\"); refusing to overwrite it"
            case let .newerSchema(path, version):
                return "\(path): knowledge base schema version \(version) is newer than this zhkb supports (\(KnowledgeBase.currentSchemaVersion)); refusing to overwrite it"
            case let .corrupt(path, reason):
                return "\(path): corrupt knowledge base (\(reason)); refusing to overwrite it"
            case let .io(path, reason):
                return "\(path): \(reason)"
            }
        }
    }

    /// Pretty, sorted keys, Chinese and slashes unescaped: the format of kb.json.
    public static var prettyEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return e
    }

    /// One line per value: the format of JSON Lines.
    public static var compactEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Reads a knowledge base; nil when the file does not exist.
    public static func read(_ url: URL) throws -> KnowledgeBase? {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem.io(path: path, reason: "cannot read the knowledge base")
        }
        return try decode(data, path: path)
    }

    /// Decodes knowledge-base JSON, telling foreign and corrupt files apart. The common case
    /// (a valid KB) parses once; only a failure is parsed again to say what is wrong.
    public static func decode(_ data: Data, path: String) throws -> KnowledgeBase {
        let decodingError: Error
        do {
            let kb = try JSONDecoder().decode(KnowledgeBase.self, from: data)
            guard kb.format == KnowledgeBase.formatName else { throw Problem.foreign(path: path) }
            if kb.schemaVersion > KnowledgeBase.currentSchemaVersion {
                throw Problem.newerSchema(path: path, version: kb.schemaVersion)
            }
            return kb
        } catch let problem as Problem {
            throw problem
        } catch {
            decodingError = error
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem.notJSON(path: path, reason: data.isEmpty ? "empty file" : describe(decodingError))
        }
        guard let dict = object as? [String: Any], dict["format"] as? String == KnowledgeBase.formatName else {
            throw Problem.foreign(path: path)
        }
        if let version = dict["schemaVersion"] as? Int, version > KnowledgeBase.currentSchemaVersion {
            throw Problem.newerSchema(path: path, version: version)
        }
        throw Problem.corrupt(path: path, reason: describe(decodingError))
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .keyNotFound(key, ctx):
                return "missing \(pathString(ctx.codingPath + [key]))"
            case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx), let .dataCorrupted(ctx):
                return "\(pathString(ctx.codingPath)): \(ctx.debugDescription)"
            @unknown default:
                return "\(e)"
            }
        }
        return "\(error)"
    }

    static func pathString(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// Encodes the knowledge base as kb.json bytes (pretty, sorted keys, trailing newline).
    public static func encode(_ kb: KnowledgeBase) throws -> Data {
        var data = try pretty(kb)
        data.append(0x0A)
        return data
    }

    /// Pretty JSON with sorted keys, empty arrays and objects written as `[]` and `{}`.
    public static func pretty<T: Encodable>(_ value: T) throws -> Data {
        collapseEmptyContainers(try prettyEncoder.encode(value))
    }

    /// Foundation writes an empty array as "[", blank line, "]"; this folds it to "[]". JSON
    /// strings never contain a raw line break, so a bracket followed by a line break is structure.
    static func collapseEmptyContainers(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            out.append(b)
            i += 1
            guard (b == UInt8(ascii: "[") || b == UInt8(ascii: "{")), i < n, bytes[i] == 0x0A else { continue }
            let close = b == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            var j = i
            while j < n, bytes[j] == 0x0A || bytes[j] == 0x20 { j += 1 }
            if j < n, bytes[j] == close {
                out.append(close)
                i = j + 1
            }
        }
        return Data(out)
    }

    /// Writes the knowledge base atomically (temp file + fsync + rename + directory fsync).
    public static func write(_ kb: KnowledgeBase, to url: URL) throws {
        try writeAtomically(encode(kb), to: url)
    }

    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temp = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).tmp.\(getpid())")
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Problem.io(path: temp, reason: "cannot create: \(errnoString())") }
        var ok = false
        defer { if !ok { unlink(temp) } }
        let written: Bool = data.withUnsafeBytes { raw in
            guard var p = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = Glibc.write(fd, p, left)
                if n < 0 { if errno == EINTR { continue }; return false }
                left -= n
                p += n
            }
            return true
        }
        if !written { let reason = errnoString(); close(fd); throw Problem.io(path: temp, reason: "write failed: \(reason)") }
        if fsync(fd) != 0 { let reason = errnoString(); close(fd); throw Problem.io(path: temp, reason: "fsync failed: \(reason)") }
        close(fd)
        guard rename(temp, path) == 0 else { throw Problem.io(path: path, reason: "rename failed: \(errnoString())") }
        ok = true
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Runs `body` holding an exclusive lock on `<kb>.lock` (waits for another holder).
    public static func withLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        let lockPath = url.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw Problem.io(path: lockPath, reason: "cannot open lock file: \(errnoString())") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw Problem.io(path: lockPath, reason: "cannot lock: \(errnoString())") }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }

    static func errnoString() -> String { String(cString: strerror(errno)) }
}
