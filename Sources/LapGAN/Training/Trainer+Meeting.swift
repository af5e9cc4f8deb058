import Foundation

/// A log row: written at once, or sent to rank 0 at the meeting when another group of ranks trained its level.
struct PendingLogRow: Codable {
    var level: Int
    var step: Int
    var epoch: Double
    var dLoss, gLoss, dReal, dFake, reconstruction: Double
    var learningRate: Float
    var imagesPerSecond: Double

    init(level: Int, step: Int, epoch: Double, metrics m: StepMetrics, learningRate: Float, imagesPerSecond: Double) {
        self.level = level
        self.step = step
        self.epoch = epoch
        (dLoss, gLoss, dReal, dFake, reconstruction) = (m.dLoss, m.gLoss, m.dReal, m.dFake, m.reconstruction)
        self.learningRate = learningRate
        self.imagesPerSecond = imagesPerSecond
    }

    var metrics: StepMetrics {
        StepMetrics(dLoss: dLoss, gLoss: gLoss, dReal: dReal, dFake: dFake, reconstruction: reconstruction, count: 1)
    }
}

extension TrainingLogWriter {
    func append(_ row: PendingLogRow) throws {
        try append(level: row.level, step: row.step, epoch: row.epoch, metrics: row.metrics,
                   learningRate: row.learningRate, imagesPerSecond: row.imagesPerSecond)
    }
}

/// What a level's leader sends the other ranks at a checkpoint: everything but the tensors.
struct LevelSyncState: Codable {
    var step: Int
    var rng: [UInt64]
    var generatorSchedule: [String: Double]
    var discriminatorSchedule: [String: Double]
    var seconds: Double
    var diverged: Bool
    var rows: [PendingLogRow]
}

/// The meeting after each round, where the ranks of a multi-process run agree on each level's state (all of it
/// does nothing in one process).
extension Trainer {
    /// The tensors that make up a level's training state: parameters (running statistics included) and optimiser slots.
    static func stateTensors(_ t: LevelTrainer) -> [Tensor] {
        (t.G.parameters + t.D.parameters).map(\.value)
            + (t.generatorOptimizer.slots + t.discriminatorOptimizer.slots).flatMap { $0 }
    }

    /// Gives every rank the state of each level as its leader (`root(level)`) has it; returns the levels that diverged.
    func synchronize(world: Communicator, root: (Int) -> Int, diverged: inout Set<Int>, pending: inout [Int: [PendingLogRow]]) throws {
        for t in levels {
            let from = root(t.level)
            var json = Data()
            if world.rank == from {
                let state = LevelSyncState(step: t.step, rng: t.rng.stateWords, generatorSchedule: t.generatorOptimizer.scheduleState,
                                           discriminatorSchedule: t.discriminatorOptimizer.scheduleState,
                                           seconds: seconds[t.level] ?? 0, diverged: diverged.contains(t.level),
                                           rows: pending[t.level] ?? [])
                json = try JSONEncoder().encode(state)
            }
            try world.broadcast(&json, root: from)
            try world.broadcast(Trainer.stateTensors(t), root: from)
            guard world.rank != from else { continue }
            let state: LevelSyncState
            do { state = try JSONDecoder().decode(LevelSyncState.self, from: json) } catch {
                throw DistributedError(rank: world.rank, "unreadable state of level \(t.level) from rank \(from): \(error)")
            }
            t.step = state.step
            if let r = RNG(stateWords: state.rng) { t.rng.restore(from: r) }
            try t.generatorOptimizer.restore(schedule: state.generatorSchedule, slots: t.generatorOptimizer.slots)
            try t.discriminatorOptimizer.restore(schedule: state.discriminatorSchedule, slots: t.discriminatorOptimizer.slots)
            seconds[t.level] = state.seconds
            if state.diverged { diverged.insert(t.level) }
            pending[t.level] = state.rows
        }
    }

    /// Averages the batch-norm running statistics of `levels` over the ranks of `group`.
    static func averageRunningStatistics(_ levels: [LevelTrainer], group: Communicator) throws {
        guard group.size > 1 else { return }
        let stats = levels.flatMap { ($0.G.parameters + $0.D.parameters).filter { !$0.trainable } }.map(\.value)
        guard !stats.isEmpty else { return }
        var buffer = [Float](), n = Float(group.size)
        for t in stats { buffer.append(contentsOf: UnsafeBufferPointer(start: t.data, count: t.count)) }
        try group.allreduceSum(&buffer)
        var offset = 0
        for t in stats {
            for i in 0..<t.count { t.data[i] = buffer[offset + i] / n }
            offset += t.count
        }
    }

    /// Compares a checksum of all parameters of `levels` across `group`; throws on any difference (drift).
    static func checkDrift(_ levels: [LevelTrainer], group: Communicator, worldRank: Int) throws {
        guard group.size > 1 else { return }
        var sums: [Double] = []
        for t in levels {
            var plain = 0.0, weighted = 0.0, i = 0.0
            for p in t.G.parameters + t.D.parameters {
                for j in 0..<p.value.count {
                    let v = Double(p.value.data[j])
                    plain += v
                    i += 1
                    weighted += v * (1 + (i.truncatingRemainder(dividingBy: 1021)))
                }
            }
            sums += [plain, weighted]
        }
        let data = sums.withUnsafeBytes { Data($0) }
        let differing = try group.ranksDiffering(from: data)
        if !differing.isEmpty {
            throw DistributedError(rank: worldRank, "the parameters of level(s) \(levels.map(\.level)) drifted apart: rank(s) \(differing) of the group training them differ from its first rank (step \(levels.first?.step ?? 0))")
        }
    }
}
