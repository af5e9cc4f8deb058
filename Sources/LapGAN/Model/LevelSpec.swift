import Foundation

/// One level of the pyramid: its size, noise and networks.
public struct LevelSpec: Codable, Equatable, Sendable {
    public var size: Int
    public var noise: NoiseSpec
    public var generator: NetworkSpec
    public var discriminator: NetworkSpec
}
