import TerminalUI

/// What the study draws on and reads keys from: a `TerminalBackend` whose key wait can be given a timeout, so an
/// exposure ends at its deadline rather than at the next input poll.
public protocol StudyScreen: TerminalBackend {
    /// The next key, or nil when none came within `milliseconds`; `.resize` after the size changed.
    func nextKey(waitingAtMost milliseconds: Int) -> Key?
}

extension Terminal: StudyScreen {
    public func nextKey(waitingAtMost milliseconds: Int) -> Key? { readKey(timeoutMs: max(0, milliseconds)) }
}
