import Foundation

/// A copy of one level's trainable state (weights, optimiser, step, random state, weight average), to roll back
/// to when the level diverges.
struct LevelRollback {
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
