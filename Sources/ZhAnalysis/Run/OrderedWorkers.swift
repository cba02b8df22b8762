import Foundation

/// Runs `work` on the items `0..<count` on `jobs` threads and hands each result to `emit` in
/// item order, on the calling thread. At most `window` items are claimed ahead of the one
/// being emitted, so memory stays bounded however many items there are. When `emit` throws,
/// the workers stop after their current item and the error is rethrown once they have.
/// With `jobs` 1 every item is worked and emitted on the calling thread, one after the other.
func orderedWorkers<Result>(count: Int, jobs: Int, window: Int,
                            work: @escaping @Sendable (Int) -> Result,
                            emit: (Result) throws -> Void) rethrows {
    if jobs <= 1 || count <= 1 {
        for k in 0..<count { try emit(work(k)) }
        return
    }
    let state = OrderedWorkState<Result>(count: count, window: max(1, window))
    for _ in 0..<min(jobs, count) {
        state.running += 1
        let thread = Thread { state.workerLoop(work) }
        thread.stackSize = 16 << 20
        thread.start()
    }
    for k in 0..<count {
        let result = state.take(k)
        do {
            try emit(result)
        } catch {
            state.stopAndWait()
            throw error
        }
    }
    state.stopAndWait()
}

private final class OrderedWorkState<Result>: @unchecked Sendable {
    let count: Int
    let window: Int
    let condition = NSCondition()
    var results: [Int: Result] = [:]
    var nextClaim = 0
    var nextEmit = 0
    var stopped = false
    var running = 0

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    func workerLoop(_ work: (Int) -> Result) {
        while true {
            condition.lock()
            while !stopped && nextClaim < count && nextClaim >= nextEmit + window { condition.wait() }
            if stopped || nextClaim >= count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let k = nextClaim
            nextClaim += 1
            condition.unlock()
            let result = work(k)
            condition.lock()
            results[k] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for item `k`'s result and lets the workers claim one more.
    func take(_ k: Int) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = results.removeValue(forKey: k) {
                nextEmit = k + 1
                condition.broadcast()
                return result
            }
            condition.wait()
        }
    }

    func stopAndWait() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
