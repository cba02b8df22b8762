import ArgumentParser
import Foundation
import ZhAnalysis

struct Ner: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tag people, places and organisations character by character (for NER scoring).",
        discussion: """
        Reads a character-per-line file (`CHAR TAG`, blank line between sentences; the tags are \
        ignored) or plain text (one sentence per line), runs the standard pipeline on each \
        sentence as a document and prints `CHAR TAG` lines in BIO with PER, LOC and ORG, a blank \
        line after each sentence. Nested mentions keep the outermost (longest) one.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case bio, text }

    @Argument(help: "Input file, or - for standard input.")
    var input: String = "-"

    @Option(help: "Input format: bio (CHAR TAG per line) or text (one sentence per line). Output is always BIO.")
    var format: Format = .bio

    @OptionGroup var dictionaries: DictionaryOptions

    func run() throws {
        let lexicons = try dictionaries.load()
        let pipeline = try Pipeline.standard(lexicons: lexicons)
        let decoded = try InputFiles.readText(input)
        var out = OutputBuffer()
        for (index, sentence) in Self.sentences(decoded.text, format: format).enumerated() {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: sentence)
            let doc = try pipeline.run(Document(id: "s\(index + 1)", text: String(v)))
            let tags = Self.tags(for: doc)
            for (k, ch) in sentence.enumerated() {
                if ch.properties.isWhitespace {
                    out.write(tags[k])
                } else {
                    out.write(String(ch))
                    out.write(" ")
                    out.write(tags[k])
                }
                out.write("\n")
            }
            out.write("\n")
        }
        out.flush()
    }

    /// Sentences as code-point arrays.
    static func sentences(_ text: String, format: Format) -> [[Unicode.Scalar]] {
        var result: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            switch format {
            case .text:
                if !line.isEmpty { result.append(Array(line.unicodeScalars)) }
            case .bio:
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.isEmpty {
                    if line.isEmpty {
                        if !current.isEmpty { result.append(current) }
                        current.removeAll()
                    }
                    continue
                }
                if fields.count == 1 {
                    current.append(" ")       // a line holding only a tag: the character was a space
                } else {
                    current.append(contentsOf: fields[0].unicodeScalars)
                }
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// One BIO tag per code point.
    static func tags(for doc: Document) -> [String] {
        var spans: [(TextRange, String)] = []
        for e in doc.entities {
            let type: String
            switch e.type {
            case .person: type = "PER"
            case .place: type = "LOC"
            case .organization: type = "ORG"
            }
            for m in e.mentions where m.end <= doc.length && m.start < m.end {
                // NER corpora tag only the surname of a partial reference (老[李], [褚]律师).
                if e.partial == true, let surname = e.surname {
                    let n = surname.unicodeScalars.count
                    let text = Array(m.text.unicodeScalars)
                    if let k = (0...max(0, text.count - n)).first(where: { String(String.UnicodeScalarView(text[$0..<min(text.count, $0 + n)])) == surname }) {
                        spans.append((TextRange(start: m.start + k, end: m.start + k + n), type))
                        continue
                    }
                }
                spans.append((m.range, type))
            }
        }
        var tags = [String](repeating: "O", count: doc.length)
        for (r, type) in SpanFilter.longestThenEarliest(spans, range: { $0.0 }) {
            tags[r.start] = "B-" + type
            for p in (r.start + 1)..<r.end { tags[p] = "I-" + type }
        }
        return tags
    }
}
