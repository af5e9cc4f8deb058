import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// `w`: the selected level's noise walks between seeds while the other levels stay fixed.
final class NoiseWalkTests: XCTestCase {
    func makeApp(mode: ColorMode = .truecolor) throws -> ExplorerApp {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: mode, saveDirectory: NSTemporaryDirectory())
        app.resize(width: 100, height: 40)
        return app
    }

    func render(_ app: ExplorerApp) -> CellGrid {
        var grid = CellGrid(width: app.width, height: app.height)
        app.render(into: &grid)
        return grid
    }

    func testWalkingTheFinestLevelChangesOnlyItAndAnyKeyStopsKeepingTheFrame() throws {
        let app = try makeApp()
        let before = app.state.sample
        app.handle(.char("w"))
        XCTAssertTrue(app.state.isWalking)
        try app.state.stepWalk(seconds: 0.4)
        let frame = app.state.sample
        XCTAssertTrue(frame.levels[2].image.bitwiseEqual(before.levels[2].image))
        XCTAssertTrue(frame.levels[1].image.bitwiseEqual(before.levels[1].image))
        XCTAssertFalse(frame.levels[0].image.bitwiseEqual(before.levels[0].image))
        XCTAssertTrue(render(app).text.contains("walking z₀"))
        // Past a segment's end the walk goes on towards a new seed.
        let first = try XCTUnwrap(app.state.walk)
        try app.state.stepWalk(seconds: 1.5)
        XCTAssertEqual(app.state.walk?.fromSeed, first.toSeed)
        // A key stops it through the run loop; the last frame stays and the status bar says the noise was walked.
        let backend = TestBackend(width: 100, height: 40, script: [.idle, .idle, .key(.char("x")), .idle])
        app.run(on: backend)
        XCTAssertFalse(app.state.isWalking)
        let last = app.state.sample
        XCTAssertFalse(last.levels[0].image.bitwiseEqual(before.levels[0].image))
        XCTAssertTrue(backend.frames.last?.text.contains("z₀:walk") ?? false)
        // Undo brings back the seed's picture.
        app.handle(.char("u"))
        XCTAssertTrue(app.state.sample.levels[0].image.bitwiseEqual(before.levels[0].image))
    }

    func testWalkingACoarseLevelKeepsTheCoarserOnesAndRerollingFinerKeepsTheWalk() throws {
        let app = try makeApp()
        let before = app.state.sample
        app.handle(.up)  // level 1
        app.handle(.char("w"))
        try app.state.stepWalk(seconds: 0.5)
        app.handle(.char("w"))  // w again stops
        XCTAssertFalse(app.state.isWalking)
        let walked = app.state.sample
        XCTAssertTrue(walked.levels[2].image.bitwiseEqual(before.levels[2].image))
        XCTAssertFalse(walked.levels[1].image.bitwiseEqual(before.levels[1].image))
        app.handle(.down)
        app.handle(.char("r"))  // re-rolling level 0 keeps the walked level 1
        XCTAssertTrue(app.state.sample.levels[1].image.bitwiseEqual(walked.levels[1].image))
        XCTAssertEqual(app.state.walkedLevel, 1)
    }

    func testTheWalkDrawsInEveryColourMode() throws {
        for mode in [ColorMode.truecolor, .palette256, .grey, .none] {
            let app = try makeApp(mode: mode)
            app.resize(width: 80, height: 24)
            app.handle(.char("w"))
            try app.state.stepWalk(seconds: 0.3)
            let grid = render(app)
            let content = ExplorerApp.contentRect(width: 80, height: 24)
            let layout = try XCTUnwrap(app.pyramidLayouts[0])
            let p = try XCTUnwrap(layout.panels.first { $0.picture == .image(0) })
            let cell = grid.cell(x: content.x + p.rect.x, y: content.y + p.rect.y)
            XCTAssertEqual(cell.scalar == "▀", mode != .none, "\(mode)")
        }
    }
}
