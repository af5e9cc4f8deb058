import Foundation

/// The study's time: a monotonic clock in nanoseconds and a sleep, so tests can run a session on a clock they move.
public protocol StudyClock: AnyObject {
    var nowNanoseconds: UInt64 { get }
    /// Sleeps `nanoseconds` (0 or less: returns at once).
    func sleep(nanoseconds: Int64)
}

/// The real clock: CLOCK_MONOTONIC and nanosleep.
public final class MonotonicClock: StudyClock {
    public init() {}

    public var nowNanoseconds: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public func sleep(nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        var ts = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var left = timespec()
        while nanosleep(&ts, &left) != 0 && errno == EINTR { ts = left }
    }
}
