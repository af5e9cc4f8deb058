/// How the run loop waits for an app's next key.
public enum KeyWait: Equatable, Sendable {
    /// The backend's own wait (`TerminalBackend.nextKey()`).
    case usual
    /// At most this many milliseconds (on a `TimedInputBackend`; elsewhere the backend's own wait).
    case atMost(milliseconds: Int)
    /// No wait and no key: call `tick` now.
    case tickNow
}
