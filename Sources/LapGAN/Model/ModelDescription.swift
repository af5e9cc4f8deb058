import Foundation

/// Everything needed to rebuild a LAPGAN's networks: stored as JSON in the `.lpg` file's metadata.
public struct ModelDescription: Codable, Equatable, Sendable {
    public static let formatVersion = 1

    public var name: String
    public var sizes: [Int]
    public var channels: Int
    public var classes: Int
    public var classNames: [String]?
    public var levels: [LevelSpec]
    public var normalization: Normalization
    public var dataset: String
    public var counters: [LevelCounters]
    public var notes: String?
    /// How the model was trained: the recipe and the choices of the run that started it (`lapgan info` shows it).
    public var recipe: String?

    public var coarsest: Int { levels.count - 1 }

    /// Bytes of the parameters the described networks hold (weights and biases of every layer, in Float),
    /// from the description alone, before anything is allocated; nil when the count overflows.
    public var parameterBytes: Int? {
        var floats = 0
        for level in levels {
            for spec in level.generator.layers + level.discriminator.layers {
                let sizes = [spec.inputs ?? 1, spec.outputs ?? 1, spec.kernel ?? 1, spec.kernel ?? 1]
                guard let w = MemoryBound.product(sizes) else { return nil }
                // Weights, plus the outputs' biases or scale and shift (and running statistics).
                let (sum, overflow) = floats.addingReportingOverflow(w + 4 * max(spec.outputs ?? 0, 0))
                if overflow { return nil }
                floats = sum
            }
        }
        return MemoryBound.product([floats], elementBytes: 4)
    }

    /// Checks that the description is self-consistent before networks are built from it.
    public func validate() throws {
        guard !levels.isEmpty, levels.count == sizes.count else {
            throw ModelError.invalid("\(levels.count) level specs for \(sizes.count) pyramid sizes")
        }
        _ = try Pyramid(sizes: sizes)
        guard channels == 1 || channels == 3 else { throw ModelError.invalid("channels must be 1 or 3, not \(channels)") }
        guard classes >= 0, classes <= 1000 else { throw ModelError.invalid("classes \(classes) out of range") }
        guard counters.count == levels.count else { throw ModelError.invalid("counters for \(counters.count) levels, expected \(levels.count)") }
        guard sizes.allSatisfy({ $0 <= 4096 }) else { throw ModelError.invalid("pyramid sizes above 4096 pixels: \(sizes)") }
        for c in counters {
            let ok = c.steps >= 0 && c.steps < 1 << 53 && c.images >= 0 && c.images < 1 << 53
                && c.epochs.isFinite && c.epochs >= 0 && c.seconds.isFinite && c.seconds >= 0 && c.seconds < 1e12
            guard ok else { throw ModelError.invalid("training counters out of range") }
        }
        for (k, level) in levels.enumerated() {
            guard level.size == sizes[k] else { throw ModelError.invalid("level \(k) size \(level.size) ≠ pyramid size \(sizes[k])") }
            let coarseOK = level.noise.mode != .coarse || (level.noise.coarseSize >= 1 && level.noise.coarseSize <= level.size)
            guard level.noise.length >= 1, level.noise.length <= 4096, coarseOK else {
                throw ModelError.invalid("level \(k): noise settings out of range")
            }
            if k == coarsest {
                guard level.noise.mode == .vector else { throw ModelError.invalid("the coarsest level's noise must be a vector") }
                guard level.generator.input == .vector, level.discriminator.input == .vector else {
                    throw ModelError.invalid("the coarsest level's networks take vectors")
                }
            } else {
                guard level.generator.input == .planes, level.discriminator.input == .planes else {
                    throw ModelError.invalid("level \(k)'s networks take image planes")
                }
            }
            for spec in level.generator.layers + level.discriminator.layers {
                try spec.validate(level: k)
            }
        }
    }
}
