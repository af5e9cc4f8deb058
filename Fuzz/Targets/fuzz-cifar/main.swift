// libFuzzer target: one CIFAR-10 binary batch (label byte + 3072 pixel bytes per record).
import Foundation
import FuzzSupport
import LapGAN

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? DatasetLoader.cifar10Batch(bytes, path: "fuzz/data_batch_1.bin")
    return 0
}

runFuzzer(fuzzTestOneInput)
