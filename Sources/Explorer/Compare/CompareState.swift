import Foundation
import LapGAN
import TerminalUI

/// Two models of the same pyramid (`ModelMerge.pyramidDifference` says why not) drawing the same seeds: per level
/// both models' Ĩ_k, their difference |ΔĨ_k| (as a picture and its mean, 0–255) and each model's Δz_k (how much it
/// uses its noise, `NoiseSensitivity`, measured in the background). Re-rolling a level re-rolls it in both.
public final class CompareState {
    public let models: (a: LapGAN, b: LapGAN)
    public let names: (a: String, b: String)
    /// One seed per level, shared by both models; the class of conditional models.
    public private(set) var seeds: [UInt64]
    public let label: Int?
    public private(set) var selectedLevel = 0
    /// Per level (index k = level k): each model's Ĩ_k, the amplified difference picture and the mean |ΔĨ_k|.
    private(set) var picturesA: [PixelImage?] = [], picturesB: [PixelImage?] = [], differences: [PixelImage?] = []
    public private(set) var meanDifference: [Double] = []
    /// Δz_k of each model for the current seeds (nil while being measured).
    public private(set) var sensitivityA: [Double?], sensitivityB: [Double?]
    public let sensitivityRerolls: Int
    /// The difference picture shows |ΔĨ| times this.
    public static let differenceGain = 2

    private var samples: (a: PyramidSample, b: PyramidSample)
    private let rng: RNG
    private let background = DispatchQueue(label: "lapgan.compare.sensitivity")
    /// Δz_k of both models measured in the background, for the seeds they were measured at.
    private let sensitivityResult = BackgroundResult<(seeds: [UInt64], a: [Double], b: [Double])>()

    /// Refuses (`CompareRefusal`, naming the difference) models whose pyramids differ.
    public init(a: LapGAN, b: LapGAN, names: (a: String, b: String), seed: UInt64, sensitivityRerolls: Int = 8) throws {
        if let difference = ModelMerge.pyramidDifference(b, a) {
            throw CompareRefusal("cannot compare \(names.a) and \(names.b): \(names.b): \(difference) from \(names.a); compare models of the same pyramid (lapgan info shows it)")
        }
        models = (a, b)
        self.names = names
        seeds = LapGAN.seedSet(seed, levels: a.levelCount)
        label = a.description.classes > 0 ? 0 : nil
        rng = RNG(seed: seed &+ 0xC0DE)
        self.sensitivityRerolls = sensitivityRerolls
        sensitivityA = Array(repeating: nil, count: a.levelCount)
        sensitivityB = sensitivityA
        let labels = label.map { [$0] }
        samples = (try a.sample(seeds: [seeds], labels: labels), try b.sample(seeds: [seeds], labels: labels))
        try makePictures()
        scheduleSensitivity()
    }

    public var levelCount: Int { models.a.levelCount }

    public func selectLevel(_ k: Int) { selectedLevel = min(max(0, k), levelCount - 1) }

    /// New z_k of the selected level in both models; coarser levels stay as they are.
    public func rerollSelected() throws {
        seeds[selectedLevel] = rng.nextSeed()
        try regenerate(from: selectedLevel)
    }

    /// New noise at every level of both.
    public func rerollAll() throws {
        seeds = seeds.map { _ in rng.nextSeed() }
        try regenerate(from: levelCount - 1)
    }

    private func regenerate(from k: Int) throws {
        var a = samples.a, b = samples.b
        a.seeds[0] = seeds
        b.seeds[0] = seeds
        try models.a.regenerate(&a, from: k)
        try models.b.regenerate(&b, from: k)
        samples = (a, b)
        try makePictures()
        scheduleSensitivity()
    }

    private func makePictures() throws {
        let a = try models.a.levelImages(of: samples.a), b = try models.b.levelImages(of: samples.b)
        picturesA = a.map { PixelImage($0.image) }
        picturesB = b.map { PixelImage($0.image) }
        differences = []
        meanDifference = []
        for (x, y) in zip(a, b) {
            let p = x.image.pixels, q = y.image.pixels, c = x.image.channels
            var total = 0
            var grey = [RGB](repeating: .black, count: x.image.width * x.image.height)
            for i in grey.indices {
                var largest = 0
                for j in 0..<c {
                    let d = abs(Int(p[i * c + j]) - Int(q[i * c + j]))
                    total += d
                    largest = max(largest, d)
                }
                grey[i] = RGB(grey: UInt8(min(255, largest * CompareState.differenceGain)))
            }
            meanDifference.append(Double(total) / Double(max(1, p.count)))
            differences.append(PixelImage(width: x.image.width, height: x.image.height, pixels: grey))
        }
    }

    private func scheduleSensitivity() {
        sensitivityA = Array(repeating: nil, count: levelCount)
        sensitivityB = sensitivityA
        let base = seeds, (a, b) = models, label = self.label, n = levelCount
        // The same re-rolls for both models: a fair comparison.
        let draws = (0..<n).map { _ in (0..<sensitivityRerolls).map { _ in rng.nextSeed() } }
        let result = sensitivityResult, generation = result.request()
        background.async {
            guard let x = try? NoiseSensitivity.measure(a, seeds: base, draws: draws, label: label),
                  let y = try? NoiseSensitivity.measure(b, seeds: base, draws: draws, label: label) else { return }
            result.deliver((base, x, y), for: generation)
        }
    }

    /// Takes a finished measurement for the current seeds; true when one arrived (redraw).
    public func poll() -> Bool {
        guard let p = sensitivityResult.take(), p.seeds == seeds else { return false }
        sensitivityA = p.a
        sensitivityB = p.b
        return true
    }

    /// Waits for the background measurement (tests).
    public func waitForBackground() { background.sync {} }
}

/// Why two models cannot be compared (their pyramids differ).
public struct CompareRefusal: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
