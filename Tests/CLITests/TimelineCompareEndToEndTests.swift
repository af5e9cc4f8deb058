import Foundation
import XCTest

/// The release binaries as a person uses them, at 80×24 in tmux: `lapgan train --snapshot-every`, then
/// `lapgan-tui MODEL --timeline` (keys, a corrupt file skipped, a snapshot written while it is open appearing),
/// then `lapgan-tui A B` (compare, r) and two models of different pyramids refused.
final class TimelineCompareEndToEndTests: XCTestCase {
    let session = "lapgan-tl-\(getpid())"
    var dir = ""

    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("timeline-e2e") }
    override func tearDown() {
        _ = try? tmux(["kill-server"], capture: false)
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// tmux on a private socket through the shell (see ExplorerEndToEndTests for why not Process).
    @discardableResult
    func tmux(_ args: [String], capture: Bool = true) throws -> String {
        let out = NSTemporaryDirectory() + "\(session)-out.txt"
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("env -u NO_COLOR tmux -L \(session) \(quoted) > \(out) 2>/dev/null < /dev/null")
        defer { unlink(out) }
        guard status == 0 else { return "" }
        return capture ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
    }

    func capture(escapes: Bool = false) throws -> String { try tmux(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : [])) }

    @discardableResult
    func waitFor(_ text: String, seconds: Double = 30) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            usleep(100_000)
        }
        XCTFail("timed out waiting for '\(text)'; screen:\n\(screen)")
        return screen
    }

    /// The release `lapgan` run like `CLI.run` (which runs the debug one).
    func train(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLI.binary("lapgan", release: true))
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
        let tui = try CLI.binary("lapgan-tui", release: true)
        let model = dir + "/m.lpg"
        XCTAssertEqual(try train(["--limit", "256", "--steps", "4", "--batch", "16", "--width", "8", "--log-every", "1",
                                  "--snapshot-every", "2", "--out", model]), 0)
        let snapshots = model + ".snapshots"
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: snapshots).sorted(),
                       ["index.csv", "step-000000.lpg", "step-000002.lpg", "step-000004.lpg"])
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: snapshots + "/step-000003.lpg"))

        try tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "24", "env -u NO_COLOR bash --norc --noprofile"], capture: false)
        try tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(tui) \(model) --timeline; echo EXIT=$?", "Enter"])
        var screen = try waitFor("snapshot 3/3 · step 4 ·")
        XCTAssertTrue(screen.contains("skipped step-000003.lpg"), screen)
        XCTAssertTrue(screen.contains("G loss · ● step 4"), screen)
        XCTAssertTrue(screen.contains("level 0  28×28  step 4"), screen)
        XCTAssertTrue(try capture(escapes: true).contains("▀"), "no image cells at 80×24")
        try tmux(["send-keys", "-t", session, "Left"])
        try waitFor("snapshot 2/3 · step 2 ·")
        try tmux(["send-keys", "-t", session, "Home"])
        screen = try waitFor("snapshot 1/3 · step 0 ·")
        XCTAssertTrue(screen.contains("level 0  28×28  step 0"), screen)
        try tmux(["send-keys", "-t", session, "End"])
        try waitFor("snapshot 3/3 · step 4 ·")
        // Training goes on in another process while the timeline is open: its snapshot appears and is followed.
        XCTAssertEqual(try train(["--resume", model + ".ckpt", "--steps", "6"]), 0)
        screen = try waitFor("snapshot 4/4 · step 6 ·")
        XCTAssertTrue(screen.contains("G loss · ● step 6"), screen)
        try tmux(["send-keys", "-t", session, "q"])
        try waitFor("EXIT=0")

        // Compare: a shipped unconditional model against the one just trained, same pyramid.
        let fashion = CLI.packageRoot.appendingPathComponent("assets/fashion-paper.lpg").path
        try tmux(["send-keys", "-t", session, "clear; COLORTERM=truecolor \(tui) \(fashion) \(model); echo EXIT=$?", "Enter"])
        screen = try waitFor("|ΔĨ₀|")
        for needle in ["A fashion-paper", "B m.lpg", "|A−B|", "|ΔĨ₁|", "|ΔĨ₂|", "level 0/2"] {
            XCTAssertTrue(screen.contains(needle), "no '\(needle)':\n\(screen)")
        }
        let status1 = screen.split(separator: "\n").last { $0.contains("same seeds") }.map(String.init) ?? ""
        try tmux(["send-keys", "-t", session, "r"])
        usleep(300_000)
        screen = try capture()
        let status2 = screen.split(separator: "\n").last { $0.contains("same seeds") }.map(String.init) ?? ""
        func seed(_ line: String, _ level: String) -> Substring? {
            line.split(separator: " ").first { $0.hasPrefix("z\(level):") }
        }
        XCTAssertNotNil(seed(status1, "₀"), status1)
        XCTAssertNotEqual(seed(status1, "₀"), seed(status2, "₀"), "r did not re-roll z₀:\n\(status1)\n\(status2)")
        XCTAssertEqual(seed(status1, "₂"), seed(status2, "₂"), "r changed z₂")
        try tmux(["send-keys", "-t", session, "q"])
        try waitFor("EXIT=0")

        // Models of different pyramids: refused with the difference named, before the screen is taken.
        let emoji = CLI.packageRoot.appendingPathComponent("assets/emoji64.lpg").path
        try tmux(["send-keys", "-t", session, "clear; \(tui) \(fashion) \(emoji); echo EXIT=$?", "Enter"])
        try waitFor("EXIT=1")
        screen = try tmux(["capture-pane", "-p", "-J", "-t", session])  // the message wraps: join its lines
        XCTAssertTrue(screen.contains("cannot compare fashion-paper.lpg and emoji64.lpg: emoji64.lpg: its pyramid sizes 64→32→16→8 differ (28→14→7)"), screen)
    }
}
