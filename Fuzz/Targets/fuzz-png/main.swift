// libFuzzer target: PNG decoding through the libpng wrapper (CPNG), via a file as in real use.
import Foundation
import LapGAN

/// Memory-backed when possible: each input is written to a file, as the readers take paths.
let fuzzDirectory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let fuzzPath = fuzzDirectory + "/lapgan-fuzz-png-\(getpid()).png"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard writeInput(data, size, to: fuzzPath) else { return 0 }
    if let image = try? PNGFile.read(fuzzPath) {
        // The decoded image must be self-consistent.
        precondition(image.pixels.count == image.width * image.height * image.channels)
    }
    return 0
}

func writeInput(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return write(fd, data, size) == size
}

// SwiftPM links an executable's entry point itself, so libFuzzer is started from here, not from its own main.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
var fuzzArgc = CommandLine.argc
var fuzzArgv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&fuzzArgc, &fuzzArgv) { data, size in fuzzTestOneInput(data, size) })
