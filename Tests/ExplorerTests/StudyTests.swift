import Foundation
import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// A clock that moves only when told: by sleeps, by key waits that time out, and by frames written.
final class ManualClock: StudyClock {
    var nowNanoseconds: UInt64 = 1_000_000_000
    func sleep(nanoseconds: Int64) { if nanoseconds > 0 { nowNanoseconds += UInt64(nanoseconds) } }
}

/// A `TestBackend` as the study's screen: a scripted `.idle` is a key wait that timed out (the clock moves on by
/// the wait), and each frame written takes `writeNanoseconds`.
final class ScriptedStudyScreen: TimedInputBackend {
    let backend: TestBackend
    let clock: ManualClock
    let writeNanoseconds: UInt64
    init(_ backend: TestBackend, clock: ManualClock, writeNanoseconds: UInt64 = 1_000_000) {
        self.backend = backend
        self.clock = clock
        self.writeNanoseconds = writeNanoseconds
    }
    var width: Int { backend.width }
    var height: Int { backend.height }
    var frames: [CellGrid] { backend.frames }
    func nextKey() -> Key? { backend.nextKey() }
    func nextKey(waitingAtMost milliseconds: Int) -> Key? {
        let key = backend.nextKey()
        if key == nil { clock.nowNanoseconds += UInt64(max(0, milliseconds)) * 1_000_000 }
        return key
    }
    func present(_ grid: CellGrid) {
        clock.nowNanoseconds += writeNanoseconds
        backend.present(grid)
    }
}

/// Solid pictures: red for real images, blue for generated ones, so a frame tells which was shown.
struct SolidStudyImages: StudyImageSource {
    static let real = RGB(200, 0, 0), generated = RGB(0, 0, 200)
    var realCount = 100
    var classes = 0
    func picture(for trial: StudyTrial) throws -> PixelImage {
        PixelImage(width: 28, height: 28, fill: trial.truth == .real ? SolidStudyImages.real : SolidStudyImages.generated)
    }
}

