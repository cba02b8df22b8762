extension Array {
    /// `count` copies of `value`: what `Array(repeating:count:)` gives, at less cost where arrays
    /// are made per document. That initializer allocates through a generic entry point of the
    /// standard library, which looks the array's type metadata up in the runtime's cache on every
    /// call (a few hundred instructions: more than filling a 60-character document's table);
    /// copying a `repeatElement` collection allocates in code specialised for `Element`.
    @inlinable static func filled(_ value: Element, count: Int) -> [Element] {
        Array(repeatElement(value, count: count))
    }
}

extension Array {
    /// Room for `extra` more elements before a run of appends, growing by doubling as appending
    /// would, and reserved even when it already fits: the appends that follow then check the
    /// array's uniqueness once, not once each.
    @inlinable mutating func reserveForAppending(_ extra: Int) {
        let needed = count + extra
        reserveCapacity(needed > capacity ? Swift.max(needed, 2 * capacity) : needed)
    }
}
