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
