import Foundation

/// How raw 0–255 pixels map to the model's space.
public struct Normalization: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// x / 127.5 − 1: every pixel in [−1, 1].
        case range
        /// Per-pixel standardisation as the released code does: (x − mean_p) / std_p over the training set
        /// (std floored at `minimumStd`), computed on raw 0–255 values; mean and std are stored as tensors.
        case perPixel
    }
    public var kind: Kind
    public var minimumStd: Float = 8
    public init(kind: Kind) { self.kind = kind }
}
