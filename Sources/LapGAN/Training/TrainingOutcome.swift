import Foundation

/// How a training run ended.
public enum TrainingOutcome: Equatable {
    case finished
    case interrupted
    /// The run's time budget was spent (`run(timeLimit:)`); the files were written as at the end of a run.
    case timeUp
    /// Some levels diverged and were stopped (their last good state was kept); the rest finished.
    case diverged([Int])
}
