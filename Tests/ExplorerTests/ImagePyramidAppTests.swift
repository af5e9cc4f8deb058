import XCTest
@testable import Explorer
import LapGAN
import TerminalUI

/// `lapgan-tui photo.png`: the pyramid of any image in the pyramid view, stepped by keys, clicks and the wheel.
final class ImagePyramidAppTests: XCTestCase {
    func picture(width: Int, height: Int, channels: Int) -> RasterImage {
        var px: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { px.append(UInt8((x * 3 + y * 5 + ((x / 4 + y / 4) % 2) * 70 + c * 40) % 256)) }
            }
        }
        return RasterImage(width: width, height: height, channels: channels, pixels: px)
    }

    func frame(_ app: ImagePyramidApp, _ w: Int, _ h: Int, _ keys: [Key] = []) -> CellGrid {
        if app.width != w || app.height != h { app.resize(width: w, height: h) }
        var grid = CellGrid(width: w, height: h)
        app.render(into: &grid)
        for k in keys {
            _ = app.handle(k)
            app.render(into: &grid)
        }
        XCTAssertEqual(grid.writesOutsideGrid, 0)
        return grid
    }

    func testEveryLevelIsShownWithItsEnergyAndTheReconstructionErrorAtCommonSizes() throws {
        for (channels, iw, ih) in [(1, 28, 28), (3, 640, 480)] {
            let raster = picture(width: iw, height: ih, channels: channels)
            let sizes = try XCTUnwrap(ImagePyramid.sizes(width: iw, height: ih))
            let p = try ImagePyramid(raster, sizes: sizes)
            for mode in [ColorMode.truecolor, .none] {
                let app = ImagePyramidApp(pyramid: p, name: "photo", originalSize: (iw, ih), colorMode: mode, saveDirectory: NSTemporaryDirectory())
                for (w, h) in [(80, 24), (120, 40)] {
                    for k in 0..<sizes.count {
                        let g = frame(app, w, h, [.char(Character(String(k)))])
                        XCTAssertEqual(app.selectedLevel, k)
                        let status = g.rowString(h - 1)
                        XCTAssertTrue(status.contains("level \(k)/\(sizes.count - 1) \(sizes[k])×\(sizes[k])"), status)
                        XCTAssertTrue(status.contains("reconstruction max error"), status)
                        let energy = String(format: "%.1f", p.energy[k])
                        XCTAssertTrue(g.text.contains(k == sizes.count - 1 ? "rms \(energy)" : "energy \(energy)"), "\(w)×\(h) level \(k)")
                        if mode == .truecolor { XCTAssertTrue(g.text.contains("▀"), "no image drawn") }
                        XCTAssertFalse(g.text.contains("Ĩ") || g.text.contains("h\u{303}"), "a real image's pyramid is not generated:\n\(g.text)")
                        // Every level is a target of the mouse from here.
                        for j in 0..<sizes.count {
                            let r = try XCTUnwrap(app.hitMap.rect(of: .level(j)), "\(iw)×\(ih) at \(w)×\(h): level \(j) from \(k)")
                            _ = frame(app, w, h, [.mouse(.click(x: r.x + r.width / 2, y: r.y + r.height / 2))])
                            XCTAssertEqual(app.selectedLevel, j)
                            _ = frame(app, w, h, [.char(Character(String(k)))])
                        }
                    }
                }
            }
        }
    }

    func testKeysTheWheelAndTabsStepLevelsAndViews() throws {
        let p = try ImagePyramid(picture(width: 64, height: 64, channels: 3), sizes: [64, 32, 16, 8])
        let app = ImagePyramidApp(pyramid: p, name: "photo", originalSize: (64, 64), colorMode: .none, saveDirectory: NSTemporaryDirectory())
        _ = frame(app, 80, 24, [.up, .up])
        XCTAssertEqual(app.selectedLevel, 2)
        _ = frame(app, 80, 24, [.mouse(MouseEvent(.wheelUp, x: 3, y: 3)), .mouse(MouseEvent(.wheelUp, x: 3, y: 3))])
        XCTAssertEqual(app.selectedLevel, 3, "the wheel stops at the coarsest level")
        _ = frame(app, 80, 24, [.mouse(MouseEvent(.wheelDown, x: 3, y: 3)), .char("]")])
        XCTAssertEqual(app.selectedLevel, 1)
        let help = try XCTUnwrap(app.hitMap.rect(of: .view(.help)))
        var g = frame(app, 80, 24, [.mouse(.click(x: help.x + 1, y: help.y))])
        XCTAssertEqual(app.view, .help)
        XCTAssertTrue(g.text.contains("energy: root-mean-square"))
        g = frame(app, 80, 24, [.tab])
        XCTAssertEqual(app.view, .pyramid)
        XCTAssertNil(app.hitMap.rect(of: .view(.grid)), "only the pyramid and help")
        XCTAssertEqual(app.handle(.char("q")), .quit)
        // s writes the image and its pyramid strip.
        _ = frame(app, 80, 24, [.char("s")])
        let message = try XCTUnwrap(app.message)
        XCTAssertTrue(message.hasPrefix("saved "), message)
        let strip = try PNGFile.read(NSTemporaryDirectory() + "/photo-pyramid.png")
        XCTAssertEqual(strip.height, 64 + 2 * 2, "the finest level and the grid's margins")
        XCTAssertGreaterThan(strip.width, 4 * 64)
    }

    func testAModelStartsItsCascadeFromAnImageFile() throws {
        let model = try ModelFile.load(ExplorerScreenTests.root.appendingPathComponent("assets/fashion.lpg").path).model
        let state = try ExplorerState(model: model, name: "fashion", seed: 1, sensitivityRerolls: 1)
        state.selectLevel(1)
        let raster = picture(width: 50, height: 40, channels: 3)
        try state.startFromImage(raster, name: "shoe.png")
        let real = try XCTUnwrap(state.real)
        XCTAssertEqual(real.fileName, "shoe.png")
        XCTAssertEqual(real.level, 1)
        // The kept level is the image's own: the sample's level-1 image is the file's level-1 Gaussian.
        let expected = try model.pyramid.gaussian(real.image)[1]
        XCTAssertEqual(try XCTUnwrap(state.sample.levels[1].image).array, expected.array)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .none, saveDirectory: NSTemporaryDirectory())
        app.resize(width: 80, height: 24)
        var g = CellGrid(width: 80, height: 24)
        app.render(into: &g)
        XCTAssertTrue(g.text.contains("shoe.png: levels ≥ 1 real"), g.text)
        XCTAssertTrue(g.rowString(23).contains("shoe.png"))
    }
}
