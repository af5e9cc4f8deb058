import Foundation
import LapGAN

/// A tiny model description for fast tests: pyramid [8, 4], narrow layers.
public func tinyDescription(noise: NoiseSpec.Mode = .plane, classes: Int = 0, channels: Int = 1,
                     normalization: Normalization.Kind = .range) -> ModelDescription {
    var o = Preset.Options()
    o.noise = noise
    o.classes = classes
    o.normalization = normalization
    return Preset.cascade(name: "tiny", sizes: [8, 4], channels: channels, options: o, coarseHidden: (16, 16),
                          fineWidth: 4, fineKernels: (3, 3, 3), dataset: "test")
}

/// A fresh directory under the system's temporary directory; the caller removes it.
public func temporaryDirectory(_ name: String) throws -> String {
    let dir = NSTemporaryDirectory() + "lapgan-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A three-level model (pyramid [12, 6, 3]) small enough for interactive tests.
public func tinyThreeLevelModel(name: String = "tiny", channels: Int = 1, seed: UInt64 = 3) throws -> LapGAN {
    let d = Preset.cascade(name: name, sizes: [12, 6, 3], channels: channels, options: Preset.Options(), coarseHidden: (16, 16),
                           fineWidth: 4, fineKernels: (3, 3, 3), dataset: "test")
    return try LapGAN(d, seed: seed)
}
