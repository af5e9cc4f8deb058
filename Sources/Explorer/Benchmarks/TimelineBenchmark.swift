import Foundation
import LapGAN
import TerminalUI

/// `lapgan-tui --bench`: the cost of a timeline step, a snapshot loaded from its file, sampled with the timeline's
/// seeds, its pictures made, the screen drawn and diffed against the previous frame. Uses the model's own
/// `MODEL.snapshots/` when it has two or more, else a temporary folder of snapshots of the model (removed after).
public enum TimelineBenchmark {
    public static func run(modelPath: String, state: ExplorerState, logPath: String?, seed: UInt64, mode: ColorMode,
                           width: Int = 120, height: Int = 40, report: (String) -> Void) throws {
        var folder = SnapshotFolder(model: modelPath)
        var temporary: String?
        if folder.scan().count < 2 {
            let dir = NSTemporaryDirectory() + "lapgan-timeline-bench-\(getpid())"
            temporary = dir
            folder = SnapshotFolder(path: dir)
            for step in stride(from: 0, through: 300, by: 100) { try folder.write(state.model, step: step) }
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let timeline = Timeline(folder: folder, reference: state.model, seed: seed, logPath: logPath)
        timeline.cacheLimit = 0
        timeline.clearCache()
        let app = ExplorerApp(state: state, logPath: logPath, colorMode: mode)
        app.timeline = timeline
        app.resize(width: width, height: height)
        app.show(.timeline)
        let encoder = FrameEncoder(mode: mode)
        var previous = CellGrid(width: width, height: height)
        app.render(into: &previous)
        let count = timeline.entries.count
        guard count > 0 else { throw FileError(timeline.folder.path, "no snapshot could be loaded for the benchmark") }
        let n = 30
        var times: [Double] = []
        for i in 0..<n {
            let t0 = DispatchTime.now().uptimeNanoseconds
            // Back and forth over the snapshots: every step loads a file.
            timeline.show(i % count == timeline.index ? (i + 1) % count : i % count)
            var grid = CellGrid(width: width, height: height)
            app.render(into: &grid)
            _ = encoder.encode(from: previous, to: grid)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            previous = grid
        }
        let sorted = times.sorted()
        let median = sorted[sorted.count / 2]
        report(String(format: "timeline step (%d snapshots in %@: load, sample, render, frame diff) at %d×%d: median %.2f ms, mean %.2f ms, best %.2f ms",
                      count, temporary == nil ? folder.path : "a temporary folder", width, height, median,
                      times.reduce(0, +) / Double(n), sorted[0]))
        report(String(format: "timeline_frame_ms=%.2f", median))
    }
}
