import XCTest
@testable import Explorer
import LapGAN
import TerminalUI

/// The mouse: SGR reports parsed, clicks and the wheel mapped to actions, and the explorer driven by mouse events
/// through the test backend at 80×24 and 120×40 (every target reachable; keys unchanged).
final class MouseTests: XCTestCase {
    func testSGRReportsParseAndRoundTrip() {
        XCTAssertEqual(MouseEvent.parseSGR("0;10;5", final: "M"), MouseEvent(.press, x: 9, y: 4))
        XCTAssertEqual(MouseEvent.parseSGR("0;10;5", final: "m"), MouseEvent(.release, x: 9, y: 4))
        XCTAssertEqual(MouseEvent.parseSGR("2;1;1", final: "M"), MouseEvent(.press, button: .right, x: 0, y: 0))
        XCTAssertEqual(MouseEvent.parseSGR("64;3;4", final: "M"), MouseEvent(.wheelUp, x: 2, y: 3))
        XCTAssertEqual(MouseEvent.parseSGR("65;3;4", final: "M"), MouseEvent(.wheelDown, x: 2, y: 3))
        // Modifiers (shift 4, meta 8, ctrl 16) keep the event.
        XCTAssertEqual(MouseEvent.parseSGR("16;7;8", final: "M"), MouseEvent(.press, x: 6, y: 7))
        // Motion, extra buttons, malformed or out-of-range reports are not events.
        for bad in ["32;1;1", "35;1;1", "128;1;1", "0;0;5", "0;5", "0;5;5;5", "a;1;1", "0;;1", "", "0;1;9999999", "-1;2;2"] {
            XCTAssertNil(MouseEvent.parseSGR(Substring(bad), final: "M"), bad)
        }
        XCTAssertNil(MouseEvent.parseSGR("0;1;1", final: "x"))
        // Random bodies of the report's characters (and others) never crash and give events only inside the screen's
        // coordinate range they name.
        let rng = RNG(seed: 7)
        let alphabet = Array("0123456789;;;-+ <Mm\u{0}é9")
        for _ in 0..<20_000 {
            let body = String((0..<Int(rng.next() % 14)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            if let e = MouseEvent.parseSGR(Substring(body), final: rng.next() % 2 == 0 ? "M" : "m") {
                XCTAssertTrue(e.x >= 0 && e.y >= 0 && e.x < 999_999 && e.y < 999_999, body)
                XCTAssertEqual(MouseEvent.parseSGR(e.sgrSequence.dropFirst(3).dropLast(), final: e.sgrSequence.last ?? " "), e, body)
            }
        }
        for e in [MouseEvent(.press, x: 9, y: 4), MouseEvent(.release, button: .middle, x: 0, y: 23),
                  MouseEvent(.wheelUp, x: 79, y: 0), MouseEvent(.wheelDown, x: 119, y: 39)] {
            let seq = e.sgrSequence
            XCTAssertTrue(seq.hasPrefix("\u{1B}[<"))
            XCTAssertEqual(MouseEvent.parseSGR(seq.dropFirst(3).dropLast(), final: seq.last ?? " "), e)
        }
        XCTAssertEqual(MouseEvent(.press, x: 9, y: 4).sgrSequence, "\u{1B}[<0;10;5M")
        XCTAssertEqual(MouseEvent(.wheelDown, x: 0, y: 0).sgrSequence, "\u{1B}[<65;1;1M")
    }

    func testMouseActionsAreAPureFunctionOfEventTargetAndView() {
        let click = MouseEvent.click(x: 3, y: 3)
        XCTAssertEqual(ExplorerAction(mouse: click, hit: .view(.loss), view: .pyramid), .show(.loss))
        XCTAssertEqual(ExplorerAction(mouse: click, hit: .level(2), view: .pyramid), .selectLevel(2))
        XCTAssertEqual(ExplorerAction(mouse: click, hit: .band(1), view: .pyramid), .rerollLevel(1))
        XCTAssertEqual(ExplorerAction(mouse: click, hit: .gridSample(4), view: .grid), .openGridSample(4))
        XCTAssertEqual(ExplorerAction(mouse: click, hit: .lossPlot(1), view: .loss), .probeLoss(plot: 1, x: 3))
        XCTAssertEqual(ExplorerAction(mouse: click, hit: .level(1), view: .timeline), .timeline(.char("1")))
        XCTAssertEqual(ExplorerAction(mouse: click, hit: nil, view: .pyramid), ExplorerAction.none)
        XCTAssertEqual(ExplorerAction(mouse: MouseEvent(.press, button: .right, x: 3, y: 3), hit: .level(2), view: .pyramid), ExplorerAction.none)
        XCTAssertEqual(ExplorerAction(mouse: MouseEvent(.release, x: 3, y: 3), hit: .level(2), view: .pyramid), ExplorerAction.none)
        let up = MouseEvent(.wheelUp, x: 0, y: 0), down = MouseEvent(.wheelDown, x: 0, y: 0)
        XCTAssertEqual(ExplorerAction(mouse: up, hit: nil, view: .pyramid), .selectCoarser)
        XCTAssertEqual(ExplorerAction(mouse: down, hit: nil, view: .pyramid), .selectFiner)
        XCTAssertEqual(ExplorerAction(mouse: up, hit: nil, view: .grid), .moveGridSelection(columns: -1, rows: 0))
        XCTAssertEqual(ExplorerAction(mouse: down, hit: nil, view: .grid), .moveGridSelection(columns: 1, rows: 0))
        XCTAssertEqual(ExplorerAction(mouse: up, hit: nil, view: .timeline), .timeline(.left))
        XCTAssertEqual(ExplorerAction(mouse: down, hit: nil, view: .timeline), .timeline(.right))
        // Mouse events never come out of the key map.
        XCTAssertEqual(ExplorerAction(key: .mouse(click), view: .pyramid), ExplorerAction.none)
    }

    static func fashion() throws -> LapGAN {
        try ModelFile.load(ExplorerScreenTests.root.appendingPathComponent("assets/fashion.lpg").path).model
    }

    /// Lays `app` out for `w`×`h`, draws it (which records its targets), then hands it each event and draws again,
    /// as `AppRunner` does; returns each event's update and the last frame.
    @discardableResult
    func drive(_ app: ExplorerApp, _ w: Int, _ h: Int, _ events: [Key]) -> (updates: [AppUpdate], frame: CellGrid) {
        if app.width != w || app.height != h { app.resize(width: w, height: h) }
        var grid = CellGrid(width: w, height: h)
        app.render(into: &grid)
        var updates: [AppUpdate] = []
        for e in events {
            updates.append(app.handle(e))
            app.render(into: &grid)
        }
        XCTAssertEqual(grid.writesOutsideGrid, 0)
        return (updates, grid)
    }

    func center(_ r: Rect) -> (x: Int, y: Int) { (r.x + r.width / 2, r.y + r.height / 2) }

    func click(_ r: Rect) -> [Key] {
        let c = center(r)
        return [.mouse(.click(x: c.x, y: c.y)), .mouse(MouseEvent(.release, x: c.x, y: c.y))]
    }

    func testClicksReachEveryTabLevelBandAndSampleAt80x24And120x40() throws {
        let model = try Self.fashion()
        let log = ExplorerScreenTests.root.appendingPathComponent("assets/fashion-train.csv").path
        for (w, h) in [(80, 24), (120, 40)] {
            let state = try ExplorerState(model: model, name: "fashion", seed: 1, sensitivityRerolls: 1)
            let app = ExplorerApp(state: state, logPath: log, colorMode: .none, saveDirectory: NSTemporaryDirectory())
            drive(app, w, h, [])
            // Tabs: the title bar names each view where a click shows it.
            for v in app.availableViews.reversed() {
                let title = try XCTUnwrap(app.hitMap.rect(of: .view(v)), "\(w)×\(h): no tab for \(v)")
                XCTAssertEqual(title.y, 0)
                drive(app, w, h, click(title))
                XCTAssertEqual(app.view, v, "\(w)×\(h)")
            }
            drive(app, w, h, [.escape])
            XCTAssertEqual(app.view, .pyramid)
            // Every level is a target, from any selected level (at 80×24 the others are thumbnails).
            for from in 0..<model.levelCount {
                for k in 0..<model.levelCount {
                    state.selectLevel(from)
                    drive(app, w, h, [])
                    let r = try XCTUnwrap(app.hitMap.rect(of: .level(k)), "\(w)×\(h): level \(k) not reachable from \(from)")
                    drive(app, w, h, click(r))
                    XCTAssertEqual(state.selectedLevel, k, "\(w)×\(h) from level \(from)")
                }
            }
            // A band re-rolls that level only (the coarsest level has no band).
            for k in 0..<model.coarsest {
                state.selectLevel(k)
                drive(app, w, h, [])
                let before = state.seeds
                let r = try XCTUnwrap(app.hitMap.rect(of: .band(k)), "\(w)×\(h): band \(k)")
                drive(app, w, h, click(r))
                XCTAssertEqual(state.selectedLevel, k)
                XCTAssertNotEqual(state.seeds[k], before[k], "\(w)×\(h): band \(k) did not re-roll")
                XCTAssertEqual(state.seeds.enumerated().filter { $0.offset != k }.map(\.element),
                               before.enumerated().filter { $0.offset != k }.map(\.element))
            }
            // The wheel steps levels.
            state.selectLevel(0)
            drive(app, w, h, [.mouse(MouseEvent(.wheelUp, x: 5, y: 5))])
            XCTAssertEqual(state.selectedLevel, 1)
            drive(app, w, h, [.mouse(MouseEvent(.wheelDown, x: 5, y: 5)), .mouse(MouseEvent(.wheelDown, x: 5, y: 5))])
            XCTAssertEqual(state.selectedLevel, 0)
            // A grid sample opens its pyramid with its seeds; the wheel steps samples.
            app.show(.grid)
            drive(app, w, h, [.mouse(MouseEvent(.wheelDown, x: 5, y: 5)), .mouse(MouseEvent(.wheelDown, x: 5, y: 5))])
            XCTAssertEqual(state.gridSelection, 2)
            drive(app, w, h, [.mouse(MouseEvent(.wheelUp, x: 5, y: 5))])
            XCTAssertEqual(state.gridSelection, 1)
            let shown = app.gridLayout.count
            XCTAssertGreaterThanOrEqual(shown, 4)
            let target = shown - 1
            let seeds = try XCTUnwrap(state.grid).seeds[target]
            drive(app, w, h, click(try XCTUnwrap(app.hitMap.rect(of: .gridSample(target)))))
            XCTAssertEqual(app.view, .pyramid)
            XCTAssertEqual(state.seeds, seeds)
        }
    }

    func testAClickOnALossPlotNamesTheStepAndValuesUnderThePointer() throws {
        let model = try Self.fashion()
        let log = ExplorerScreenTests.root.appendingPathComponent("assets/fashion-train.csv").path
        let rows = TrainingLog(path: log)
        _ = rows.reload()
        let first = rows.levels.compactMap { $0.step.first }.min() ?? 0, last = rows.levels.compactMap { $0.step.last }.max() ?? 0
        XCTAssertGreaterThan(last, first)
        func step(_ message: String?, _ title: String) throws -> Double {
            let m = try XCTUnwrap(message)
            XCTAssertTrue(m.hasPrefix("\(title) at step "), m)
            XCTAssertTrue(m.contains("level 0 ") && m.contains("level 1 ") && m.contains("level 2 "), m)
            return try XCTUnwrap(Double(m.dropFirst("\(title) at step ".count).prefix { $0 != ":" }), m)
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let state = try ExplorerState(model: model, name: "fashion", seed: 1, sensitivityRerolls: 1)
            let app = ExplorerApp(state: state, logPath: log, colorMode: .none, saveDirectory: NSTemporaryDirectory())
            app.show(.loss)
            drive(app, w, h, [])
            for (i, panel) in LossState.Panel.allCases.enumerated() {
                let r = try XCTUnwrap(app.hitMap.rect(of: .lossPlot(i)), "\(w)×\(h): plot \(i)")
                // The left column is about the first step, the right one about the last: within a column's worth.
                let column = (last - first) / Double(r.width)
                drive(app, w, h, [.mouse(.click(x: r.x, y: r.y + 1))])
                let message = state.message
                let left = try step(message, panel.title)
                XCTAssertLessThanOrEqual(left - first, column, "\(w)×\(h) \(panel.title)")
                drive(app, w, h, [.mouse(MouseEvent(.release, x: r.maxX - 1, y: r.y + 1))])
                XCTAssertEqual(state.message, message, "a release keeps the message")
                let b = drive(app, w, h, [.mouse(.click(x: r.maxX - 1, y: r.y + 1))])
                let right = try step(state.message, panel.title)
                XCTAssertLessThanOrEqual(last - right, column, "\(w)×\(h) \(panel.title)")
                XCTAssertLessThan(left, right)
                XCTAssertTrue(b.frame.text.contains("at step \(Int(right))"), "the status line shows it")
            }
        }
    }

    func testReleasesAndClicksOnNothingChangeNothingAndKeysStillWork() throws {
        let state = try ExplorerState(model: try Self.fashion(), name: "fashion", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .none, saveDirectory: NSTemporaryDirectory())
        drive(app, 80, 24, [.char("k")])
        let seeds = state.seeds, level = state.selectedLevel
        let b = drive(app, 80, 24, [.mouse(MouseEvent(.release, x: 2, y: 3)), .mouse(.click(x: 79, y: 22)),
                                   .mouse(MouseEvent(.press, button: .right, x: 40, y: 10)),
                                   .mouse(.click(x: -3, y: 400))])
        XCTAssertEqual(state.seeds, seeds)
        XCTAssertEqual(state.selectedLevel, level)
        XCTAssertEqual(b.updates, [.unchanged, .unchanged, .unchanged, .unchanged], "events asking for nothing redraw nothing")
        drive(app, 80, 24, [.char("r"), .down, .tab])
        XCTAssertNotEqual(state.seeds, seeds)
        XCTAssertEqual(state.selectedLevel, level - 1)
        XCTAssertEqual(app.view, .grid)
    }
}
