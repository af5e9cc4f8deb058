import Foundation

/// A Laplacian pyramid of adversarial networks: one generator G_k and discriminator D_k per level,
/// built from a `ModelDescription`, plus the data normalisation.
///
/// Shared read-only: sampling, evaluation and the explorer's background jobs only read it (each call keeps its
/// state in the call), so any number of threads may use one model at once. A trainer is its one writer, and the
/// model is not shared while it trains. That contract is what the unchecked `Sendable` rests on.
public final class LapGAN: @unchecked Sendable {
    public private(set) var description: ModelDescription
    public let pyramid: Pyramid
    public let generators: [Network]
    public let discriminators: [Network]
    /// Per-pixel mean and std of the training data on the 0–255 scale ([1, C, S, S]) for `.perPixel` normalisation.
    public var normalizationMean: Tensor?
    public var normalizationStd: Tensor?

    public init(_ description: ModelDescription, seed: UInt64 = 1) throws {
        try description.validate()
        self.description = description
        pyramid = try Pyramid(sizes: description.sizes)
        let rng = RNG(seed: seed)
        generators = try description.levels.map { try Network(spec: $0.generator, classes: description.classes, size: $0.size, rng: rng) }
        discriminators = try description.levels.map { try Network(spec: $0.discriminator, classes: description.classes, size: $0.size, rng: rng) }
        if description.normalization.kind == .perPixel {
            let shape = [1, description.channels, description.sizes[0], description.sizes[0]]
            normalizationMean = Tensor(shape: shape, repeating: 127.5)
            normalizationStd = Tensor(shape: shape, repeating: 127.5)
        }
        try checkShapes()
    }

    public var levelCount: Int { description.levels.count }
    public var coarsest: Int { description.coarsest }
    public var channels: Int { description.channels }

    public func requireLevel(_ k: Int) throws {
        guard k >= 0, k < levelCount else { throw ModelError.level(k, available: levelCount) }
    }

    /// Every stored tensor with its name in the model file ("level.1.G.0.weight", "norm.mean", …).
    public var namedTensors: [(name: String, tensor: Tensor)] {
        var out: [(String, Tensor)] = []
        for k in 0..<levelCount {
            for (role, net) in [("G", generators[k]), ("D", discriminators[k])] {
                out += net.namedParameters.map { ("level.\(k).\(role).\($0.name)", $0.parameter.value) }
            }
        }
        if let m = normalizationMean, let s = normalizationStd { out += [("norm.mean", m), ("norm.std", s)] }
        return out
    }

    public func updateCounters(level k: Int, _ update: (inout LevelCounters) -> Void) {
        update(&description.counters[k])
    }

    /// Runs one dummy forward pass per network so a description whose layer sizes do not fit fails at load time.
    func checkShapes() throws {
        let ctx = ForwardContext.inference
        for k in 0..<levelCount {
            let size = description.sizes[k], C = channels
            do {
                let gIn = try generatorInputShape(level: k, count: 1)
                let out = try generators[k].forward(Tensor(zeros: gIn), labels: nil, ctx)
                guard out.shape == [1, C, size, size] else {
                    throw ModelError.invalid("level \(k): G outputs \(out.shape), expected [1, \(C), \(size), \(size)]")
                }
                let dIn = k == coarsest ? [1, C * size * size] : [1, C, size, size]
                let logit = try discriminators[k].forward(Tensor(zeros: dIn), labels: nil, ctx)
                guard logit.count == 1 else { throw ModelError.invalid("level \(k): D outputs \(logit.shape), expected one logit") }
            } catch let e as ShapeError {
                throw ModelError.invalid("level \(k): the layers do not fit together (\(e.message))")
            }
        }
    }

    /// The shape of G_k's input (without the class part): [N, nz] at the coarsest level, else [N, C + noise planes, S, S].
    public func generatorInputShape(level k: Int, count n: Int) throws -> [Int] {
        try requireLevel(k)
        let level = description.levels[k]
        if k == coarsest { return [n, level.noise.length] }
        return [n, channels + level.noise.planes, level.size, level.size]
    }

    /// Parameter counts (trainable) of G and D per level.
    public var parameterCounts: [(generator: Int, discriminator: Int)] {
        (0..<levelCount).map { (generators[$0].parameterCount, discriminators[$0].parameterCount) }
    }

    /// Rough multiply-adds per training image of level k (G and D, forward), to share cores between levels:
    /// a conv layer counts in·out·kernel² per output pixel (the level's size over the stride), a linear layer in·out.
    public func trainingCost(level k: Int) -> Double {
        guard k >= 0, k < levelCount else { return 0 }
        let size = Double(description.sizes[k])
        var total = 0.0
        for network in [generators[k], discriminators[k]] {
            var pixels = size * size
            for layer in network.spec.layers {
                let inputs = Double(layer.inputs ?? 0), outputs = Double(layer.outputs ?? 0)
                switch layer.kind {
                case .conv:
                    let stride = Double(max(1, layer.stride ?? 1)), kernel = Double(layer.kernel ?? 1)
                    pixels /= stride * stride
                    total += inputs * outputs * kernel * kernel * pixels
                case .linear:
                    total += inputs * outputs
                default:
                    break
                }
            }
        }
        return total
    }
}
