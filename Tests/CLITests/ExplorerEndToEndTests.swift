import Foundation
import XCTest

/// Drives the release `lapgan-tui` in tmux as a person would: send keys, read the screen.
final class ExplorerEndToEndTests: XCTestCase {
    let session = "lapgan-e2e-\(getpid())"

    /// Runs tmux on a private socket through the shell (system(3)): Foundation's Process waits forever
    /// when tmux starts its server, which inherits the child's descriptors.
    @discardableResult
    func tmux(_ args: [String], capture: Bool = true) throws -> String {
        let out = NSTemporaryDirectory() + "\(session)-out.txt"
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("env -u NO_COLOR tmux -L \(session) \(quoted) > \(out) 2>/dev/null < /dev/null")
        defer { unlink(out) }
        guard status == 0 else { return "" }
        return capture ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
    }

    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : []))
    }

    /// Waits until the screen contains `text` (or the time is up); returns the last capture.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20) throws -> String {
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

    /// Lines of a capture between the title line of `level` and the next title line.
    func rows(of level: Int, plain: String, escaped: String) -> [Substring] {
        let p = plain.split(separator: "\n", omittingEmptySubsequences: false)
        let e = escaped.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = p.firstIndex(where: { $0.contains("level \(level)  ") }) else { return [] }
        let end = p[(start + 1)...].firstIndex(where: { $0.contains("level ") && $0.contains("×") }) ?? min(p.count, start + 16)
        return Array(e[min(start + 1, e.count)..<min(end, e.count)])
    }

    override func tearDown() { _ = try? tmux(["kill-server"], capture: false) }

    /// Opened at 80×24, the size most terminals start at, the explorer shows images straight away.
    func testExplorerOpensAt80x24WithImages() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        let binary = try CLI.binary("lapgan-tui", release: true)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        try tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "24", "env -u NO_COLOR bash --norc --noprofile"], capture: false)
        try tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(binary) \(model); echo EXIT=$?", "Enter"])
        let screen = try waitFor("level 0/2")
        XCTAssertTrue(screen.contains("▶ level 0"), screen)
        let colour = try capture(escapes: true)
        XCTAssertGreaterThan(colour.components(separatedBy: "▀").count - 1, 28 * 14, "too few image cells at 80×24:\n\(screen)")
        XCTAssertTrue(colour.contains("38;2;") && colour.contains("48;2;"), "no 24-bit colours")
        XCTAssertFalse(screen.contains("enlarge the terminal"), screen)
        // w walks the finest level's noise: the picture moves until a key stops it, then stays.
        try tmux(["send-keys", "-t", session, "w"])
        try waitFor("any key stops")
        let a = try capture(escapes: true)
        usleep(400_000)
        XCTAssertNotEqual(a, try capture(escapes: true), "the noise walk does not move")
        try tmux(["send-keys", "-t", session, "x"])
        try waitFor("z₀:walk")
        usleep(300_000)
        let stopped = try capture(escapes: true)
        usleep(400_000)
        XCTAssertEqual(stopped, try capture(escapes: true), "the walk did not stop")
        // Selecting the coarsest level shows it large, and the grid shows samples.
        try tmux(["send-keys", "-t", session, "2"])
        try waitFor("level 2/2")
        try tmux(["send-keys", "-t", session, "Tab"])
        try waitFor("sample 1/")
        try waitFor("┌")
        XCTAssertTrue(try capture(escapes: true).contains("▀"), "no image cells in the grid at 80×24")
        try tmux(["send-keys", "-t", session, "q"])
        try waitFor("EXIT=0")
    }

    func testExplorerInTmux() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        let binary = try CLI.binary("lapgan-tui", release: true)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: model), "the default model is missing")
        try tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", "env -u NO_COLOR bash --norc --noprofile"], capture: false)
        try tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(binary) \(model); echo EXIT=$?", "Enter"])
        try waitFor("level 0/2")
        try waitFor("/255")  // the background noise sensitivity arrived

        let colour = try capture(escapes: true)
        XCTAssertTrue(colour.contains("▀"), "no half blocks")
        XCTAssertTrue(colour.contains("38;2;") && colour.contains("48;2;"), "no 24-bit colours")

        // r re-rolls the selected (finest) level: coarser rows identical, finest rows changed.
        let plain1 = try capture(), esc1 = try capture(escapes: true)
        try tmux(["send-keys", "-t", session, "r"])
        usleep(800_000)
        let plain2 = try capture(), esc2 = try capture(escapes: true)
        let coarse1 = rows(of: 2, plain: plain1, escaped: esc1), coarse2 = rows(of: 2, plain: plain2, escaped: esc2)
        XCTAssertFalse(coarse1.isEmpty)
        XCTAssertEqual(coarse1, coarse2, "the coarsest level changed after r on level 0")
        XCTAssertEqual(rows(of: 1, plain: plain1, escaped: esc1), rows(of: 1, plain: plain2, escaped: esc2), "level 1 changed")
        XCTAssertNotEqual(rows(of: 0, plain: plain1, escaped: esc1), rows(of: 0, plain: plain2, escaped: esc2), "level 0 did not change")

        // tab, tab: the loss view with its axes.
        try tmux(["send-keys", "-t", session, "Tab"])
        try tmux(["send-keys", "-t", session, "Tab"])
        let loss = try waitFor("D loss")
        XCTAssertTrue(loss.contains("┤") && loss.contains("└"), "no axes:\n\(loss)")

        // A tiny terminal and back.
        try tmux(["resize-window", "-t", session, "-x", "20", "-y", "6"])
        try waitFor("20×6")
        try tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        try waitFor("D loss")

        // The size most terminals open at: the pyramid view still shows images.
        try tmux(["resize-window", "-t", session, "-x", "80", "-y", "24"])
        try tmux(["send-keys", "-t", session, "Escape"])
        try waitFor("full pyramid from")
        XCTAssertTrue(try capture(escapes: true).contains("▀"), "no image cells at 80×24")

        // q quits with status 0 and the shell works again.
        try tmux(["send-keys", "-t", session, "q"])
        try waitFor("EXIT=0")
        try tmux(["send-keys", "-t", session, "echo shell-$((6*7))", "Enter"])
        try waitFor("shell-42")
    }
}
