import XCTest
@testable import Explorer
import LapGAN
import TerminalUI

/// The whole explorer rendered into cell grids at common terminal sizes with every shipped model shape:
/// every picture the layout places is drawn, inside the screen, in every colour mode.
final class ExplorerScreenTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// fashion.lpg (28×28 grey, 3 levels), emoji64.lpg (64×64 colour, 4 levels) and an untrained 64×64 four-level
    /// model with batch normalisation (the lsun preset).
    static func models() throws -> [(String, LapGAN)] {
        var out: [(String, LapGAN)] = []
        for name in ["fashion", "emoji64"] {
            out.append((name, try ModelFile.load(root.appendingPathComponent("assets/\(name).lpg").path).model))
        }
        var o = Preset.Options()
        o.sizes = [64, 32, 16, 8]
        o.width = 4
        out.append(("lsun64", try LapGAN(try Preset.lsun.description(o), seed: 2)))
        return out
    }

    func render(_ app: ExplorerApp, _ w: Int, _ h: Int) -> CellGrid {
        app.resize(width: w, height: h)
        var grid = CellGrid(width: w, height: h)
        app.render(into: &grid)
        return grid
    }

    func testEveryPictureIsDrawnAtCommonSizesForEveryModelShape() throws {
        for (name, model) in try Self.models() {
            let state = try ExplorerState(model: model, name: name, seed: 1, sensitivityRerolls: 1)
            for mode in [ColorMode.truecolor, .none] {
                let app = ExplorerApp(state: state, logPath: nil, colorMode: mode, saveDirectory: NSTemporaryDirectory())
                for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                    for k in 0..<model.levelCount {
                        state.selectLevel(k)
                        let grid = render(app, w, h)
                        let content = ExplorerApp.contentRect(width: w, height: h)
                        let layout = try XCTUnwrap(app.pyramidLayouts[k], "\(name) \(w)×\(h)")
                        for p in layout.panels {
                            let cells = (p.rect.minY..<p.rect.maxY).flatMap { y in
                                (p.rect.minX..<p.rect.maxX).map { grid.cell(x: content.x + $0, y: content.y + y) }
                            }
                            let drawn = mode == .none ? cells.filter { $0.scalar != "▀" }.count : cells.filter { $0.scalar == "▀" }.count
                            XCTAssertEqual(drawn, cells.count, "\(name) \(w)×\(h) level \(k) \(mode): \(p.picture) not drawn")
                        }
                        XCTAssertTrue(grid.rowString(h - 1).contains("level \(k)/"), "status bar missing")
                        XCTAssertTrue(grid.text.contains("level \(k)  "), "title of the selected level missing")
                    }
                    // The grid view: as many samples as its layout says, each drawn.
                    state.selectLevel(0)
                    app.handle(.tab)
                    let grid = render(app, w, h)
                    XCTAssertEqual(app.view, .grid)
                    let shown = app.gridLayout.count
                    XCTAssertGreaterThanOrEqual(shown, 2, "\(name) \(w)×\(h)")
                    let px = app.gridLayout.pixels(model.description.sizes[0])
                    XCTAssertEqual(grid.text.filter { $0 == "▀" }.count, mode == .none ? 0 : shown * px * ((px + 1) / 2))
                    app.handle(.escape)
                }
            }
        }
    }

    func testLossAndHelpViewsAt80x24And120x40() throws {
        let model = try Self.models()[0].1
        let state = try ExplorerState(model: model, name: "fashion", seed: 1, sensitivityRerolls: 1)
        let log = Self.root.appendingPathComponent("assets/fashion-train.csv").path
        let app = ExplorerApp(state: state, logPath: log, colorMode: .palette256)
        for (w, h) in [(80, 24), (120, 40)] {
            app.handle(.tab)
            app.handle(.tab)
            XCTAssertEqual(app.view, .loss)
            var grid = render(app, w, h)
            for text in ["D loss", "G loss", "D(real)", "D(fake)", "┤", "└"] {
                XCTAssertTrue(grid.text.contains(text), "\(w)×\(h) loss view lacks \(text):\n\(grid.text)")
            }
            app.handle(.char("?"))
            grid = render(app, w, h)
            for (key, _) in HelpView.lines {
                XCTAssertTrue(grid.text.contains(key), "\(w)×\(h) help lacks \(key)")
            }
            app.handle(.escape)
            XCTAssertEqual(app.view, .pyramid)
        }
    }

    func testTheSmallestTerminalSaysSo() throws {
        let state = try ExplorerState(model: try Self.models()[0].1, name: "fashion", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor)
        XCTAssertTrue(render(app, 40, 12).text.contains("▀"))
        XCTAssertTrue(render(app, 39, 12).text.contains("need at least 40×12"))
        XCTAssertTrue(render(app, 40, 11).text.contains("need at least 40×12"))
    }
}
