import Foundation

/// A trainable tensor and its accumulated gradient.
public final class Parameter: @unchecked Sendable {
    /// Name within its layer, e.g. "weight", "bias", "running_mean".
    public let name: String
    public let value: Tensor
    public let grad: Tensor
    /// False for buffers such as batch-norm running statistics: saved, never optimised.
    public let trainable: Bool

    public init(_ name: String, _ value: Tensor, trainable: Bool = true) {
        self.name = name
        self.value = value
        self.grad = Tensor(zeros: value.shape)
        self.trainable = trainable
    }

    public func zeroGrad() { grad.fill(0) }
}

/// Whether a forward pass trains (dropout on, batch statistics) and where its randomness comes from.
public final class ForwardContext {
    public var training: Bool
    public let rng: RNG

    public init(training: Bool, rng: RNG = RNG(seed: 0)) {
        self.training = training
        self.rng = rng
    }

    public static var inference: ForwardContext { ForwardContext(training: false) }
}

/// One differentiable layer: `forward` caches what `backward` needs; `backward` returns the input gradient
/// and adds parameter gradients to each `Parameter.grad`. `backward` may overwrite its argument.
public protocol Layer: AnyObject {
    var parameters: [Parameter] { get }
    func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor
    func backward(_ gradOutput: Tensor) throws -> Tensor
}

public extension Layer {
    var parameters: [Parameter] { [] }
}

/// Raised when `backward` runs without a matching `forward`.
struct MissingForwardError: Error, CustomStringConvertible {
    let layer: String
    var description: String { "\(layer).backward called before forward" }
}
