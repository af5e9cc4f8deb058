// libFuzzer target: the training-log CSV reader. The input is parsed from memory (TrainingLog.parse) and, as the
// explorer reads a growing log, from a file written in two parts with reloadIfChanged after each.
import Foundation
import LapGAN

/// Memory-backed when possible.
let fuzzDirectory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let fuzzPath = fuzzDirectory + "/lapgan-fuzz-log-\(getpid()).csv"

func writeInput(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String, append: Bool) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return size == 0 || write(fd, data, size) == size
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let parsed = TrainingLog.parse(text, name: "fuzz.csv")
    for series in parsed.levels { _ = parsed.series(level: series.level) }

    // The same bytes as a file that grows: first part, reload, the rest appended, reload.
    let cut = size / 2
    guard writeInput(data, cut, to: fuzzPath, append: false) else { return 0 }
    let log = TrainingLog(path: fuzzPath)
    log.reload()
    guard writeInput(data + cut, size - cut, to: fuzzPath, append: true) else { return 0 }
    log.reloadIfChanged()
    _ = log.isEmpty
    return 0
}

// SwiftPM links an executable's entry point itself, so libFuzzer is started from here, not from its own main.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
var fuzzArgc = CommandLine.argc
var fuzzArgv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&fuzzArgc, &fuzzArgv) { data, size in fuzzTestOneInput(data, size) })
