import Foundation

/// How one process takes part in a multi-process run (`mpirun -np N lapgan train …`).
public struct Distribution {
    /// All ranks of the job.
    public let world: Communicator
    /// The ranks that train the same levels as this one, data-parallel among them.
    public let group: Communicator
    /// The levels this rank trains.
    public let levels: [Int]
    /// For each level of the job, the world rank that leads the group training it.
    public let leaders: [Int: Int]

    public init(world: Communicator, group: Communicator, levels: [Int], leaders: [Int: Int]) {
        self.world = world
        self.group = group
        self.levels = levels
        self.leaders = leaders
    }

    /// One process training everything.
    public static func single(levels: [Int]) -> Distribution {
        let one = SingleProcess()
        return Distribution(world: one, group: one, levels: levels, leaders: Dictionary(uniqueKeysWithValues: levels.map { ($0, 0) }))
    }

    /// Every rank trains every level, data-parallel.
    public static func dataParallel(_ world: Communicator, levels: [Int]) -> Distribution {
        Distribution(world: world, group: world, levels: levels, leaders: Dictionary(uniqueKeysWithValues: levels.map { ($0, 0) }))
    }

    /// Ranks in groups by cost (`levelPlan`), each group training its levels data-parallel.
    public static func levelParallel(_ world: Communicator, levels: [Int], costs: [Int: Double]) throws -> Distribution {
        let plan = levelPlan(levels: levels, costs: costs, ranks: world.size)
        var leaders: [Int: Int] = [:], first = 0, mine = 0
        for (i, g) in plan.enumerated() {
            for k in g.levels { leaders[k] = first }
            if world.rank >= first && world.rank < first + g.ranks { mine = i }
            first += g.ranks
        }
        let group = try world.split(color: mine, key: world.rank)
        return Distribution(world: world, group: group, levels: plan[mine].levels, leaders: leaders)
    }

    /// Splits `levels` into min(ranks, levels) groups of about equal cost (the costliest level first, each to the
    /// lightest group), then gives the ranks beyond one per group to the groups with the most cost per rank.
    /// Groups own consecutive ranks in order.
    public static func levelPlan(levels: [Int], costs: [Int: Double], ranks: Int) -> [(levels: [Int], ranks: Int)] {
        let n = max(1, min(ranks, levels.count))
        var groups = [[Int]](repeating: [], count: n), loads = [Double](repeating: 0, count: n)
        for k in levels.sorted(by: { (costs[$0] ?? 0, -$0) > (costs[$1] ?? 0, -$1) }) {
            let i = loads.indices.min { loads[$0] < loads[$1] } ?? 0
            groups[i].append(k)
            loads[i] += costs[k] ?? 0
        }
        var counts = [Int](repeating: 1, count: n)
        for _ in 0..<max(0, ranks - n) {
            let i = counts.indices.max { loads[$0] / Double(counts[$0]) < loads[$1] / Double(counts[$1]) } ?? 0
            counts[i] += 1
        }
        return zip(groups, counts).map { ($0.0.sorted(), $0.1) }
    }
}

/// A log row waiting to be written by rank 0.
struct PendingLogRow: Codable {
    var level: Int
    var step: Int
    var epoch: Double
    var dLoss, gLoss, dReal, dFake, reconstruction: Double
    var learningRate: Float
    var imagesPerSecond: Double

    var metrics: StepMetrics {
        StepMetrics(dLoss: dLoss, gLoss: gLoss, dReal: dReal, dFake: dFake, reconstruction: reconstruction, count: 1)
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
                                           seconds: secondsSpent(level: t.level), diverged: diverged.contains(t.level),
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
            setSeconds(level: t.level, state.seconds)
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
