import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An unlinked temporary file that grows by appends and is read back by offset.
final class Spool: @unchecked Sendable {
    let fd: Int32
    private(set) var size = 0
    private var pending: [UInt8] = []
    private var pendingOffset = 0

    init(directory: URL) throws {
        var dir = directory.path
        if dir.isEmpty { dir = "." }
        var template = Array("\(dir)/.zhkb-spool.XXXXXX".utf8CString)
        var fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            let tmp = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            template = Array("\(tmp)/.zhkb-spool.XXXXXX".utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        }
        guard fd >= 0 else { throw KnowledgeBaseFile.Problem.io(path: dir, reason: "cannot create a temporary file: \(KnowledgeBaseFile.errnoString())") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends bytes; returns their offset.
    func append(_ bytes: [UInt8]) throws -> Int {
        let offset = size
        pending.append(contentsOf: bytes)
        size += bytes.count
        if pending.count >= 1 << 20 { try flush() }
        return offset
    }

    func flush() throws {
        var done = 0
        while done < pending.count {
            let n = pending.withUnsafeBytes { raw in
                Glibc.pwrite(fd, raw.baseAddress! + done, pending.count - done, off_t(pendingOffset + done))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw KnowledgeBaseFile.Problem.io(path: "temporary file", reason: "write failed: \(KnowledgeBaseFile.errnoString())") }
            done += n
        }
        pendingOffset += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    func read(offset: Int, length: Int) throws -> [UInt8] {
        if offset + length > pendingOffset { try flush() }
        return try KnowledgeBaseScan.pread(fd, offset: offset, length: length, path: "temporary file")
    }
}
