import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// The explorer's views rendered into cell grids, read back without a terminal.
final class ExplorerTests: XCTestCase {
    func makeApp(log: String? = nil) throws -> ExplorerApp {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 2)
        let app = ExplorerApp(state: state, logPath: log, colorMode: .truecolor, saveDirectory: NSTemporaryDirectory())
        app.resize(width: 100, height: 40)
        return app
    }

    func render(_ app: ExplorerApp, width: Int = 100, height: Int = 40) -> CellGrid {
        if app.width != width || app.height != height { app.resize(width: width, height: height) }
        var grid = CellGrid(width: width, height: height)
        app.render(into: &grid)
        return grid
    }

    /// The y of the title row of each level in the pyramid view.
    func titleRows(_ grid: CellGrid) -> [Int: Int] {
        var rows: [Int: Int] = [:]
        for y in 0..<grid.height {
            let text = grid.rowString(y)
            for k in 0..<3 where text.contains("level \(k)  ") { rows[k] = y }
        }
        return rows
    }

    /// All cells of level k's panels (l_k, h̃_k, Ĩ_k where the layout shows them).
    func cells(of level: Int, in grid: CellGrid) -> [Cell] {
        let content = ExplorerApp.contentRect(width: grid.width, height: grid.height)
        guard let layout = PyramidLayout.make(sizes: [12, 6, 3], width: content.width, height: content.height, selected: 0) else { return [] }
        return layout.panels.filter { [.lowpass(level), .bandpass(level), .image(level)].contains($0.picture) }.flatMap { p in
            (p.rect.minY..<p.rect.maxY).flatMap { y in (p.rect.minX..<p.rect.maxX).map { grid.cell(x: content.x + $0, y: content.y + y) } }
        }
    }

    func same(_ a: [Cell], _ b: [Cell]) -> Bool { !a.isEmpty && a == b }

    func testPyramidViewDrawsEveryLevelWithTruecolorHalfBlocks() throws {
        let grid = render(try makeApp())
        XCTAssertEqual(titleRows(grid).count, 3, grid.text)
        for k in 0..<3 {
            let blocks = cells(of: k, in: grid).filter { $0.scalar == "▀" }
            XCTAssertFalse(blocks.isEmpty, "level \(k) has no image cells")
            XCTAssertTrue(blocks.allSatisfy { if case .rgb = $0.fg { return true } else { return false } })
        }
        XCTAssertTrue(grid.text.contains("▶ level 0"))  // the selected level is marked
        XCTAssertTrue(grid.rowString(39).contains("level 0/2"))
    }

    func testAColourModelIsDrawnInColourNotGrey() throws {
        let model = try tinyThreeLevelModel(name: "tiny-rgb", channels: 3, seed: 5)
        let state = try ExplorerState(model: model, name: "tiny-rgb", seed: 1, sensitivityRerolls: 2)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor, saveDirectory: NSTemporaryDirectory())
        app.resize(width: 100, height: 40)
        let grid = render(app)
        let colours = (0..<3).flatMap { cells(of: $0, in: grid) }.filter { $0.scalar == "▀" }.flatMap { [$0.fg, $0.bg] }
            .compactMap { colour -> RGB? in if case .rgb(let c) = colour { return c } else { return nil } }
        XCTAssertFalse(colours.isEmpty)
        let tinted = colours.filter { max($0.r, $0.g, $0.b) - min($0.r, $0.g, $0.b) > 8 }
        XCTAssertGreaterThan(tinted.count, colours.count / 4, "most cells are grey: the channels were not kept apart")
    }

    func testRerollOfTheFinestLevelChangesOnlyItsCells() throws {
        let app = try makeApp()
        let before = render(app)
        app.handle(.char("r"))
        let after = render(app)
        XCTAssertTrue(same(cells(of: 2, in: before), cells(of: 2, in: after)), "the coarsest level changed")
        XCTAssertTrue(same(cells(of: 1, in: before), cells(of: 1, in: after)), "level 1 changed")
        XCTAssertFalse(same(cells(of: 0, in: before), cells(of: 0, in: after)), "level 0 did not change")
        // Undo brings back the exact picture.
        app.handle(.char("u"))
        XCTAssertTrue(same(cells(of: 0, in: render(app)), cells(of: 0, in: before)))
        app.handle(.char("U"))
        XCTAssertTrue(same(cells(of: 0, in: render(app)), cells(of: 0, in: after)))
    }

    func testSelectingACoarserLevelAndRerollingChangesItAndTheFinerOnes() throws {
        let app = try makeApp()
        app.handle(.up)
        XCTAssertEqual(app.state.selectedLevel, 1)
        app.handle(.char("k"))
        app.handle(.char("k"))  // clamps at the coarsest level
        XCTAssertEqual(app.state.selectedLevel, 2)
        app.handle(.down)
        let before = render(app)
        app.handle(.char("r"))
        let after = render(app)
        XCTAssertTrue(same(cells(of: 2, in: before), cells(of: 2, in: after)))
        XCTAssertFalse(same(cells(of: 1, in: before), cells(of: 1, in: after)))
        XCTAssertTrue(after.text.contains("▶ level 1"))
    }

    func testNoiseSensitivityIsComputedInTheBackground() throws {
        let app = try makeApp()
        app.state.waitForBackground()
        XCTAssertEqual(app.tick(), .redraw)
        let values = app.state.sensitivity.compactMap { $0 }
        XCTAssertEqual(values.count, 3)
        XCTAssertTrue(values.allSatisfy { $0 > 0 && $0.isFinite }, "\(values)")
        XCTAssertTrue(render(app).rowString(39).contains("/255"))
    }

    func testTinyTerminalShowsTheSizeMessageAndQStillQuits() throws {
        let app = try makeApp()
        let grid = render(app, width: 20, height: 6)
        XCTAssertTrue(grid.text.replacingOccurrences(of: "\n", with: " ").contains("terminal 20×6"), grid.text)
        app.handle(.char("q"))
        XCTAssertTrue(app.shouldQuit)
    }

    func testViewsCycleWithTabAndEscapeGoesBack() throws {
        let app = try makeApp()
        app.handle(.tab)
        XCTAssertEqual(app.view, .grid)
        XCTAssertTrue(render(app).text.contains("▀"))
        app.handle(.tab)
        XCTAssertEqual(app.view, .loss)
        XCTAssertTrue(render(app).text.contains("no training log"))
        app.handle(.char("?"))
        XCTAssertTrue(render(app).text.contains("re-roll z_k of the selected level only"))
        app.handle(.escape)
        XCTAssertEqual(app.view, .pyramid)
        app.handle(.backTab)
        XCTAssertEqual(app.view, .help)
    }

    func testGridEnterOpensTheSelectedSample() throws {
        let app = try makeApp()
        app.handle(.tab)
        _ = render(app)
        let grid = try XCTUnwrap(app.state.grid)
        XCTAssertGreaterThan(grid.count, 4)
        app.handle(.right)
        app.handle(.right)
        app.handle(.enter)
        XCTAssertEqual(app.view, .pyramid)
        XCTAssertEqual(app.state.seeds, grid.seeds[2])
        // r in the grid re-rolls the selected level of every sample.
        app.handle(.tab)
        app.handle(.char("r"))
        let after = try XCTUnwrap(app.state.grid)
        for i in 0..<grid.count {
            XCTAssertNotEqual(after.seeds[i][0], grid.seeds[i][0])
            XCTAssertEqual(after.seeds[i][2], grid.seeds[i][2])
        }
    }

    func testSaveWritesPNGsAndReportsThePaths() throws {
        let app = try makeApp()
        app.handle(.char("s"))
        let message = try XCTUnwrap(app.state.message)
        XCTAssertTrue(message.hasPrefix("saved "), message)
        let paths = message.dropFirst(6).components(separatedBy: " and ")
        XCTAssertEqual(paths.count, 2)
        for p in paths {
            let image = try PNGFile.read(p)
            XCTAssertGreaterThan(image.width, 12)
            try? FileManager.default.removeItem(atPath: p)
        }
        XCTAssertTrue(render(app).text.contains("saved "))
    }

    func testUnknownKeysAndEmptyUndoDoNotCrash() throws {
        let app = try makeApp()
        for key: Key in [.unknown(999), .function(5), .char("Z"), .ctrl("x"), .pageUp, .char("9")] { app.handle(key) }
        app.handle(.char("u"))
        XCTAssertEqual(app.state.message, "nothing to undo")
        XCTAssertFalse(app.shouldQuit)
    }

    func testKeysMapToActionsWithoutATerminal() {
        XCTAssertEqual(ExplorerAction(key: .char("q"), view: .loss), .quit)
        XCTAssertEqual(ExplorerAction(key: .ctrl("c"), view: .grid), .quit)
        XCTAssertEqual(ExplorerAction(key: .tab, view: .pyramid), .cycleView(by: 1))
        XCTAssertEqual(ExplorerAction(key: .backTab, view: .help), .cycleView(by: -1))
        XCTAssertEqual(ExplorerAction(key: .char("r"), view: .pyramid), .reroll)
        XCTAssertEqual(ExplorerAction(key: .char("r"), view: .grid), .rerollGrid)
        XCTAssertEqual(ExplorerAction(key: .char("r"), view: .loss), .loss(.char("r")))
        XCTAssertEqual(ExplorerAction(key: .char("r"), view: .help), .none)
        XCTAssertEqual(ExplorerAction(key: .char("7"), view: .pyramid), .selectLevel(7))
        XCTAssertEqual(ExplorerAction(key: .down, view: .grid), .moveGridSelection(columns: 0, rows: 1))
        XCTAssertEqual(ExplorerAction(key: .char("l"), view: .pyramid), .selectFiner)
        XCTAssertEqual(ExplorerAction(key: .char("l"), view: .loss), .loss(.char("l")))
        XCTAssertEqual(ExplorerAction(key: .enter, view: .grid), .openGridSelection)
        XCTAssertEqual(ExplorerAction(key: .resize, view: .pyramid), .redraw)
        XCTAssertEqual(ExplorerAction(key: .unknown(7), view: .pyramid), .none)
    }

    /// The whole app, run loop included, driven through a fake terminal.
    func testTheRunLoopDrivenByATestBackend() throws {
        let app = try makeApp()
        let backend = TestBackend(width: 100, height: 40, script: [
            .key(.char("r")), .idle, .key(.tab), .key(.right), .resize(width: 60, height: 20), .key(.enter),
            .resize(width: 30, height: 8), .resize(width: 120, height: 40), .key(.char("?")), .key(.char("q")),
        ])
        app.run(on: backend)
        XCTAssertTrue(app.shouldQuit)
        let frames = backend.frames
        XCTAssertGreaterThanOrEqual(frames.count, 9)
        XCTAssertTrue(frames[0].text.contains("▶ level 0"), frames[0].text)
        // After the resize the grid is laid out again for 60×20 and keeps the moved selection.
        XCTAssertTrue(frames.contains { $0.width == 100 && $0.text.contains("sample 2/") })
        let small = try XCTUnwrap(frames.first { $0.width == 60 })
        XCTAssertEqual(small.height, 20)
        XCTAssertTrue(small.text.contains("┌") && small.text.contains("▀"), small.text)
        XCTAssertTrue(frames.contains { $0.width == 30 && $0.text.replacingOccurrences(of: "\n", with: " ").contains("terminal 30×8") })
        let last = try XCTUnwrap(frames.last)
        XCTAssertEqual(last.width, 120)
        XCTAssertEqual(last.height, 40)
        XCTAssertTrue(last.text.contains("re-roll z_k of the selected level only"), last.text)
        XCTAssertEqual(app.view, .help)
        XCTAssertTrue(app.state.canUndo)
    }

    func testAnExhaustedScriptEndsTheSession() throws {
        let app = try makeApp()
        let backend = TestBackend(width: 80, height: 24, script: [.key(.tab)])
        app.run(on: backend)
        XCTAssertTrue(app.shouldQuit)
        XCTAssertEqual(backend.frames.count, 2)
    }
}
