/// Splits text into lines on LF, CRLF or CR, without the terminators. Swift's `String.split`
/// on "\n" misses CRLF (one grapheme), so every line-oriented reader goes through here.
public enum TextLines {
    /// Lines of `text`; a final terminator does not produce an extra empty line.
    public static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                lines.append(Substring(scalars[start..<i]))
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                i = next
                start = i
            } else {
                i = scalars.index(after: i)
            }
        }
        if start < scalars.endIndex { lines.append(Substring(scalars[start..<scalars.endIndex])) }
        return lines
    }
}
