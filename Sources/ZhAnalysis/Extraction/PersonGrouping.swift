extension PersonExtractor {
    /// Groups mentions into entities: one per full name; partial references (褚律师) are
    /// entities of their own unless exactly one full-named person with that surname appeared
    /// before them and the partial is surname + title (王书记 after 王恒泽).
    static func entities(from found: [Found], in document: Document) -> [Entity] {
        if found.isEmpty { return [] }
        var order: [String] = []
        var byName: [String: Entity] = [:]
        var roles: [String: [String]] = [:]
        var fullBySurname: [String: Set<String>] = [:]
        for f in found {
            var key = f.name
            var partial = f.kind == .partial
            if partial, let sur = f.surname, let role = f.role, !role.isEmpty, f.name.hasPrefix(sur),
               let names = fullBySurname[sur], names.count == 1, let full = names.first {
                key = full
                partial = false
            }
            let mention = Mention(range: f.range, text: document.original(f.range), sentence: document.sentenceIndex(at: f.range.start))
            if var e = byName[key] {
                e.mentions.append(mention)
                byName[key] = e
            } else {
                order.append(key)
                byName[key] = Entity(type: .person, name: key, mentions: [mention],
                                     partial: partial ? true : nil, surname: partial ? f.surname : nil)
            }
            if let r = f.role, !(roles[key]?.contains(r) ?? false) { roles[key, default: []].append(r) }
            if f.kind == .full || f.kind == .byline, let sur = f.surname ?? Self.guessSurname(f.name) {
                fullBySurname[sur, default: []].insert(f.name)
            }
        }
        return order.compactMap { key in
            guard var e = byName[key] else { return nil }
            if let r = roles[key], !r.isEmpty { e.roles = r }
            return e
        }
    }

    static func guessSurname(_ name: String) -> String? {
        name.unicodeScalars.first.map { String($0) }
    }
}
