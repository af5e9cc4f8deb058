/// A backend whose key wait can be given a timeout, so an app can end a wait at a deadline (the human study's
/// exposures) rather than at the next input poll.
public protocol TimedInputBackend: TerminalBackend {
    /// The next key, or nil when none came within `milliseconds`; `.resize` after the size changed.
    func nextKey(waitingAtMost milliseconds: Int) -> Key?
}
