import Foundation

/// How a training run ended.
public enum TrainingOutcome: Equatable {
    case finished
    case interrupted
    /// Some levels diverged and were stopped (their last good state was kept); the rest finished.
    case diverged([Int])
}
