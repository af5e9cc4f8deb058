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

/// One differentiable layer. A layer holds its parameters only: `forward` saves what `backward` needs on the
/// context's `Tape` (when it has one), and `backward` takes it back from that tape, so one layer can run
/// forward passes on any number of threads at once. `backward` returns the input gradient, adds parameter
/// gradients to each `Parameter.grad`, and may overwrite its argument.
public protocol Layer: AnyObject {
    var parameters: [Parameter] { get }
    func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor
    func backward(_ gradOutput: Tensor, _ tape: Tape) throws -> Tensor
}

public extension Layer {
    var parameters: [Parameter] { [] }
}
