import Foundation
import LapGAN

/// A walk through one level's noise: z_k moves along the great circle from the noise of one seed to the next
/// (spherical interpolation), a new seed taken each time it arrives, while every other level keeps its noise.
public struct NoiseWalk {
    public let level: Int
    public private(set) var fromSeed: UInt64
    public private(set) var toSeed: UInt64
    private var from: Tensor
    private var to: Tensor
    /// 0…1 along the current segment.
    public private(set) var phase: Double = 0
    /// Seconds from one seed's noise to the next.
    public var secondsPerSegment = 1.5

    init(level: Int, from a: UInt64, to b: UInt64, model: LapGAN) throws {
        self.level = level
        fromSeed = a
        toSeed = b
        from = try model.noise(level: level, seeds: [a])
        to = try model.noise(level: level, seeds: [b])
    }

    /// Moves on by `seconds`; past the end of a segment the next starts from where this one ended.
    mutating func advance(seconds: Double, model: LapGAN, nextSeed: () -> UInt64) throws {
        phase += max(0, seconds) / max(secondsPerSegment, 1e-3)
        while phase >= 1 {
            phase -= 1
            fromSeed = toSeed
            from = to
            toSeed = nextSeed()
            to = try model.noise(level: level, seeds: [toSeed])
        }
    }

    /// The noise at the current phase.
    var noise: Tensor { (try? Tensor.slerp(from, to, Float(phase))) ?? from }
}
