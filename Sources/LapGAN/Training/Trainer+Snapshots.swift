import Foundation

/// Snapshots of the generators during a run (`--snapshot-every`): where rounds end, and writing them.
extension Trainer {
    /// The first multiple of `snapshotEvery` after `step` (Int.max when there are no snapshots): a round ends there.
    func nextSnapshotStep(after step: Int) -> Int {
        guard let n = settings.snapshotEvery, n > 0 else { return Int.max }
        return (step / n + 1) * n
    }

    /// Writes the snapshot when the levels stand at a multiple of `snapshotEvery` (the step 0 of a fresh run too).
    /// Trained together, all levels reach it in the same round; a model whose levels stand at different steps
    /// is named by the furthest level, and each level's own step is in the file's counters and in index.csv.
    /// At the start of a resumed run, the snapshot of its step is already there.
    func writeSnapshotIfDue(_ onEvent: (TrainingEvent) -> Void, atStart: Bool = false) throws {
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
}
