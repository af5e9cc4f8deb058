import Foundation
import Kernels

/// How lapgan splits loops over the machine's cores.
public enum Parallel {
    /// The machine's cores, at most 8: the workers of a thread that was given no budget.
    public static let defaultWorkers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    private static let budgetKey = "lapgan.Parallel.workers"

    /// Number of worker threads a split on this thread uses: the thread's budget (see `withWorkers`) if it has
    /// one, else `defaultWorkers`. There is no process-wide setting: a command that takes `--threads` runs its
    /// work inside `withWorkers`.
    public static var workers: Int { (Thread.current.threadDictionary[budgetKey] as? Int) ?? defaultWorkers }

    /// Runs `body` with splits on the calling thread limited to `count` workers, so several jobs (e.g. levels
    /// trained at the same time) can share the cores without each taking all of them.
    public static func withWorkers<Result>(_ count: Int, _ body: () throws -> Result) rethrows -> Result {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[budgetKey]
        dictionary[budgetKey] = max(1, count)
        defer { dictionary[budgetKey] = previous }
        return try body()
    }

    /// Runs `body(worker, range)` on contiguous ranges splitting 0..<count over the workers.
    /// Work below `minimumPerWorker` items stays on one thread.
    public static func split(_ count: Int, minimumPerWorker: Int = 1, _ body: (Int, Range<Int>) -> Void) {
        guard count > 0 else { return }
        DisjointRanges.run(count, parts: max(1, min(workers, count / max(1, minimumPerWorker))), body)
    }

    /// How many chunks `split` would use for `count` items.
    public static func chunkCount(_ count: Int, minimumPerWorker: Int = 1) -> Int {
        max(1, min(workers, count / max(1, minimumPerWorker)))
    }
}
