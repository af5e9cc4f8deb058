import Foundation

/// Animations of a sample, as frames (samples or final images): a noise walk at one level, re-rolls of one level,
/// and the same seeds through a run's snapshots. The explorer's `e` and `lapgan sample --walk/--timeline` share them.
public extension LapGAN {
    /// `sample` (its first item) with level k's noise replaced by `noise` and the finer levels generated again from
    /// it with their own noise; the coarser levels stay as they are.
    func regenerate(_ sample: PyramidSample, level k: Int, noise z: Tensor) throws -> PyramidSample {
        try requireLevel(k)
        var s = sample
        let low = k == coarsest ? nil : try pyramid.up(s.levels[k + 1].image, to: k)
        s.levels[k] = try generateLevel(k, lowpass: low, noise: z, labels: s.labels)
        for j in stride(from: k - 1, through: 0, by: -1) {
            let up = try pyramid.up(s.levels[j + 1].image, to: j)
            s.levels[j] = try generateLevel(j, lowpass: up, noise: noise(level: j, seeds: s.seeds.map { $0[j] }), labels: s.labels)
        }
        return s
    }

    /// A noise walk at level k in `frames` evenly spaced frames: z_k along great circles from the sample's own noise
    /// through the noise of each of `seeds` in turn (end with the sample's own seed for a seamless loop). The first
    /// frame is `sample` itself; `start`: the noise it was made with when that is not its seed's (a walk stopped midway).
    func walk(_ sample: PyramidSample, level k: Int, from start: Tensor? = nil, through seeds: [UInt64], frames: Int) throws -> [PyramidSample] {
        try requireLevel(k)
        guard frames >= 1, !seeds.isEmpty, let first = sample.seeds.first?[k] else { throw ShapeError("a walk needs frames and seeds") }
        let stops = try [start ?? noise(level: k, seeds: [first])] + seeds.map { try noise(level: k, seeds: [$0]) }
        return try (0..<frames).map { i in
            guard i > 0 else { return sample }
            let u = Double(i) * Double(seeds.count) / Double(frames)
            let segment = min(Int(u), seeds.count - 1)
            return try regenerate(sample, level: k, noise: Tensor.slerp(stops[segment], stops[segment + 1], Float(u - Double(segment))))
        }
    }

    /// `sample` followed by `seeds.count` re-rolls of level k (each with one of `seeds` for z_k), finer levels regenerated.
    func rerolls(_ sample: PyramidSample, level k: Int, seeds: [UInt64]) throws -> [PyramidSample] {
        try [sample] + seeds.map { try regenerate(sample, level: k, noise: noise(level: k, seeds: [$0])) }
    }
}

public extension SnapshotFolder {
    /// The final image of the sample with `seeds` (one seed per level) from every snapshot in the folder, in step
    /// order; snapshots that cannot be read or are of another pyramid than `reference` are skipped, each with a note.
    func finalImages(seeds: [UInt64], labels: [Int]?, reference: LapGAN) throws -> (frames: [(step: Int, image: RasterImage)], skipped: [String]) {
        var frames: [(step: Int, image: RasterImage)] = []
        var skipped: [String] = []
        for entry in scan() {
            let m: LapGAN
            do { m = try ModelFile.load(entry.path).model } catch {
                skipped.append("\(error)")
                continue
            }
            if let difference = ModelMerge.pyramidDifference(m, reference) {
                skipped.append("\(entry.path): \(difference) from the model's")
                continue
            }
            if let image = try m.finalImages(of: try m.sample(seeds: [seeds], labels: labels)).first { frames.append((entry.step, image)) }
        }
        return (frames, skipped)
    }
}
