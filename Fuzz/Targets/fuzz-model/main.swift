// libFuzzer target: the .lpg model loader (safetensors header, JSON metadata, model description, tensor table).
import Foundation
import FuzzSupport
import LapGAN

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? ModelFile.decode(bytes, path: "fuzz.lpg")
    // An input that starts like JSON is also tried as the model description inside a container (the loader's
    // path: bound, validation, building the networks), which mutating the escaped JSON in a whole file rarely reaches.
    if size > 0, data[0] == UInt8(ascii: "{") {
        let json = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        let container = SafeTensors(metadata: ["format": ModelFile.format, "format_version": "1", "model": json], tensors: [])
        if let file = try? container.encoded() { _ = try? ModelFile.decode(file, path: "fuzz.lpg") }
    }
    return 0
}

// `fuzz-model --write-seeds DIR` writes the seed corpus: tiny models made by the library (Scripts/fuzz.sh seeds).
func writeSeeds(to dir: String) throws {
    func tiny(_ name: String, classes: Int, noise: NoiseSpec.Mode, normalization: Normalization.Kind) throws -> LapGAN {
        var o = Preset.Options()
        o.classes = classes
        o.noise = noise
        o.normalization = normalization
        let d = Preset.cascade(name: name, sizes: [4, 2], channels: 1, options: o, coarseHidden: (2, 2),
                               fineWidth: 1, fineKernels: (1, 1, 1), dataset: "seed")
        return try LapGAN(d, seed: 1)
    }
    try ModelFile.save(tiny("plain", classes: 0, noise: .plane, normalization: .range), to: dir + "/plain.lpg")
    try ModelFile.save(tiny("cond", classes: 2, noise: .coarse, normalization: .perPixel), to: dir + "/conditional.lpg")
    let m = try tiny("ckpt", classes: 0, noise: .vector, normalization: .range)
    let opt = m.namedTensors.prefix(1).map { (name: "opt.m." + $0.name, tensor: Tensor(zeros: $0.tensor.shape)) }
    try ModelFile.save(m, to: dir + "/checkpoint.lpg", extras: ModelFile.Extras(tensors: opt, metadata: ["trainer": "{\"step\":1}"]))
    // Descriptions alone (see fuzzTestOneInput).
    for (name, model) in [("plain", try tiny("plain", classes: 0, noise: .plane, normalization: .range)),
                          ("conditional", try tiny("cond", classes: 2, noise: .coarse, normalization: .perPixel))] {
        try Data(ModelFile.encodeDescription(model.description).utf8).write(to: URL(fileURLWithPath: dir + "/\(name).json"))
    }
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--write-seeds" {
    do { try writeSeeds(to: CommandLine.arguments[2]) } catch { print("fuzz-model: \(error)"); exit(1) }
    exit(0)
}

runFuzzer(fuzzTestOneInput)
