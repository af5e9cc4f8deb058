import Foundation

/// Writing a run's files (model, checkpoint) and continuing a run from its checkpoint, bit for bit.
extension Trainer {
    func updateCounters() {
        for t in levels {
            model.updateCounters(level: t.level) {
                $0.steps = t.step
                $0.images = t.step * settings.batchSize
                $0.epochs = t.epoch
                $0.seconds = seconds[t.level] ?? 0
            }
        }
    }

    /// Writes the model file and the checkpoint, each atomically; the model first, so that wherever a kill lands,
    /// a checkpoint on disk has its model beside it, or the checkpoint first (a stop, which a kill may follow soon).
    public func writeFiles(checkpointPath: String?, modelPath: String?, checkpointFirst: Bool = false) throws {
        updateCounters()
        if checkpointFirst, let checkpointPath { try ModelFile.save(model, to: checkpointPath, extras: try checkpointExtras()) }
        if let modelPath { try saveModel(to: modelPath) }
        if !checkpointFirst, let checkpointPath { try ModelFile.save(model, to: checkpointPath, extras: try checkpointExtras()) }
    }

    /// The model file: sampled with each level's weight average where the run keeps one (the checkpoint keeps
    /// the weights themselves).
    private func saveModel(to path: String) throws {
        try withSamplingWeights { try ModelFile.save(model, to: path) }
    }

    /// Runs `body` with every generator holding the weights the model samples with: the weight average where
    /// the run keeps one. Only between rounds (no level thread runs).
    func withSamplingWeights<T>(_ body: () throws -> T) throws -> T {
        func swapped(_ remaining: ArraySlice<LevelTrainer>) throws -> T {
            guard let t = remaining.first else { return try body() }
            guard let average = t.average else { return try swapped(remaining.dropFirst()) }
            return try average.withAveragedWeights(of: t.G.parameters) { try swapped(remaining.dropFirst()) }
        }
        return try swapped(levels[...])
    }

    struct CheckpointState: Codable {
        struct Level: Codable {
            var level: Int
            var step: Int
            var rng: [String]
            var generatorSchedule: [String: Double]
            var discriminatorSchedule: [String: Double]
            /// Updates of G's weight average so far (nil when the run keeps none).
            var averageUpdates: Int?
        }
        var settings: TrainingSettings
        var levels: [Level]
    }

    func checkpointExtras() throws -> ModelFile.Extras {
        var tensors: [(String, Tensor)] = []
        var states: [CheckpointState.Level] = []
        for t in levels {
            for (role, opt) in [("G", t.generatorOptimizer), ("D", t.discriminatorOptimizer)] {
                for (i, slots) in opt.slots.enumerated() {
                    for (j, s) in slots.enumerated() { tensors.append(("opt.level.\(t.level).\(role).\(i).\(j)", s)) }
                }
            }
            if let average = t.average {
                for (i, v) in average.values.enumerated() { tensors.append(("opt.average.level.\(t.level).G.\(i)", v)) }
            }
            states.append(.init(level: t.level, step: t.step, rng: t.rng.stateWords.map { String($0) },
                                generatorSchedule: t.generatorOptimizer.scheduleState,
                                discriminatorSchedule: t.discriminatorOptimizer.scheduleState,
                                averageUpdates: t.average?.updates))
        }
        let json = try JSONEncoder().encode(CheckpointState(settings: settings, levels: states))
        return ModelFile.Extras(tensors: tensors, metadata: ["trainer": String(decoding: json, as: UTF8.self)])
    }

    /// A checkpoint read once from disk: the model, its optimiser tensors and the state of its run.
    public struct Checkpoint {
        public let path: String
        public let model: LapGAN
        let extras: ModelFile.Extras
        let state: CheckpointState
        /// The settings of the run that wrote it (levels, batch, optimiser, data source…).
        public var settings: TrainingSettings { state.settings }

