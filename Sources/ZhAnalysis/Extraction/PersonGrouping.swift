extension PersonExtractor {
    /// Groups mentions into entities: one per full name; partial references (褚律师) are
    /// entities of their own unless exactly one full-named person with that surname appeared
    /// before them and the partial is surname + title (王书记 after 王恒泽).
    static func entities(from found: [Found], in document: Document) -> [Entity] {
        if found.isEmpty { return [] }
        // Entities in order of first mention, found by name (`KeyPositions`), with the roles seen
        // next to each.
        var entities: [Entity] = []
        // Room for one entity a mention: the array is not regrown as entities come.
        entities.reserveCapacity(found.count)
        var byName = KeyPositions<String>(capacity: found.count)
        var roles: [[String]] = []
        var fullBySurname: [String: Set<String>] = [:]
        // Only a partial reference with a role reads the full names by surname: without one (most
        // documents) the table is not built.
        let readsSurnames = found.contains { $0.kind == .partial && $0.role != nil }
        for f in found {
            var key = f.name
            var partial = f.kind == .partial
            if partial, let sur = f.surname, let role = f.role, !role.isEmpty, f.name.hasPrefix(sur),
               let names = fullBySurname[sur], names.count == 1, let full = names.first {
                key = full
                partial = false
            }
            let mention = Mention(range: f.range, text: document.original(f.range), sentence: document.sentenceIndex(at: f.range.start))
            let e: Int
            if let known = byName.position(of: key) {
                e = known
                entities[e].mentions.append(mention)
            } else {
                e = entities.count
                byName.append(key)
                entities.append(Entity(type: .person, name: key, mentions: [mention],
                                       partial: partial ? true : nil, surname: partial ? f.surname : nil))
                roles.append([])
            }
            if let r = f.role, !roles[e].contains(r) { roles[e].append(r) }
            if readsSurnames, f.kind == .full || f.kind == .byline, let sur = f.surname ?? Self.guessSurname(f.name) {
                fullBySurname[sur, default: []].insert(f.name)
            }
        }
        for e in entities.indices where !roles[e].isEmpty { entities[e].roles = roles[e] }
        return entities
    }

    static func guessSurname(_ name: String) -> String? {
        name.unicodeScalars.first.map { String($0) }
    }
}
