import Foundation

/// How lapgan splits loops over the machine's cores.
public enum Parallel {
    nonisolated(unsafe) private static var _workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// Number of worker threads used by layers and pyramids (default: the number of cores, at most 8).
    public static var workers: Int {
        get { _workers }
        set { _workers = max(1, newValue); BLAS.setThreads(1) }
    }

    /// Runs `body(worker, range)` on contiguous ranges splitting 0..<count over the workers.
    /// Work below `minimumPerWorker` items stays on one thread.
    public static func split(_ count: Int, minimumPerWorker: Int = 1, _ body: (Int, Range<Int>) -> Void) {
        guard count > 0 else { return }
        let n = max(1, min(workers, count / max(1, minimumPerWorker)))
        if n == 1 { body(0, 0..<count); return }
        DispatchQueue.concurrentPerform(iterations: n) { w in
            let lo = count * w / n, hi = count * (w + 1) / n
            if lo < hi { body(w, lo..<hi) }
        }
    }

    /// How many chunks `split` would use for `count` items.
    public static func chunkCount(_ count: Int, minimumPerWorker: Int = 1) -> Int {
        max(1, min(workers, count / max(1, minimumPerWorker)))
    }
}
