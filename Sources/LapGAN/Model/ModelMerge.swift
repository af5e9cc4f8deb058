import Foundation

/// Joins models whose levels were trained separately: for each level, the level (its shape and parameters)
/// of the model that trained it most. The models must share the pyramid; their levels may differ
/// (e.g. a coarse-noise level 0 with another run's level 2).
public enum ModelMerge {
    public static func sourceIndex(_ models: [LapGAN], level k: Int) -> Int {
        models.indices.max { models[$0].description.counters[k].steps < models[$1].description.counters[k].steps } ?? 0
    }

    public static func merge(_ models: [LapGAN], names: [String]) throws -> LapGAN {
        guard let first = models.first, names.count == models.count else {
            throw ModelError.invalid("merge needs one name per model and at least one model")
        }
        for (m, name) in zip(models, names) {
            if let difference = pyramidDifference(m, first) {
                throw FileError(name, "\(difference) from \(names[0]); only models of the same pyramid can be merged")
            }
        }
        let sourceOf = (0..<first.levelCount).map { sourceIndex(models, level: $0) }
        var description = first.description
        description.levels = sourceOf.enumerated().map { k, i in models[i].description.levels[k] }
        description.counters = sourceOf.enumerated().map { k, i in models[i].description.counters[k] }
        let merged = try LapGAN(description, seed: 0)
        let tensorsOf = Dictionary(uniqueKeysWithValues: Set(sourceOf).map { i in
            (i, Dictionary(models[i].namedTensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a }))
        })
        for (name, target) in merged.namedTensors {
            // Names are "level.K.…": each comes from the model that trained level K.
            guard let k = name.split(separator: ".").dropFirst().first.flatMap({ Int($0) }), sourceOf.indices.contains(k),
                  let value = tensorsOf[sourceOf[k]]?[name], value.count == target.count else {
                throw ModelError.invalid("merged tensor \(name) has no source of the expected shape")
            }
            target.data.update(from: value.data, count: value.count)
        }
        if let m = first.normalizationMean, let s = first.normalizationStd {
            merged.normalizationMean = m.copy()
            merged.normalizationStd = s.copy()
        }
        return merged
    }

    /// What keeps two models from sharing a pyramid (sizes, channels, classes, normalisation or its per-pixel
    /// statistics), said as "its … differs (A vs B)"; nil when they share it (their levels' networks may differ).
    public static func pyramidDifference(_ model: LapGAN, _ reference: LapGAN) -> String? {
        let a = model.description, b = reference.description
        func sizes(_ d: ModelDescription) -> String { d.sizes.map(String.init).joined(separator: "→") }
        if a.sizes != b.sizes { return "its pyramid sizes \(sizes(a)) differ (\(sizes(b)))" }
        if a.channels != b.channels { return "its channels (\(a.channels)) differ (\(b.channels))" }
        if a.classes != b.classes { return "its classes (\(a.classes)) differ (\(b.classes))" }
        if a.classNames != b.classNames { return "its class names differ" }
        if a.normalization != b.normalization {
            return "its normalisation (\(a.normalization.kind.rawValue)) differs (\(b.normalization.kind.rawValue))"
        }
        if !sameStatistics(model.normalizationMean, reference.normalizationMean) || !sameStatistics(model.normalizationStd, reference.normalizationStd) {
            return "its per-pixel normalisation statistics differ (trained on other data)"
        }
        return nil
    }

    private static func sameStatistics(_ a: Tensor?, _ b: Tensor?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return x.shape == y.shape && (0..<x.count).allSatisfy { abs(x.data[$0] - y.data[$0]) <= 1e-3 * max(1, abs(y.data[$0])) }
        default: return false
        }
    }
}
