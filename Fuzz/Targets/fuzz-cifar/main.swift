// libFuzzer target: one CIFAR-10 binary batch (label byte + 3072 pixel bytes per record).
import Foundation
import LapGAN

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? DatasetLoader.cifar10Batch(bytes, path: "fuzz/data_batch_1.bin")
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
