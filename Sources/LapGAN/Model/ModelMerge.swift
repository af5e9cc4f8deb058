import Foundation

/// Joins models whose levels were trained separately: for each level, the parameters of the model that trained it most.
public enum ModelMerge {
    public static func sourceIndex(_ models: [LapGAN], level k: Int) -> Int {
        models.indices.max { models[$0].description.counters[k].steps < models[$1].description.counters[k].steps } ?? 0
    }

    public static func merge(_ models: [LapGAN], names: [String]) throws -> LapGAN {
        guard let first = models.first else { throw ModelError.invalid("nothing to merge") }
        func shape(_ d: ModelDescription) -> ModelDescription {
            var s = d
            s.counters = []
            s.notes = nil
            s.dataset = ""
            return s
        }
        for (m, name) in zip(models, names) where shape(m.description) != shape(first.description) {
            throw FileError(name, "its description differs from \(names[0]); only models of the same shape can be merged")
        }
        let merged = try LapGAN(first.description, seed: 0)
        let targets = merged.namedTensors
        for k in 0..<merged.levelCount {
            let source = models[sourceIndex(models, level: k)]
            let prefix = "level.\(k)."
            for ((name, target), (_, value)) in zip(targets, source.namedTensors) where name.hasPrefix(prefix) {
                target.data.update(from: value.data, count: value.count)
            }
            merged.updateCounters(level: k) { $0 = source.description.counters[k] }
        }
        if let m = first.normalizationMean, let s = first.normalizationStd {
            merged.normalizationMean = m.copy()
            merged.normalizationStd = s.copy()
        }
        return merged
    }
}