final class StudyTests: XCTestCase {
    var directory = ""
    override func setUpWithError() throws { directory = try temporaryDirectory("study") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func makeApp(trials: Int, csv: StudyCSV?, clock: ManualClock) -> StudyApp {
        StudyApp(modelName: "fashion", images: SolidStudyImages(), imageSize: (28, 28), trials: trials, seed: 11, csv: csv,
                 clock: clock, colorMode: .truecolor)
    }

    func imageCells(_ g: CellGrid, _ colour: RGB) -> Int {
        g.cells.filter { $0.scalar == "▀" && $0.fg == .rgb(colour) }.count
    }

    func testPlanIsHalfRealAndCoversEveryDuration() {
        let plan = StudyPlan.make(count: 20, seed: 5, realCount: 10)
        for truth in StudyTrial.Truth.allCases {
            XCTAssertEqual(plan.filter { $0.truth == truth }.map(\.durationMs).sorted(), StudyPlan.durations, "\(truth)")
        }
        for n in [1, 6, 7, 40] {
            let p = StudyPlan.make(count: n, seed: UInt64(n), realCount: 10)
            XCTAssertEqual(p.count, n)
            XCTAssertLessThanOrEqual(abs(p.filter { $0.truth == .real }.count * 2 - n), 1, "n \(n)")
            XCTAssertTrue(p.filter { $0.truth == .real }.allSatisfy { $0.seed < 10 })
        }
        XCTAssertEqual(StudyPlan.make(count: 9, seed: 3, realCount: 10), StudyPlan.make(count: 9, seed: 3, realCount: 10))
        XCTAssertNotEqual(StudyPlan.make(count: 9, seed: 3, realCount: 10), StudyPlan.make(count: 9, seed: 4, realCount: 10))
    }

    /// Six trials answered correctly through the run loop: fixation, image, blank, question each time; the tally,
    /// the chart and the CSV's rows with the measured exposures.
    func testScriptedSessionTalliesChartsAndWritesTheCSV() throws {
        let path = directory + "/answers.csv"
        let clock = ManualClock()
        let app = makeApp(trials: 6, csv: try StudyCSV(path: path), clock: clock)
        let plan = app.trials
        var script: [TestBackend.Event] = [.key(.char(" "))]
        for t in plan { script += [.idle, .idle, .key(.char(t.truth == .real ? "y" : "n"))] }
        script.append(.key(.char("q")))
        let screen = ScriptedStudyScreen(TestBackend(width: 80, height: 24, script: script), clock: clock)
        app.run(on: screen)

        XCTAssertEqual(app.results.answered, 6)
        XCTAssertEqual(app.results.correct, 6)
        let reals = plan.filter { $0.truth == .real }.count
        XCTAssertEqual(app.results.judgedReal, reals)

        // Each trial: fixation (+), image (its colour, 28×14 cells at 80×24), blank (no image, no question), question.
        let frames = screen.frames
        XCTAssertTrue(frames[0].text.contains("Press space to start"))
        for (i, t) in plan.enumerated() {
            let f = Array(frames[1 + 4 * i..<5 + 4 * i])
            XCTAssertTrue(f[0].text.contains("+") && f[0].text.contains("trial \(i + 1)/6"), "trial \(i) fixation")
            XCTAssertEqual(imageCells(f[1], t.truth == .real ? SolidStudyImages.real : SolidStudyImages.generated), 28 * 14, "trial \(i) image")
            XCTAssertEqual(f[2].text.filter { $0 == "▀" }.count, 0, "trial \(i) not blanked")
            XCTAssertFalse(f[2].text.contains("Real or generated?"))
            XCTAssertTrue(f[3].text.contains("Real or generated?"))
            XCTAssertTrue(f[3].rowString(23).contains("answered \(i) ·"), f[3].rowString(23))
        }

        // The chart: real images at 100%, generated at 0%, with their counts, and the tally.
        let last = try XCTUnwrap(frames.last)
        XCTAssertTrue(last.text.contains("judged real: real images 100% (\(reals)/\(reals)), generated images 0% (0/\(6 - reals))"), last.text)
        XCTAssertTrue(last.rowString(23).contains("answered 6 · correct 6 (100%) · judged real \(reals)"))
        XCTAssertTrue(last.text.contains("answers appended to \(path)"))
        let chartRect = Rect(x: 1, y: 4, width: 78, height: 20 - 2 - 1)
        let layout = try XCTUnwrap(StudyChart(results: app.results).layout(in: chartRect))
        for (ms, x) in zip(StudyPlan.durations, layout.columns) {
            let real = plan.contains { $0.truth == .real && $0.durationMs == ms }
            let generated = plan.contains { $0.truth == .generated && $0.durationMs == ms }
            XCTAssertEqual(last.cell(x: x, y: layout.row(1)).scalar, real ? "●" : " ", "\(ms) ms at 100%")
            XCTAssertEqual(last.cell(x: x, y: layout.row(0)).scalar, generated ? "○" : " ", "\(ms) ms at 0%")
        }

        // The CSV: the header and one row per answer, with the exposure measured on the clock: the first trial
        // is 1 ms long (the blank's write, not yet known), the others exact once the blank's write time is learnt.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, StudyCSV.header)
        XCTAssertEqual(lines.count, 7)
        for (i, t) in plan.enumerated() {
            let f = lines[i + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 8, lines[i + 1])
            XCTAssertEqual(f[1], String(t.durationMs))
            XCTAssertEqual(f[2], t.truth.rawValue)
            XCTAssertEqual(f[3], t.truth.rawValue, "answered correctly")
            XCTAssertEqual(f[4], "fashion")
            XCTAssertEqual(f[5], String(t.seed))
            XCTAssertEqual(f[6], String(format: "%.2f", Double(t.durationMs) + (i == 0 ? 1 : 0)), "exposure of trial \(i)")
            XCTAssertEqual(f[7], "1.00")
            XCTAssertNotNil(ISO8601DateFormatter().date(from: String(f[0].prefix(19)) + "Z"), f[0])
        }
    }

    /// The exposure's wait ends on a deadline, not on the input poll: the last 2 ms are slept, and the wait
    /// starts early by the blank's write time.
    func testExposureWaitsAreTimedToTheDeadline() throws {
        let clock = ManualClock()
        let app = makeApp(trials: 3, csv: nil, clock: clock)
        let script: [TestBackend.Event] = [.key(.char(" "))] + Array(repeating: [.idle, .idle, .key(.char("y"))], count: 3).flatMap { $0 }
        let screen = ScriptedStudyScreen(TestBackend(width: 80, height: 24, script: script), clock: clock, writeNanoseconds: 3_000_000)
        app.run(on: screen)
        XCTAssertEqual(app.trials.map { $0.exposureMs }, app.trials.enumerated().map { Double($0.element.durationMs) + ($0.offset == 0 ? 3 : 0) })
        XCTAssertEqual(app.blankLeadNanoseconds, 3_000_000)
    }

    func testAKeyOrAResizeDuringTheExposureDiscardsTheTrial() throws {
        let path = directory + "/answers.csv"
        let clock = ManualClock()
        let app = makeApp(trials: 3, csv: try StudyCSV(path: path), clock: clock)
        let script: [TestBackend.Event] = [.key(.char(" ")),
                                           .idle, .resize(width: 120, height: 40), .key(.char(" ")),
                                           .idle, .key(.char("y")), .key(.char(" ")),
                                           .idle, .idle, .key(.char("n")), .key(.char("q"))]
        let screen = ScriptedStudyScreen(TestBackend(width: 80, height: 24, script: script), clock: clock)
        app.run(on: screen)
        XCTAssertEqual(app.results.discarded, 2)
        XCTAssertEqual(app.results.answered, 1)
        let texts = screen.frames.map(\.text)
        let resized = try XCTUnwrap(texts.firstIndex { $0.contains("trial discarded: the terminal was resized while the image was shown") })
        XCTAssertEqual(screen.frames[resized].width, 120, "the message is drawn at the new size")
        XCTAssertEqual(screen.frames[resized - 1].text.filter { $0 == "▀" }.count, 0, "the image is blanked first")
        XCTAssertTrue(texts.contains { $0.contains("trial discarded: a key was pressed while the image was shown") })
        let last = try XCTUnwrap(screen.frames.last)
        XCTAssertTrue(last.text.contains("answered 1 · correct"), last.text)
        XCTAssertTrue(last.text.contains("discarded 2"), last.text)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2, "only the answered trial is written")
        XCTAssertTrue(lines[1].contains(",\(app.trials[2].truth.rawValue),generated,fashion,"), String(lines[1]))
    }

