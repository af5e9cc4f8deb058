import LapGAN

/// What `lapgan eval --json` writes.
struct EvalReport: Codable {
    struct Seconds: Codable { var sampling, parzen, swd, noiseUse, total: Double }
    var model: String
    var data: String
    var reference: Bool
    var seed: UInt64
    var samples: Int
    var parzen: ParzenResult
    var swd: SlicedWassersteinResult?
    var noiseUse: NoiseSensitivityResult?
    var seconds: Seconds
}
