/// A backend for tests (ratatui's TestBackend): keys come from a script, frames are kept instead of shown.
/// When the script runs out it answers Ctrl-C, so an app driven by it always ends.
///
/// It also checks every frame: one whose size is not the terminal's, or whose drawing reached outside its grid
/// (`CellGrid.writesOutsideGrid`), is counted in `badFrames` with the reason. For long runs (property tests)
/// `keepsFrames = false` keeps only the last frame, `script` may be refilled by `beforeEvent`, which is called
/// before each event is handed to the app (to check the app's state between events).
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
    /// Every frame presented, in order (only the last when `keepsFrames` is false).
    public private(set) var frames: [CellGrid] = []
    /// Whether to keep every frame (false: only the last, for runs of millions of events).
    public var keepsFrames = true
    /// Frames presented so far.
    public private(set) var frameCount = 0
    /// Frames of the wrong size or that drew outside their grid: the frame number and what was wrong.
    public private(set) var badFrames: [(frame: Int, problem: String)] = []
    /// Events handed to the app so far (keys, resizes and idle waits; not the closing Ctrl-C).
    public private(set) var eventCount = 0
    /// What is left of the script.
    public var script: [Event]
    /// Called before each event is taken from the script (it may check the app, or add to the script).
    public var beforeEvent: ((TestBackend) -> Void)?

    public init(width: Int, height: Int, script: [Event]) {
        self.width = width
        self.height = height
        self.script = script
    }

    public func nextKey() -> Key? {
        beforeEvent?(self)
        guard !script.isEmpty else { return .ctrl("c") }
        eventCount += 1
        switch script.removeFirst() {
        case .key(let key): return key
        case .resize(let w, let h):
            width = w
            height = h
            return .resize
        case .idle: return nil
        }
    }

    public func present(_ grid: CellGrid) {
        frameCount += 1
        if grid.width != width || grid.height != height {
            badFrames.append((frameCount, "a \(grid.width)×\(grid.height) frame on a \(width)×\(height) terminal"))
        }
        if grid.writesOutsideGrid > 0 {
            badFrames.append((frameCount, "\(grid.writesOutsideGrid) drawing call(s) reached outside the \(grid.width)×\(grid.height) grid"))
        }
        if keepsFrames { frames.append(grid) } else { frames = [grid] }
    }
}
