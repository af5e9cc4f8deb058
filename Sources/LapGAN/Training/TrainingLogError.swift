/// Why a training log cannot be read (missing file, no header, missing columns).
public struct TrainingLogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
