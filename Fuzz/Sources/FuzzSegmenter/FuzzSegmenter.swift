import Foundation
import ZhAnalysis

/// The segmenter on the input read as UTF-8 text (folded as the CLI folds it): tokens must cover
/// the text without gaps or overlaps, in order.
let segmenter: Segmenter = {
    do {
        let lexicons = try LexiconSet.load()
        return try Segmenter(lexicon: lexicons.words, names: NameCandidates(names: lexicons.tables.names()))
    } catch { fatalError("cannot load the dictionaries: \(error)") }
}()
let folder = TextFolder()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let s = folder.fold(Array(text.unicodeScalars)).scalars
    guard let tokens = try? segmenter.tokens(s, in: 0..<s.count) else { return 0 }
    var at = 0
    for t in tokens {
        guard t.range.start == at, t.range.end > t.range.start else {
            fatalError("token \(t.range) does not continue at \(at) (length \(s.count))")
        }
        at = t.range.end
    }
    guard at == s.count else { fatalError("tokens end at \(at) of \(s.count)") }
    return 0
}
