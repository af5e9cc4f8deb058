import Foundation

/// One level of a generated pyramid, batched [N, C, S, S] in the model's space.
public struct LevelSample {
    /// l_k = u(Ĩ_{k+1}); nil at the coarsest level.
    public var lowpass: Tensor?
    /// h̃_k = G_k(z_k, l_k); at the coarsest level the image itself.
    public var bandpass: Tensor
    /// Ĩ_k = l_k + h̃_k.
    public var image: Tensor
}

/// A batch of samples with every level kept, and the seed of each level's noise per image.
public struct PyramidSample {
    /// seeds[i][k]: the seed of z_k for image i.
    public var seeds: [[UInt64]]
    public var labels: [Int]?
    /// Index k = level k (0 finest).
    public var levels: [LevelSample]
    public var count: Int { seeds.count }
    /// The finest image Ĩ_0.
    public var image: Tensor { levels[0].image }
}

public extension LapGAN {
    /// Noise z_k for a batch, one seed per image: uniform in [−1, 1], shaped as G_k's noise input.
    func noise(level k: Int, seeds: [UInt64]) throws -> Tensor {
        try requireLevel(k)
        let spec = description.levels[k].noise, size = description.sizes[k], n = seeds.count
        if k == coarsest {
            let z = Tensor(zeros: [n, spec.length])
            for (i, s) in seeds.enumerated() {
                let rng = RNG(seed: s), p = z.data + i * spec.length
                for j in 0..<spec.length { p[j] = rng.uniform(-1, 1) }
            }
            return z
        }
        switch spec.mode {
        case .plane:
            let z = Tensor(zeros: [n, 1, size, size])
            for (i, s) in seeds.enumerated() {
                let rng = RNG(seed: s), p = z.data + i * size * size
                for j in 0..<size * size { p[j] = rng.uniform(-1, 1) }
            }
            return z
        case .coarse:
            let c = spec.coarseSize
            let small = Tensor(zeros: [n, 1, c, c])
            for (i, s) in seeds.enumerated() {
                let rng = RNG(seed: s), p = small.data + i * c * c
                for j in 0..<c * c { p[j] = rng.uniform(-1, 1) }
            }
            return try Resample.resize(small, to: size)
        case .vector:
            let m = spec.length, plane = size * size
            let z = Tensor(zeros: [n, m, size, size])
            for (i, s) in seeds.enumerated() {
                let rng = RNG(seed: s)
                for j in 0..<m {
                    let v = rng.uniform(-1, 1)
                    (z.data + (i * m + j) * plane).update(repeating: v, count: plane)
                }
            }
            return z
        }
    }

    /// Runs G_k on a low-pass image (nil at the coarsest level) and noise, returning the level's sample.
    func generateLevel(_ k: Int, lowpass: Tensor?, noise: Tensor, labels: [Int]?, context: ForwardContext = .inference) throws -> LevelSample {
        if k == coarsest {
            let image = try generators[k].forward(noise, labels: labels, context)
            return LevelSample(lowpass: nil, bandpass: image, image: image)
        }
        guard let low = lowpass else { throw ShapeError("level \(k) needs a low-pass input") }
        let input = try Tensor.concatChannels([low, noise])
        let band = try generators[k].forward(input, labels: labels, context)
        return LevelSample(lowpass: low, bandpass: band, image: try Tensor.sum(low, band))
    }

    /// Samples a batch through every level, coarse to fine. `seeds[i]` holds one seed per level (index = level).
    func sample(seeds: [[UInt64]], labels: [Int]? = nil) throws -> PyramidSample {
        guard !seeds.isEmpty else { throw ShapeError("sample needs at least one seed set") }
        for s in seeds where s.count != levelCount {
            throw ShapeError("each seed set needs \(levelCount) seeds (one per level), got \(s.count)")
        }
        try checkLabels(labels, count: seeds.count)
        var generated: [LevelSample] = []  // coarsest first
        for k in stride(from: coarsest, through: 0, by: -1) {
            let low = try generated.last.map { try pyramid.up($0.image, to: k) }
            generated.append(try generateLevel(k, lowpass: low, noise: noise(level: k, seeds: seeds.map { $0[k] }), labels: labels))
        }
        return PyramidSample(seeds: seeds, labels: labels, levels: generated.reversed())
    }

    /// Re-rolls z_k only: levels above k are kept bit for bit, levels k…0 are recomputed with their own seeds.
    func reroll(_ sample: PyramidSample, level k: Int, seeds newSeeds: [UInt64]) throws -> PyramidSample {
        try requireLevel(k)
        guard newSeeds.count == sample.count else { throw ShapeError("\(newSeeds.count) new seeds for \(sample.count) samples") }
        var out = sample
        for i in 0..<out.count { out.seeds[i][k] = newSeeds[i] }
        try regenerate(&out, from: k)
        return out
    }

    /// Recomputes levels k…0 of a sample from its seeds, keeping levels above k.
    func regenerate(_ sample: inout PyramidSample, from k: Int) throws {
        try requireLevel(k)
        guard sample.levels.count == levelCount else { throw ShapeError("sample has \(sample.levels.count) levels, model \(levelCount)") }
        for j in stride(from: k, through: 0, by: -1) {
            let low = j == coarsest ? nil : try pyramid.up(sample.levels[j + 1].image, to: j)
            sample.levels[j] = try generateLevel(j, lowpass: low, noise: noise(level: j, seeds: sample.seeds.map { $0[j] }),
                                                 labels: sample.labels)
        }
    }

    /// Starts from given images at level k (model space, [N, C, S_k, S_k]) and generates the finer levels,
    /// as in the paper's figure that conditions on a real low-resolution image.
    func sample(startingFrom image: Tensor, level k: Int, seeds: [[UInt64]], labels: [Int]? = nil) throws -> PyramidSample {
        try requireLevel(k)
        let size = description.sizes[k]
        try image.requireShape([seeds.count, channels, size, size], "starting image for level \(k)")
        try checkLabels(labels, count: seeds.count)
        var levels = [LevelSample]()
        for j in 0..<levelCount where j >= k {
            let img = j == k ? image.copy() : try Resample.resize(image, to: description.sizes[j])
            levels.append(LevelSample(lowpass: nil, bandpass: img, image: img))
        }
        var sample = PyramidSample(seeds: seeds, labels: labels,
                                   levels: [LevelSample](repeating: levels[0], count: k) + levels)
        if k > 0 { try regenerate(&sample, from: k - 1) }
        return sample
    }

    private func checkLabels(_ labels: [Int]?, count: Int) throws {
        guard let labels else { return }
        guard description.classes > 0 else {
            if let l = labels.first { throw ModelError.label(l, classes: 0) }
            return
        }
        guard labels.count == count else { throw ShapeError("\(labels.count) labels for \(count) samples") }
        for l in labels where l < 0 || l >= description.classes { throw ModelError.label(l, classes: description.classes) }
    }

    /// Per-level seeds derived from one number, so `--seed S` names a sample.
    static func seedSet(_ seed: UInt64, levels: Int) -> [UInt64] {
        let rng = RNG(seed: seed)
        return (0..<levels).map { _ in rng.nextSeed() }
    }

    func seedSets(count: Int, seed: UInt64) -> [[UInt64]] {
        let rng = RNG(seed: seed)
        return (0..<count).map { _ in LapGAN.seedSet(rng.nextSeed(), levels: levelCount) }
    }
}
