import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// The compare view drawn into cell grids: two models on the same seeds level by level, the per-level mean |ΔĨ_k|
/// and both Δz_k, `r` re-rolling the selected level in both, and models of other pyramids refused by name.
final class CompareTests: XCTestCase {
    func pair() throws -> CompareState {
        try CompareState(a: try tinyThreeLevelModel(seed: 3), b: try tinyThreeLevelModel(seed: 4), names: ("a.lpg", "b.lpg"),
                         seed: 1, sensitivityRerolls: 2)
    }

    func testScreenShowsBothModelsLevelByLevelWithTheirDifferences() throws {
        let state = try pair()
        state.waitForBackground()
        let app = CompareApp(state: state, colorMode: .truecolor)
        let backend = TestBackend(width: 80, height: 24, script: [.idle, .key(.char("q"))])
        app.run(on: backend)
        let grid = try XCTUnwrap(backend.frames.last)
        let text = grid.text
        for needle in ["compare a.lpg ↔ b.lpg", "A a.lpg", "B b.lpg", "|A−B| ×2", "▶ level 0 12×12", "level 1 6×6", "level 2 3×3",
                       "|ΔĨ₀|", "|ΔĨ₂|", "Δz₀ A ", "level 0/2"] {
            XCTAssertTrue(text.contains(needle), "no '\(needle)':\n\(text)")
        }
        // Δz arrived (no "…"), and the numbers are the models' own.
        XCTAssertFalse(text.contains("A …"), text)
        let a = state.models.a, b = state.models.b
        XCTAssertNotEqual(state.sensitivityA.compactMap { $0 }, state.sensitivityB.compactMap { $0 })
        // Mean |ΔĨ_k| is the mean absolute difference of the two models' Ĩ_k (0–255).
        let ia = try a.levelImages(of: a.sample(seeds: [state.seeds])), ib = try b.levelImages(of: b.sample(seeds: [state.seeds]))
        for k in 0..<3 {
            let p = ia[k].image.pixels, q = ib[k].image.pixels
            let mean = Double(zip(p, q).map { abs(Int($0) - Int($1)) }.reduce(0, +)) / Double(p.count)
            XCTAssertEqual(state.meanDifference[k], mean, accuracy: 1e-9)
            XCTAssertGreaterThan(mean, 0)
            XCTAssertTrue(text.contains(String(format: "|ΔĨ%@| %.1f", sub(k), mean)), text)
            XCTAssertEqual(state.picturesA[k], PixelImage(ia[k].image))
            XCTAssertEqual(state.picturesB[k], PixelImage(ib[k].image))
        }
        // Every picture the layout places is drawn.
        let layout = try XCTUnwrap(app.layout)
        let content = ExplorerApp.contentRect(width: 80, height: 24)
        for band in layout.bands {
            for r in [band.a, band.b, band.difference] {
                for y in r.minY..<r.maxY { for x in r.minX..<r.maxX {
                    XCTAssertEqual(grid.cell(x: content.x + x, y: content.y + y).scalar, "▀", "level \(band.level) at \(x),\(y)")
                } }
            }
        }
    }

