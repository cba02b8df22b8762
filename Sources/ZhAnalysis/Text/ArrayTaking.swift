extension Array {
    /// Appends `other`, taking its buffer over when this array is empty (a stage adding the first
    /// entities of a document): `append(contentsOf:)` copies every element, retaining the strings
    /// and arrays it holds, and `other` then releases them all.
    @inlinable mutating func append(taking other: consuming [Element]) {
        if isEmpty { self = other } else { append(contentsOf: other) }
    }
}
