import Foundation

/// Training counters of one level, kept in the model file.
public struct LevelCounters: Codable, Equatable, Sendable {
    public var steps: Int = 0
    public var images: Int = 0
    public var epochs: Double = 0
    public var seconds: Double = 0
    public init() {}
}
