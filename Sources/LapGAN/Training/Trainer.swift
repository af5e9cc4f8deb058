import Foundation

/// Trains any subset of a LAPGAN's levels, each independently and all at the same time;
/// writes the CSV log, atomic checkpoints (model + optimiser state + random state) and the model file.
public final class Trainer {
    public let model: LapGAN
    public let settings: TrainingSettings
    public private(set) var levels: [LevelTrainer] = []
    /// Seconds each level has trained, over all runs of it (guarded by the round's lock while levels run).
    var seconds: [Int: Double] = [:]
    /// Where `run` writes snapshots (nil: none; ranks other than 0).
    var snapshotFolder: SnapshotFolder?
    /// The step of the last snapshot written, so that a round that ends on the same step does not write it twice.
    var lastSnapshotStep: Int?
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
            if let decay = settings.emaDecay, decay > 0, Set(distribution.leaders.values).count > 1 {
                throw DistributedError(rank: world.rank, "a weight average is not sent between rank groups: train level-parallel without one (--ema 0)")
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

    /// Trains until every level reaches `settings.steps`, `shouldStop()` says so on any rank (then a checkpoint is
    /// saved), or all diverge. One loop for one process and for N ranks (one process is a communicator of one):
    ///
    /// - A round: each level of this process trains up to `checkpointEvery` more steps (`trainRound`): at the
    ///   same time, each with a share of the cores, when they are alone in the process; one after another under
    ///   MPI, whose collectives are called from one thread.
    /// - A meeting, after each round: levels that diverged roll back to their last good state; the ranks average
    ///   their running statistics, compare parameters and receive each level's state from its leader (nothing to
    ///   do alone); then the checkpoint, the model and any due snapshot are written (by the process given paths).
    ///
    /// Rounds also end at every multiple of `snapshotEvery`, so that every rank meets at the same steps.
    ///
    /// `timeLimit` (seconds of wall time from now) ends the run when it is spent, as a stop would but with the
    /// outcome `.timeUp`; `settings.steps` still ends a level that reaches it first. With a time limit, rounds are
    /// time slices (`roundSeconds`, the last one shorter) instead of `checkpointEvery` steps, so that no level waits
    /// for a slower one at the meeting: every level trains until the slice ends, the cheap ones taking more steps.
    /// `shouldStop` and `onEvent` may be called from any level's thread (`onEvent` never from two at once).
    public func run(checkpointPath: String?, modelPath: String?, log: TrainingLogWriter?, snapshotFolder: SnapshotFolder? = nil,
                    timeLimit: TimeInterval? = nil,
                    shouldStop: @escaping () -> Bool = { false },
                    onEvent: @escaping (TrainingEvent) -> Void = { _ in }) throws -> TrainingOutcome {
        self.snapshotFolder = snapshotFolder
        let deadline = timeLimit.map { Date().addingTimeInterval(max(0, $0)) }
        let timeIsUp = { deadline.map { Date() >= $0 } ?? false }
        let stopWanted = { shouldStop() || timeIsUp() }
        let world = distribution.world, group = distribution.group
        var diverged: Set<Int> = []
        var pending: [Int: [PendingLogRow]] = [:]
        // Every rank starts from rank 0's weights and state.
        try synchronize(world: world, root: { _ in 0 }, diverged: &diverged, pending: &pending)
        pending = [:]
        onEvent(.prepared(levels: settings.levels, startSteps: Dictionary(uniqueKeysWithValues: levels.map { ($0.level, $0.step) }),
                          targetSteps: settings.steps))
        try writeSnapshotIfDue(onEvent, atStart: true)
        var lastGood = Dictionary(uniqueKeysWithValues: levels.map { ($0.level, LevelRollback($0)) })
        let mine = levels.filter { distribution.levels.contains($0.level) }
        // With several groups of ranks, a level's log rows travel to rank 0 at the meeting; else they are written at once.
        let rowsWaitForMeeting = Set(distribution.leaders.values).count > 1

        func save() throws {
            for t in levels where !diverged.contains(t.level) { lastGood[t.level] = LevelRollback(t) }
            try writeFiles(checkpointPath: checkpointPath, modelPath: modelPath)
            if let checkpointPath { onEvent(.checkpoint(path: checkpointPath)) }
        }

        var stopping = false
        while true {
            let active = mine.filter { $0.step < settings.steps && !diverged.contains($0.level) }
            // Whether any rank has levels left, asked to stop, and was asked by a signal (else the time is up):
            // every rank decides alike.
            var flags: [Double] = [active.isEmpty ? 0 : 1, stopping || stopWanted() ? 1 : 0, shouldStop() ? 1 : 0]
            try world.allreduceSum(&flags)
            if flags[1] > 0 {
                // mpirun follows its SIGTERM with SIGKILL soon: the checkpoint first.
                try writeFiles(checkpointPath: checkpointPath, modelPath: modelPath, checkpointFirst: true)
                if let checkpointPath { onEvent(.checkpoint(path: checkpointPath)) }
                return flags[2] > 0 || deadline == nil ? .interrupted : .timeUp
            }
            if flags[0] == 0 { break }
            let slice = deadline.map { min(Trainer.roundSeconds, max(0, $0.timeIntervalSinceNow)) }
            let results = try trainRound(active, log: rowsWaitForMeeting ? nil : log, keepRows: rowsWaitForMeeting,
                                         pending: &pending, timeSlice: slice,
                                         shouldStop: stopWanted, onEvent: onEvent)
            for (t, result) in zip(active, results) {
                if case .diverged(let message) = result {
                    lastGood[t.level]?.restore(t)
                    diverged.insert(t.level)
                    onEvent(.diverged(level: t.level, message: message))
                }
            }
            try Trainer.averageRunningStatistics(mine, group: group)
            try Trainer.checkDrift(mine, group: group, worldRank: world.rank)
            if rowsWaitForMeeting {
                try synchronize(world: world, root: { self.distribution.leaders[$0] ?? 0 }, diverged: &diverged, pending: &pending)
                for k in settings.levels.sorted() {
                    for r in pending[k] ?? [] { try log?.append(r) }
                }
                pending = [:]
            }
            stopping = mine.contains { $0.agreedStop }
            if !stopping {
                try save()
                try writeSnapshotIfDue(onEvent)
            }
        }
        try save()
        return diverged.isEmpty ? .finished : .diverged(diverged.sorted())
    }

    /// How long a round of a time-limited run lasts: how often its levels meet and a checkpoint is written.
    public static let roundSeconds: TimeInterval = 60
}
