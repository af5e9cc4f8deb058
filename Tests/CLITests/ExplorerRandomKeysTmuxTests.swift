import Foundation
import TestSupport
import LapGAN
import XCTest

/// The release `lapgan-tui` in tmux fed random input for a bounded time — named keys, printable and binary bytes
/// (as a paste), escape sequences cut short, resizes down to 1×1 and back — stays alive, then quits on `q` with
/// status 0. LAPGAN_TMUX_FUZZ_SECONDS sets the time (default 10), LAPGAN_TMUX_FUZZ_SEED the seed.
final class ExplorerRandomKeysTmuxTests: XCTestCase {
    /// A tmux server of this test's own (TestSupport's TmuxSession).
    let tmux = TmuxSession("lapgan-keys")
    var session: String { tmux.name }

    func screen() -> String { tmux(["capture-pane", "-p", "-t", session]) }

    /// The command running in the pane: lapgan-tui while it lives, bash after it ended.
    func paneCommand() -> String { tmux(["display-message", "-p", "-t", session, "#{pane_current_command}"]).trimmingCharacters(in: .whitespacesAndNewlines) }

    override func tearDown() { tmux.kill() }

    func testRandomKeysAndResizesThenQuit() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        let binary = try CLI.binary("lapgan-tui", optimized: true)
        let env = ProcessInfo.processInfo.environment
        let seconds = Double(env["LAPGAN_TMUX_FUZZ_SECONDS"] ?? "") ?? 10
        let random = RNG(seed: UInt64(env["LAPGAN_TMUX_FUZZ_SEED"] ?? "") ?? 16)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        let log = CLI.packageRoot.appendingPathComponent("assets/fashion-train.csv").path
        let saves = try CLI.temporaryDirectory("tmux-keys")
        defer { try? FileManager.default.removeItem(atPath: saves) }
        tmux.start(width: 80, height: 24)
        tmux(["send-keys", "-t", session, "cd \(saves) && COLORTERM=truecolor \(binary) \(model) --log \(log); echo EXIT=$?", "Enter"])
        let ready = Date().addingTimeInterval(20)
        while !screen().contains("level 0/2") && Date() < ready { usleep(100_000) }
        XCTAssertTrue(screen().contains("level 0/2"), screen())

        // Named keys (the help's and others), bytes that neither quit nor stop the terminal (q, ctrl-c, ctrl-d;
        // ctrl-z, ctrl-\ and XON/XOFF are the terminal's signals and flow control), and cut escape sequences.
        let named = ["Up", "Down", "Left", "Right", "Tab", "BTab", "Escape", "Enter", "Home", "End", "PPage", "NPage", "IC", "DC",
                     "BSpace", "C-l", "C-a", "M-x", "F1", "F5", "F12", "r", "R", "w", "c", "C", "i", "I", "n", "u", "U", "s", "?",
                     "[", "]", "0", "1", "2", "9", "+", "-", "l", "o", "a", "h", "j", "k"]
        let excluded: Set<Int> = [0x03, 0x04, 0x71, 0x11, 0x13, 0x1A, 0x1C]
        let sizes = [(1, 1), (2, 1), (1, 2), (10, 3), (39, 11), (40, 12), (80, 24), (120, 40)]
        var sent = 0, resizes = 0, checks = 0
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            switch random.next() % 10 {
            case 0..<5:
                tmux(["send-keys", "-t", session, named[Int(random.next() % UInt64(named.count))]])
            case 5, 6:
                let bytes = (0..<(1 + Int(random.next() % 24))).map { _ in Int(random.next() % 256) }.filter { !excluded.contains($0) }
                if !bytes.isEmpty { tmux(["send-keys", "-t", session, "-H"] + bytes.map { String(format: "%02x", $0) }) }
            case 7:
                let tails = ["", "[", "[1", "[1;", "[1;5", "O", "[2", "[20", "[200~", "[M", "[<", "]0;"]
                let tail = tails[Int(random.next() % UInt64(tails.count))]
                tmux(["send-keys", "-t", session, "-H", "1b"] + tail.utf8.map { String(format: "%02x", $0) })
            default:
                let (w, h) = sizes[Int(random.next() % UInt64(sizes.count))]
                tmux(["resize-window", "-t", session, "-x", String(w), "-y", String(h)])
                resizes += 1
            }
            sent += 1
            usleep(UInt32(random.next() % 30_000))
            if sent % 25 == 0 {
                checks += 1
                XCTAssertEqual(paneCommand(), "lapgan-tui", "lapgan-tui ended after \(sent) inputs:\n\(screen())")
                if paneCommand() != "lapgan-tui" { return }
            }
        }
        XCTAssertEqual(paneCommand(), "lapgan-tui", screen())
        // Back to a usable size, let any half-typed escape sequence time out, then q (three times if a study is running) quits with status 0.
        tmux(["resize-window", "-t", session, "-x", "80", "-y", "24"])
        usleep(1_000_000)
        tmux(["send-keys", "-t", session, "q"])
        // The status line `echo` prints (the typed command holds "EXIT=$?" too).
        func exitLine() -> String? { screen().split(separator: "\n").last { $0.hasPrefix("EXIT=") }.map(String.init) }
        // A human study the random keys started takes two more: q ends its session (its chart), q leaves the chart.
        for _ in 0..<2 {
            let wait = Date().addingTimeInterval(3)
            while exitLine() == nil && Date() < wait { usleep(100_000) }
            if exitLine() == nil { tmux(["send-keys", "-t", session, "q"]) }
        }
        let quit = Date().addingTimeInterval(15)
        while exitLine() == nil && Date() < quit { usleep(100_000) }
        XCTAssertEqual(exitLine(), "EXIT=0", screen())
        print("tmux random keys: \(sent) inputs (\(resizes) resizes) in \(Int(seconds)) s, alive at \(checks) checks, q → EXIT=0")
    }
}
