import Foundation

/// A shape mismatch or an out-of-range index.
public struct ShapeError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "shape error: \(message)" }
}
