import CBLAS
import Dispatch

/// Splits 0..<count into at most `threads` contiguous ranges and runs them concurrently.
enum ThreadSplit {
    static func run(_ count: Int, threads: Int, _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        guard count > 0 else { return }
        let n = max(1, min(threads, count))
        if n == 1 { body(0, 0..<count); return }
        DispatchQueue.concurrentPerform(iterations: n) { w in
            let lo = count * w / n, hi = count * (w + 1) / n
            if lo < hi { body(w, lo..<hi) }
        }
    }

    /// OpenBLAS runs one thread per call; the kernels split the work themselves.
    static let singleThreadedBLAS: Void = openblas_set_num_threads(1)
}
