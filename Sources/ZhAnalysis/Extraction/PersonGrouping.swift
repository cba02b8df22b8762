extension PersonExtractor {
    /// Groups mentions into entities: one per full name; partial references (褚律师) are
    /// entities of their own unless exactly one full-named person with that surname appeared
    /// before them and the partial is surname + title (王书记 after 王恒泽).
    static func entities(from found: [Found], in document: Document) -> [Entity] {
        if found.isEmpty { return [] }
        // Entities in order of first mention, found by name (`KeyPositions`), with the roles seen
        // next to each (added to the entity itself: a list of roles per entity beside it cost
        // an array a document, grown as entities came).
        var entities: [Entity] = []
        // Room for one entity a mention: the array is not regrown as entities come.
        entities.reserveCapacity(found.count)
        var byName = KeyPositions<String>(capacity: found.count)
        var fullBySurname: [String: Set<String>] = [:]
        // Only a partial reference with a role reads the full names by surname: without one (most
        // documents) the table is not built.
        let readsSurnames = found.indices.contains { found[$0].kind == .partial && found[$0].role != nil }
        // By index, fields read in place: `for f in found` copied each mention (three strings retained).
        for i in found.indices {
            var key = found[i].name
            let kind = found[i].kind, range = found[i].range
            var partial = kind == .partial
            if partial, let sur = found[i].surname, let role = found[i].role, !role.isEmpty, key.hasPrefix(sur),
               let names = fullBySurname[sur], names.count == 1, let full = names.first {
                key = full
                partial = false
            }
            let mention = Mention(range: range, text: document.original(range), sentence: document.sentenceIndex(at: range.start))
            let e: Int
            if let known = byName.position(of: key) {
                e = known
                entities[e].mentions.append(mention)
            } else {
                e = entities.count
                byName.append(key)
                entities.append(Entity(type: .person, name: key, mentions: [mention],
                                       partial: partial ? true : nil, surname: partial ? found[i].surname : nil))
            }
            if let r = found[i].role {
                if entities[e].roles == nil {
                    entities[e].roles = [r]
                } else if !entities[e].roles!.contains(where: { ScalarText.equal($0, r) }) {
                    entities[e].roles!.append(r)
                }
            }
            if readsSurnames, kind == .full || kind == .byline, let sur = found[i].surname ?? Self.guessSurname(found[i].name) {
                fullBySurname[sur, default: []].insert(found[i].name)
            }
        }
        return entities
    }

    static func guessSurname(_ name: String) -> String? {
        name.unicodeScalars.first.map { String($0) }
    }
}
