import Foundation

/// What the trainer reports while it runs; the CLI turns these into a progress bar and messages.
public enum TrainingEvent {
    case prepared(levels: [Int], startSteps: [Int: Int], targetSteps: Int)
    case step(level: Int, step: Int, metrics: StepMetrics)
    case logged(level: Int, step: Int, epoch: Double, metrics: StepMetrics, imagesPerSecond: Double)
    case checkpoint(path: String)
    /// A training snapshot (generators only) was written for `step` (`TrainingSettings.snapshotEvery`).
    case snapshot(path: String, step: Int)
    case diverged(level: Int, message: String)
}
