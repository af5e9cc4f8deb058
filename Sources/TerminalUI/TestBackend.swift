/// A backend for tests (ratatui's TestBackend): keys come from a script, frames are kept instead of shown.
/// When the script runs out it answers Ctrl-C, so an app driven by it always ends.
public final class TestBackend: TerminalBackend {
    /// One step of the script.
    public enum Event: Equatable, Sendable {
        case key(Key)
        /// The terminal takes this size; the app reads `.resize`.
        case resize(width: Int, height: Int)
        /// No key within the wait: the app does its idle work.
        case idle
    }

    public private(set) var width: Int
    public private(set) var height: Int
    /// Every frame presented, in order.
    public private(set) var frames: [CellGrid] = []
    private var script: [Event]

    public init(width: Int, height: Int, script: [Event]) {
        self.width = width
        self.height = height
        self.script = script
    }

    public func nextKey() -> Key? {
        guard !script.isEmpty else { return .ctrl("c") }
        switch script.removeFirst() {
        case .key(let key): return key
        case .resize(let w, let h):
            width = w
            height = h
            return .resize
        case .idle: return nil
        }
    }

    public func present(_ grid: CellGrid) { frames.append(grid) }
}
