import Foundation

/// An exponential moving average of one level's generator weights (ProGAN/StyleGAN practice): sampling from
/// the average instead of the last step smooths out the step-to-step jitter of adversarial training.
/// After update n the average is a ← d·a + (1 − d)·w with d = min(decay, (1 + n)/(10 + n)), so it follows the
/// weights closely at first and settles at `decay` (0.999 averages over about the last 1,000 steps).
/// Batch-norm running statistics are averaged like the weights.
public final class GeneratorAverage {
    public let decay: Float
    /// One tensor per parameter of the generator, in `Network.parameters` order.
    public let values: [Tensor]
    /// Updates so far (drives the warm-up of the decay).
    public internal(set) var updates: Int

    /// An average that starts at the generator's current weights.
    public init(decay: Float, parameters: [Parameter]) {
        self.decay = decay
        values = parameters.map { $0.value.copy() }
        updates = 0
    }

    /// Resumes an average read from a checkpoint; throws when the tensors do not match the generator.
    public init(decay: Float, values: [Tensor], updates: Int, parameters: [Parameter]) throws {
        guard values.count == parameters.count,
              zip(values, parameters).allSatisfy({ $0.0.shape == $0.1.value.shape }) else {
            throw TrainingError.mismatch("the checkpoint's weight average does not match the generator's parameters")
        }
        self.decay = decay
        self.values = values
        self.updates = max(0, updates)
    }

    /// The decay applied at the next update.
    var currentDecay: Float { min(decay, Float(1 + updates) / Float(10 + updates)) }

    /// Moves the average toward the generator's weights after an optimiser step.
    func update(from parameters: [Parameter]) {
        let d = currentDecay, w = 1 - d
        for (average, p) in zip(values, parameters) {
            let a = average.data, x = p.value.data
            for i in 0..<average.count { a[i] = d * a[i] + w * x[i] }
        }
        updates += 1
    }

    /// Runs `body` with the generator's weights replaced by the average, then puts the weights back.
    func withAveragedWeights<T>(of parameters: [Parameter], _ body: () throws -> T) rethrows -> T {
        let saved = parameters.map { $0.value.copy() }
        for (p, a) in zip(parameters, values) { p.value.data.update(from: a.data, count: a.count) }
        defer { for (p, s) in zip(parameters, saved) { p.value.data.update(from: s.data, count: s.count) } }
        return try body()
    }
}
