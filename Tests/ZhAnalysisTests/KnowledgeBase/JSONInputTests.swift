import Foundation
import Testing
@testable import ZhAnalysis

/// `JSONInput` must read back exactly what `JSONDecoder` reads, and leave what it does not
/// expect to `JSONDecoder`.
@Suite struct JSONInputTests {
    static func decoderRecord(_ bytes: [UInt8]) throws -> ArticleRecord {
        try JSONDecoder().decode(ArticleRecord.self, from: Data(bytes))
    }

    static func fastRecord(_ bytes: [UInt8]) throws -> ArticleRecord {
        try bytes.withUnsafeBufferPointer { buf in
            var r = JSONReader(buf)
            let record = try ArticleRecord(reading: &r)
            try r.end()
            return record
        }
    }

    static func expectRoundTrip(_ record: ArticleRecord, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for bytes in [try JSONOutput.compact(record), try JSONOutput.pretty(record)] {
            // The fast path itself (no fallback) reads it, as the decoder does.
            #expect(try Self.fastRecord(bytes) == record, sourceLocation: sourceLocation)
            #expect(try JSONInput.decodeRecord(bytes) == Self.decoderRecord(bytes), sourceLocation: sourceLocation)
            #expect(try JSONInput.decodeHead(bytes[...]) == ArticleHead(record), sourceLocation: sourceLocation)
        }
    }

    @Test func recordsReadBackLikeTheDecoder() throws {
        try Self.expectRoundTrip(JSONOutputTests.fullRecord())
        try Self.expectRoundTrip(KBFixtures.page())
        try Self.expectRoundTrip(KBFixtures.note())
        try Self.expectRoundTrip(ArticleRecord(id: "", source: "", hash: "", charset: "", length: 0))
        let text = try String(contentsOf: TestSupport.seedArticle, encoding: .utf8)
        let seed = try #require(JSONOutputTests.analyze(text, source: "Corpus/hangzhou-districts.txt"))
        #expect(seed.quantities.count > 20)
        try Self.expectRoundTrip(seed)
    }

    @Test func everyCharacterEscapedOrNot() throws {
        var text = ""
        for v in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        text += "中文\u{85}\u{A0}\u{2028}\u{FEFF}\u{10FFFF}😀/"
        var record = ArticleRecord(id: text, source: text, hash: "h", charset: "UTF-8", length: 1)
        record.keywords = [Keyword(term: text, count: -3, weight: 1e-7), Keyword(term: "x", count: 0, weight: 123456789.125)]
        try Self.expectRoundTrip(record)
    }

    /// JSON that JSONWriter never writes but the decoder accepts: other escapes, nulls, other
    /// key orders, unknown keys.
    @Test func otherSpellingsOfTheSameRecord() throws {
        let json = #"""
        { "topics" : [], "keywords":[{"weight":0.5,"term":"\u793e\u5de5\/\ud83d\ude00","count":2,"extra":{"a":[1,null,true]}}],
          "diagnostics":[{"severity":"note","stage":"s","message":"m","start":null}], "sections":[], "quantities":[
          {"text":"5%","start":9,"end":2,"value":-1.5E+3,"upper":null,"approx":"exact","unit":"%","unitKind":"percent",
           "subject":"","qualifiers":[]}],
          "entities":[{"type":"place","name":"甲","aliases":[],"level":null,"mentions":[{"start":3,"end":2,"text":"甲"}]}],
          "id":"i","source":"s","part":null,"hash":"h","charset":"UTF-8","title":null,"offsetUnit":"codepoint",
          "length":3,"tokens":1,"sentences":0,"future":"ignored" }
        """#
        let bytes = Array(json.utf8)
        let fast = try Self.fastRecord(bytes)
        #expect(fast == (try Self.decoderRecord(bytes)))
        #expect(fast.keywords[0].term == "社工/😀")
        #expect(fast.quantities[0].value == -1500)
        #expect(fast.quantities[0].start == 9 && fast.quantities[0].end == 2)
        #expect(fast.entities[0].level == nil)
    }

    @Test func whatItDoesNotExpectGoesToTheDecoder() throws {
        // An integer written with a fraction: the decoder accepts it, the fast path does not.
        var json = String(decoding: try JSONOutput.compact(KBFixtures.note()), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"tokens\":0", with: "\"tokens\":0.0")
        #expect(json.contains("\"tokens\":0.0"))
        #expect(throws: JSONReader.Failure.self) { try Self.fastRecord(Array(json.utf8)) }
        #expect(try JSONInput.decodeRecord(Array(json.utf8)) == KBFixtures.note())
        // Missing keys, wrong types and broken JSON throw the decoder's errors.
        for broken in [#"{"id":"x"}"#, #"{"id":1}"#, #"{"id":"x""#, "", "[]", #"{"hash":"\u00"}"#] {
            #expect(throws: DecodingError.self) { try JSONInput.decodeRecord(Array(broken.utf8)) }
        }
        #expect(throws: DecodingError.self) { try JSONInput.decodeHead(Array(#"{"source":"s"}"#.utf8)[...]) }
        // Invalid UTF-8 is not repaired silently.
        var bytes = try JSONOutput.compact(KBFixtures.note())
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "U")))
        bytes[at] = 0xFF
        #expect(throws: JSONReader.Failure.self) { try Self.fastRecord(bytes) }
    }
}
