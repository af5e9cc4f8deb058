import CBLAS
import Dispatch

/// Splits 0..<count into at most `threads` contiguous ranges and runs them concurrently.
enum ThreadSplit {
    static func run(_ count: Int, threads: Int, _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        DisjointRanges.run(count, parts: threads, body)
    }

    /// OpenBLAS runs one thread per call; the kernels split the work themselves.
    static let singleThreadedBLAS: Void = openblas_set_num_threads(1)
}
