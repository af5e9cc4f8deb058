import Foundation

/// Joins models whose levels were trained separately: for each level, the level (its shape and parameters)
/// of the model that trained it most. The models must share the pyramid; their levels may differ
/// (e.g. a coarse-noise level 0 with another run's level 2).
public enum ModelMerge {
    public static func sourceIndex(_ models: [LapGAN], level k: Int) -> Int {
        models.indices.max { models[$0].description.counters[k].steps < models[$1].description.counters[k].steps } ?? 0
    }

    public static func merge(_ models: [LapGAN], names: [String]) throws -> LapGAN {
        guard let first = models.first else { throw ModelError.invalid("nothing to merge") }
        func pyramid(_ d: ModelDescription) -> [String] {
            ["\(d.sizes)", "\(d.channels)", "\(d.classes)", "\(d.normalization.kind)"]
        }
        for (m, name) in zip(models, names) where pyramid(m.description) != pyramid(first.description) {
            throw FileError(name, "its pyramid (sizes, channels, classes or normalisation) differs from \(names[0]); "
                + "only models of the same pyramid can be merged")
        }
        let sources = (0..<first.levelCount).map { models[sourceIndex(models, level: $0)] }
        var description = first.description
        description.levels = sources.enumerated().map { k, source in source.description.levels[k] }
        description.counters = sources.enumerated().map { k, source in source.description.counters[k] }
        let merged = try LapGAN(description, seed: 0)
        for (k, source) in sources.enumerated() {
            let prefix = "level.\(k)."
            let values = Dictionary(source.namedTensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            for (name, target) in merged.namedTensors where name.hasPrefix(prefix) {
                guard let value = values[name], value.count == target.count else {
                    throw FileError(names[models.firstIndex { $0 === source } ?? 0], "has no tensor \(name) of the expected shape")
                }
                target.data.update(from: value.data, count: value.count)
            }
        }
        if let m = first.normalizationMean, let s = first.normalizationStd {
            merged.normalizationMean = m.copy()
            merged.normalizationStd = s.copy()
        }
        return merged
    }
}
