import Foundation
import LapGAN
import TerminalUI

/// `lapgan-tui --bench`: the cost of re-rolling the finest level and drawing the new frame.
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
    }
}
