import Foundation

/// Float buffers lent to one call for its scratch space and given back when it ends, so the steady state of
/// training allocates nothing. Shared by every layer and thread; a buffer is only ever used by one call.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()

    private var free: [UnsafeMutableBufferPointer<Float>] = []
    private let lock = NSLock()
    /// Floats kept for reuse (1 GiB); beyond this the smallest buffers are released.
    private let keepFloats = 1 << 28

    /// Runs `body` with a buffer of at least `count` floats (contents undefined).
    func with<Result>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> Result) rethrows -> Result {
        let buffer = borrow(count)
        defer { giveBack(buffer) }
        // A pool buffer is never empty: allocate(capacity:) below asks for at least one float.
        return try body(buffer.baseAddress ?? UnsafeMutablePointer<Float>.allocate(capacity: 1))
    }

    private func borrow(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        lock.lock()
        // The smallest free buffer that fits and is not more than twice the request (a small call must not hold
        // a large buffer that a concurrent large call then has to allocate again).
        var best: Int?
        for (i, b) in free.enumerated() where b.count >= count && b.count <= 2 * max(count, 1024) {
            if best.map({ free[$0].count > b.count }) ?? true { best = i }
        }
        if let i = best {
            let b = free.remove(at: i)
            lock.unlock()
            return b
        }
        lock.unlock()
        return UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
    }

    private func giveBack(_ buffer: UnsafeMutableBufferPointer<Float>) {
        lock.lock()
        free.append(buffer)
        var released: [UnsafeMutableBufferPointer<Float>] = []
        var kept = free.reduce(0) { $0 + $1.count }
        if kept > keepFloats {
            free.sort { $0.count > $1.count }
            while kept > keepFloats, let smallest = free.popLast() {
                kept -= smallest.count
                released.append(smallest)
            }
        }
        lock.unlock()
        for b in released { b.deallocate() }
    }
}
