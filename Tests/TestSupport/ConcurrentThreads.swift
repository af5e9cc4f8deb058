import Foundation

/// Runs `count` bodies at once, each on a thread of its own with a 16 MB stack (thread-ranks of a collective,
/// which must not wait on a pool that runs them one after another), and returns their results in order.
public enum ConcurrentThreads {
    public static func run<Result>(_ count: Int, _ body: @escaping (Int) throws -> Result) -> [Swift.Result<Result, Error>] {
        let results = Slots<Swift.Result<Result, Error>>(count: count)
        let work = UncheckedBody(body: body)
        let done = DispatchGroup()
        for index in 0..<count {
            done.enter()
            let thread = Thread {
                results.set(index, Swift.Result { try work.body(index) })
                done.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        return results.values.map { $0 ?? .failure(CancellationError()) }
    }

    /// The body, shared by the threads: each call gets its own index and writes only its own slot.
    private struct UncheckedBody<Result>: @unchecked Sendable {
        let body: (Int) throws -> Result
    }

    /// One result per thread, behind a lock.
    private final class Slots<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Value?]
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Value) { lock.withLock { stored[i] = value } }
        var values: [Value?] { lock.withLock { stored } }
    }
}
