import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// The training timeline drawn into cell grids: the same seeds through every snapshot, ←/→ home/end, the marker on
/// the loss curves at the shown step, a corrupt file skipped with a note, new snapshots picked up.
final class TimelineTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("timeline") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    static let marker = CellColor.rgb(RGB(255, 215, 95))

    /// Snapshots at steps 0, 100, 200 (different weights each), a corrupt one at 150, and a log to step 200.
    func makeRun() throws -> (model: LapGAN, folder: SnapshotFolder, log: String, snapshots: [LapGAN]) {
        let model = try tinyThreeLevelModel(seed: 3)
        let folder = SnapshotFolder(model: dir + "/m.lpg")
        var written: [LapGAN] = []
        for (i, step) in [0, 100, 200].enumerated() {
            let m = try tinyThreeLevelModel(seed: UInt64(10 + i))
            for k in 0..<m.levelCount { m.updateCounters(level: k) { $0.steps = step } }
            try folder.write(m, step: step)
            written.append(m)
        }
        try Data("half a file".utf8).write(to: URL(fileURLWithPath: folder.path + "/step-000150.lpg"))
        var csv = TrainingLogColumn.header + "\n"
        for step in stride(from: 10, through: 200, by: 10) {
            for level in 0..<3 {
                csv += "0,\(level),\(step),0.1,\(1.5 - Double(step) / 400),\(0.7 + Double(level) / 10),0.6,0.4,0.0002,100\n"
            }
        }
        let log = dir + "/m-train.csv"
        try csv.write(toFile: log, atomically: true, encoding: .utf8)
        return (model, folder, log, written)
    }

    func app(_ run: (model: LapGAN, folder: SnapshotFolder, log: String, snapshots: [LapGAN])) throws -> ExplorerApp {
        let state = try ExplorerState(model: run.model, name: "m", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: run.log, colorMode: .truecolor)
        app.timeline = Timeline(folder: run.folder, reference: run.model, seed: 1, logPath: run.log)
        return app
    }

    /// Columns of the marker (cells in the marker colour, at least 6 in the column) in a frame, with their counts.
    func markerColumns(_ grid: CellGrid) -> [(x: Int, cells: Int)] {
        (0..<grid.width).map { x in
            (x, (0..<grid.height).filter { grid.cell(x: x, y: $0).fg == Self.marker && grid.cell(x: x, y: $0).scalar != "●" }.count)
        }.filter { $0.1 >= 6 }
    }

    func testKeysMoveThroughTheSnapshotsAndTheMarkerFollows() throws {
        let run = try makeRun()
        let app = try app(run)
        // tab reaches the timeline after the loss curves.
        let backend = TestBackend(width: 80, height: 24, script: [.key(.tab), .key(.tab), .key(.tab),
                                                                  .key(.left), .key(.home), .key(.right), .key(.end), .key(.char("q"))])
        app.run(on: backend)
        let frames = backend.frames
        XCTAssertEqual(frames.count, 8)
        let timeline = frames[3].text
        XCTAssertTrue(timeline.contains(" timeline "), timeline)
        // Opened on the newest snapshot; the corrupt file skipped with a note naming it.
        XCTAssertTrue(timeline.contains("snapshot 3/3 · step 200"), timeline)
        XCTAssertTrue(timeline.contains("skipped step-000150.lpg"), timeline)
        XCTAssertTrue(timeline.contains("G loss · ● step 200") && timeline.contains("D loss"), timeline)
        XCTAssertTrue(timeline.contains("level 0  12×12  step 200"), timeline)
        XCTAssertTrue(frames[3].rowString(23).contains("timeline 3/3"))
        let steps = [200, 100, 0, 100, 200]
        var columns: [Int] = []
        for (frame, step) in zip(frames[3...], steps) {
            XCTAssertTrue(frame.text.contains("· step \(step) · step-\(String(format: "%06d", step)).lpg"), frame.text)
            // The two plots (G loss over D loss at 80×24) share the x axis: one column, through both plots.
            let marker = markerColumns(frame)
            XCTAssertEqual(marker.count, 1, "one marker column:\n\(frame.text)")
            XCTAssertGreaterThanOrEqual(marker.first?.cells ?? 0, 2 * 5, "the marker crosses both plots:\n\(frame.text)")
            columns.append(marker.first?.x ?? -1)
            XCTAssertTrue(frame.text.contains("▀"), "no pictures")
        }
        // The marker moves left with the step and back.
        XCTAssertGreaterThan(columns[0], columns[1])
        XCTAssertGreaterThan(columns[1], columns[2])
        XCTAssertEqual(columns[0], columns[4])
        XCTAssertEqual(columns[1], columns[3])
        // Every frame of the timeline fits 80×24: the status bar and the slider's ends are on screen.
        XCTAssertTrue(frames[5].rowString(3).hasPrefix(" ◀") && frames[5].rowString(3).contains("▶"))
    }

    func testEverySnapshotRendersTheSameSeeds() throws {
        let run = try makeRun()
        let t = Timeline(folder: run.folder, reference: run.model, seed: 5, logPath: nil)
        XCTAssertEqual(t.entries.map(\.step), [0, 100, 200])
        XCTAssertEqual(t.notes.count, 1)
        for (i, m) in run.snapshots.enumerated() {
            t.show(i)
            let expected = try m.levelImages(of: m.sample(seeds: [t.seeds])).map(LevelPictures.init)
            XCTAssertEqual(t.pictures.map(\.image), expected.map(\.image), "snapshot \(i)")
        }
        // The snapshots differ, so the pictures do too; r gives new seeds to all.
        t.show(0)
        let first = t.pictures.map(\.image)
        t.show(2)
        XCTAssertNotEqual(first, t.pictures.map(\.image))
        let seeds = t.seeds
        XCTAssertTrue(t.handle(.char("r")))
        XCTAssertNotEqual(t.seeds, seeds)
        let m = run.snapshots[2]
        XCTAssertEqual(t.pictures.map(\.image), try m.levelImages(of: m.sample(seeds: [t.seeds])).map { PixelImage($0.image) })
    }

    func testNewSnapshotsAppearAndTheNewestIsFollowed() throws {
        let run = try makeRun()
        let t = Timeline(folder: run.folder, reference: run.model, seed: 1, logPath: run.log)
        XCTAssertFalse(t.poll(force: true))
        try run.folder.write(try tinyThreeLevelModel(seed: 20), step: 300)
        XCTAssertTrue(t.poll(force: true))
        XCTAssertEqual(t.entries.map(\.step), [0, 100, 200, 300])
        XCTAssertEqual(t.step, 300, "the newest is followed while the last one is shown")
        t.show(1)
        try run.folder.write(try tinyThreeLevelModel(seed: 21), step: 400)
        XCTAssertTrue(t.poll(force: true))
        XCTAssertEqual(t.step, 100, "an earlier snapshot stays shown")
        // The corrupt file is not tried again until it changes.
        XCTAssertEqual(t.notes.count, 1)
        // A snapshot of another pyramid is skipped with a note naming the difference.
        let other = try LapGAN(tinyDescription(), seed: 1)
        try run.folder.write(other, step: 500)
        t.last()
        XCTAssertTrue(t.poll(force: true))
        XCTAssertEqual(t.step, 400)
        XCTAssertTrue(t.notes.last?.contains("step-000500.lpg") ?? false)
        XCTAssertTrue(t.notes.last?.contains("pyramid sizes 8→4 differ (12→6→3)") ?? false, t.notes.last ?? "")
    }

    func testWithoutSnapshotsTabSkipsTheTimelineAndAnEmptyFolderSaysSo() throws {
        let run = try makeRun()
        let state = try ExplorerState(model: run.model, name: "m", seed: 1, sensitivityRerolls: 1)
        let plain = ExplorerApp(state: state, logPath: nil, colorMode: .none)
        plain.resize(width: 80, height: 24)
        var seen: Set<ExplorerView> = []
        for _ in 0..<8 { plain.handle(.tab); seen.insert(plain.view) }
        XCTAssertFalse(seen.contains(.timeline))
        plain.show(.timeline)
        XCTAssertNotEqual(plain.view, .timeline)
        var grid = CellGrid(width: 80, height: 24)
        plain.render(into: &grid)
        XCTAssertFalse(grid.rowString(0).contains("timeline"))

        let empty = SnapshotFolder(path: dir + "/empty")
        plain.timeline = Timeline(folder: empty, reference: run.model, seed: 1, logPath: nil)
        plain.show(.timeline)
        grid = CellGrid(width: 80, height: 24)
        plain.render(into: &grid)
        XCTAssertTrue(grid.text.contains("no snapshots in"), grid.text)
    }

    func testLayoutFitsEveryTerminalSize() throws {
        for sizes in [[28, 14, 7], [32, 16, 8], [64, 32, 16, 8], [12, 6, 3]] {
            for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                let content = ExplorerApp.contentRect(width: w, height: h)
                for k in sizes.indices {
                    let l = TimelineLayout.make(sizes: sizes, width: content.width, height: content.height, selected: k)
                    let p = try XCTUnwrap(l.pyramid, "\(sizes) \(w)×\(h)")
                    let plot = try XCTUnwrap(l.plot, "\(sizes) \(w)×\(h): no room for the curves")
                    XCTAssertGreaterThanOrEqual(plot.x, 0)
                    XCTAssertLessThanOrEqual(plot.maxX, content.width)
                    XCTAssertLessThanOrEqual(plot.maxY, content.height)
                    for panel in p.panels {
                        let r = panel.rect.offset(by: l.pyramidArea)
                        XCTAssertTrue(r.maxX <= content.width && r.maxY <= content.height, "\(sizes) \(w)×\(h)")
                        XCTAssertTrue(r.intersection(plot).isEmpty, "\(sizes) \(w)×\(h): a picture under the curves")
                        XCTAssertGreaterThanOrEqual(r.y, TimelineLayout.sliderRows)
                    }
                }
            }
        }
    }

    /// e in the timeline view: the same seeds through every readable snapshot, one frame each.
    func testEAnimatesTheTimeline() throws {
        let run = try makeRun()
        let a = try app(run)
        a.saveDirectory = dir
        a.resize(width: 120, height: 40)
        a.show(.timeline)
        let path = try XCTUnwrap(try a.saveAnimation())
        XCTAssertTrue(path.hasSuffix("-timeline.gif"))
        XCTAssertTrue(a.state.message?.contains("1 unreadable snapshot skipped") == true, a.state.message ?? "")
        let gif = try GIFFile.read(path)
        XCTAssertEqual(gif.frames.count, 3)
        let t = try XCTUnwrap(a.timeline)
        for (frame, m) in zip(gif.frames, run.snapshots) {
            let image = try XCTUnwrap(try m.finalImages(of: try m.sample(seeds: [t.seeds])).first)
            XCTAssertEqual(frame, ImageConversion.enlarged(image, factor: ExplorerApp.saveFactor(image.width)).converted(toChannels: 3))
        }
    }
}