        public static func read(_ path: String) throws -> Checkpoint {
            let (model, extras) = try ModelFile.load(path)
            guard let json = extras.metadata["trainer"],
                  let state = try? JSONDecoder().decode(CheckpointState.self, from: Data(json.utf8)) else {
                throw FileError(path, "not a checkpoint (no trainer state); resume from the .ckpt file written beside the model")
            }
            return Checkpoint(path: path, model: model, extras: extras, state: state)
        }
    }

    /// Continues a run from a checkpoint file written by `run`, bit for bit; `steps` may raise the target.
    public static func resume(checkpoint path: String, dataset: Dataset, steps: Int? = nil, epochs: Double? = nil) throws -> Trainer {
        try resume(Checkpoint.read(path), dataset: dataset, steps: steps, epochs: epochs)
    }

    /// Continues a run from a checkpoint already read. `emaDecay` starts (or changes) the weight average of a
    /// run (a run that had none starts its average at the checkpoint's weights); `snapshotEvery` replaces the run's
    /// snapshot interval (nil: keep the recorded one); `reconstruction` changes λ of the reconstruction term (to
    /// fine-tune with it); `levels` continues only some of the run's levels.
    public static func resume(_ checkpoint: Checkpoint, dataset: Dataset, steps: Int? = nil, epochs: Double? = nil,
                              emaDecay: Float? = nil, distribution: Distribution? = nil, snapshotEvery: Int? = nil,
                              reconstruction: Float? = nil, levels: [Int]? = nil) throws -> Trainer {
        let (path, model, extras, state) = (checkpoint.path, checkpoint.model, checkpoint.extras, checkpoint.state)
        var settings = state.settings
        if let emaDecay { settings.emaDecay = emaDecay > 0 ? emaDecay : nil }
        if let reconstruction { settings.reconstructionWeight = reconstruction }
        if let levels {
            let extra = levels.filter { !settings.levels.contains($0) }
            guard extra.isEmpty else {
                throw FileError(path, "the checkpoint trained levels \(settings.levels.map(String.init).joined(separator: ",")), not \(extra.map(String.init).joined(separator: ","))")
            }
            settings.levels = levels
        }
        if let snapshotEvery { settings.snapshotEvery = snapshotEvery }
        if let steps {
            settings.steps = steps
        } else if let epochs {
            settings.steps = Int((epochs * Double(dataset.count) / Double(settings.batchSize)).rounded(.up))
        }
        let trainer = try Trainer(model: model, dataset: dataset, settings: settings, distribution: distribution)
        var byName: [String: Tensor] = [:]
        for (n, t) in extras.tensors { byName[n] = t }
        for t in trainer.levels {
            guard let s = state.levels.first(where: { $0.level == t.level }),
                  let rng = RNG(stateWords: s.rng.compactMap { UInt64($0) }) else {
                throw FileError(path, "the checkpoint has no state for level \(t.level)")
            }
            t.step = s.step
            t.rng.restore(from: rng)
            for (role, opt, schedule) in [("G", t.generatorOptimizer, s.generatorSchedule), ("D", t.discriminatorOptimizer, s.discriminatorSchedule)] {
                let slots = try opt.slots.enumerated().map { i, slots in
                    try slots.indices.map { j -> Tensor in
                        guard let x = byName["opt.level.\(t.level).\(role).\(i).\(j)"] else {
                            throw FileError(path, "optimiser state opt.level.\(t.level).\(role).\(i).\(j) is missing")
                        }
                        return x
                    }
                }
                try opt.restore(schedule: schedule, slots: slots)
            }
            if let average = t.average, let updates = s.averageUpdates {
                let values = try average.values.indices.map { i -> Tensor in
                    guard let x = byName["opt.average.level.\(t.level).G.\(i)"] else {
                        throw FileError(path, "weight average opt.average.level.\(t.level).G.\(i) is missing")
                    }
                    return x
                }
                t.average = try GeneratorAverage(decay: average.decay, values: values, updates: updates, parameters: t.G.parameters)
            }
        }
        return trainer
    }
}
