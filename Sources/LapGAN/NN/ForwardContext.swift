import Foundation

/// How one forward pass runs: training or evaluation, where its randomness comes from, and the tape (if any)
/// on which its layers save what a backward pass will need. A value: each call builds its own.
public struct ForwardContext {
    /// Dropout on and batch statistics (training), or neither (evaluation).
    public var training: Bool
    public let rng: RNG
    /// Where layers save their activations for `backward`; nil for passes that are never differentiated.
    public var tape: Tape?
    /// Set when this pass computes a share of a larger batch (data-parallel training): the randomness per item
    /// (dropout) is drawn for the whole batch and each local item takes its row's, so the random stream advances
    /// exactly as in one process computing the whole batch.
    public var share: BatchShare?
    /// The path every convolution of this pass takes where it can (benchmarks and tests compare paths with it; a
    /// stride-2 layer keeps im2col, its only path); nil: each layer's rule (`ConvolutionPath.choose`).
    public var convolutionPath: ConvolutionPath?

    public init(training: Bool, rng: RNG = RNG(seed: 0), tape: Tape? = nil, convolutionPath: ConvolutionPath? = nil) {
        self.training = training
        self.rng = rng
        self.tape = tape
        self.convolutionPath = convolutionPath
    }

    /// Evaluation mode, no tape: what sampling uses.
    public static var inference: ForwardContext { ForwardContext(training: false) }

    /// The same context, saving activations on `tape`.
    public func recording(on tape: Tape) -> ForwardContext {
        var c = self
        c.tape = tape
        return c
    }
}

/// The rows of a batch of `total` items that one process computes: local item i is row `rows[i]`.
public struct BatchShare: Sendable, Equatable {
    public let total: Int
    public let rows: [Int]
    public init(total: Int, rows: [Int]) {
        self.total = total
        self.rows = rows
    }
}
