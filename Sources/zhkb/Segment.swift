import ArgumentParser
import Foundation
import ZhAnalysis

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Segment text into words.",
        discussion: """
        text: one output line per input line, tokens separated by one space (SIGHAN format; \
        whitespace tokens are dropped). json: one JSON object per input line with each token's \
        text, kind and code-point offsets into that line. With --jobs, blocks of whole lines (about \
        256 KB) are segmented on several threads and written in input order: the output is the \
        same for every value.
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

    @OptionGroup var workers: JobsOption

    @OptionGroup var dictionaries: DictionaryOptions

    func run() throws {
        var options = Segmenter.Options()
        options.nameStyle = names
        let lexicons = try dictionaries.load()
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
            segmenter = try Segmenter(lexicons: lexicons, options: options)
        }
        let decoded = try InputFiles.readText(input)
        var out = ByteOutput(.standardOutput)
        let render: @Sendable ([Unicode.Scalar], [Token], inout [UInt8]) throws -> Void
        switch format {
        case .text:
            render = Self.writeText
        case .json:
            render = { original, tokens, out in
                let records = tokens.map { t -> SegmentRecord in
                    SegmentRecord(text: ScalarText.string(original, t.range.start, t.range.end), kind: t.kind.rawValue, origin: t.origin.rawValue,
                                  start: t.range.start, end: t.range.end)
                }
                // JSONWriter: the bytes JSONEncoder writes with [.sortedKeys, .withoutEscapingSlashes].
                out.append(contentsOf: try JSONOutput.compact(SegmentLine(offsetUnit: offsetUnitName, tokens: records)))
                out.append(0x0A)
            }
        }
        try segmenter.renderLines(of: decoded.text, jobs: workers.jobs, render: render) { out.write($0) }
        out.flush()
    }

    /// One line of text output: the tokens other than spaces, one space between them, a line
    /// feed; encoded to UTF-8 in one buffer and written at once.
    private static func writeText(_ original: [Unicode.Scalar], _ tokens: [Token], to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: original.count * 4 + tokens.count + 1) { buf in
            var n = 0
            original.withUnsafeBufferPointer { s in
                var first = true
                for t in tokens where t.kind != .space {
                    if !first { buf[n] = 0x20; n += 1 }
                    first = false
                    for i in t.range.start..<t.range.end {
                        let v = s[i].value
                        if v < 0x80 {
                            buf[n] = UInt8(v); n += 1
                        } else if v < 0x800 {
                            buf[n] = UInt8(0xC0 | v >> 6); buf[n + 1] = UInt8(0x80 | v & 0x3F); n += 2
                        } else if v < 0x10000 {
                            buf[n] = UInt8(0xE0 | v >> 12); buf[n + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                            buf[n + 2] = UInt8(0x80 | v & 0x3F); n += 3
                        } else {
                            buf[n] = UInt8(0xF0 | v >> 18); buf[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
                            buf[n + 2] = UInt8(0x80 | v >> 6 & 0x3F); buf[n + 3] = UInt8(0x80 | v & 0x3F); n += 4
                        }
                    }
                }
            }
            buf[n] = 0x0A
            n += 1
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
        }
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
