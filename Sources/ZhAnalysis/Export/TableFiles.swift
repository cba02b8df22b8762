import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The text formats of the exported tables.
public enum TableFormat: String, CaseIterable, Sendable {
    /// One JSON object per line, keys in column order, `null` for absent values, list columns as
    /// JSON arrays.
    case jsonl
    /// RFC 4180: UTF-8, a header line, CRLF line ends, fields quoted when they hold a comma, a
    /// quote or a line break; an absent value is an empty field, an empty text `""`.
    case csv

    public var fileExtension: String { rawValue }

    /// The bytes of one row (with its line end).
    func encode(_ row: TableRow) -> [UInt8] {
        let columns = row.table.schema.columns
        var out: [UInt8] = []
        out.reserveCapacity(256)
        switch self {
        case .jsonl:
            var w = JSONWriter(pretty: false, capacity: 256)
            w.raw(UInt8(ascii: "{"))
            w.raw(0x22)
            for (i, c) in columns.enumerated() {
                if i > 0 { w.raw(UInt8(ascii: ",")); w.raw(0x22) }
                for b in c.name.utf8 { w.raw(b) }
                w.raw(0x22); w.raw(UInt8(ascii: ":"))
                switch row.values[i] {
                case .null: for b in "null".utf8 { w.raw(b) }
                case .integer(let v): w.int(v)
                case .real(let v): Self.double(v, into: &w)
                case .text(let s): if c.type == .json { for b in s.utf8 { w.raw(b) } } else { w.string(s) }
                }
            }
            w.raw(UInt8(ascii: "}"))
            w.raw(0x0A)
            out = w.bytes
        case .csv:
            for (i, v) in row.values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                switch v {
                case .null: break
                case .integer(let n): var w = JSONWriter(pretty: false, capacity: 24); w.int(n); out += w.bytes
                case .real(let d): var w = JSONWriter(pretty: false, capacity: 24); Self.double(d, into: &w); out += w.bytes
                case .text(let s): Self.csvField(s, into: &out)
                }
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// The header line (CSV) or nothing (JSON Lines).
    func header(_ table: ExportTable) -> [UInt8] {
        guard self == .csv else { return [] }
        var out: [UInt8] = []
        for (i, c) in table.schema.columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.csvField(c.name, into: &out)
        }
        return out + [0x0D, 0x0A]
    }

    static func double(_ v: Double, into w: inout JSONWriter) {
        if (try? w.double(v)) == nil { w.int(0) }
    }

    static func csvField(_ s: String, into out: inout [UInt8]) {
        let bytes = Array(s.utf8)
        let quote = bytes.isEmpty || bytes.contains { $0 == 0x22 || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D }
        guard quote else { out += bytes; return }
        out.append(0x22)
        for b in bytes {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}

/// A file written through a temporary file in the same folder and renamed over its path by
/// `commit` (after fsync): a reader sees the old file or the new one, never half of one.
final class AtomicFile {
    let url: URL
    let temp: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var done = false

    init(_ url: URL) throws {
        self.url = url
        let directory = url.deletingLastPathComponent().path
        temp = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).tmp.\(getpid())")
        fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ExportError.io(path: temp, reason: "cannot create: \(KnowledgeBaseFile.errnoString())") }
        buffer.reserveCapacity(1 << 18)
    }

    deinit {
        if !done { close(fd); unlink(temp) }
    }

    func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= 1 << 18 { try flush() }
    }

    private func flush() throws {
        if !KnowledgeBaseFile.writeAll(fd, buffer) { throw ExportError.io(path: temp, reason: "write failed: \(KnowledgeBaseFile.errnoString())") }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush()
        if fsync(fd) != 0 { throw ExportError.io(path: temp, reason: "fsync failed: \(KnowledgeBaseFile.errnoString())") }
        close(fd)
        done = true
        guard rename(temp, url.path) == 0 else {
            unlink(temp)
            throw ExportError.io(path: url.path, reason: "rename failed: \(KnowledgeBaseFile.errnoString())")
        }
    }
}

/// Writes each table to `<folder>/<table>.<jsonl|csv>`, every file replaced atomically when
/// `finish` succeeds (an error leaves the old files).
public final class TableFileWriter: TableSink {
    public let folder: URL
    public let format: TableFormat
    private var files: [ExportTable: AtomicFile] = [:]
    public private(set) var counts: [ExportTable: Int] = [:]

    public init(folder: URL, format: TableFormat) throws {
        self.folder = folder
        self.format = format
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir) {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw ExportError.io(path: folder.path, reason: "cannot create the folder: \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw ExportError.io(path: folder.path, reason: "not a folder")
        }
        for t in ExportTable.allCases {
            let f = try AtomicFile(folder.appendingPathComponent("\(t.rawValue).\(format.fileExtension)"))
            try f.write(format.header(t))
            files[t] = f
            counts[t] = 0
        }
    }

    public func write(_ row: TableRow) throws {
        try files[row.table]!.write(format.encode(row))
        counts[row.table, default: 0] += 1
    }

    public func finish() throws {
        for t in ExportTable.allCases { try files[t]!.commit() }
    }
}

/// Where exported rows go.
public protocol TableSink: AnyObject {
    func write(_ row: TableRow) throws
    func finish() throws
}

/// A fatal problem of an export or a search.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case database(path: String, reason: String)
    case notAnExport(path: String)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(DisplayPath.escaped(path)): \(reason)"
        case let .database(path, reason): return "\(DisplayPath.escaped(path)): SQLite: \(reason)"
        case let .notAnExport(path):
            return "\(DisplayPath.escaped(path)): not a database written by zhkb export (no zhkb_export table); left as it is"
        }
    }
}
