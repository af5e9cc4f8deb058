import Foundation

/// What and how to train; stored in checkpoints so `--resume` continues the same run.
public struct TrainingSettings: Codable, Equatable, Sendable {
    /// Levels to train (any subset).
    public var levels: [Int]
    /// Steps to reach per level (counted from the model's first step).
    public var steps: Int
    public var batchSize: Int = 128
    public var optimizer: OptimizerSettings = .ganAdam
    /// λ of the optional reconstruction term λ·‖G(l, 0) − h‖² (0 = off, the paper's setting).
    public var reconstructionWeight: Float = 0
    /// Decay of the moving average of G's weights that the model file samples with (nil or 0 = off: the last step's weights).
    public var emaDecay: Float?
    public var logEvery: Int = 20
    public var checkpointEvery: Int = 500
    /// Write a snapshot of the generators every N steps (nil: none); rounds also end at its multiples.
    public var snapshotEvery: Int?
    public var seed: UInt64 = 1
    /// Mirror training images left–right at random.
    public var flips: Bool = false
    /// Where the data came from (recorded so `--resume` can find it again) and how many images were used.
    public var dataPath: String?
    public var dataLimit: Int?
    /// How many processes (MPI ranks) trained the run, and whether level-parallel; nil for one process.
    public var ranks: Int?
    public var levelParallel: Bool?
    /// Differentiable augmentation of every image D sees, real and generated (nil: none, the paper's setting).
    public var augment: DiffAugment?
    /// The path every convolution takes where it can (`lapgan bench train --conv-path`); nil: each layer's rule.
    public var convolutionPath: ConvolutionPath?

    public init(levels: [Int], steps: Int) {
        self.levels = levels
        self.steps = steps
    }
}
