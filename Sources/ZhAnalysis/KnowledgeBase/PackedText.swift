import CZlib
import Foundation

/// How kb.json stores an article's text (schema 4): its UTF-8 bytes compressed with zlib (RFC 1950,
/// level 6) and written in Base64 as `textZlib`, when that is shorter than the JSON string of the
/// text (else the record keeps `text`). Chinese text in UTF-8 compresses to about half; with
/// Base64 the stored text is about two thirds of the plain string (0.65 on the dev corpus).
///
/// Any zlib reads it back, e.g. in Python: `zlib.decompress(base64.b64decode(record["textZlib"]))`.
/// The same text gives the same bytes with the same zlib (deterministic, one level).
enum PackedText {
    static let level: Int32 = 6

    /// A `textZlib` that does not give back a text of `length` code points. Never a reason to
    /// try another decoder: `JSONDecoder` would read the record without its text.
    struct Damaged: Error, CustomStringConvertible {
        let description: String
        init(_ reason: String) { description = reason }
    }

    /// The Base64 of the compressed text; nil when it would not be shorter than the text as a
    /// JSON string.
    static func pack(_ text: String) -> String? {
        var utf8 = Array(text.utf8)
        // Base64 makes 4 bytes of every 3: nothing to win below that.
        guard utf8.count > 64 else { return nil }
        var capacity = compressBound(uLong(utf8.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = utf8.withUnsafeMutableBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                compress2(dst.baseAddress, &capacity, src.baseAddress, uLong(src.count), level)
            }
        }
        guard status == Z_OK else { return nil }
        let encoded = Data(out[0..<Int(capacity)]).base64EncodedString()
        // The JSON string is at least the UTF-8 and its quotes: escaping it is needed only when
        // the packed form is not already shorter than that.
        if encoded.utf8.count < utf8.count { return encoded }
        var plain = JSONWriter(pretty: false, capacity: utf8.count + 16)
        plain.string(text)
        return encoded.utf8.count + 2 < plain.count ? encoded : nil
    }

    /// The text of a `textZlib` value. `codePoints` (the record's `length`) bounds its UTF-8
    /// size; the text must have exactly that many code points.
    static func unpack(_ packed: String, codePoints: Int) throws -> String {
        guard let data = Data(base64Encoded: packed) else { throw Damaged("textZlib is not Base64") }
        guard codePoints >= 0, codePoints <= Int.max / 4 - 16 else { throw Damaged("length \(codePoints) is not a text length") }
        var input = [UInt8](data)
        // zlib expands by at most 1032 to 1: a hostile `length` allocates no more than the data can fill.
        var size = uLong(min(codePoints * 4, input.count * 1032) + 16)
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = input.withUnsafeMutableBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                uncompress(dst.baseAddress, &size, src.baseAddress, uLong(src.count))
            }
        }
        guard status == Z_OK else {
            throw Damaged(status == Z_BUF_ERROR ? "textZlib holds more than `length` code points" : "textZlib is not zlib data (status \(status))")
        }
        guard let text = String(validating: out[0..<Int(size)], as: UTF8.self) else { throw Damaged("textZlib is not UTF-8") }
        guard text.unicodeScalars.count == codePoints else {
            throw Damaged("textZlib has \(text.unicodeScalars.count) code points, length says \(codePoints)")
        }
        return text
    }
}
