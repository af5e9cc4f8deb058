import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// `c` / `C`: the class of a class-conditional model's samples.
final class ClassTests: XCTestCase {
    func conditionalModel() throws -> LapGAN {
        var o = Preset.Options()
        o.classes = 3
        var d = Preset.cascade(name: "tiny-classes", sizes: [12, 6, 3], channels: 1, options: o, coarseHidden: (16, 16),
                               fineWidth: 4, fineKernels: (3, 3, 3), dataset: "test")
        d.classNames = ["circle", "square", "star"]
        return try LapGAN(d, seed: 4)
    }

    func testNextAndPreviousClassKeepTheSeedsAndNameTheClass() throws {
        let state = try ExplorerState(model: conditionalModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor)
        app.resize(width: 80, height: 24)
        XCTAssertEqual(state.className, "circle")
        let seeds = state.seeds, before = state.sample
        app.handle(.char("c"))
        XCTAssertEqual(state.classIndex, 1)
        XCTAssertEqual(state.seeds, seeds)
        XCTAssertEqual(state.sample.labels, [1])
        XCTAssertFalse(state.sample.image.bitwiseEqual(before.image))
        var grid = CellGrid(width: 80, height: 24)
        app.render(into: &grid)
        XCTAssertTrue(grid.rowString(23).contains("class 1 square"), grid.rowString(23))
        app.handle(.char("C"))
        app.handle(.char("C"))  // wraps around to the last class
        XCTAssertEqual(state.className, "star")
        app.handle(.char("c"))
        XCTAssertTrue(state.sample.image.bitwiseEqual(before.image), "class 0 again with the same seeds gives the same image")
        // The grid is drawn in the current class.
        app.handle(.tab)
        app.handle(.char("c"))
        XCTAssertEqual(state.grid?.labels?.allSatisfy { $0 == 1 }, true)
    }

    func testAnUnconditionalModelSaysItHasNoClasses() throws {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .none)
        app.resize(width: 80, height: 24)
        let before = state.sample
        app.handle(.char("c"))
        XCTAssertEqual(state.message, "no classes: this model is unconditional")
        XCTAssertNil(state.className)
        XCTAssertTrue(state.sample.image.bitwiseEqual(before.image))
    }
}
