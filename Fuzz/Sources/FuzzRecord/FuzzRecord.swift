import Foundation
import ZhAnalysis

/// The record reader (`JSONInput`) on arbitrary bytes: it must return a record or throw, never
/// crash; a record it returns must survive validation or be refused by it, and re-encode to JSON
/// that reads back to the same record. The views-only reader and fact resolution must not crash
/// either.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? JSONInput.decodeHead(bytes[...])
    _ = try? JSONInput.decodeForViews(bytes)
    guard let record = try? JSONInput.decodeRecord(bytes) else { return 0 }
    guard (try? RecordValidator().validate(record)) != nil else { return 0 }
    for fact in record.facts() {
        guard let row = try? FactRow(resolving: fact, in: record) else { fatalError("a fact of a valid record does not resolve") }
        _ = row.sentenceText
    }
    guard let encoded = try? JSONOutput.compact(record) else { fatalError("a valid record does not encode") }
    guard let again = try? JSONInput.decodeRecord(encoded), again == record else {
        fatalError("a valid record does not read back: \(String(decoding: encoded, as: UTF8.self))")
    }
    return 0
}
