import Foundation

/// One layer of a network, as stored in the model file's metadata.
public struct LayerSpec: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case linear, conv, relu, leakyRelu, tanh, sigmoid, dropout, batchNorm, reshape, upsample
    }
    public var kind: Kind
    public var inputs: Int?
    public var outputs: Int?
    public var kernel: Int?
    public var stride: Int?
    public var padding: Padding?
    public var value: Float?
    public var shape: [Int]?

    public init(_ kind: Kind) { self.kind = kind }

    public static func linear(_ inputs: Int, _ outputs: Int) -> LayerSpec {
        var s = LayerSpec(.linear); s.inputs = inputs; s.outputs = outputs; return s
    }
    public static func conv(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Padding = .same) -> LayerSpec {
        var s = LayerSpec(.conv); s.inputs = inputs; s.outputs = outputs; s.kernel = kernel; s.stride = stride; s.padding = padding; return s
    }
    public static let relu = LayerSpec(.relu)
    public static let tanh = LayerSpec(.tanh)
    public static let sigmoid = LayerSpec(.sigmoid)
    public static func leakyRelu(_ slope: Float = 0.2) -> LayerSpec { var s = LayerSpec(.leakyRelu); s.value = slope; return s }
    public static func dropout(_ p: Float) -> LayerSpec { var s = LayerSpec(.dropout); s.value = p; return s }
    public static func batchNorm(_ channels: Int) -> LayerSpec { var s = LayerSpec(.batchNorm); s.outputs = channels; return s }
    public static func reshape(_ shape: [Int]) -> LayerSpec { var s = LayerSpec(.reshape); s.shape = shape; return s }
    public static func upsample(_ factor: Int) -> LayerSpec { var s = LayerSpec(.upsample); s.value = Float(factor); return s }
}

extension LayerSpec {
    /// Bounds that keep a layer buildable: sizes, kernel, and the memory its weights and outputs need.
    func validate(level k: Int) throws {
        func fail(_ what: String) -> ModelError { .invalid("level \(k): \(kind) layer \(what)") }
        for v in [inputs, outputs].compactMap({ $0 }) where v < 1 || v > 1 << 16 { throw fail("has a size \(v) out of range 1…65536") }
        for v in [kernel, stride].compactMap({ $0 }) where v < 1 || v > 64 { throw fail("has a kernel or stride \(v) out of range 1…64") }
        if let v = value, !v.isFinite { throw fail("has a non-finite value") }
        if case .explicit(let p)? = padding, p < 0 || p > 64 { throw fail("has padding \(p) out of range 0…64") }
        let weights = (inputs ?? 1) * (outputs ?? 1) * (kernel ?? 1) * (kernel ?? 1)
        if weights > 1 << 26 { throw fail("has \(weights) weights (at most \(1 << 26))") }
        switch kind {
        case .upsample:
            guard let v = value, v >= 1, v <= 16, v == v.rounded() else { throw fail("needs a whole factor 1…16") }
        case .reshape:
            var product = 1
            for d in shape ?? [] {
                let (m, overflow) = product.multipliedReportingOverflow(by: d)
                guard d > 0, !overflow, m <= 1 << 24 else { throw fail("has a shape too large or not positive") }
                product = m
            }
        case .dropout:
            if let v = value, v < 0 || v >= 1 { throw fail("needs a probability in [0, 1)") }
        default: break
        }
    }
}

/// How a level draws its noise z_k.
public struct NoiseSpec: Codable, Equatable, Sendable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// A vector of `length` values (the coarsest level's z_K; at finer levels, broadcast to `length` constant planes).
        case vector
        /// One full-resolution plane (the paper's "4th colour plane").
        case plane
        /// One plane of `coarseSize`² values expanded with u() to the level's size (lower entropy).
        case coarse
    }
    public var mode: Mode
    public var length: Int = 1
    public var coarseSize: Int = 4

    public init(mode: Mode, length: Int = 1, coarseSize: Int = 4) {
        self.mode = mode
        self.length = length
        self.coarseSize = coarseSize
    }

    /// Number of noise values drawn per image.
    public func valueCount(size: Int) -> Int {
        switch mode {
        case .vector: return length
        case .plane: return size * size
        case .coarse: return coarseSize * coarseSize
        }
    }

    /// Number of input planes the noise adds at a conditional level.
    public var planes: Int { mode == .vector ? length : 1 }
}

/// A network of a level: how its input is formed and its layers.
public struct NetworkSpec: Codable, Equatable, Sendable {
    public enum Input: String, Codable, Sendable {
        /// [N, features]: the noise vector (G_K) or the flattened image (D_K); a class one-hot is appended.
        case vector
        /// [N, planes, S, S]: image, low-pass and noise planes; a class becomes one extra plane via a linear layer.
        case planes
    }
    public var input: Input
    public var layers: [LayerSpec]
    public init(input: Input, layers: [LayerSpec]) {
        self.input = input
        self.layers = layers
    }
}

/// One level of the pyramid: its size, noise and networks.
public struct LevelSpec: Codable, Equatable, Sendable {
    public var size: Int
    public var noise: NoiseSpec
    public var generator: NetworkSpec
    public var discriminator: NetworkSpec
}

/// How raw 0–255 pixels map to the model's space.
public struct Normalization: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// x / 127.5 − 1: every pixel in [−1, 1].
        case range
        /// Per-pixel standardisation as the released code does: (x − mean_p) / std_p over the training set
        /// (std floored at `minimumStd`), computed on raw 0–255 values; mean and std are stored as tensors.
        case perPixel
    }
    public var kind: Kind
    public var minimumStd: Float = 8
    public init(kind: Kind) { self.kind = kind }
}

/// Training counters of one level, kept in the model file.
public struct LevelCounters: Codable, Equatable, Sendable {
    public var steps: Int = 0
    public var images: Int = 0
    public var epochs: Double = 0
    public var seconds: Double = 0
    public init() {}
}

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

    public var coarsest: Int { levels.count - 1 }

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

/// Problems with a model description or with using a model.
public enum ModelError: Error, CustomStringConvertible {
    case invalid(String)
    case level(Int, available: Int)
    case label(Int, classes: Int)

    public var description: String {
        switch self {
        case .invalid(let s): return "invalid model description: \(s)"
        case .level(let k, let n): return "level \(k) does not exist: the model has levels 0…\(n - 1)"
        case .label(let l, let c): return c == 0 ? "the model is not class-conditional; drop the class label \(l)" : "class \(l) out of range 0…\(c - 1)"
        }
    }
}
