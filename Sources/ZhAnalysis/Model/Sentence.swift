/// A sentence: a range of the text and its position in the document.
public struct Sentence: Hashable, Codable, Sendable {
    public var index: Int
    public var range: TextRange
    /// Index of the section the sentence lies in; −1 for a sentence before the first section
    /// (title lines above the first heading).
    public var section: Int

    public init(index: Int, range: TextRange, section: Int = 0) {
        self.index = index
        self.range = range
        self.section = section
    }
}
