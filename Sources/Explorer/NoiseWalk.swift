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
    var noise: Tensor { NoiseWalk.slerp(from, to, Float(phase)) }

    /// Spherical interpolation between two noise tensors of the same shape (linear when they are parallel).
    static func slerp(_ a: Tensor, _ b: Tensor, _ t: Float) -> Tensor {
        let n = min(a.count, b.count)
        let out = Tensor(zeros: a.shape)
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in 0..<n { dot += a.data[i] * b.data[i]; na += a.data[i] * a.data[i]; nb += b.data[i] * b.data[i] }
        let cosine = na > 0 && nb > 0 ? max(-1, min(1, dot / (na.squareRoot() * nb.squareRoot()))) : 1
        let omega = acos(cosine), s = sin(omega)
        let wa: Float, wb: Float
        if s < 1e-4 { wa = 1 - t; wb = t } else { wa = sin((1 - t) * omega) / s; wb = sin(t * omega) / s }
        for i in 0..<n { out.data[i] = wa * a.data[i] + wb * b.data[i] }
        return out
    }
}
