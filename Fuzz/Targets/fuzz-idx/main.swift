// libFuzzer target: IDX and IDX.gz (the reader detects gzip by its magic bytes), via a file as in real use.
import Foundation
import FuzzSupport
import LapGAN

let fuzzPath = fuzzInputPath("idx") + ".idx"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard writeFuzzInput(data, size, to: fuzzPath) else { return 0 }
    if let array = try? IDXFile.read(fuzzPath) {
        precondition(array.bytes.count == array.dims.reduce(1, *))
    }
    return 0
}

runFuzzer(fuzzTestOneInput)
