import Foundation
import Synchronization

/// Reads a pipe to its end on a thread of its own, so a child's stdout and stderr drain at the same time and
/// neither fills up; `wait` returns everything read.
public final class PipeReader: Sendable {
    private let data = Mutex<Data>(Data())
    private let done = DispatchSemaphore(value: 0)

    public init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            data.withLock { $0 = all }
            done.signal()
        }
    }

    /// Everything the pipe carried, once its writer closed it.
    public func wait() -> Data {
        done.wait()
        done.signal()  // a later call returns at once
        return data.withLock { $0 }
    }
}
