import Foundation
import Testing
@testable import ZhAnalysis

/// kb.json keeps an article's text compressed (`textZlib`, schema 4) when that is shorter, and
/// every reader gives back the text exactly.
@Suite struct PackedTextTests {
    static let report = String(repeating: "全省生产总值增长2.7%，城镇调查失业率5.2%，居民人均可支配收入增长5.4%。\n", count: 20)

    static func record(_ text: String) -> ArticleRecord {
        let hash = SHA256.hex(of: text)
        var r = ArticleRecord(id: String(hash.prefix(16)), source: "a.txt", part: nil, line: nil, hash: hash, charset: "UTF-8", title: nil, subtitle: nil,
                              length: text.unicodeScalars.count, tokens: 0, sentences: 0, traditional: nil, entities: [], quantities: [],
                              sections: [], keywords: [], topics: [], diagnostics: [])
        r.text = text
        return r
    }

    @Test(arguments: [report, report + "𠀀😀 tab\there \"quoted\" \\ back", String(repeating: "香港特別行政區政府統計處。", count: 30)])
    func longTextIsStoredCompressedAndReadBack(_ text: String) throws {
        let stored = String(decoding: try JSONOutput.stored(Self.record(text)), as: UTF8.self)
        #expect(stored.contains("\"textZlib\":\"") && !stored.contains("\"text\":"))
        #expect(stored.utf8.count < text.utf8.count * 2 / 3)
        #expect(try JSONInput.decodeRecord(Array(stored.utf8)).text == text)
        // Strict reading (zhkb merge) takes it too.
        #expect(try JSONInput.decodeValidRecord(Array(stored.utf8)).text == text)
        // Any zlib reads it: the Base64 is RFC 1950 data (header 0x78).
        let packed = try #require(stored.split(separator: "\"textZlib\":\"").last?.split(separator: "\"").first)
        #expect(Data(base64Encoded: String(packed))?.first == 0x78)
    }

    @Test(arguments: ["", "短", "杭州市上城区紫阳街道。", "abc"])
    func shortTextStaysPlain(_ text: String) throws {
        let stored = String(decoding: try JSONOutput.stored(Self.record(text)), as: UTF8.self)
        #expect(stored.contains("\"text\":") && !stored.contains("textZlib"))
        #expect(try JSONInput.decodeRecord(Array(stored.utf8)).text == text)
    }

    @Test func theSameTextGivesTheSameBytes() throws {
        #expect(try JSONOutput.stored(Self.record(Self.report)) == JSONOutput.stored(Self.record(Self.report)))
    }

    @Test func printedRecordsKeepThePlainText() throws {
        var w = JSONWriter(pretty: false)
        try Self.record(Self.report).write(to: &w)
        let printed = String(decoding: w.bytes, as: UTF8.self)
        #expect(printed.contains("\"text\":\"全省") && !printed.contains("textZlib"))
    }

    /// Damaged or inconsistent data is refused with the reason, never read as another text.
    @Test func damagedPackedTextIsRefused() throws {
        let stored = String(decoding: try JSONOutput.stored(Self.record(Self.report)), as: UTF8.self)
        let packed = String(try #require(stored.split(separator: "\"textZlib\":\"").last?.split(separator: "\"").first))
        func refused(_ line: String, _ reason: String) {
            #expect(throws: (any Error).self) { try JSONInput.decodeRecord(Array(line.utf8)) }
            do {
                _ = try JSONInput.decodeValidRecord(Array(line.utf8))
                Issue.record("accepted: \(reason)")
            } catch let ZhError.invalidRecord(_, _, why) {
                #expect(why.contains(reason), "\(why)")
            } catch {
                Issue.record("\(error)")
            }
        }
        refused(stored.replacingOccurrences(of: packed, with: "not base64!"), "not Base64")
        refused(stored.replacingOccurrences(of: packed, with: Data("plain words".utf8).base64EncodedString()), "not zlib data")
        let n = Self.report.unicodeScalars.count
        refused(stored.replacingOccurrences(of: "\"length\":\(n)", with: "\"length\":\(n - 1)"), "code points")
        refused(stored.replacingOccurrences(of: "\"length\":\(n)", with: "\"length\":\(n / 8)"), "more than `length`")
        refused(stored.replacingOccurrences(of: "\"textZlib\":", with: "\"text\":\"x\",\"textZlib\":"), "not both")
    }
}
