/// A failure a command reports as `error: <message>` with exit status 1 (no usage text).
public struct CommandFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
