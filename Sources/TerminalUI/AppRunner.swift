/// The run loop every app shares: lay out, draw and present when the app asks for it, wait for a key as long as the
/// app says, hand keys (and resizes, after laying out again) to the app, call its `tick` when no key came, and
/// stop when it says quit.
public enum AppRunner {
    /// Runs `app` on `backend` until `handle` or `tick` answers `.quit`.
    public static func run(_ app: App, on backend: TerminalBackend) {
        let timed = backend as? TimedInputBackend
        app.start(timedKeyWaits: timed != nil)
        app.resize(width: backend.width, height: backend.height)
        var grid = CellGrid(width: backend.width, height: backend.height)
        var update = AppUpdate.redraw
        while update != .quit {
            if update == .redraw {
                if grid.width != backend.width || grid.height != backend.height {
                    grid = CellGrid(width: backend.width, height: backend.height)
                }
                app.render(into: &grid)
                app.present(grid, on: backend)
            }
            let key: Key?
            switch app.keyWait {
            case .tickNow:
                update = app.tick()
                continue
            case .usual:
                key = backend.nextKey()
            case .atMost(let milliseconds):
                key = timed.map { $0.nextKey(waitingAtMost: milliseconds) } ?? backend.nextKey()
            }
            guard let key else {
                update = app.tick()
                continue
            }
            if key == .resize { app.resize(width: backend.width, height: backend.height) }
            update = app.handle(key)
        }
    }
}
