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
        // Every subcommand names itself (`commandName`): ArgumentParser otherwise derives each
        // name from its type's name through `String(describing:)`, about 0.4 M instructions a
        // time, three times per subcommand at every start (16 M of a 740 M one-line run).
        subcommands: [Segment.self, Ner.self, Extract.self, Ingest.self, Merge.self, Stats.self, Export.self, Search.self, Report.self, Words.self]
    )
}
