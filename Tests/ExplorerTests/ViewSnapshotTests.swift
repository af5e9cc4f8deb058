// Snapshots of every explorer view, ratatui `assert_buffer` style: each view of the tiny three-level model (seed 1)
// rendered at 80×24 and 120×40 and compared cell by cell — characters and styles — with Snapshots/<view>-<w>x<h>.txt.
// After a change that is meant, regenerate them and review the diff:
//
//     LAPGAN_UPDATE_SNAPSHOTS=1 swift test --disable-swift-testing --filter ViewSnapshotTests
import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

final class ViewSnapshotTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static let regenerate = "LAPGAN_UPDATE_SNAPSHOTS=1 swift test --disable-swift-testing --filter ViewSnapshotTests"
    static let sizes = [(80, 24), (120, 40)]

    var directory = ""
    override func setUpWithError() throws { directory = try temporaryDirectory("view-snapshots") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    // MARK: fixtures

    /// The explorer on the tiny model, laid out for 80×24, its noise sensitivity measured; with `data`, a folder
    /// (named `images`: the neighbours view names it) of 8 synthetic 12×12 images for `i` and `n`; with `log`, a
    /// training log of three levels.
    func makeApp(data: Bool = false, log: Bool = false) throws -> ExplorerApp {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        if data {
            let images = directory + "/images"
            try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
            for i in 0..<8 {
                let pixels = (0..<144).map { p in UInt8(truncatingIfNeeded: (p % 12) * 9 * (i + 1) + (p / 12) * 5 + i * 3) }
                try PNGFile.write(RasterImage(width: 12, height: 12, channels: 1, pixels: pixels), to: images + "/img\(i).png")
            }
            state.dataDirectory = images
        }
        let app = ExplorerApp(state: state, logPath: log ? try writeLog() : nil, colorMode: .truecolor)
        app.resize(width: 80, height: 24)
        settle(app)
        return app
    }

    /// A log of three levels to step 2000, the losses drifting apart.
    func writeLog() throws -> String {
        var csv = TrainingLogColumn.header + "\n"
        for step in stride(from: 20, through: 2000, by: 20) {
            for level in 0..<3 {
                let t = Double(step) / 1000, wobble = Double((step / 20 * 7 + level * 3) % 11) / 50
                csv += "0,\(level),\(step),0,\(1.4 - 0.3 * t + wobble),\(0.7 + 0.4 * t - wobble / 2),\(0.5 + 0.1 * t),\(0.5 - 0.1 * t),0.02,100\n"
            }
        }
        let path = directory + "/tiny-train.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Waits for the background work (noise sensitivity, neighbours) and lets the app pick it up.
    func settle(_ app: ExplorerApp) {
        app.state.waitForBackground()
        app.state.waitForNeighbours()
        _ = app.tick()
    }

    func render(_ app: ExplorerApp, _ width: Int, _ height: Int) -> CellGrid {
        app.resize(width: width, height: height)
        settle(app)
        var grid = CellGrid(width: width, height: height)
        app.render(into: &grid)
        return grid
    }

    // MARK: the views

    func testPyramid() throws {
        let app = try makeApp()
        app.state.selectLevel(1)
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "pyramid-\(w)x\(h)") }
    }

    func testGrid() throws {
        let app = try makeApp()
        app.show(.grid)
        app.handle(.right)
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "grid-\(w)x\(h)") }
    }

    func testLoss() throws {
        let app = try makeApp(log: true)
        app.show(.loss)
        app.handle(.char("2"))  // level 1 hidden: the legend shows it
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "loss-\(w)x\(h)") }
    }

    func testTimeline() throws {
        let model = try tinyThreeLevelModel()
        let folder = SnapshotFolder(model: directory + "/tiny.lpg")
        for (i, step) in [0, 100].enumerated() {
            let m = try tinyThreeLevelModel(seed: UInt64(10 + i))
            for k in 0..<m.levelCount { m.updateCounters(level: k) { $0.steps = step } }
            try folder.write(m, step: step)
        }
        let log = try writeLog()
        let state = try ExplorerState(model: model, name: "tiny", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: log, colorMode: .truecolor)
        app.timeline = Timeline(folder: folder, reference: model, seed: 1, logPath: log)
        app.show(.timeline)
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "timeline-\(w)x\(h)") }
    }

    func testStudy() throws {
        let app = try makeApp()
        app.show(.study)
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "study-\(w)x\(h)") }
    }

    func testHelp() throws {
        let app = try makeApp()
        app.handle(.char("?"))
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "help-\(w)x\(h)") }
    }

    func testRealImage() throws {
        let app = try makeApp(data: true)
        app.handle(.up)
        app.handle(.char("i"))
        XCTAssertNotNil(app.state.real, app.state.message ?? "")
        for (w, h) in Self.sizes { try assertSnapshot(render(app, w, h), named: "real-\(w)x\(h)") }
    }

    func testNeighbours() throws {
        let app = try makeApp(data: true)
        app.handle(.char("n"))
        settle(app)
        var panel = try XCTUnwrap(app.state.neighbours, app.state.message ?? "")
        XCTAssertNotNil(panel.found)
        // The header names the search's time: pinned to 0 ms, the view drawn again over the app's screen.
        panel.searchMilliseconds = 0
        for (w, h) in Self.sizes {
            var grid = render(app, w, h)
            let content = ExplorerApp.contentRect(width: w, height: h)
            grid.fill(content, style: .plain)
            NeighboursView(panel: panel, layout: app.neighboursLayout, mode: app.colorMode).render(into: &grid, in: content)
            try assertSnapshot(grid, named: "neighbours-\(w)x\(h)")
        }
    }

    func testCompare() throws {
        let state = try CompareState(a: try tinyThreeLevelModel(seed: 3), b: try tinyThreeLevelModel(seed: 4), names: ("a.lpg", "b.lpg"),
                                     seed: 1, sensitivityRerolls: 1)
        let app = CompareApp(state: state, colorMode: .truecolor)
        app.handle(.up)
        for (w, h) in Self.sizes {
            app.resize(width: w, height: h)
            state.waitForBackground()
            _ = app.tick()
            var grid = CellGrid(width: w, height: h)
            app.render(into: &grid)
            try assertSnapshot(grid, named: "compare-\(w)x\(h)")
        }
    }

    // MARK: the comparison

    /// The snapshot machinery itself: a file reads back as the grid it was made from, and a changed character or
    /// colour is reported by row (and column), expected above actual.
    func testASnapshotReadsBackAndReportsTheFirstDifferences() throws {
        var grid = CellGrid(width: 12, height: 3)
        grid.drawText("level 0", x: 1, y: 1, style: Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold))
        grid.drawImage(PixelImage(width: 2, height: 2, fill: RGB(10, 20, 30)), x: 9, y: 0)
        let snapshot = CellGridSnapshot(grid)
        XCTAssertEqual(CellGridSnapshot(text: snapshot.text), snapshot)
        XCTAssertNil(snapshot.differences(from: snapshot))

        var changed = grid
        changed.drawText("1", x: 7, y: 1, style: Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold))
        let text = try XCTUnwrap(snapshot.differences(from: CellGridSnapshot(changed)))
        XCTAssertTrue(text.contains("row  1 expected | level 0    |\nrow  1 actual   | level 1    |"), text)

        var recoloured = grid
        recoloured.drawImage(PixelImage(width: 2, height: 2, fill: RGB(10, 20, 40)), x: 9, y: 0)
        let colours = try XCTUnwrap(snapshot.differences(from: CellGridSnapshot(recoloured)))
        XCTAssertTrue(colours.hasPrefix("row 0 column 9: expected fg=#0a141e bg=#0a141e -, actual fg=#0a1428 bg=#0a1428 -"), colours)
        XCTAssertNil(snapshot.differences(from: CellGridSnapshot(recoloured), tolerance: 10), "within the tolerance")
    }

    /// Compares `grid` with Snapshots/`name`.txt, or writes it there when LAPGAN_UPDATE_SNAPSHOTS=1.
    func assertSnapshot(_ grid: CellGrid, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(grid.writesOutsideGrid, 0, "\(name): drawing reached outside the grid", file: file, line: line)
        let url = Self.folder.appendingPathComponent("\(name).txt")
        let actual = CellGridSnapshot(grid)
        if ProcessInfo.processInfo.environment["LAPGAN_UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try actual.text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("no snapshot \(url.path); to write it: \(Self.regenerate)", file: file, line: line)
        }
        guard let expected = CellGridSnapshot(text: text) else {
            return XCTFail("\(url.path) is not a snapshot file; to rewrite it: \(Self.regenerate)", file: file, line: line)
        }
        if let differences = expected.differences(from: actual) {
            XCTFail("\(name) differs from \(url.lastPathComponent) (if the change is meant: \(Self.regenerate)):\n\(differences)\n\nactual:\n\(grid.text)",
                    file: file, line: line)
        }
    }
}