    func testQuitDuringTheStudyShowsTheChartOfWhatWasAnswered() throws {
        let clock = ManualClock()
        let app = makeApp(trials: 10, csv: nil, clock: clock)
        let script: [TestBackend.Event] = [.key(.char(" ")), .idle, .idle, .key(.char("y")), .idle, .idle, .key(.char("q")), .key(.char("q"))]
        let screen = ScriptedStudyScreen(TestBackend(width: 80, height: 24, script: script), clock: clock)
        app.run(on: screen)
        XCTAssertEqual(app.results.answered, 1)
        let last = try XCTUnwrap(screen.frames.last)
        XCTAssertTrue(last.text.contains("% judged real against exposure (ms)"), last.text)
        XCTAssertTrue(last.text.contains("answered 1 ·"))
        XCTAssertEqual(screen.frames.filter { $0.text.contains("Real or generated?") }.count, 2)
    }

    func testChartPutsEachMarkerAtItsPercentage() throws {
        var r = StudyResults()
        func add(_ truth: StudyTrial.Truth, _ ms: Int, _ answer: StudyTrial.Truth) {
            var t = StudyTrial(durationMs: ms, truth: truth, seed: 0)
            t.answer = answer
            r.record(t)
        }
        add(.real, 50, .real); add(.real, 50, .generated)                 // real at 50 ms: 50%
        add(.generated, 50, .generated)                                   // generated at 50 ms: 0%
        add(.real, 2000, .real); add(.real, 2000, .real); add(.real, 2000, .real); add(.real, 2000, .generated)  // 75%
        add(.generated, 2000, .real); add(.generated, 2000, .real); add(.generated, 2000, .real); add(.generated, 2000, .generated)  // 75%
        add(.generated, 400, .real)                                       // 100%
        var grid = CellGrid(width: 80, height: 20)
        let rect = Rect(x: 0, y: 0, width: 80, height: 20)
        StudyChart(results: r).render(into: &grid, in: rect)
        let L = try XCTUnwrap(StudyChart(results: r).layout(in: rect))
        XCTAssertEqual(L.rows, 13)
        let col = Dictionary(uniqueKeysWithValues: zip(StudyPlan.durations, L.columns))
        XCTAssertEqual(grid.cell(x: col[50]!, y: L.row(0.5)).scalar, "●")
        XCTAssertEqual(grid.cell(x: col[50]!, y: L.row(0)).scalar, "○")
        XCTAssertEqual(grid.cell(x: col[2000]!, y: L.row(0.75)).scalar, "◉", "both at 75%")
        XCTAssertEqual(grid.cell(x: col[400]!, y: L.row(1)).scalar, "○")
        XCTAssertEqual(grid.cell(x: col[100]!, y: L.row(1)).scalar, " ", "nothing shown at 100 ms")
        for p in ["100%", "75%", "50%", "25%", "0%"] { XCTAssertTrue(grid.text.contains(p + " ┤"), p) }
        XCTAssertTrue(grid.rowString(L.axisY + 1).contains("50    75   100   150   200   300   400   650   1000  2000"), grid.rowString(L.axisY + 1))
        XCTAssertTrue(grid.rowString(L.axisY + 3).hasPrefix("real        1/2"), grid.rowString(L.axisY + 3))
        XCTAssertTrue(grid.rowString(L.axisY + 4).contains("0/1"))
        XCTAssertTrue(grid.rowString(L.axisY + 4).contains("3/4"))
        XCTAssertTrue(grid.rowString(L.axisY + 4).contains("1/1"))
        XCTAssertEqual(r.tally, "answered 12 · correct 6 (50%) · judged real 8")
    }

