/// What an app tells the run loop after a key or a tick.
public enum AppUpdate: Equatable, Sendable {
    /// The screen changed: draw and present a frame before the next wait.
    case redraw
    /// Nothing to show: go on waiting.
    case unchanged
    /// Leave the run loop.
    case quit
}
