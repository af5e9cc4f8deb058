import Foundation

/// The study's time: a monotonic clock in nanoseconds and a sleep, so tests can run a session on a clock they move.
public protocol StudyClock: AnyObject {
    var nowNanoseconds: UInt64 { get }
    /// Sleeps `nanoseconds` (0 or less: returns at once).
    func sleep(nanoseconds: Int64)
}
