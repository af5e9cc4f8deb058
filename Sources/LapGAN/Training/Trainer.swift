import Foundation

/// Trains any subset of a LAPGAN's levels, each independently and all at the same time;
/// writes the CSV log, atomic checkpoints (model + optimiser state + random state) and the model file.
public final class Trainer {
    public let model: LapGAN
    public let settings: TrainingSettings
    public private(set) var levels: [LevelTrainer] = []
    private var seconds: [Int: Double] = [:]
    private var snapshots: [Int: LevelSnapshot] = [:]
    /// How this process shares the run with others (one process alone unless the CLI runs under `mpirun`).
    public let distribution: Distribution

    public init(model: LapGAN, dataset: Dataset, settings: TrainingSettings, distribution: Distribution? = nil) throws {
        self.model = model
        let distribution = distribution ?? .single(levels: settings.levels)
        self.distribution = distribution
        var settings = settings
        // Recorded in the checkpoint; a resume with another N (one process included) records its own.
        let multiple = distribution.world.size > 1
        settings.ranks = multiple ? distribution.world.size : nil
        settings.levelParallel = multiple ? distribution.group.size < distribution.world.size : nil
        self.settings = settings
        let d = model.description
        guard !settings.levels.isEmpty else { throw TrainingError.mismatch("no levels to train") }
        for k in settings.levels { try model.requireLevel(k) }
        guard Set(settings.levels).count == settings.levels.count else { throw TrainingError.mismatch("--levels lists a level twice") }
        guard settings.batchSize >= 2, settings.batchSize <= 65536 else { throw TrainingError.mismatch("batch size must be 2…65536") }
        guard dataset.size == d.sizes[0], dataset.channels == d.channels else {
            throw TrainingError.mismatch("the data set \(dataset.name) has \(dataset.size)×\(dataset.size)×\(dataset.channels) images but the model \(d.name) needs \(d.sizes[0])×\(d.sizes[0])×\(d.channels)")
        }
        if d.classes > 0 && dataset.labels == nil {
            throw TrainingError.mismatch("the model is class-conditional but the data set \(dataset.name) has no labels")
        }
        let (world, group) = (distribution.world, distribution.group)
        if world.size > 1 {
            guard dataset.count >= world.size else {
                throw DistributedError(rank: world.rank, "\(world.size) ranks but only \(dataset.count) examples: use at most \(dataset.count) ranks")
            }
            guard settings.batchSize / 2 >= group.size else {
                throw DistributedError(rank: world.rank, "--batch \(settings.batchSize) is too small for \(group.size) ranks training the same levels: each needs at least one real and one generated image (--batch ≥ \(2 * group.size))")
            }
            guard Set(distribution.levels).isSubset(of: settings.levels), Set(distribution.leaders.keys) == Set(settings.levels) else {
                throw DistributedError(rank: world.rank, "the ranks' levels do not cover the run's levels \(settings.levels)")
            }
        }
        let untrained = d.counters.allSatisfy { $0.steps == 0 }
        if untrained { try model.fitNormalization(raw: dataset.images) }
        let modelSpace = try model.toModelSpace(raw: dataset.images)
        let labels = d.classes > 0 ? dataset.labels : nil
        for k in settings.levels {
            let data = try LevelData(model: model, modelSpace: modelSpace, labels: labels, level: k)
            let rng = RNG(seed: settings.seed &+ UInt64(k) &* 0x9E37_79B9)
            let trainer = LevelTrainer(model: model, level: k, data: data, settings: settings, rng: rng,
                                       step: d.counters[k].steps)
            if distribution.levels.contains(k) { trainer.communicator = group }
            if let decay = settings.emaDecay, decay > 0 {
                trainer.average = GeneratorAverage(decay: decay, parameters: model.generators[k].parameters)
            }
            levels.append(trainer)
            seconds[k] = d.counters[k].seconds
        }
    }

    // MARK: running

