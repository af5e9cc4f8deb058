import Foundation

/// Ready-made model descriptions: the paper's shapes and the small models lapgan ships.
public enum Preset: String, CaseIterable, Sendable {
    /// Fashion-MNIST, 28×28 gray, pyramid [28, 14, 7], narrow conv levels (the default model).
    case fashion
    /// The paper's CIFAR-10 shapes (eyescream): 32×32 colour, [32, 16, 8], conv 7×7 → 64 levels, FC 1200/600 coarsest.
    case cifar
    /// LSUN-like: 64×64 colour, five levels [64, 32, 16, 8, 4], batch norm and dropout in G only.
    case lsun
    /// Colour emoji at 32×32, [32, 16, 8], narrow widths.
    case emoji
    /// A plain single-scale conv GAN at 28×28 gray with about the fashion LAPGAN's parameter count (the baseline).
    case gan

    public struct Options: Sendable {
        public var noise: NoiseSpec.Mode = .plane
        public var classes: Int = 0
        public var sizes: [Int]?
        public var width: Int?
        public var normalization: Normalization.Kind = .range
        public init() {}
    }

    public func description(_ options: Options = Options()) throws -> ModelDescription {
        let d: ModelDescription
        switch self {
        case .fashion:
            d = Self.cascade(name: "fashion", sizes: options.sizes ?? [28, 14, 7], channels: 1, options: options,
                             coarseHidden: (512, 600), fineWidth: options.width ?? 32, fineKernels: (5, 5, 5), dataset: "fashion-mnist")
        case .cifar:
            d = Self.cascade(name: "cifar", sizes: options.sizes ?? [32, 16, 8], channels: 3, options: options,
                             coarseHidden: (1200, 600), fineWidth: options.width ?? 64, fineKernels: (7, 7, 5), dataset: "cifar-10")
        case .emoji:
            d = Self.cascade(name: "emoji", sizes: options.sizes ?? [32, 16, 8], channels: 3, options: options,
                             coarseHidden: (600, 600), fineWidth: options.width ?? 48, fineKernels: (5, 5, 5), dataset: "emoji")
        case .lsun:
            d = Self.lsun(options)
        case .gan:
            d = Self.plainGAN(options)
        }
        try d.validate()
        return d
    }

    static func noise(_ mode: NoiseSpec.Mode, size: Int) -> NoiseSpec {
        switch mode {
        case .plane: return NoiseSpec(mode: .plane)
        case .coarse: return NoiseSpec(mode: .coarse, coarseSize: max(2, size / 4))
        case .vector: return NoiseSpec(mode: .vector, length: 4)
        }
    }

    /// Coarsest level: fully connected G (2 hidden layers) and D (2 hidden layers with dropout).
    static func coarseLevel(size: Int, channels: Int, classes: Int, hidden: (g: Int, d: Int), outputTanh: Bool) -> LevelSpec {
        let pixels = channels * size * size, z = 100
        var g: [LayerSpec] = [.linear(z + classes, hidden.g), .relu, .linear(hidden.g, hidden.g), .relu, .linear(hidden.g, pixels)]
        if outputTanh { g.append(.tanh) }
        g.append(.reshape([channels, size, size]))
        let d: [LayerSpec] = [.linear(pixels + classes, hidden.d), .relu, .dropout(0.5),
                              .linear(hidden.d, hidden.d), .relu, .dropout(0.5), .linear(hidden.d, 1)]
        return LevelSpec(size: size, noise: NoiseSpec(mode: .vector, length: z),
                         generator: NetworkSpec(input: .vector, layers: g),
                         discriminator: NetworkSpec(input: .vector, layers: d))
    }

    /// A conditional level as in eyescream: G = 3 convs ("same"), D = 5×5 valid, 5×5 stride 2, dropout, linear.
    static func fineLevel(size: Int, channels: Int, classes: Int, noise: NoiseSpec, width: Int,
                          kernels: (Int, Int, Int), batchNorm: Bool = false) -> LevelSpec {
        let classPlane = classes > 0 ? 1 : 0
        let gIn = channels + noise.planes + classPlane
        var g: [LayerSpec] = [.conv(gIn, width, kernel: kernels.0)]
        if batchNorm { g.append(.batchNorm(width)) }
        g += [.relu, .conv(width, width, kernel: kernels.1)]
        if batchNorm { g += [.batchNorm(width)] }
        g += [.relu]
        if batchNorm { g += [.dropout(0.5)] }
        g += [.conv(width, channels, kernel: kernels.2)]
        // Valid convolutions as in eyescream; levels too small for two valid 5×5 convolutions pad instead.
        let k = 5, padding: Padding = size >= 2 * k - 1 ? .valid : .explicit(k / 2)
        let s1 = size + 2 * padding.amount(kernel: k) - k + 1, s2 = (s1 + 2 * padding.amount(kernel: k) - k) / 2 + 1
        let d: [LayerSpec] = [.conv(channels + classPlane, width, kernel: k, padding: padding), .relu,
                              .conv(width, width, kernel: k, stride: 2, padding: padding), .relu, .dropout(0.5),
                              .reshape([width * s2 * s2]), .linear(width * s2 * s2, 1)]
        return LevelSpec(size: size, noise: noise, generator: NetworkSpec(input: .planes, layers: g),
                         discriminator: NetworkSpec(input: .planes, layers: d))
    }

