/// Paths as messages print them: control characters (a line break in a file name) escaped, so a
/// file name can never start a line of its own in a log and forge a message.
public enum DisplayPath {
    public static func escaped(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: needsEscape) else { return path }
        var out = ""
        for c in path.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                if needsEscape(c) { out += "\\u{" + String(c.value, radix: 16) + "}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
    }
}