    /// Trains until every level reaches `settings.steps`, `shouldStop()` says so (then a checkpoint is saved), or all diverge.
    /// The levels train at the same time, each on a thread of its own with a share of the cores by its cost
    /// (`workerBudgets`); they meet every `checkpointEvery` steps to write a checkpoint, and at every multiple of
    /// `snapshotEvery` to write a snapshot of the generators into `snapshotFolder` (nil: none written; the rounds
    /// still end there, so that every rank of a distributed run meets at the same steps).
    /// `shouldStop` and `onEvent` may be called from any level's thread (`onEvent` never from two at once).
    public func run(checkpointPath: String?, modelPath: String?, log: TrainingLogWriter?, snapshotFolder: SnapshotFolder? = nil,
                    shouldStop: @escaping () -> Bool = { false },
                    onEvent: @escaping (TrainingEvent) -> Void = { _ in }) throws -> TrainingOutcome {
        self.snapshotFolder = snapshotFolder
        if distribution.world.size > 1 {
            return try runDistributed(checkpointPath: checkpointPath, modelPath: modelPath, log: log, shouldStop: shouldStop, onEvent: onEvent)
        }
        onEvent(.prepared(levels: settings.levels, startSteps: Dictionary(uniqueKeysWithValues: levels.map { ($0.level, $0.step) }),
                          targetSteps: settings.steps))
        try writeSnapshotIfDue(onEvent, atStart: true)
        for t in levels { snapshots[t.level] = LevelSnapshot(t) }
        var active = levels.filter { $0.step < settings.steps }
        var diverged: [Int] = []

        func save() throws {
            for t in levels where !diverged.contains(t.level) { snapshots[t.level] = LevelSnapshot(t) }
            try writeFiles(checkpointPath: checkpointPath, modelPath: modelPath)
            if let checkpointPath { onEvent(.checkpoint(path: checkpointPath)) }
        }

        while !active.isEmpty {
            if shouldStop() {
                try save()
                return .interrupted
            }
            let results = try trainRound(active, steps: max(1, settings.checkpointEvery), log: log,
                                         shouldStop: shouldStop, onEvent: onEvent)
            for (t, result) in zip(active, results) {
                if case .diverged(let message) = result {
                    snapshots[t.level]?.restore(t)
                    diverged.append(t.level)
                    onEvent(.diverged(level: t.level, message: message))
                }
            }
            active.removeAll { $0.step >= settings.steps || diverged.contains($0.level) }
            if !shouldStop() {
                try save()
                try writeSnapshotIfDue(onEvent)
            }
        }
        try save()
        return diverged.isEmpty ? .finished : .diverged(diverged)
    }

    /// One round's per-level work, handed to the level threads (see `trainRound` for what guards its state).
    private struct LevelWork: @unchecked Sendable {
        let run: (Int) -> Void
    }

    /// How a level's part of a round ended.
    private enum RoundResult {
        case done
        case diverged(String)
    }

