import Foundation

/// One bandwidth's mean log-likelihood on the validation set.
public struct ParzenSigmaScore: Codable, Sendable, Equatable {
    public var sigma: Float
    public var meanLogLikelihood: Double
}