    /// A cascade of any pyramid: an MLP with `coarseHidden` units at the coarsest size, three conv layers of `fineWidth`
    /// channels and `fineKernels` sizes at each finer level (what the presets and the tests build on).
    public static func cascade(name: String, sizes: [Int], channels: Int, options: Options, coarseHidden: (Int, Int),
                               fineWidth: Int, fineKernels: (Int, Int, Int), dataset: String) -> ModelDescription {
        let K = sizes.count - 1
        let levels = sizes.enumerated().map { k, size in
            k == K
                ? coarseLevel(size: size, channels: channels, classes: options.classes, hidden: coarseHidden,
                              outputTanh: options.normalization == .range)
                : fineLevel(size: size, channels: channels, classes: options.classes,
                            noise: noise(options.noise, size: size), width: fineWidth, kernels: fineKernels)
        }
        return ModelDescription(name: name, sizes: sizes, channels: channels, classes: options.classes, classNames: nil,
                                levels: levels, normalization: Normalization(kind: options.normalization),
                                dataset: dataset, counters: levels.map { _ in LevelCounters() }, notes: nil)
    }

    static func lsun(_ options: Options) -> ModelDescription {
        let sizes = options.sizes ?? [64, 32, 16, 8, 4]
        let K = sizes.count - 1, width = options.width ?? 64
        let levels = sizes.enumerated().map { k, size -> LevelSpec in
            if k == K {
                return coarseLevel(size: size, channels: 3, classes: options.classes, hidden: (600, 600),
                                   outputTanh: options.normalization == .range)
            }
            var level = fineLevel(size: size, channels: 3, classes: options.classes, noise: noise(options.noise, size: size),
                                  width: width, kernels: (7, 7, 7), batchNorm: true)
            // LSUN's G has five layers.
            let bnWidth = width
            var g = Array(level.generator.layers.dropLast())
            g += [.conv(bnWidth, bnWidth, kernel: 7), .batchNorm(bnWidth), .relu, .conv(bnWidth, bnWidth, kernel: 7),
                  .batchNorm(bnWidth), .relu, .conv(bnWidth, 3, kernel: 7)]
            level.generator.layers = g
            // D: three conv layers, no batch norm.
            let s1 = size - 4, s2 = (s1 - 5) / 2 + 1, s3 = (s2 - 5) / 2 + 1
            if s3 >= 1 {
                let classPlane = options.classes > 0 ? 1 : 0
                level.discriminator.layers = [.conv(3 + classPlane, width, kernel: 5, padding: .valid), .relu,
                                              .conv(width, width, kernel: 5, stride: 2, padding: .valid), .relu,
                                              .conv(width, width, kernel: 5, stride: 2, padding: .valid), .relu, .dropout(0.5),
                                              .reshape([width * s3 * s3]), .linear(width * s3 * s3, 1)]
            }
            return level
        }
        return ModelDescription(name: "lsun", sizes: sizes, channels: 3, classes: options.classes, classNames: nil, levels: levels,
                                normalization: Normalization(kind: options.normalization), dataset: "lsun",
                                counters: levels.map { _ in LevelCounters() }, notes: nil)
    }

    /// One level at 28×28: G = linear → 64×7×7 → up 2 → conv → up 2 → conv; D = convs on the image.
    static func plainGAN(_ options: Options) -> ModelDescription {
        let size = options.sizes?.first ?? 28, w = options.width ?? 32, q = size / 4
        var g: [LayerSpec] = [.linear(100, 2 * w * q * q), .relu, .reshape([2 * w, q, q]), .upsample(2),
                              .conv(2 * w, w, kernel: 5), .relu, .upsample(2), .conv(w, w, kernel: 5), .relu,
                              .conv(w, 1, kernel: 5)]
        if options.normalization == .range { g.append(.tanh) }
        let s1 = size - 4, s2 = (s1 - 5) / 2 + 1
        let d: [LayerSpec] = [.reshape([1, size, size]), .conv(1, w, kernel: 5, padding: .valid), .relu,
                              .conv(w, w, kernel: 5, stride: 2, padding: .valid), .relu, .dropout(0.5),
                              .reshape([w * s2 * s2]), .linear(w * s2 * s2, 1)]
        let level = LevelSpec(size: size, noise: NoiseSpec(mode: .vector, length: 100),
                              generator: NetworkSpec(input: .vector, layers: g),
                              discriminator: NetworkSpec(input: .vector, layers: d))
        return ModelDescription(name: "gan", sizes: [size], channels: 1, classes: 0, classNames: nil, levels: [level],
                                normalization: Normalization(kind: options.normalization), dataset: "fashion-mnist",
                                counters: [LevelCounters()], notes: nil)
    }
}
