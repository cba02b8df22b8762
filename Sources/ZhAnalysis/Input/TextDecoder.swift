internal import CZhICU

/// Turns article bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, and — through
/// ICU's charset detector and converters — GB18030/GBK/GB2312 and Big5. Invalid bytes in every
/// candidate charset are a clear error, never a crash or silent replacement.
public struct TextDecoder: Sendable {
    public struct Decoded: Sendable, Hashable {
        public var text: String
        /// The charset the bytes were read as ("UTF-8", "GB18030", "Big5", …).
        public var charset: String
    }

    public init() {}

    public func decode(_ bytes: [UInt8], path: String = "-") throws -> Decoded {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        else if body.starts(with: [0xFF, 0xFE]) { return try convert(Array(body.dropFirst(2)), charset: "UTF-16LE", path: path) }
        else if body.starts(with: [0xFE, 0xFF]) { return try convert(Array(body.dropFirst(2)), charset: "UTF-16BE", path: path) }
        if let text = String(validating: body, as: UTF8.self) {
            return Decoded(text: text, charset: "UTF-8")
        }
        if body.contains(0) {
            throw ZhError.undecodableText(path: path, reason: "binary data (NUL bytes)")
        }
        let sample = Array(body.prefix(64 * 1024))
        var candidates = detect(sample)
        for fallback in ["GB18030", "Big5"] where !candidates.contains(fallback) { candidates.append(fallback) }
        var firstError: String?
        for charset in candidates {
            do { return try convert(Array(body), charset: charset, path: path) } catch let ZhError.undecodableText(_, reason) {
                if firstError == nil { firstError = reason }
            }
        }
        let utf8Offset = firstInvalidUTF8Offset(body)
        throw ZhError.undecodableText(
            path: path,
            reason: "not valid UTF-8 (first bad byte at \(utf8Offset)) and not decodable as \(candidates.joined(separator: ", "))")
    }

    /// Charset names proposed by ICU's detector for Chinese text, best first.
    func detect(_ sample: [UInt8]) -> [String] {
        let width = 32, maxCount = 8
        var names = [CChar](repeating: 0, count: width * maxCount)
        var confidences = [Int32](repeating: 0, count: maxCount)
        var status: Int32 = 0
        let n = sample.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                zh_detect_charsets(chars.baseAddress, Int32(chars.count), &names, Int32(width), &confidences, Int32(maxCount), &status)
            }
        }
        guard status <= 0 else { return [] }
        var result: [String] = []
        for i in 0..<Int(n) {
            let name = names[(i * width)..<((i + 1) * width)].withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            // Of ICU's proposals only the Chinese multi-byte charsets make sense for text that is
            // not UTF-8 (GB18030 covers GBK and GB2312).
            if (name == "GB18030" || name == "Big5") && !result.contains(name) { result.append(name) }
        }
        return result
    }

    func convert(_ bytes: [UInt8], charset: String, path: String) throws -> Decoded {
        if bytes.isEmpty { return Decoded(text: "", charset: charset) }
        var capacity = bytes.count + 16
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            var errorOffset: Int32 = -1
            let n = bytes.withUnsafeBufferPointer { buf in
                buf.withMemoryRebound(to: CChar.self) { chars in
                    zh_convert_to_utf16(charset, chars.baseAddress, Int32(chars.count), &out, Int32(capacity), &errorOffset, &status)
                }
            }
            if status == 15 { capacity = Int(n) + 16; continue } // U_BUFFER_OVERFLOW_ERROR
            if status > 0 {
                let name = String(cString: zh_status_name(status))
                let at = errorOffset >= 0 ? " at byte \(errorOffset)" : ""
                throw ZhError.undecodableText(path: path, reason: "\(charset): \(name)\(at)")
            }
            let text = String(decoding: out[0..<Int(n)], as: UTF16.self)
            return Decoded(text: text, charset: charset)
        }
    }

    private func firstInvalidUTF8Offset(_ body: ArraySlice<UInt8>) -> Int {
        var it = body.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var consumed = 0
        // Walk scalars; on error report the byte offset reached.
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s):
                consumed += UTF8.width(s)
                offset = consumed
            case .emptyInput:
                return offset
            case .error:
                return offset
            }
        }
    }
}
