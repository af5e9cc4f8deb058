import Foundation

/// A named set of training choices that `lapgan train` starts from (each flag given overrides its part).
///
/// `best` is the recipe the 3-seed table at a small budget measured best (docs/measurements.md): coarse noise, the
/// reconstruction term λ = 5, a weight average of G (decay 0.999), class labels when the data set has them, Adam.
/// `paper` is the paper's and its released code's (eyescream) settings: a noise plane per level, the released
/// code's SGD schedule, per-pixel standardisation, no labels, no average, no reconstruction term.
public enum Recipe: String, CaseIterable, Codable, Sendable {
    case best
    case paper

    public var noise: NoiseSpec.Mode { self == .best ? .coarse : .plane }
    public var optimizer: OptimizerSettings.Kind { self == .best ? .adam : .sgd }
    public var normalization: Normalization.Kind { self == .best ? .range : .perPixel }
    public var emaDecay: Float? { self == .best ? 0.999 : nil }
    public var reconstructionWeight: Float { self == .best ? 5 : 0 }
    /// Whether a data set with labels trains a class-conditional model.
    public var usesLabels: Bool { self == .best }
}
