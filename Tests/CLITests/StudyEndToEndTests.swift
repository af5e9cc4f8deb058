import Foundation
import TestSupport
import XCTest

/// The human study through the release `lapgan-tui` in tmux, answered by a script that always says "real": the
/// tally, the chart and the CSV, and exposures measured close to the asked durations.
final class StudyEndToEndTests: XCTestCase {
    /// A tmux server of this test's own (TestSupport's TmuxSession).
    let tmux = TmuxSession("lapgan-study")
    var session: String { tmux.name }

    func capture() -> String { tmux.capture() }

    /// Waits until the screen contains every one of `texts` (a failure when the time is up); the last capture.
    @discardableResult
    func waitFor(_ texts: String..., seconds: Double = 20, file: StaticString = #filePath, line: UInt = #line) -> String {
        tmux.waitFor(all: texts, seconds: seconds, file: file, line: line)
    }

    override func tearDown() { tmux.kill() }

    func testStudyAnsweredAlwaysRealInTmux() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        guard CLI.hasFashionMNIST else { throw XCTSkip("the study needs Debian's dataset-fashion-mnist") }
        let binary = try CLI.binary("lapgan-tui", optimized: true)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        let dir = try CLI.temporaryDirectory("study")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = dir + "/answers.csv"
        tmux.start(width: 80, height: 24)
        tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(binary) \(model) --study --trials 6 --csv \(csv); echo EXIT=$?", "Enter"])
        waitFor("Press space to start")
        tmux(["send-keys", "-t", session, "Space"])
        for i in 0..<6 {
            // Only once the image is gone and the question is up: a key during the exposure would discard the trial.
            let screen = waitFor("Real or generated?", "answered \(i) ·", "trial \(i + 1)/6")
            XCTAssertFalse(screen.contains("discarded"), screen)
            tmux(["send-keys", "-t", session, "y"])
        }
        let chart = waitFor("% judged real against exposure (ms)")
        XCTAssertTrue(chart.contains("answered 6 · correct 3 (50%) · judged real 6"), chart)
        XCTAssertTrue(chart.contains("judged real: real images 100% (3/3), generated images 100% (3/3)"), chart)
        XCTAssertTrue(chart.contains("answers appended to \(csv)"), chart)

        // The CSV: six rows, all answered real, three real and three generated images.
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.first?.joined(separator: ","), "time,duration_ms,truth,answer,model,seed,exposure_ms,image_write_ms")
        let answers = rows.dropFirst()
        XCTAssertEqual(answers.count, 6)
        XCTAssertTrue(answers.allSatisfy { $0.count == 8 && $0[3] == "real" && $0[4] == "fashion" })
        XCTAssertEqual(answers.filter { $0[2] == "real" }.count, 3)
        let asked = answers.compactMap { Double($0[1]) }, measured = answers.compactMap { Double($0[6]) }
        XCTAssertEqual(measured.count, 6)
        let errors = zip(measured, asked).map { abs($0 - $1) }.sorted()
        XCTAssertLessThan(errors[3], 5, "median |measured − asked| exposure: \(errors) ms")
        XCTAssertLessThan(errors[5], 50, "worst |measured − asked| exposure: \(errors) ms")

        // The chart: every marker on the 100% row, one per duration shown, none on the 0% row.
        let lines = chart.split(separator: "\n", omittingEmptySubsequences: false)
        let markers = { (line: Substring) in line.filter { "●○◉".contains($0) }.count }
        let top = try XCTUnwrap(lines.first { $0.contains("100% ┤") }), bottom = try XCTUnwrap(lines.first { $0.contains(" 0% ┤") })
        XCTAssertEqual(markers(top), Set(asked).count, chart)
        XCTAssertEqual(markers(bottom), 0, chart)

        tmux(["send-keys", "-t", session, "q"])
        let end = waitFor("EXIT=0")
        XCTAssertTrue(end.contains("answers appended to \(csv) (6 rows)"), end)
        XCTAssertTrue(end.contains("median |error|"), end)
    }

    func testStudyRefusesAMissingDataSetAndAnUnwritableCSV() throws {
        let dir = try CLI.temporaryDirectory("study-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        let noData = try CLI.run("lapgan-tui", [model, "--study", "--data", dir + "/nowhere", "--csv", dir + "/a.csv"])
        XCTAssertEqual(noData.status, 1)
        XCTAssertTrue(noData.stderr.contains("--study needs the real images of the model's data set: \(dir)/nowhere: not found"), noData.stderr)
        guard CLI.hasFashionMNIST else { return }
        let badCSV = try CLI.run("lapgan-tui", [model, "--study", "--csv", dir + "/missing/a.csv"])
        XCTAssertEqual(badCSV.status, 1)
        XCTAssertTrue(badCSV.stderr.contains("--study cannot record the answers: \(dir)/missing/a.csv: cannot be written"), badCSV.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a.csv"))
    }
}
