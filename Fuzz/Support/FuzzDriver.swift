// What every fuzz target shares: starting libFuzzer, and handing an input to a reader that takes a path.
import Foundation

// SwiftPM links an executable's entry point itself, so libFuzzer is started from the target's main code.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// Runs libFuzzer with the process's arguments, calling `testOneInput` (the target's LLVMFuzzerTestOneInput) on
/// every input; exits with libFuzzer's status.
public func runFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
}

/// A per-process file for inputs of readers that take paths, in memory (/dev/shm) where there is one.
public func fuzzInputPath(_ name: String) -> String {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return directory + "/lapgan-fuzz-\(name)-\(getpid())"
}

/// Writes (or appends) `size` bytes at `data` to `path`; false when it could not.
public func writeFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String, append: Bool = false) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return size == 0 || write(fd, data, size) == size
}
