import ArgumentParser
import Foundation
import ZhAnalysis

struct Ner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner",
        abstract: "Tag people, places and organisations character by character (for NER scoring).",
        discussion: """
        Reads a character-per-line file (`CHAR TAG`, blank line between sentences; the tags are \
        ignored) or plain text (one sentence per line), runs the standard pipeline on each \
        sentence as a document and prints `CHAR TAG` lines in BIO with PER, LOC and ORG, a blank \
        line after each sentence. Nested mentions keep the outermost (longest) one.
        """
    )

    @Argument(help: "Input file, or - for standard input.")
    var input: String = "-"

    @Option(help: "Input format: bio (CHAR TAG per line) or text (one sentence per line). Output is always BIO.")
    var format: TaggedSentences.Format = .bio

    @Option(help: ArgumentHelp("Where entities come from, for every type: rules, model (the trained tagger), union (rules, plus tagger spans they do not overlap) or confirmed (rule mentions the tagger overlaps, plus tagger spans they do not overlap). Default: the shipped per-type decision.", valueName: "rules|model|union|confirmed"))
    var entities: EntityCombination.Source?

    @OptionGroup var dictionaries: DictionaryOptions

    func run() throws {
        let lexicons = try dictionaries.load()
        let pipeline = try Pipeline.standard(lexicons: lexicons, entities: entities.map(EntityCombination.init(all:)) ?? .standard)
        let decoded = try InputFiles.readText(input)
        var out = ByteOutput(.standardOutput)
        for (index, sentence) in TaggedSentences.parse(decoded.text, format: format).enumerated() {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: sentence)
            let tags = try pipeline.run(Document(id: "s\(index + 1)", text: String(v))).bioTags()
            for (k, ch) in sentence.enumerated() {
                if !ch.properties.isWhitespace {
                    out.write(String(ch))
                    out.write(" ")
                }
                out.write(tags[k])
                out.write("\n")
            }
            out.write("\n")
        }
        out.flush()
    }
}

extension TaggedSentences.Format: ExpressibleByArgument {}
extension EntityCombination.Source: ExpressibleByArgument {}
