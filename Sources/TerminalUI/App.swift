/// An interactive program that `AppRunner` drives on a `TerminalBackend`: it lays itself out for the screen's size,
/// draws into a cell grid, and answers each key and each idle moment with what the loop should do next
/// (`AppUpdate`). Only `resize`, `render` and `handle` are required.
public protocol App: AnyObject {
    /// Told once, before the first frame: whether the backend can end a key wait at a given time
    /// (`TimedInputBackend`), so `keyWait` will be honoured exactly. Default: nothing to do.
    func start(timedKeyWaits: Bool)
    /// Lays the app out for a `width`×`height` screen: before the first frame and after every resize.
    func resize(width: Int, height: Int)
    /// Draws the screen into `grid`, which is the screen's size.
    func render(into grid: inout CellGrid)
    /// A key; `.resize` comes after `resize(width:height:)` has been called with the new size.
    func handle(_ key: Key) -> AppUpdate
    /// No key came within the wait (or `keyWait` asked for none): background work. Default: `.unchanged`.
    func tick() -> AppUpdate
    /// How long the loop waits for the next key before it calls `tick`; asked before every wait. Default: `.usual`.
    var keyWait: KeyWait { get }
    /// Shows a frame; an app that times its frames measures around `backend.present`. Default: `backend.present(grid)`.
    func present(_ grid: CellGrid, on backend: TerminalBackend)
}

extension App {
    public func start(timedKeyWaits: Bool) {}
    public func tick() -> AppUpdate { .unchanged }
    public var keyWait: KeyWait { .usual }
    public func present(_ grid: CellGrid, on backend: TerminalBackend) { backend.present(grid) }

    /// Runs the app on `backend` until it quits (`AppRunner.run`).
    public func run(on backend: TerminalBackend) { AppRunner.run(self, on: backend) }
}
