import Foundation
import TestSupport
import XCTest

/// Drives the release `lapgan-tui` in tmux as a person would: send keys, read the screen.
final class ExplorerEndToEndTests: XCTestCase {
    /// A tmux server of this test's own (TestSupport's TmuxSession).
    let tmux = TmuxSession("lapgan-e2e")
    var session: String { tmux.name }

    func capture(escapes: Bool = false) -> String { tmux.capture(escapes: escapes) }

    /// Waits until the screen contains every one of `texts` (a failure when the time is up); the last capture.
    @discardableResult
    func waitFor(_ texts: String..., seconds: Double = 20, file: StaticString = #filePath, line: UInt = #line) -> String {
        tmux.waitFor(all: texts, seconds: seconds, file: file, line: line)
    }

    /// Lines of a capture between the title line of `level` and the next title line.
    func rows(of level: Int, plain: String, escaped: String) -> [Substring] {
        let p = plain.split(separator: "\n", omittingEmptySubsequences: false)
        let e = escaped.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = p.firstIndex(where: { $0.contains("level \(level)  ") }) else { return [] }
        let end = p[(start + 1)...].firstIndex(where: { $0.contains("level ") && $0.contains("×") }) ?? min(p.count, start + 16)
        return Array(e[min(start + 1, e.count)..<min(end, e.count)])
    }

    override func tearDown() { tmux.kill() }

    /// Opened at 80×24, the size most terminals start at, the explorer shows images straight away.
    func testExplorerOpensAt80x24WithImages() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        let binary = try CLI.binary("lapgan-tui", optimized: true)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        tmux.start(width: 80, height: 24)
        tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(binary) \(model); echo EXIT=$?", "Enter"])
        let screen = waitFor("level 0/2")
        XCTAssertTrue(screen.contains("▶ level 0"), screen)
        let colour = capture(escapes: true)
        XCTAssertGreaterThan(colour.components(separatedBy: "▀").count - 1, 28 * 14, "too few image cells at 80×24:\n\(screen)")
        XCTAssertTrue(colour.contains("38;2;") && colour.contains("48;2;"), "no 24-bit colours")
        XCTAssertFalse(screen.contains("enlarge the terminal"), screen)
        // w walks the finest level's noise: the picture moves until a key stops it, then stays.
        tmux(["send-keys", "-t", session, "w"])
        waitFor("any key stops")
        let a = capture(escapes: true)
        usleep(400_000)
        XCTAssertNotEqual(a, capture(escapes: true), "the noise walk does not move")
        tmux(["send-keys", "-t", session, "x"])
        waitFor("z₀:walk")
        usleep(300_000)
        let stopped = capture(escapes: true)
        usleep(400_000)
        XCTAssertEqual(stopped, capture(escapes: true), "the walk did not stop")
        // Selecting the coarsest level shows it large, and the grid shows samples.
        tmux(["send-keys", "-t", session, "2"])
        waitFor("level 2/2")
        tmux(["send-keys", "-t", session, "Tab"])
        waitFor("sample 1/")
        waitFor("┌")
        XCTAssertTrue(capture(escapes: true).contains("▀"), "no image cells in the grid at 80×24")
        tmux(["send-keys", "-t", session, "q"])
        waitFor("EXIT=0")
    }

    func testExplorerInTmux() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        let binary = try CLI.binary("lapgan-tui", optimized: true)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: model), "the default model is missing")
        tmux.start(width: 120, height: 40)
        tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(binary) \(model); echo EXIT=$?", "Enter"])
        waitFor("level 0/2")
        waitFor("/255")  // the background noise sensitivity arrived

        let colour = capture(escapes: true)
        XCTAssertTrue(colour.contains("▀"), "no half blocks")
        XCTAssertTrue(colour.contains("38;2;") && colour.contains("48;2;"), "no 24-bit colours")

        // r re-rolls the selected (finest) level: coarser rows identical, finest rows changed.
        let plain1 = capture(), esc1 = capture(escapes: true)
        tmux(["send-keys", "-t", session, "r"])
        usleep(800_000)
        let plain2 = capture(), esc2 = capture(escapes: true)
        let coarse1 = rows(of: 2, plain: plain1, escaped: esc1), coarse2 = rows(of: 2, plain: plain2, escaped: esc2)
        XCTAssertFalse(coarse1.isEmpty)
        XCTAssertEqual(coarse1, coarse2, "the coarsest level changed after r on level 0")
        XCTAssertEqual(rows(of: 1, plain: plain1, escaped: esc1), rows(of: 1, plain: plain2, escaped: esc2), "level 1 changed")
        XCTAssertNotEqual(rows(of: 0, plain: plain1, escaped: esc1), rows(of: 0, plain: plain2, escaped: esc2), "level 0 did not change")

        // tab, tab: the loss view with its axes.
        tmux(["send-keys", "-t", session, "Tab"])
        tmux(["send-keys", "-t", session, "Tab"])
        let loss = waitFor("D loss")
        XCTAssertTrue(loss.contains("┤") && loss.contains("└"), "no axes:\n\(loss)")

        // A tiny terminal and back.
        tmux(["resize-window", "-t", session, "-x", "20", "-y", "6"])
        waitFor("20×6")
        tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        waitFor("D loss")

        // The size most terminals open at: the pyramid view still shows images.
        tmux(["resize-window", "-t", session, "-x", "80", "-y", "24"])
        tmux(["send-keys", "-t", session, "Escape"])
        waitFor("full pyramid from")
        XCTAssertTrue(capture(escapes: true).contains("▀"), "no image cells at 80×24")

        // q quits with status 0 and the shell works again.
        tmux(["send-keys", "-t", session, "q"])
        waitFor("EXIT=0")
        tmux(["send-keys", "-t", session, "echo shell-$((6*7))", "Enter"])
        waitFor("shell-42")
    }
}