    func testImageIsDrawnAsLargeAsTheTerminalAllows() {
        for (w, h, scale) in [(80, 24, 1), (120, 40, 2), (200, 60, 4)] {
            let p = StudyView.imagePlacement(width: w, height: h, image: (28, 28))
            XCTAssertEqual(p.scale, scale, "\(w)×\(h)")
            XCTAssertGreaterThanOrEqual(p.y, 2)
            XCTAssertLessThanOrEqual(p.y + 14 * scale, h - 2, "\(w)×\(h): the image overlaps the tally")
            XCTAssertLessThanOrEqual(p.x + 28 * scale, w)
        }
        var grid = CellGrid(width: 200, height: 60)
        StudyView(phase: .image(PixelImage(width: 28, height: 28, fill: .white)), modelName: "m", trial: 0, trialCount: 1,
                  results: StudyResults(), imageSize: (28, 28), mode: .truecolor, message: nil, realDescription: "")
            .render(into: &grid, in: grid.bounds)
        XCTAssertEqual(grid.text.filter { $0 == "▀" }.count, 112 * 56)
    }

    func testCSVIsCheckedBeforeTheStudyAndAppendedTo() throws {
        XCTAssertThrowsError(try StudyCSV.check(directory)) { XCTAssertTrue("\($0)".contains("not a regular file"), "\($0)") }
        XCTAssertThrowsError(try StudyCSV.check(directory + "/missing/answers.csv")) { XCTAssertTrue("\($0)".contains("cannot be written"), "\($0)") }
        let foreign = directory + "/other.csv"
        try "step,loss\n1,2\n".write(toFile: foreign, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StudyCSV.check(foreign)) { XCTAssertTrue("\($0)".contains("not a study CSV"), "\($0)") }
        XCTAssertThrowsError(try StudyCSV(path: foreign))
        XCTAssertEqual(try String(contentsOfFile: foreign, encoding: .utf8), "step,loss\n1,2\n", "a foreign file is left as it was")
        let path = directory + "/answers.csv"
        try StudyCSV.check(path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the check leaves no file behind")
        var t = StudyTrial(durationMs: 75, truth: .generated, seed: 42)
        t.answer = .real
        t.exposureMs = 75.25
        t.imageWriteMs = 0.5
        t.answeredAt = Date(timeIntervalSince1970: 0)
        for _ in 0..<2 { XCTAssertNil(try StudyCSV(path: path).append(t, model: "a,b")) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8),
                       StudyCSV.header + "\n" + String(repeating: "1970-01-01T00:00:00.000Z,75,generated,real,\"a,b\",42,75.25,0.50\n", count: 2))
    }

