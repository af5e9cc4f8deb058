import Foundation

/// A round of training: each level of this process takes up to `checkpointEvery` more steps.
extension Trainer {
    /// How a level's part of a round ended.
    enum RoundResult {
        case done
        case diverged(String)
    }

    /// One round's per-level work, handed to the level threads (see `trainRound` for what guards its state).
    private struct LevelWork: @unchecked Sendable {
        let run: (Int) -> Void
    }

    /// Runs each level up to `checkpointEvery` more steps (to its target and the next snapshot at most); returns
    /// when all have stopped. Alone in the process, the levels train at the same time, each on a thread of its own
    /// with a share of the cores by its cost (`workerBudgets`); under MPI, one after another on this thread with all
    /// the cores, so that every rank makes its collectives in the same order from one thread. A level stops early
    /// when its ranks agreed to stop, and the round's later levels then do not start. Log rows go to `log` when
    /// given, else (`keepRows`) to `pending` for the meeting. Errors other than divergence are rethrown.
    ///
    /// With `timeSlice` (seconds), the round is a time slice instead of `checkpointEvery` steps: levels that train
    /// at the same time each train until it ends; levels that train one after another each get a share of it by cost.
    func trainRound(_ active: [LevelTrainer], log: TrainingLogWriter?, keepRows: Bool = false, pending: inout [Int: [PendingLogRow]],
                    timeSlice: TimeInterval? = nil,
                    shouldStop: @escaping () -> Bool, onEvent: @escaping (TrainingEvent) -> Void) throws -> [RoundResult] {
        let concurrent = distribution.world.size == 1 && active.count > 1
        let costs = active.map { model.trainingCost(level: $0.level) }
        let budgets = concurrent ? Trainer.workerBudgets(costs: costs, cores: Parallel.workers) : active.map { _ in Parallel.workers }
        let totalCost = max(costs.reduce(0, +), 1e-12)
        let slices = timeSlice.map { slice in
            concurrent || active.count == 1 ? active.map { _ in slice } : costs.map { slice * $0 / totalCost }
        }
        // What the level threads share: results, failure, the stop, seconds, rows, the log and the event callback.
        let shared = NSLock()
        var results = [RoundResult](repeating: .done, count: active.count)
        var failure: Error?
        var stopAgreed = false
        var rows: [Int: [PendingLogRow]] = [:]
        let target = settings.steps, logEvery = max(1, settings.logEvery), batch = settings.batchSize
        let steps = max(1, settings.checkpointEvery)

        func trainLevel(_ index: Int) {
            let t = active[index]
            let end = min(target, slices == nil ? t.step + steps : Int.max, nextSnapshotStep(after: t.step))
            let sliceEnd = slices.map { Date().addingTimeInterval($0[index]) }
            var interval = (metrics: StepMetrics(), seconds: 0.0)
            // A level that failed stops the others at their next step: the round ends and the error is thrown.
            while t.step < end && shared.withLock({ failure == nil && !stopAgreed }) {
                let started = Date()
                let m: StepMetrics
                do {
                    m = try t.iteration(stopRequested: shouldStop(), roundEndRequested: sliceEnd.map { Date() >= $0 } ?? false)
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
                    let row = PendingLogRow(level: t.level, step: t.step, epoch: t.epoch, metrics: mean,
                                            learningRate: t.generatorOptimizer.learningRate, imagesPerSecond: rate)
                    do {
                        try shared.withLock {
                            if let log { try log.append(row) } else if keepRows { rows[t.level, default: []].append(row) }
                            onEvent(.logged(level: t.level, step: t.step, epoch: t.epoch, metrics: mean, imagesPerSecond: rate))
                        }
                    } catch {
                        shared.withLock { failure = failure ?? error }
                        return
                    }
                    interval = (StepMetrics(), 0)
                }
                if t.agreedStop {
                    shared.withLock { stopAgreed = true }
                    return
                }
                if t.agreedRoundEnd { return }
            }
        }

        if concurrent {
            let group = DispatchGroup()
            // Each thread touches only its own level; what they share is behind `shared`.
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
        } else {
            for index in active.indices { Parallel.withWorkers(budgets[index]) { trainLevel(index) } }
        }
        for (k, r) in rows { pending[k, default: []] += r }
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
}
