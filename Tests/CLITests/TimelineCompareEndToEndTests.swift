import Foundation
import TestSupport
import XCTest

/// The release binaries as a person uses them, at 80×24 in tmux: `lapgan train --snapshot-every`, then
/// `lapgan-tui MODEL --timeline` (keys, a corrupt file skipped, a snapshot written while it is open appearing),
/// then `lapgan-tui A B` (compare, r) and two models of different pyramids refused.
final class TimelineCompareEndToEndTests: XCTestCase {
    /// A tmux server of this test's own (TestSupport's TmuxSession).
    let tmux = TmuxSession("lapgan-tl")
    var session: String { tmux.name }
    var dir = ""

    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("timeline-e2e") }
    override func tearDown() {
        tmux.kill()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func capture(escapes: Bool = false) -> String { tmux.capture(escapes: escapes) }

    /// Waits until the screen contains every one of `texts` (a failure when the time is up); the last capture.
    @discardableResult
    func waitFor(_ texts: String..., seconds: Double = 30, file: StaticString = #filePath, line: UInt = #line) -> String {
        tmux.waitFor(all: texts, seconds: seconds, file: file, line: line)
    }

    /// The optimised `lapgan` run like `CLI.run`, its output dropped.
    func train(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLI.binary("lapgan", optimized: true))
        p.arguments = ["train"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func testTimelineAndCompareAt80x24() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let tui = try CLI.binary("lapgan-tui", optimized: true)
        let model = dir + "/m.lpg"
        XCTAssertEqual(try train(["--limit", "256", "--steps", "4", "--batch", "16", "--width", "8", "--log-every", "1", "--no-conditional",
                                  "--snapshot-every", "2", "--out", model]), 0)
        let snapshots = model + ".snapshots"
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: snapshots).sorted(),
                       ["index.csv", "step-000000.lpg", "step-000002.lpg", "step-000004.lpg"])
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: snapshots + "/step-000003.lpg"))

        tmux.start(width: 80, height: 24)
        tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(tui) \(model) --timeline; echo EXIT=$?", "Enter"])
        var screen = waitFor("snapshot 3/3 · step 4 ·")
        XCTAssertTrue(screen.contains("skipped step-000003.lpg"), screen)
        XCTAssertTrue(screen.contains("G loss · ● step 4"), screen)
        XCTAssertTrue(screen.contains("level 0  28×28  step 4"), screen)
        XCTAssertTrue(capture(escapes: true).contains("▀"), "no image cells at 80×24")
        tmux(["send-keys", "-t", session, "Left"])
        waitFor("snapshot 2/3 · step 2 ·")
        tmux(["send-keys", "-t", session, "Home"])
        screen = waitFor("snapshot 1/3 · step 0 ·")
        XCTAssertTrue(screen.contains("level 0  28×28  step 0"), screen)
        tmux(["send-keys", "-t", session, "End"])
        waitFor("snapshot 3/3 · step 4 ·")
        // Training goes on in another process while the timeline is open: its snapshot appears and is followed.
        XCTAssertEqual(try train(["--resume", model + ".ckpt", "--steps", "6"]), 0)
        screen = waitFor("snapshot 4/4 · step 6 ·")
        XCTAssertTrue(screen.contains("G loss · ● step 6"), screen)
        tmux(["send-keys", "-t", session, "q"])
        waitFor("EXIT=0")

        // Compare: a shipped unconditional model against the one just trained, same pyramid.
        let fashion = CLI.packageRoot.appendingPathComponent("assets/fashion-paper.lpg").path
        tmux(["send-keys", "-t", session, "clear; COLORTERM=truecolor \(tui) \(fashion) \(model); echo EXIT=$?", "Enter"])
        screen = waitFor("|ΔĨ₀|", "level 0/2", "same seeds")  // the whole screen, status bar included
        for needle in ["A fashion-paper", "B m.lpg", "|A−B|", "|ΔĨ₁|", "|ΔĨ₂|", "level 0/2"] {
            XCTAssertTrue(screen.contains(needle), "no '\(needle)':\n\(screen)")
        }
        let status1 = screen.split(separator: "\n").last { $0.contains("same seeds") }.map(String.init) ?? ""
        tmux(["send-keys", "-t", session, "r"])
        usleep(300_000)
        screen = capture()
        let status2 = screen.split(separator: "\n").last { $0.contains("same seeds") }.map(String.init) ?? ""
        func seed(_ line: String, _ level: String) -> Substring? {
            line.split(separator: " ").first { $0.hasPrefix("z\(level):") }
        }
        XCTAssertNotNil(seed(status1, "₀"), status1)
        XCTAssertNotEqual(seed(status1, "₀"), seed(status2, "₀"), "r did not re-roll z₀:\n\(status1)\n\(status2)")
        XCTAssertEqual(seed(status1, "₂"), seed(status2, "₂"), "r changed z₂")
        tmux(["send-keys", "-t", session, "q"])
        waitFor("EXIT=0")

        // Models of different pyramids: refused with the difference named, before the screen is taken.
        let emoji = CLI.packageRoot.appendingPathComponent("assets/emoji64.lpg").path
        tmux(["send-keys", "-t", session, "clear; \(tui) \(fashion) \(emoji); echo EXIT=$?", "Enter"])
        waitFor("EXIT=1")
        screen = tmux(["capture-pane", "-p", "-J", "-t", session])  // the message wraps: join its lines
        XCTAssertTrue(screen.contains("cannot compare fashion-paper.lpg and emoji64.lpg: emoji64.lpg: its pyramid sizes 64→32→16→8 differ (28→14→7)"), screen)
    }
}
