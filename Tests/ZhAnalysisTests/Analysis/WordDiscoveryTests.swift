import Foundation
import Testing
@testable import ZhAnalysis

@Suite struct WordDiscoveryTests {
    static let stopCharacters: Set<UInt32> = {
        (try? StopwordList(directory: TestSupport.dictionaries).stopCharacters) ?? []
    }()

    static var seedScalars: [Unicode.Scalar] { Document(id: "seed", text: AnalysisSupport.seedText).analysis }

    /// The bundled lexicon without the entries that contain some words, as if they were new.
    static func lexicon(without removed: [String]) -> Lexicon {
        var lexicon = Lexicon()
        for entry in TestSupport.lexicons.words.entries where !removed.contains(where: { entry.word.contains($0) }) {
            lexicon.insert(entry)
        }
        return lexicon
    }

    /// The seed's new words (托育 and 共富 are in the bundled lexicon by now, so they and the
    /// entries built on them — 普惠托育, 共富工坊 — are taken out to stand for words the lexicon
    /// does not know yet).
    @Test func seedNewWordsRankInTopThirty() {
        let discovery = WordDiscovery(stopCharacters: Self.stopCharacters, lexicon: Self.lexicon(without: ["托育", "共富"]))
        let top = discovery.discover([Self.seedScalars]).prefix(30).map(\.word)
        for word in ["托育", "知联", "工坊", "竹产业"] { #expect(top.contains(word), "\(word) not in \(top)") }
        // 共富 occurs 7 times, 6 of them inside 共富工坊 (right neighbour 工: low entropy), so the
        // seed supports the longer word; it is found as 共富工坊.
        #expect(top.contains("共富工坊"), "\(top)")
    }

    /// Junk seen in the top 10 before the boundary rules, and why it is rejected now:
    /// - 年以来, 一步, 年人, 服务中: an edge inside a known word (今|年以来, 进|一步, 未成|年人, 服务中|心);
    /// - 街道社, 校社: the end cuts 社工 (街道社|工, 驻校社|工) — a string across a word boundary;
    /// - 余人: always after a number (5000余人), so its left neighbours are one "number" context;
    /// - 共富工, 富工坊: fragments of 共富工坊 with a single neighbour (entropy 0).
    @Test func noBoundaryJunkInTopTen() {
        let discovery = WordDiscovery(stopCharacters: Self.stopCharacters, lexicon: TestSupport.lexicons.words)
        let candidates = discovery.discover([Self.seedScalars])
        let top = candidates.prefix(10).map(\.word)
        for junk in ["年以来", "一步", "年人", "服务中", "街道社", "校社", "余人", "共富工", "富工坊"] {
            #expect(!top.contains(junk), "\(junk) in \(top)")
        }
        #expect(Array(top.prefix(2)).sorted() == ["工坊", "知联"])
        // Never a stop character at either end, never a known word by default.
        for c in candidates {
            #expect(!Self.stopCharacters.contains(c.word.unicodeScalars.first!.value))
            #expect(!Self.stopCharacters.contains(c.word.unicodeScalars.last!.value))
            #expect(!c.known && !TestSupport.lexicons.words.contains(c.word))
        }
    }

    @Test func knownWordsOnRequest() throws {
        var options = WordDiscovery.Options()
        options.knownWords = .include
        let discovery = WordDiscovery(stopCharacters: Self.stopCharacters, lexicon: TestSupport.lexicons.words, options: options)
        let tuoyu = try #require(discovery.discover([Self.seedScalars]).first { $0.word == "托育" })
        #expect(tuoyu.known)
        #expect(tuoyu.count == 8)
    }

    @Test func scoresOnASmallText() throws {
        // 知联 in four contexts on each side, always together.
        let text = "甲知联乙，丙知联丁，戊知联己，庚知联辛。"
        let discovery = WordDiscovery(stopCharacters: [], options: {
            var o = WordDiscovery.Options(); o.minCount = 4; return o
        }())
        let result = discovery.discover([Array(text.unicodeScalars)])
        let c = try #require(result.first)
        #expect(c.word == "知联")
        #expect(c.count == 4)
        #expect(abs(c.leftEntropy - log(4)) < 1e-9)
        #expect(abs(c.rightEntropy - log(4)) < 1e-9)
        // PMI: c(知联)=4, c(知)=4, c(联)=4, N=16 → log(4·16/16) = log 4.
        #expect(abs(c.cohesion - log(4)) < 1e-9)
        #expect(result.count == 1)
    }
}
