import Foundation

/// How a level draws its noise z_k.
public struct NoiseSpec: Codable, Equatable, Sendable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// A vector of `length` values (the coarsest level's z_K; at finer levels, broadcast to `length` constant planes).
        case vector
        /// One full-resolution plane (the paper's "4th colour plane").
        case plane
        /// One plane of `coarseSize`² values expanded with u() to the level's size (lower entropy).
        case coarse
    }
    public var mode: Mode
    public var length: Int = 1
    public var coarseSize: Int = 4

    public init(mode: Mode, length: Int = 1, coarseSize: Int = 4) {
        self.mode = mode
        self.length = length
        self.coarseSize = coarseSize
    }

    /// Number of input planes the noise adds at a conditional level.
    public var planes: Int { mode == .vector ? length : 1 }
}