    /// Runs each level up to `steps` more steps (to its target at most), all levels at the same time, each with
    /// its share of the cores; returns when all have stopped. Errors other than divergence are rethrown.
    private func trainRound(_ active: [LevelTrainer], steps: Int, log: TrainingLogWriter?,
                            shouldStop: @escaping () -> Bool, onEvent: @escaping (TrainingEvent) -> Void) throws -> [RoundResult] {
        let budgets = Trainer.workerBudgets(costs: active.map { model.trainingCost(level: $0.level) }, cores: Parallel.workers)
        let shared = NSLock()
        var results = [RoundResult](repeating: .done, count: active.count)
        var failure: Error?
        let target = settings.steps, logEvery = max(1, settings.logEvery), batch = settings.batchSize

        func trainLevel(_ index: Int) {
            let t = active[index]
            let end = min(target, t.step + steps, nextSnapshotStep(after: t.step))
            var interval = (metrics: StepMetrics(), seconds: 0.0)
            // A level that failed stops the others at their next step: the round ends and the error is thrown.
            while t.step < end && !shouldStop() && shared.withLock({ failure == nil }) {
                let started = Date()
                let m: StepMetrics
                do {
                    m = try t.iteration()
                } catch let error as TrainingError {
                    shared.withLock {
                        if case .diverged = error { results[index] = .diverged(error.description) } else { failure = failure ?? error }
                    }
                    return
                } catch {
                    shared.withLock { failure = failure ?? error }
                    return
                }
                let spent = Date().timeIntervalSince(started)
                interval.metrics.add(m)
                interval.seconds += spent
                shared.withLock {
                    seconds[t.level, default: 0] += spent
                    onEvent(.step(level: t.level, step: t.step, metrics: m))
                }
                if t.step % logEvery == 0 || t.step >= target {
                    let rate = Double(interval.metrics.count * batch) / max(interval.seconds, 1e-9)
                    let mean = interval.metrics.mean
                    do {
                        try shared.withLock {
                            try log?.append(level: t.level, step: t.step, epoch: t.epoch, metrics: mean,
                                            learningRate: t.generatorOptimizer.learningRate, imagesPerSecond: rate)
                            onEvent(.logged(level: t.level, step: t.step, epoch: t.epoch, metrics: mean, imagesPerSecond: rate))
                        }
                    } catch {
                        shared.withLock { failure = failure ?? error }
                        return
                    }
                    interval = (StepMetrics(), 0)
                }
            }
        }

        if active.count == 1 {
            Parallel.withWorkers(budgets[0]) { trainLevel(0) }
        } else {
            let group = DispatchGroup()
            // Each thread touches only its own level; what they share (results, failure, seconds, the log and
            // the event callback) is behind `shared`.
            let work = LevelWork(run: trainLevel)
            for index in active.indices {
                group.enter()
                let thread = Thread {
                    Parallel.withWorkers(budgets[index]) { work.run(index) }
                    group.leave()
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
            group.wait()
        }
        if let failure { throw failure }
        return results
    }

    /// Shares `cores` worker threads among jobs in proportion to their costs, at least one each (a cheap job
    /// still needs a thread; the system time-slices the surplus).
    public static func workerBudgets(costs: [Double], cores: Int) -> [Int] {
        let total = costs.reduce(0, +)
        guard total > 0 else { return costs.map { _ in max(1, cores / max(1, costs.count)) } }
        return costs.map { max(1, Int((Double(cores) * $0 / total).rounded())) }
    }

    func secondsSpent(level k: Int) -> Double { seconds[k] ?? 0 }
    func setSeconds(level k: Int, _ value: Double) { seconds[k] = value }

    /// `run` with several ranks: each rank trains its levels (`distribution.levels`) one after another on this
    /// thread (so that MPI is called from one thread only, and every rank makes its collectives in the same order),
    /// data-parallel within its group; every `checkpointEvery` steps all ranks meet: running statistics averaged,
    /// parameters compared across the group, each level's state sent from its leader, and rank 0 writes the log rows,
    /// the checkpoint and the model (the caller passes nil paths and no log elsewhere).
    private func runDistributed(checkpointPath: String?, modelPath: String?, log: TrainingLogWriter?,
                                shouldStop: @escaping () -> Bool, onEvent: @escaping (TrainingEvent) -> Void) throws -> TrainingOutcome {
        let world = distribution.world, group = distribution.group
        var diverged: Set<Int> = []
        var pending: [Int: [PendingLogRow]] = [:]
        // Every rank starts from rank 0's weights and state.
        try synchronize(world: world, root: { _ in 0 }, diverged: &diverged, pending: &pending)
        pending = [:]
        onEvent(.prepared(levels: settings.levels, startSteps: Dictionary(uniqueKeysWithValues: levels.map { ($0.level, $0.step) }),
                          targetSteps: settings.steps))
        try writeSnapshotIfDue(onEvent, atStart: true)
        for t in levels { snapshots[t.level] = LevelSnapshot(t) }
        let mine = levels.filter { distribution.levels.contains($0.level) }
        let multipleGroups = Set(distribution.leaders.values).count > 1

        func save() throws {
            for t in levels where !diverged.contains(t.level) { snapshots[t.level] = LevelSnapshot(t) }
            try writeFiles(checkpointPath: checkpointPath, modelPath: modelPath)
            if let checkpointPath { onEvent(.checkpoint(path: checkpointPath)) }
        }

        var stopping = false
        while true {
            let active = mine.filter { $0.step < settings.steps && !diverged.contains($0.level) }
            var flags: [Double] = [active.isEmpty ? 0 : 1, stopping || shouldStop() ? 1 : 0]
            try world.allreduceSum(&flags)
            if flags[1] > 0 {
                // mpirun follows its SIGTERM with SIGKILL soon (odls_base_sigkill_timeout): the checkpoint first.
                updateCounters()
                if let checkpointPath {
                    try ModelFile.save(model, to: checkpointPath, extras: try checkpointExtras())
                    onEvent(.checkpoint(path: checkpointPath))
                }
                if let modelPath { try saveModel(to: modelPath) }
                return .interrupted
            }
            if flags[0] == 0 { break }
            let logEvery = max(1, settings.logEvery)
            for t in active {
                let end = min(settings.steps, t.step + max(1, settings.checkpointEvery), nextSnapshotStep(after: t.step))
                var interval = (metrics: StepMetrics(), seconds: 0.0)
                do {
                    try Parallel.withWorkers(Parallel.workers) {
                        while t.step < end {
                            let started = Date()
                            let m = try t.iteration(stopRequested: shouldStop())
                            let spent = Date().timeIntervalSince(started)
                            interval.metrics.add(m)
                            interval.seconds += spent
                            seconds[t.level, default: 0] += spent
                            onEvent(.step(level: t.level, step: t.step, metrics: m))
                            if t.step % logEvery == 0 || t.step >= settings.steps {
                                let rate = Double(interval.metrics.count * settings.batchSize) / max(interval.seconds, 1e-9)
                                let mean = interval.metrics.mean
                                pending[t.level, default: []].append(PendingLogRow(
                                    level: t.level, step: t.step, epoch: t.epoch, dLoss: mean.dLoss, gLoss: mean.gLoss,
                                    dReal: mean.dReal, dFake: mean.dFake, reconstruction: mean.reconstruction,
                                    learningRate: t.generatorOptimizer.learningRate, imagesPerSecond: rate))
                                if !multipleGroups {
                                    // Rank 0 trains every level: its rows go to the log at once.
                                    for r in pending[t.level] ?? [] {
                                        try log?.append(level: r.level, step: r.step, epoch: r.epoch, metrics: r.metrics,
                                                        learningRate: r.learningRate, imagesPerSecond: r.imagesPerSecond)
                                    }
                                    pending[t.level] = nil
                                }
                                onEvent(.logged(level: t.level, step: t.step, epoch: t.epoch, metrics: mean, imagesPerSecond: rate))
                                interval = (StepMetrics(), 0)
                            }
                            if t.agreedStop { break }
                        }
                    }
                } catch let error as TrainingError {
                    guard case .diverged = error else { throw error }
                    snapshots[t.level]?.restore(t)
                    diverged.insert(t.level)
                    onEvent(.diverged(level: t.level, message: error.description))
                }
                if t.agreedStop { break }
            }
            try Trainer.averageRunningStatistics(mine, group: group)
            try Trainer.checkDrift(mine, group: group, worldRank: world.rank)
            if multipleGroups {
                try synchronize(world: world, root: { self.distribution.leaders[$0] ?? 0 }, diverged: &diverged, pending: &pending)
            }
            for k in settings.levels.sorted() {
                for r in pending[k] ?? [] {
                    try log?.append(level: r.level, step: r.step, epoch: r.epoch, metrics: r.metrics,
                                    learningRate: r.learningRate, imagesPerSecond: r.imagesPerSecond)
                }
            }
            pending = [:]
            stopping = mine.contains { $0.agreedStop }
            if !stopping {
                try save()
                try writeSnapshotIfDue(onEvent)
            }
        }
        try save()
        return diverged.isEmpty ? .finished : .diverged(diverged.sorted())
    }

    // MARK: files

    /// Where `run` writes snapshots (nil: none; ranks other than 0).
    private var snapshotFolder: SnapshotFolder?
    /// The step of the last snapshot written, so that a round that ends on the same step does not write it twice.
    private var lastSnapshotStep: Int?

    /// The first multiple of `snapshotEvery` after `step` (Int.max when there are no snapshots): a round ends there.
    func nextSnapshotStep(after step: Int) -> Int {
        guard let n = settings.snapshotEvery, n > 0 else { return Int.max }
        return (step / n + 1) * n
    }

    /// Writes the snapshot when the levels stand at a multiple of `snapshotEvery` (the step 0 of a fresh run too).
    /// Trained together, all levels reach it in the same round; a model whose levels stand at different steps
    /// is named by the furthest level, and each level's own step is in the file's counters and in index.csv.
    /// At the start of a resumed run, the snapshot of its step is already there.
    private func writeSnapshotIfDue(_ onEvent: (TrainingEvent) -> Void, atStart: Bool = false) throws {
        guard let folder = snapshotFolder, let n = settings.snapshotEvery, n > 0,
              let step = levels.map(\.step).max(), step % n == 0, step != lastSnapshotStep else { return }
        if atStart && FileManager.default.fileExists(atPath: (folder.path as NSString).appendingPathComponent(SnapshotFolder.fileName(step: step))) {
            lastSnapshotStep = step
            return
        }
        updateCounters()
        let path = try withSamplingWeights { try folder.write(model, step: step) }
        lastSnapshotStep = step
        onEvent(.snapshot(path: path, step: step))
    }

    private func updateCounters() {
        for t in levels {
            model.updateCounters(level: t.level) {
                $0.steps = t.step
                $0.images = t.step * settings.batchSize
                $0.epochs = t.epoch
                $0.seconds = seconds[t.level] ?? 0
            }
        }
    }

    /// Writes the model file and the checkpoint, each atomically.
    public func writeFiles(checkpointPath: String?, modelPath: String?) throws {
        updateCounters()
        if let modelPath { try saveModel(to: modelPath) }
        if let checkpointPath { try ModelFile.save(model, to: checkpointPath, extras: try checkpointExtras()) }
    }

    /// The model file: sampled with each level's weight average where the run keeps one (the checkpoint keeps
    /// the weights themselves).
    private func saveModel(to path: String) throws {
        try withSamplingWeights { try ModelFile.save(model, to: path) }
    }

    /// Runs `body` with every generator holding the weights the model samples with: the weight average where
    /// the run keeps one. Only between rounds (no level thread runs).
    private func withSamplingWeights<T>(_ body: () throws -> T) throws -> T {
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

/// A copy of one level's trainable state, to roll back to when the level diverges.
struct LevelSnapshot {
    let values: [Tensor]
    let slots: [Tensor]
    let step: Int
    let rng: [UInt64]
    let schedules: ([String: Double], [String: Double])
    let average: (values: [Tensor], updates: Int)?

    init(_ t: LevelTrainer) {
        average = t.average.map { ($0.values.map { $0.copy() }, $0.updates) }
        values = (t.G.parameters + t.D.parameters).map { $0.value.copy() }
        slots = (t.generatorOptimizer.slots + t.discriminatorOptimizer.slots).flatMap { $0 }.map { $0.copy() }
        step = t.step
        rng = t.rng.stateWords
        schedules = (t.generatorOptimizer.scheduleState, t.discriminatorOptimizer.scheduleState)
    }

    func restore(_ t: LevelTrainer) {
        for (p, v) in zip(t.G.parameters + t.D.parameters, values) { p.value.data.update(from: v.data, count: v.count) }
        let live = (t.generatorOptimizer.slots + t.discriminatorOptimizer.slots).flatMap { $0 }
        for (s, v) in zip(live, slots) { s.data.update(from: v.data, count: v.count) }
        t.step = step
        if let r = RNG(stateWords: rng) { t.rng.restore(from: r) }
        let g = t.generatorOptimizer.slots, d = t.discriminatorOptimizer.slots
        try? t.generatorOptimizer.restore(schedule: schedules.0, slots: g)
        try? t.discriminatorOptimizer.restore(schedule: schedules.1, slots: d)
        if let average, let live = t.average {
            for (a, v) in zip(live.values, average.values) { a.data.update(from: v.data, count: v.count) }
            live.updates = average.updates
        }
    }
}
