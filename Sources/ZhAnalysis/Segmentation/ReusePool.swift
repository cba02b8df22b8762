import Synchronization

/// Values handed out to one caller at a time and given back for the next (work arrays of a
/// stage shared by every thread of a run). `take` gives nil when none is free; `put` keeps a
/// value only when `keep` accepts it and fewer than `limit` are kept.
final class ReusePool<Value: Sendable>: Sendable {
    private let free = Mutex<[Value]>([])
    private let keep: @Sendable (Value) -> Bool
    private let limit: Int

    init(limit: Int = 64, keep: @escaping @Sendable (Value) -> Bool = { _ in true }) {
        self.limit = limit
        self.keep = keep
    }

    func take() -> Value? { free.withLock { $0.popLast() } }

    func put(_ value: Value) {
        guard keep(value) else { return }
        free.withLock { if $0.count < limit { $0.append(value) } }
    }
}
