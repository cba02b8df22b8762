import ArgumentParser
import Foundation
import ZhAnalysis

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Segment text into words.",
        discussion: """
        text: one output line per input line, tokens separated by one space (SIGHAN format; \
        whitespace tokens are dropped). json: one JSON object per input line with each token's \
        text, kind and code-point offsets into that line.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Input file, or - for standard input.")
    var input: String = "-"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: """
        Segment with the trained model of a standard: msr (names, dates, numbers with their measure \
        words whole) or pku (People's Daily 1998). Default: the lexicon lattice that extraction uses.
        """)
    var standard: SegmentationStandard?

    @Option(help: "Personal names: whole (张梦月) or split into surname and given name (张 梦月).")
    var names: Segmenter.NameStyle = .whole

    @OptionGroup var dictionaries: DictionaryOptions

    func run() throws {
        let lexicons = try dictionaries.load()
        var options = Segmenter.Options()
        options.nameStyle = names
        let segmenter: Segmenter
        if let standard {
            options.numbersFollowStandard = true
            options.lexiconCompounds = false
            options.lexiconParts = false
            segmenter = try Segmenter.trained(lexicons: lexicons, standard: standard, options: options)
            guard segmenter.model != nil else {
                throw ZhError.missingDictionary(path: lexicons.directory.appendingPathComponent(standard.modelFile).path)
            }
        } else {
            segmenter = try Segmenter(lexicon: lexicons.words, names: NameCandidates(directory: lexicons.directory), options: options)
        }
        let decoded = try InputFiles.readText(input)
        let folder = TextFolder()
        var out = OutputBuffer()
        let lines = TextLines.split(decoded.text)
        for line in lines {
            let original = Array(line.unicodeScalars)
            let folded = folder.fold(original).scalars
            let tokens = try segmenter.tokens(folded, in: 0..<folded.count)
            switch format {
            case .text:
                var first = true
                for t in tokens where t.kind != .space {
                    if !first { out.write(" ") }
                    first = false
                    out.write(ScalarText.string(original, t.range.start, t.range.end))
                }
                out.write("\n")
            case .json:
                let records = tokens.map { t -> SegmentRecord in
                    SegmentRecord(text: ScalarText.string(original, t.range.start, t.range.end), kind: t.kind.rawValue, origin: t.origin.rawValue,
                                         start: t.range.start, end: t.range.end)
                }
                // JSONWriter: the bytes JSONEncoder writes with [.sortedKeys, .withoutEscapingSlashes].
                let data = try JSONOutput.compact(SegmentLine(offsetUnit: offsetUnitName, tokens: records))
                out.write(String(decoding: data, as: UTF8.self))
                out.write("\n")
            }
        }
        out.flush()
    }
}

private struct SegmentRecord: JSONWritable {
    var text: String
    var kind: String
    var origin: String
    var start: Int
    var end: Int

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("end"); w.int(end)
        w.key("kind"); w.string(kind)
        w.key("origin"); w.string(origin)
        w.key("start"); w.int(start)
        w.key("text"); w.string(text)
        w.endObject()
    }
}

private struct SegmentLine: JSONWritable {
    var offsetUnit: String
    var tokens: [SegmentRecord]

    func write(to w: inout JSONWriter) throws {
        w.beginObject()
        w.key("offsetUnit"); w.string(offsetUnit)
        w.key("tokens"); try w.array(tokens)
        w.endObject()
    }
}

extension Segmenter.NameStyle: ExpressibleByArgument {}
extension SegmentationStandard: ExpressibleByArgument {}
