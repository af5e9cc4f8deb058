import Foundation

/// How much each level uses its noise: the mean absolute change of the final image Ĩ₀ (0–255 scale) when only
/// z_k is re-rolled and every other level keeps its noise. A level whose G ignores z_k scores 0 (seeds/002).
public enum NoiseSensitivity {
    /// For one sample (seed set `seeds`, class `label` of a conditional model, class 0 when nil — as a lone
    /// sample is drawn): level k averages over the re-rolls `draws[k]` of z_k.
    public static func measure(_ model: LapGAN, seeds: [UInt64], draws: [[UInt64]], label: Int? = nil) throws -> [Double] {
        guard seeds.count == model.levelCount, draws.count == model.levelCount else {
            throw ShapeError("noise sensitivity needs one seed and one list of re-rolls per level (\(model.levelCount))")
        }
        let label = label ?? (model.description.classes > 0 ? 0 : nil)
        func labels(_ n: Int) -> [Int]? { label.map { Array(repeating: $0, count: n) } }
        let base = try model.toDisplay(image: model.sample(seeds: [seeds], labels: labels(1)).image, level: 0)
        return try (0..<model.levelCount).map { k in
            let sets = draws[k].map { d -> [UInt64] in var s = seeds; s[k] = d; return s }
            guard !sets.isEmpty else { return 0 }
            let images = try model.toDisplay(image: model.sample(seeds: sets, labels: labels(sets.count)).image, level: 0)
            let per = base.count, b = base.data
            var total = 0.0
            for i in 0..<sets.count {
                let p = images.data + i * per
                for j in 0..<per { total += Double(abs(min(max(p[j], -1), 1) - min(max(b[j], -1), 1))) }
            }
            return total / Double(per * sets.count) * 127.5
        }
    }

    /// Per level: mean and standard error over `samples` random samples, each with `rerolls` re-rolls of every level.
    public static func average(_ model: LapGAN, samples: Int, rerolls: Int, seed: UInt64,
                               progress: ((Int, Int) -> Void)? = nil) throws -> NoiseSensitivityResult {
        guard samples > 0, rerolls > 0 else { throw ShapeError("noise sensitivity needs at least one sample and one re-roll") }
        let rng = RNG(seed: seed)
        let classes = model.description.classes
        var sums = [Double](repeating: 0, count: model.levelCount), squares = sums
        for i in 0..<samples {
            let seeds = LapGAN.seedSet(rng.nextSeed(), levels: model.levelCount)
            let draws = (0..<model.levelCount).map { _ in (0..<rerolls).map { _ in rng.nextSeed() } }
            let values = try measure(model, seeds: seeds, draws: draws, label: classes > 0 ? i % classes : nil)
            for k in values.indices { sums[k] += values[k]; squares[k] += values[k] * values[k] }
            progress?(i + 1, samples)
        }
        let n = Double(samples)
        let means = sums.map { $0 / n }
        let errors = zip(squares, means).map { sq, m in n > 1 ? (max(0, sq / n - m * m) * n / (n - 1)).squareRoot() / n.squareRoot() : 0 }
        return NoiseSensitivityResult(means: means, standardErrors: errors, samples: samples, rerolls: rerolls)
    }
}

/// Per-level noise use (index k = level k, finest first), on the 0–255 scale.
public struct NoiseSensitivityResult: Codable, Sendable {
    public var means: [Double]
    public var standardErrors: [Double]
    public var samples: Int
    public var rerolls: Int
}
