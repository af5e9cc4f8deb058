import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// `n`: the training images nearest to the sample, searched in the background, in a small synthetic data set that
/// holds the sample itself.
final class NeighboursTests: XCTestCase {
    var directory = ""

    override func tearDown() { if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) } }

    /// An app on the tiny model whose data set is 20 synthetic 12×12 images plus (as img-sample.png) the first sample.
    func makeApp(width: Int = 80, height: Int = 24, mode: ColorMode = .truecolor, data: Bool = true) throws -> ExplorerApp {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        if data {
            directory = try temporaryDirectory("neighbours")
            for i in 0..<20 {
                let pixels = (0..<144).map { p in UInt8(truncatingIfNeeded: (p % 12) * 9 * (i + 1) + (p / 12) * 5 + i * 3) }
                try PNGFile.write(RasterImage(width: 12, height: 12, channels: 1, pixels: pixels), to: directory + "/img\(i).png")
            }
            let sample = try XCTUnwrap(try state.model.finalImages(of: state.sample).first)
            try PNGFile.write(sample, to: directory + "/img-sample.png")
            state.dataDirectory = directory
        } else {
            state.dataDirectory = "/nonexistent/training-images"
        }
        let app = ExplorerApp(state: state, logPath: nil, colorMode: mode)
        app.resize(width: width, height: height)
        return app
    }

    func render(_ app: ExplorerApp) -> CellGrid {
        var grid = CellGrid(width: app.width, height: app.height)
        app.render(into: &grid)
        return grid
    }

    /// n, then the background search picked up as the run loop does.
    func showNeighbours(_ app: ExplorerApp) {
        app.handle(.char("n"))
        app.state.waitForNeighbours()
        _ = app.tick()
    }

    func testTheNeighboursViewAt80x24And120x40InEveryColourMode() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            for mode in [ColorMode.truecolor, .palette256, .grey, .none] {
                let app = try makeApp(width: w, height: h, mode: mode)
                showNeighbours(app)
                let panel = try XCTUnwrap(app.state.neighbours, app.state.message ?? "")
                let found = try XCTUnwrap(panel.found)
                XCTAssertEqual(found.count, 6)
                XCTAssertEqual(panel.searched, 21)
                // The sample itself is in the data set: it is the nearest, at distance 0.
                let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".png") }.sorted()
                XCTAssertEqual(names[found[0].index], "img-sample.png")
                XCTAssertEqual(found[0].distance, 0)
                XCTAssertTrue(zip(found, found.dropFirst()).allSatisfy { $0.distance <= $1.distance })
                let grid = render(app)
                let text = grid.text
                XCTAssertTrue(text.contains("6 nearest of 21"), text)
                XCTAssertTrue(text.contains("1. d 0.0"), text)
                XCTAssertTrue(text.contains("6. d "), "\(w)×\(h)\n\(text)")
                XCTAssertTrue(text.contains("sample Ĩ₀"), text)
                let layout = try XCTUnwrap(app.neighboursLayout, "\(w)×\(h)")
                let content = ExplorerApp.contentRect(width: w, height: h)
                let area = Rect(x: 0, y: 0, width: content.width, height: content.height)
                for r in [layout.query] + layout.cells {
                    XCTAssertEqual(r.intersection(area), r, "\(w)×\(h)")
                    let c = grid.cell(x: content.x + r.x, y: content.y + r.y)
                    if mode == .none {
                        XCTAssertNotEqual(c.scalar, "▀")
                    } else {
                        XCTAssertEqual(c.scalar, "▀", "\(r) at \(w)×\(h) \(mode)")
                    }
                }
                // Captions sit below the pictures, inside the content area, never overlapping another picture.
                for (a, b) in zip(layout.cells, layout.cells.dropFirst()) where a.y == b.y {
                    XCTAssertGreaterThanOrEqual(b.x, a.x + max(a.width, NeighboursView.minimumCaptionWidth) + NeighboursView.gap)
                }
                XCTAssertLessThanOrEqual(layout.cells.map { $0.maxY + NeighboursView.captionRows }.max() ?? 0, content.height)
                // esc returns to the pyramid.
                app.handle(.escape)
                XCTAssertNil(app.state.neighbours)
                XCTAssertTrue(render(app).text.contains("level 0"))
            }
        }
    }

    func testLayoutIsAPureFunctionAndShowsFewerWhenSmall() {
        let a = NeighboursView.layout(size: 28, count: 6, width: 78, height: 20)
        XCTAssertEqual(a, NeighboursView.layout(size: 28, count: 6, width: 78, height: 20))
        XCTAssertEqual(a?.cells.count, 6)
        XCTAssertEqual(NeighboursView.layout(size: 28, count: 6, width: 118, height: 36)?.cells.count, 6)
        let small = NeighboursView.layout(size: 28, count: 6, width: 38, height: 8)
        XCTAssertLessThan(small?.cells.count ?? 0, 6)
        XCTAssertNil(NeighboursView.layout(size: 28, count: 6, width: 5, height: 2))
    }

    func testCachedPerSampleAndANewSampleIsSearchedAgain() throws {
        let app = try makeApp()
        showNeighbours(app)
        let first = try XCTUnwrap(app.state.neighbours?.found)
        app.handle(.escape)
        app.handle(.char("n"))  // from the cache: shown at once
        XCTAssertEqual(app.state.neighbours?.found?.map(\.index), first.map(\.index))
        app.handle(.char("R"))  // a new sample: searched again (the neighbours stay shown)
        XCTAssertNotNil(app.state.neighbours)
        app.state.waitForNeighbours()
        _ = app.tick()
        let second = try XCTUnwrap(app.state.neighbours?.found)
        XCTAssertGreaterThan(second[0].distance, 0.5, "the new sample is not in the data set")
        app.handle(.char("u"))  // back to the first sample: from the cache
        XCTAssertEqual(app.state.neighbours?.found?.map(\.index), first.map(\.index))
        app.handle(.char("w"))
        XCTAssertEqual(app.state.message, "esc leaves the nearest neighbours first")
        XCTAssertFalse(app.state.isWalking)
    }

    func testWithoutTheDataSetAMessageNamesWhatIsMissing() throws {
        let app = try makeApp(data: false)
        showNeighbours(app)
        XCTAssertNil(app.state.neighbours)
        let message = try XCTUnwrap(app.state.message)
        XCTAssertTrue(message.contains("no nearest neighbours") && message.contains("/nonexistent/training-images"), message)
        XCTAssertTrue(render(app).text.contains("no nearest neighbours"))
    }

    /// `n` through the run loop: keys and resizes while the search runs, then the result on screen.
    func testNDrivenThroughTheAppWithTheTestBackend() throws {
        let app = try makeApp()
        let backend = TestBackend(width: 80, height: 24, script: [
            .key(.char("n")), .key(.char("j")), .key(.char("n")), .resize(width: 120, height: 40), .key(.tab), .key(.backTab),
            .resize(width: 40, height: 12), .resize(width: 80, height: 24), .idle,
        ])
        app.run(on: backend)
        app.state.waitForNeighbours()
        // The search finishes after the script: the next frames show it.
        let after = TestBackend(width: 80, height: 24, script: [.idle, .key(.char("q"))])
        let resumed = ExplorerApp(state: app.state, logPath: nil, colorMode: .truecolor)
        resumed.run(on: after)
        XCTAssertTrue(backend.frames.contains { $0.width == 120 && $0.text.contains("nearest") }, backend.frames.last?.text ?? "")
        XCTAssertTrue(backend.frames.contains { $0.width == 40 })
        let last = try XCTUnwrap(after.frames.last)
        XCTAssertTrue(last.text.contains("6 nearest of 21"), last.text)
        XCTAssertTrue(last.text.contains("1. d 0.0"), last.text)
    }
}
