import ArgumentParser

@main
struct Zhkb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zhkb",
        abstract: "Turn Chinese news articles into a JSON knowledge base.",
        discussion: """
        zhkb segments Chinese text with ICU and a lexicon pass, finds places, people and \
        organisations, numeric facts with units, keywords and topics, and collects them \
        in a knowledge base (kb.json).
        """,
        subcommands: [Segment.self, Ner.self, Extract.self, Ingest.self, Merge.self, Stats.self, Export.self, Search.self, Report.self, Words.self]
    )
}
