import Foundation

/// Settings of an optimiser and its schedule; stored in checkpoints.
public struct OptimizerSettings: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case sgd, adam }
    public var kind: Kind
    public var learningRate: Float
    /// SGD: lr is divided by `decay` after every step, down to `minimumLearningRate` (eyescream: 1.000004, 1e-6).
    public var decay: Float = 1.000004
    public var minimumLearningRate: Float = 1e-6
    /// SGD momentum: starts at `momentum`, rises by `momentumPerEpoch` each epoch up to `maximumMomentum`.
    public var momentum: Float = 0.5
    public var momentumPerEpoch: Float = 0.0008
    public var maximumMomentum: Float = 0.7
    /// Adam's moment decays.
    public var beta1: Float = 0.5
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8

    /// The released code's schedule: SGD, lr 0.02, momentum 0.5 → 0.7.
    public static let paperSGD = OptimizerSettings(kind: .sgd, learningRate: 0.02)
    /// The usual GAN Adam settings: lr 2e-4, β1 0.5.
    public static let ganAdam = OptimizerSettings(kind: .adam, learningRate: 2e-4)

    public init(kind: Kind, learningRate: Float) {
        self.kind = kind
        self.learningRate = learningRate
    }
}

/// SGD with momentum or Adam over a fixed list of parameters, with the schedule of `OptimizerSettings`.
public final class Optimizer {
    public let settings: OptimizerSettings
    public let parameters: [Parameter]
    public private(set) var learningRate: Float
    public private(set) var momentum: Float
    public private(set) var steps: Int = 0
    /// Per parameter: SGD [velocity]; Adam [m, v].
    public private(set) var slots: [[Tensor]]

    public init(_ settings: OptimizerSettings, parameters: [Parameter]) {
        self.settings = settings
        self.parameters = parameters.filter(\.trainable)
        learningRate = settings.learningRate
        momentum = settings.momentum
        slots = self.parameters.map { p in
            settings.kind == .sgd ? [Tensor(zeros: p.value.shape)] : [Tensor(zeros: p.value.shape), Tensor(zeros: p.value.shape)]
        }
    }

    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Applies one update from the accumulated gradients.
    public func step() {
        steps += 1
        switch settings.kind {
        case .sgd:
            let lr = learningRate, m = momentum
            for (p, s) in zip(parameters, slots) {
                let w = p.value.data, g = p.grad.data, v = s[0].data
                for i in 0..<p.value.count {
                    v[i] = m * v[i] + g[i]
                    w[i] -= lr * v[i]
                }
            }
            learningRate = max(learningRate / settings.decay, settings.minimumLearningRate)
        case .adam:
            let b1 = settings.beta1, b2 = settings.beta2, eps = settings.epsilon
            let c1 = 1 - powf(b1, Float(steps)), c2 = 1 - powf(b2, Float(steps))
            let lr = learningRate * c2.squareRoot() / c1
            for (p, s) in zip(parameters, slots) {
                let w = p.value.data, g = p.grad.data, m = s[0].data, v = s[1].data
                for i in 0..<p.value.count {
                    m[i] = b1 * m[i] + (1 - b1) * g[i]
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                    w[i] -= lr * m[i] / (v[i].squareRoot() + eps)
                }
            }
        }
    }

    /// Called at the end of each epoch: raises SGD momentum toward its cap.
    public func endEpoch() {
        if settings.kind == .sgd {
            momentum = min(momentum + settings.momentumPerEpoch, settings.maximumMomentum)
        }
    }

    /// Schedule counters for checkpoints.
    public var scheduleState: [String: Double] {
        ["learning_rate": Double(learningRate), "momentum": Double(momentum), "steps": Double(steps)]
    }

    public func restore(schedule: [String: Double], slots newSlots: [[Tensor]]) throws {
        guard newSlots.count == slots.count else { throw ShapeError("optimiser state has \(newSlots.count) parameters, expected \(slots.count)") }
        for (old, new) in zip(slots, newSlots) {
            guard old.count == new.count else { throw ShapeError("optimiser state slot count differs") }
            for (o, n) in zip(old, new) {
                try n.requireShape(o.shape, "optimiser state")
                o.data.update(from: n.data, count: o.count)
            }
        }
        if let lr = schedule["learning_rate"] { learningRate = Float(lr) }
        if let m = schedule["momentum"] { momentum = Float(m) }
        if let s = schedule["steps"] { steps = Int(s) }
    }
}
