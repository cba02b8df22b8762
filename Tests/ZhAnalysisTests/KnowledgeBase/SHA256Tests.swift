import Testing
@testable import ZhAnalysis

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("杭州市上城区", "c7735a2757515ae9a4bd62cc343ea7002da9347c5a483e71ff28eb634bebe1f2"),
        (String(repeating: "杭州", count: 100), "93b5b9a90dc5e559a2e283747cd41cc5ba7e4845a608e43c5d03839c5f1c50d8"),
    ])
    func knownDigests(text: String, digest: String) {
        #expect(SHA256.hex(of: text) == digest)
    }

    @Test func millionAsInOddChunks() {
        var h = SHA256()
        var left = 1_000_000
        var step = 1
        while left > 0 {
            let n = min(step, left)
            h.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            left -= n
            step = step % 131 + 7
        }
        #expect(h.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The one-shot digest pads the tail in one or two blocks: lengths around the block size give
    /// the same digest as the streaming one (fed byte by byte), and known vectors hold.
    @Test(arguments: [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000])
    func oneShotMatchesStreaming(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var h = SHA256()
        for b in bytes { h.update([b]) }
        #expect(SHA256.hex(ofBytes: bytes) == h.finalizeHex())
    }

    @Test func fiftySixBytes() {
        // FIPS 180-2 example: 448 bits, the length needs a second padding block.
        #expect(SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
