// libFuzzer target: PNG decoding through the libpng wrapper (CPNG), via a file as in real use.
import Foundation
import FuzzSupport
import LapGAN

let fuzzPath = fuzzInputPath("png") + ".png"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard writeFuzzInput(data, size, to: fuzzPath) else { return 0 }
    if let image = try? PNGFile.read(fuzzPath) {
        // The decoded image must be self-consistent.
        precondition(image.pixels.count == image.width * image.height * image.channels)
    }
    return 0
}

runFuzzer(fuzzTestOneInput)
