import XCTest
import TerminalUI

/// An app that records what the run loop asked of it, draws the count of keys it was given, and quits on `q`.
private final class RecordingApp: App {
    var calls: [String] = []
    var keys = 0
    /// What `tick` answers, in turn (then `.unchanged`).
    var ticks: [AppUpdate] = []
    /// What `keyWait` answers, in turn (then `.usual`).
    var waits: [KeyWait] = []

    func start(timedKeyWaits: Bool) { calls.append("start timed=\(timedKeyWaits)") }
    func resize(width: Int, height: Int) { calls.append("resize \(width)x\(height)") }
    func render(into grid: inout CellGrid) {
        grid.clear()
        grid.drawText("keys \(keys)", x: 0, y: 0)
    }
    func handle(_ key: Key) -> AppUpdate {
        calls.append("key \(key)")
        if key.isQuit { return .quit }
        keys += 1
        return key == .char("x") ? .unchanged : .redraw
    }
    func tick() -> AppUpdate {
        calls.append("tick")
        return ticks.isEmpty ? .unchanged : ticks.removeFirst()
    }
    var keyWait: KeyWait { waits.isEmpty ? .usual : waits.removeFirst() }
}

/// A backend with timed waits that records the timeouts it was given.
private final class TimedTestBackend: TimedInputBackend {
    let backend: TestBackend
    var timeouts: [Int] = []
    init(_ backend: TestBackend) { self.backend = backend }
    var width: Int { backend.width }
    var height: Int { backend.height }
    func nextKey() -> Key? { backend.nextKey() }
    func nextKey(waitingAtMost milliseconds: Int) -> Key? {
        timeouts.append(milliseconds)
        return backend.nextKey()
    }
    func present(_ grid: CellGrid) { backend.present(grid) }
}

final class AppRunnerTests: XCTestCase {
    func testKeysResizesTicksAndRedrawsReachTheAppInOrder() {
        let app = RecordingApp()
        app.ticks = [.redraw]
        let backend = TestBackend(width: 20, height: 3, script: [.key(.char("a")), .idle, .key(.char("x")), .idle,
                                                                 .resize(width: 30, height: 4), .key(.char("q")), .key(.char("b"))])
        app.run(on: backend)
        XCTAssertEqual(app.calls, ["start timed=false", "resize 20x3", "key char(\"a\")", "tick", "key char(\"x\")", "tick",
                                   "resize 30x4", "key resize", "key char(\"q\")"])
        // Frames: the first, after a, after the redrawing tick, after the resize; x and the quiet tick draw nothing.
        XCTAssertEqual(backend.frames.map { $0.rowString(0).trimmingCharacters(in: .whitespaces) },
                       ["keys 0", "keys 1", "keys 1", "keys 3"])
        XCTAssertEqual(backend.frames.last.map { [$0.width, $0.height] }, [30, 4], "the frame after a resize has the new size")
        XCTAssertEqual(backend.script, [.key(.char("b"))], "nothing is read after quit")
        XCTAssertTrue(backend.badFrames.isEmpty)
    }

    func testTheAppChoosesHowLongToWaitAndTickNowReadsNoKey() {
        let app = RecordingApp()
        app.waits = [.atMost(milliseconds: 7), .tickNow, .usual, .atMost(milliseconds: 0)]
        app.ticks = [.unchanged, .quit]
        let backend = TimedTestBackend(TestBackend(width: 10, height: 2, script: [.key(.char("a")), .key(.char("b")), .idle]))
        AppRunner.run(app, on: backend)
        XCTAssertEqual(backend.timeouts, [7, 0], "timed waits go to the timed backend; .usual to nextKey()")
        XCTAssertEqual(app.calls, ["start timed=true", "resize 10x2", "key char(\"a\")", "tick", "key char(\"b\")", "tick"])
    }

    func testATickCanQuitAndAnUntimedBackendFallsBackToItsOwnWait() {
        let app = RecordingApp()
        app.waits = [.atMost(milliseconds: 50)]
        app.ticks = [.quit]
        let backend = TestBackend(width: 10, height: 2, script: [.idle, .key(.char("a"))])
        app.run(on: backend)
        XCTAssertEqual(app.calls, ["start timed=false", "resize 10x2", "tick"])
        XCTAssertEqual(backend.frameCount, 1)
    }
}
