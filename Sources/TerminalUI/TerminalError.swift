/// A failure to take over the terminal (not a tty, unknown TERM).
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
