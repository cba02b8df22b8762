import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A trained model file mapped read-only (`SegmentationModel`, `EntityModel`): both share the
/// layout of an 8-byte magic, UInt32 fields (version at 8, hashBits at 12), a header of the
/// model's own, and `2^hashBits × labels` Int8 weights from `weightsOffset` to the end.
///
/// The mapping lives as long as the value; nothing is parsed at start-up.
final class MappedModelFile: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let size: Int
    let hashBits: Int

    /// Maps `url` and checks, in order: size, magic (else "not a zhkb `kind`"), the model's own
    /// fields (`check`, nil when they are fine), the hash size and that the size matches
    /// `2^hashBits` buckets of `labels` weights.
    init(contentsOf url: URL, magic: [UInt8], kind: String, weightsOffset: Int, labels: Int,
         check: (MappedModelFile.Header) -> String?) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw ZhError.missingDictionary(path: url.path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ZhError.missingDictionary(path: url.path) }
        let size = Int(st.st_size)
        func bad(_ reason: String) -> ZhError { .unreadableFile(path: url.path, reason: reason) }
        guard size >= weightsOffset else { throw bad("file too short (\(size) bytes)") }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw bad("cannot map the file")
        }
        let header = Header(base: UnsafeRawPointer(p))
        let bits = Int(header.u32(12))
        let ok = (0..<magic.count).allSatisfy { header.base.load(fromByteOffset: $0, as: UInt8.self) == magic[$0] }
        let problem: String? =
            !ok ? "not a zhkb \(kind)" :
            check(header) ??
            (!(10...26).contains(bits) ? "hash size 2^\(bits) out of range" :
             size != weightsOffset + (1 << bits) * labels ? "size \(size) does not match 2^\(bits) buckets" : nil)
        if let problem {
            munmap(p, size)
            throw bad(problem)
        }
        self.base = p
        self.size = size
        self.hashBits = bits
    }

    deinit { munmap(base, size) }

    /// Reads the fields of the mapped bytes.
    struct Header {
        let base: UnsafeRawPointer
        /// The little-endian UInt32 at byte `offset`.
        func u32(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
    }

    var header: Header { Header(base: UnsafeRawPointer(base)) }

    /// The bytes from `offset` on, as `T`.
    func pointer<T>(at offset: Int, as type: T.Type) -> UnsafePointer<T> {
        UnsafeRawPointer(base).advanced(by: offset).assumingMemoryBound(to: T.self)
    }
}
