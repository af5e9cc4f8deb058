import Foundation

/// Raw Float32 storage shared by tensors that are reshaped views of one another.
final class TensorStorage {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// Storage whose every element the caller writes before reading (debug builds fill it with NaN so a kernel
    /// that leaves an element unwritten shows up in the tests).
    init(uninitializedCount count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        #if DEBUG
        pointer.initialize(repeating: .nan, count: max(count, 1))
        #endif
    }

    deinit { pointer.deallocate() }
}