    func testRRerollsTheSelectedLevelInBothModelsAtOnce() throws {
        let state = try pair()
        let app = CompareApp(state: state, colorMode: .none)
        app.resize(width: 80, height: 24)
        let seeds = state.seeds
        let (a0, b0) = (state.picturesA, state.picturesB)
        app.handle(.char("r"))  // level 0
        XCTAssertEqual(Array(state.seeds[1...]), Array(seeds[1...]))
        XCTAssertNotEqual(state.seeds[0], seeds[0])
        XCTAssertEqual(Array(state.picturesA[1...]), Array(a0[1...]), "a coarser level of A changed")
        XCTAssertEqual(Array(state.picturesB[1...]), Array(b0[1...]), "a coarser level of B changed")
        XCTAssertNotEqual(state.picturesA[0], a0[0])
        XCTAssertNotEqual(state.picturesB[0], b0[0])
        // Both models drew the same new seeds: each matches a fresh sample of its own with them.
        let a = state.models.a, b = state.models.b
        XCTAssertEqual(state.picturesA[0], PixelImage(try a.levelImages(of: a.sample(seeds: [state.seeds]))[0].image))
        XCTAssertEqual(state.picturesB[0], PixelImage(try b.levelImages(of: b.sample(seeds: [state.seeds]))[0].image))
        // ↑ ↑ selects the coarsest level; r re-rolls z₂ in both and everything below follows.
        app.handle(.up)
        app.handle(.up)
        XCTAssertEqual(state.selectedLevel, 2)
        let before = state.seeds
        app.handle(.char("r"))
        XCTAssertEqual(Array(state.seeds[..<2]), Array(before[..<2]))
        XCTAssertNotEqual(state.seeds[2], before[2])
        var grid = CellGrid(width: 80, height: 24)
        app.render(into: &grid)
        XCTAssertTrue(grid.text.contains("▶ level 2"), grid.text)
        XCTAssertTrue(grid.text.contains(String(format: "z₂:%04llx", state.seeds[2] & 0xffff)), grid.text)
    }

    func testTheSameModelTwiceDiffersByNothing() throws {
        let m = try tinyThreeLevelModel(seed: 3)
        let state = try CompareState(a: m, b: m, names: ("a", "a"), seed: 2, sensitivityRerolls: 1)
        XCTAssertEqual(state.meanDifference, [0, 0, 0])
        XCTAssertTrue(state.differences.allSatisfy { $0?.pixels.allSatisfy { $0 == .black } ?? false })
    }

    func testModelsOfOtherPyramidsAreRefusedNamingTheDifference() throws {
        let three = try tinyThreeLevelModel(seed: 3)
        let cases: [(LapGAN, String)] = [
            (try LapGAN(tinyDescription(), seed: 1), "its pyramid sizes 8→4 differ (12→6→3)"),
            (try tinyThreeLevelModel(channels: 3, seed: 3), "its channels (3) differ (1)"),
        ]
        for (other, why) in cases {
            XCTAssertThrowsError(try CompareState(a: three, b: other, names: ("a.lpg", "b.lpg"), seed: 1)) { error in
                XCTAssertTrue(error is CompareRefusal)
                XCTAssertTrue("\(error)".hasPrefix("cannot compare a.lpg and b.lpg: b.lpg: \(why)"), "\(error)")
            }
        }
    }

    func testLayoutFitsEveryTerminalSize() throws {
        for sizes in [[28, 14, 7], [32, 16, 8], [64, 32, 16, 8], [12, 6, 3]] {
            for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                let content = ExplorerApp.contentRect(width: w, height: h)
                let l = try XCTUnwrap(CompareLayout.make(sizes: sizes, width: content.width, height: content.height), "\(sizes) \(w)×\(h)")
                XCTAssertEqual(l.bands.map(\.level), Array(sizes.indices.reversed()))
                XCTAssertLessThanOrEqual(l.width, content.width)
                XCTAssertLessThanOrEqual(l.height, content.height)
                for (band, next) in zip(l.bands, l.bands.dropFirst()) {
                    XCTAssertLessThanOrEqual(band.a.maxY, next.titleY, "bands overlap")
                    XCTAssertLessThanOrEqual(band.a.width, next.a.width, "a finer level is smaller than a coarser one")
                }
                for band in l.bands { XCTAssertLessThanOrEqual(band.a.maxX, band.b.minX - 1); XCTAssertLessThanOrEqual(band.b.maxX, band.difference.minX - 1) }
            }
        }
        // A large terminal shows the fashion pyramid with no level reduced.
        let big = try XCTUnwrap(CompareLayout.make(sizes: [28, 14, 7], width: 198, height: 56))
        XCTAssertTrue(big.bands.allSatisfy { $0.zoom.shrink == 1 }, "\(big.bands.map(\.zoom))")
    }
}
