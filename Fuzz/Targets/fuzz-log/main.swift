// libFuzzer target: the training-log CSV reader. The input is parsed from memory (TrainingLog.parse) and, as the
// explorer reads a growing log, from a file written in two parts with reloadIfChanged after each.
import Foundation
import FuzzSupport
import LapGAN

let fuzzPath = fuzzInputPath("log") + ".csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let parsed = TrainingLog.parse(text, name: "fuzz.csv")
    for series in parsed.levels { _ = parsed.series(level: series.level) }

    // The same bytes as a file that grows: first part, reload, the rest appended, reload.
    let cut = size / 2
    guard writeFuzzInput(data, cut, to: fuzzPath, append: false) else { return 0 }
    let log = TrainingLog(path: fuzzPath)
    log.reload()
    guard writeFuzzInput(data + cut, size - cut, to: fuzzPath, append: true) else { return 0 }
    log.reloadIfChanged()
    _ = log.isEmpty
    return 0
}

runFuzzer(fuzzTestOneInput)
