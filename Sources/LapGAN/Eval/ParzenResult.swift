import Foundation

/// The Parzen-window estimate of a test set's log-likelihood under a set of samples.
public struct ParzenResult: Codable, Sendable {
    /// Mean log p(x) over the test set, in nats (higher is better).
    public var mean: Double
    /// std(log p(x)) / √N over the test set (population std, as numpy.std in parzen_ll.py).
    public var standardError: Double
    /// The bandwidth chosen on the validation set.
    public var sigma: Float
    /// Every candidate bandwidth with its validation mean, in the order given.
    public var validation: [ParzenSigmaScore]
    public var sampleCount: Int
    public var validationCount: Int
    public var testCount: Int
    /// Pixels per image (d).
    public var dimension: Int
}
