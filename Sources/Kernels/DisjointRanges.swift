import Dispatch

/// Runs a body over at most `parts` contiguous, disjoint ranges of 0..<count on several threads at once: the one
/// place where lapgan's kernels cross threads. The body may capture raw pointers (not `Sendable`); it is safe
/// because each call writes only the elements of its own range (the callers' contract, stated at each use), and
/// `run` returns only after every call has finished.
public enum DisjointRanges {
    public static func run(_ count: Int, parts: Int, _ body: (_ part: Int, _ range: Range<Int>) -> Void) {
        guard count > 0 else { return }
        let n = max(1, min(parts, count))
        if n == 1 { body(0, 0..<count); return }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBody(body)
            DispatchQueue.concurrentPerform(iterations: n) { w in
                let lo = count * w / n, hi = count * (w + 1) / n
                if lo < hi { shared.body(w, lo..<hi) }
            }
        }
    }

    /// The body, handed to the worker threads (see the type's comment for why that is safe).
    private struct UncheckedBody: @unchecked Sendable {
        let body: (Int, Range<Int>) -> Void
        init(_ body: @escaping (Int, Range<Int>) -> Void) { self.body = body }
    }
}
