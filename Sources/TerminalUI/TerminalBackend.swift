/// Where an app's frames go and its keys come from: the real `Terminal`, or a `TestBackend` in tests.
public protocol TerminalBackend: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// The next key, or nil when none came within the backend's wait; `.resize` after the size changed.
    func nextKey() -> Key?
    /// Shows a frame.
    func present(_ grid: CellGrid)
}