    func testModelImagesAreRealOrSampledAtTheModelsSize() throws {
        let model = try LapGAN(tinyDescription(), seed: 1)
        let values = (0..<(3 * 64)).map { Float($0 % 64 * 4) }
        let data = try Dataset(name: "test", images: try Tensor(shape: [3, 1, 8, 8], values: values))
        let images = ModelStudyImages(model: model, data: data)
        let real = try images.picture(for: StudyTrial(durationMs: 50, truth: .real, seed: 1))
        XCTAssertEqual(real.width, 8)
        XCTAssertEqual(real.pixels.map(\.r), (0..<64).map { UInt8($0 * 4) }, "the real image, as it is in the data set")
        let a = try images.picture(for: StudyTrial(durationMs: 50, truth: .generated, seed: 7))
        XCTAssertEqual(a, try images.picture(for: StudyTrial(durationMs: 50, truth: .generated, seed: 7)))
        XCTAssertNotEqual(a, try images.picture(for: StudyTrial(durationMs: 50, truth: .generated, seed: 8)))
        XCTAssertEqual(images.realCount, 3)
    }

    /// The explorer's study view: tab reaches it, space runs a session on the explorer's screen with the model and
    /// its real images (here a folder of PNGs), and the view then shows that session's chart.
    func testTheStudyViewRunsASessionInTheExplorer() throws {
        let images = directory + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        for i in 0..<4 {
            try PNGFile.write(RasterImage(width: 12, height: 12, channels: 1, pixels: (0..<144).map { UInt8(($0 * (i + 1)) % 256) }),
                              to: images + "/\(i).png")
        }
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        state.dataDirectory = images
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor)
        let clock = ManualClock()
        app.studyClock = clock
        app.studyTrials = 2
        app.studyCSVPath = directory + "/answers.csv"
        let script: [TestBackend.Event] = [.key(.tab), .key(.tab), .key(.tab), .key(.char(" ")),
                                           .key(.char(" ")), .idle, .idle, .key(.char("y")), .idle, .idle, .key(.char("y")), .key(.char("q")),
                                           .key(.char("q"))]
        let screen = ScriptedStudyScreen(TestBackend(width: 80, height: 24, script: script), clock: clock)
        app.run(on: screen)
        XCTAssertTrue(screen.frames[3].text.contains("The human study of the LAPGAN paper"), screen.frames[3].text)
        XCTAssertTrue(screen.frames[3].rowString(0).contains("study"))
        XCTAssertTrue(screen.frames.contains { $0.text.contains("Real or generated?") })
        let last = try XCTUnwrap(screen.frames.last)
        XCTAssertTrue(last.text.contains("last session: answered 2 · correct 1 (50%) · judged real 2"), last.text)
        XCTAssertTrue(last.text.contains("% judged real against exposure"))
        XCTAssertTrue(last.text.contains("study: 2 answers appended to"), last.text)
        XCTAssertEqual(try String(contentsOfFile: directory + "/answers.csv", encoding: .utf8).split(separator: "\n").count, 3)
    }

    func testTheStudyViewWithoutADataSetSaysWhyAndGoesOn() throws {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        state.dataDirectory = directory + "/nowhere"
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor)
        app.studyCSVPath = directory + "/answers.csv"
        let screen = ScriptedStudyScreen(TestBackend(width: 80, height: 24, script: [.key(.tab), .key(.tab), .key(.tab), .key(.enter)]),
                                         clock: ManualClock())
        app.run(on: screen)
        let last = try XCTUnwrap(screen.frames.last)
        XCTAssertTrue(last.text.contains("no study: \(directory)/nowhere: not found"), last.text)
        XCTAssertEqual(app.view, .study)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/answers.csv"))
    }

    func testTheStudyViewOnAScreenWithoutTimedInputSaysSo() throws {
        let state = try ExplorerState(model: tinyThreeLevelModel(), name: "tiny", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .truecolor)
        let backend = TestBackend(width: 80, height: 24, script: [.key(.tab), .key(.tab), .key(.tab), .key(.char(" "))])
        app.run(on: backend)
        XCTAssertTrue(try XCTUnwrap(backend.frames.last).text.contains("no study: this screen cannot time the exposures"))
        XCTAssertFalse(app.studyRequested)
    }
}
