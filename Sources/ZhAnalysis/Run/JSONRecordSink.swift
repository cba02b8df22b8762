import Foundation

/// The sink of `zhkb extract`: records as JSON Lines (one compact object per line, streamed), or
/// pretty JSON — one object for one record, an array for several (`[]` for none). Output goes to
/// a file handle in blocks of about 64 KB.
public struct JSONRecordSink: RecordSink {
    public enum Format: Sendable { case lines, pretty }

    public let format: Format
    private var out: ByteOutput
    /// The first pretty record, held until it is known whether an array is needed.
    private var held: Data?
    private var count = 0

    public init(format: Format, output: FileHandle) {
        self.format = format
        out = ByteOutput(output)
    }

    /// The encoding `ParallelAnalyzer` should make on its workers for this sink.
    public var encoding: ParallelAnalyzer.Encoding { format == .lines ? .compact : .pretty }

    /// Only the bytes are written: the workers may drop the records.
    public var needsRecords: Bool { false }

    public mutating func add(_ record: ArticleRecord, encoded: Data?, facts: EncodedFacts?) throws {
        try add(encoded: encoded ?? (format == .lines ? JSONOutput.compactData(record) : JSONOutput.prettyData(record)))
    }

    /// A record encoded as `encoding` says.
    public mutating func add(encoded data: Data) throws {
        count += 1
        if format == .lines {
            out.write(data)
            out.write(0x0A)
            return
        }
        if count == 1 { held = data; return }
        if let first = held {
            out.write(Array("[\n".utf8))
            out.write(Self.indented(first))
            held = nil
        }
        out.write(Array(",\n".utf8))
        out.write(Self.indented(data))
    }

    /// Closes the array (or writes the one held object) and flushes.
    public mutating func finish() {
        if format == .pretty {
            if count == 0 { out.write(Array("[]\n".utf8)) }
            else if let first = held { out.write(first); out.write(0x0A) }
            else { out.write(Array("\n]\n".utf8)) }
        }
        out.flush()
    }

    /// Pretty JSON indented by two spaces (JSON strings never contain a raw line break).
    static func indented(_ data: Data) -> [UInt8] {
        var bytes: [UInt8] = [0x20, 0x20]
        bytes.reserveCapacity(data.count + data.count / 4)
        for b in data {
            bytes.append(b)
            if b == 0x0A { bytes.append(0x20); bytes.append(0x20) }
        }
        return bytes
    }
}
