import Foundation

/// The sliced Wasserstein distance between two image sets, one number per Laplacian-pyramid level.
public struct SlicedWassersteinResult: Codable, Sendable {
    /// The level sizes, finest first (e.g. [32, 16] for 28×28 images padded to 32).
    public var resolutions: [Int]
    /// SWD × 10³ per level: the mean over the repeats.
    public var distances: [Double]
    /// SWD × 10³ per level and repeat.
    public var repeats: [[Double]]
    /// The mean of `distances` over the levels.
    public var mean: Double
    /// Images used from each set.
    public var imageCount: Int
    /// The size the images were padded to before the pyramid.
    public var paddedSize: Int
}
