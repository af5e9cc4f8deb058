import Foundation
import LapGAN
import TerminalUI

/// `lapgan-tui --bench`: the cost of re-rolling the finest level and drawing the new frame, of a noise-walk frame,
/// and of the nearest training images of a new sample (search, pick-up and redraw).
public enum ExplorerBenchmark {
    public static func run(state: ExplorerState, logPath: String?, mode: ColorMode, width: Int = 120, height: Int = 40,
                           report: (String) -> Void) throws {
        let app = ExplorerApp(state: state, logPath: logPath, colorMode: mode)
        app.resize(width: width, height: height)
        let encoder = FrameEncoder(mode: mode)
        var previous = CellGrid(width: width, height: height)
        app.render(into: &previous)
        _ = encoder.encode(from: nil, to: previous)
        state.selectLevel(0)
        let n = 50
        var bytes = 0
        var best = Double.infinity, total = 0.0
        for _ in 0..<n {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try state.rerollSelected()
            var grid = CellGrid(width: width, height: height)
            app.render(into: &grid)
            bytes = encoder.encode(from: previous, to: grid).count
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            best = min(best, dt)
            total += dt
            previous = grid
        }
        // A noise-walk frame of the finest level: slerp, G_0, pictures, render, frame diff.
        try state.startWalk()
        var walkTotal = 0.0, walkBest = Double.infinity
        for _ in 0..<n {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try state.stepWalk(seconds: 0.05)
            var grid = CellGrid(width: width, height: height)
            app.render(into: &grid)
            bytes = encoder.encode(from: previous, to: grid).count
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            walkBest = min(walkBest, dt)
            walkTotal += dt
            previous = grid
        }
        state.stopWalk()
        report(String(format: "noise walk of level 0 (one frame: slerp, G₀, render, frame diff): mean %.2f ms, best %.2f ms, %d bytes/frame",
                      walkTotal / Double(n), walkBest, bytes))
        report(String(format: "walk_frame_ms=%.2f", walkTotal / Double(n)))
        state.waitForBackground()
        report(String(format: "terminal %d×%d, %@; re-roll of level 0 + render + frame diff: mean %.2f ms, best %.2f ms, %d bytes/frame",
                      width, height, mode.rawValue, total / Double(n), best, bytes))
        report(String(format: "reroll_frame_ms=%.2f", total / Double(n)))
        try neighbours(app: app, state: state, encoder: encoder, previous: previous, report: report)
    }

    /// `n` from a key to the neighbours on screen: first with the data set's loading and indexing, then for new samples
    /// (re-rolled level 0) with the index kept.
    static func neighbours(app: ExplorerApp, state: ExplorerState, encoder: FrameEncoder, previous: CellGrid,
                           report: (String) -> Void) throws {
        var previous = previous
        let width = previous.width, height = previous.height
        func shown() throws -> Double {
            state.waitForBackground()
            let t0 = DispatchTime.now().uptimeNanoseconds
            app.handle(.char("n"))
            state.waitForNeighbours()
            _ = app.tick()
            var grid = CellGrid(width: width, height: height)
            app.render(into: &grid)
            _ = encoder.encode(from: previous, to: grid)
            previous = grid
            return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        }
        app.handle(.escape)
        let first = try shown()
        guard let panel = state.neighbours, panel.found != nil else {
            report("nearest neighbours: \(state.message ?? "no result") (neighbours_ms not measured)")
            return
        }
        let n = 10
        var total = 0.0, best = Double.infinity, search = 0.0
        for _ in 0..<n {
            app.handle(.escape)
            try state.rerollSelected()
            let dt = try shown()
            total += dt
            best = min(best, dt)
            search += state.neighbours?.searchMilliseconds ?? 0
        }
        app.handle(.escape)
        report(String(format: "nearest %d of %d images (%@): first with loading and indexing %.0f ms (load %.0f ms); a new sample: mean %.2f ms, best %.2f ms (search %.2f ms)",
                      panel.found?.count ?? 0, panel.searched, panel.dataName ?? "?", first, state.neighbourLoadMilliseconds,
                      total / Double(n), best, search / Double(n)))
        report(String(format: "neighbours_ms=%.2f", total / Double(n)))
        report(String(format: "neighbours_first_ms=%.0f", first))
    }
}
