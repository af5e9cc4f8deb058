import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// `i` / `I`: start from a real image, keep its pyramid at and above the selected level, generate the rest.
final class RealImageTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory("real-images")
        for i in 0..<3 {
            let pixels = (0..<(16 * 16)).map { p in UInt8(truncatingIfNeeded: (p % 16) * 16 * (i + 1) + (p / 16) * 7) }
            try PNGFile.write(RasterImage(width: 16, height: 16, channels: 1, pixels: pixels), to: directory + "/img\(i).png")
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func makeApp(data: String?, width: Int = 80, height: Int = 24) throws -> ExplorerApp {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        state.dataDirectory = data
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor)
        app.resize(width: width, height: height)
        return app
    }

    func render(_ app: ExplorerApp) -> CellGrid {
        var grid = CellGrid(width: app.width, height: app.height)
        app.render(into: &grid)
        return grid
    }

    func testWithoutTheDataSetAMessageNamesWhatIsMissing() throws {
        let app = try makeApp(data: nil)
        app.handle(.char("i"))
        XCTAssertNil(app.state.real)
        XCTAssertTrue(app.state.message?.contains("pass --data DIR") ?? false, app.state.message ?? "no message")
        XCTAssertTrue(render(app).text.contains("no real images"))
        let missing = try makeApp(data: "/nonexistent/images")
        missing.handle(.char("I"))
        XCTAssertTrue(missing.state.message?.contains("/nonexistent/images") ?? false, missing.state.message ?? "")
        XCTAssertTrue(missing.state.message?.contains("not found") ?? false)
        XCTAssertFalse(missing.shouldQuit)
    }

    func testARealImageKeepsItsPyramidAboveTheLevelAndTheModelMakesTheRest() throws {
        for (w, h) in [(80, 24), (120, 40), (40, 12)] {
            let app = try makeApp(data: directory, width: w, height: h)
            let before = app.state.sample
            app.handle(.up)  // level 1
            app.handle(.char("i"))
            let real = try XCTUnwrap(app.state.real, app.state.message ?? "")
            XCTAssertEqual(real.index, 0)
            XCTAssertEqual(real.level, 1)
            let pyramid = try app.state.model.pyramid.gaussian(real.image)
            let s = app.state.sample
            XCTAssertLessThan(try s.levels[1].image.maxAbsDifference(pyramid[1]), 1e-5, "level 1 is not the real image's")
            XCTAssertGreaterThan(try s.levels[0].image.maxAbsDifference(pyramid[0]), 1e-3, "level 0 was not generated")
            let grid = render(app)
            XCTAssertTrue(grid.text.contains("real image #1"), grid.text)
            XCTAssertTrue(grid.text.contains("kept I₁"), grid.text)
            let layout = try XCTUnwrap(app.realLayouts[1], "\(w)×\(h)")
            let content = ExplorerApp.contentRect(width: w, height: h)
            for p in layout.panels {
                XCTAssertEqual(p.rect.intersection(Rect(x: 0, y: 0, width: content.width, height: content.height)), p.rect)
                XCTAssertEqual(grid.cell(x: content.x + p.rect.x, y: content.y + p.rect.y).scalar, "▀", "\(p.picture) at \(w)×\(h)")
            }
            // r re-rolls only the generated levels.
            app.handle(.char("r"))
            XCTAssertLessThan(try app.state.sample.levels[1].image.maxAbsDifference(pyramid[1]), 1e-5)
            XCTAssertFalse(app.state.sample.levels[0].image.bitwiseEqual(s.levels[0].image))
            // Next, previous, another level; the seeds' history waits; esc goes back to the generated sample.
            app.handle(.char("i"))
            XCTAssertEqual(app.state.real?.index, 1)
            app.handle(.char("I"))
            app.handle(.char("I"))
            XCTAssertEqual(app.state.real?.index, 2)  // wraps around
            app.handle(.up)
            XCTAssertEqual(app.state.real?.level, 2)
            app.handle(.char("u"))
            XCTAssertEqual(app.state.message, "esc leaves the real image first")
            app.handle(.escape)
            XCTAssertNil(app.state.real)
            XCTAssertTrue(app.state.sample.image.bitwiseEqual(before.image))
        }
    }
}
