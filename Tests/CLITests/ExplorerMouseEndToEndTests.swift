import Foundation
import TestSupport
import XCTest

/// The release `lapgan-tui` in tmux, driven by the mouse reports a terminal sends (xterm SGR, mode 1006) typed into
/// the pane with `send-keys -l`; tmux's own mouse handling is off so the reports reach the program. At 80×24 under
/// tmux's TERM (whose terminfo names the old mouse form: the explorer reads SGR reports itself) and at 120×40 as
/// xterm-256color (whose terminfo names SGR: ncurses decodes them), so both ways in are exercised.
final class ExplorerMouseEndToEndTests: XCTestCase {
    /// tmux on this test's private socket; a new one for each start, so no start reaches a server still closing.
    var tmux = TmuxSession("lapgan-mouse")
    var session: String { tmux.name }

    func capture() throws -> String { tmux.capture() }

    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let (found, screen) = tmux.wait(for: [text])
        if !found { XCTFail("timed out waiting for \(text); screen:\n\(screen)", file: file, line: line) }
        return screen
    }

    override func tearDown() { tmux.kill() }

    /// Types a mouse report: `code` 0 left button, 64/65 the wheel; x and y 0-based cells; release with `m`.
    func mouse(_ code: Int, x: Int, y: Int, release: Bool = false) throws {
        tmux(["send-keys", "-t", session, "-l", "\u{1B}[<\(code);\(x + 1);\(y + 1)\(release ? "m" : "M")"])
    }

    func click(x: Int, y: Int) throws {
        try mouse(0, x: x, y: y)
        try mouse(0, x: x, y: y, release: true)
    }

    /// The column of a view's tab in the title bar of `screen`.
    func tab(_ name: String, in screen: String) throws -> Int {
        let title = try XCTUnwrap(screen.split(separator: "\n").first.map(String.init))
        let range = try XCTUnwrap(title.range(of: " \(name) "), "no tab \(name) in: \(title)")
        return title.distance(from: title.startIndex, to: range.lowerBound) + 2
    }

    func start(width: Int, height: Int, term: String?, flags: String = "") throws {
        let binary = try CLI.binary("lapgan-tui", optimized: true)
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        tmux.kill()
        tmux = TmuxSession("lapgan-mouse")
        tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "env -u NO_COLOR bash --norc --noprofile"])
        tmux(["set", "-g", "mouse", "off"])
        let env = term.map { "TERM=\($0) " } ?? ""
        tmux(["send-keys", "-t", session, "\(env)COLORTERM=truecolor \(binary) \(model) \(flags); echo EXIT=$?", "Enter"])
    }

    func testClicksAndTheWheelDriveTheExplorerAt80x24And120x40() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        for (w, h, term) in [(80, 24, nil), (120, 40, "xterm-256color")] as [(Int, Int, String?)] {
            try start(width: w, height: h, term: term)
            var screen = try waitFor("level 0/2")
            // The wheel moves up the pyramid and back.
            try mouse(64, x: w / 2, y: h / 2)
            try waitFor("level 1/2")
            try mouse(65, x: w / 2, y: h / 2)
            screen = try waitFor("level 0/2")
            // A click on the grid's tab shows the grid; the wheel steps its samples; a click on the loss tab the curves.
            try click(x: try tab("grid", in: screen), y: 0)
            screen = try waitFor("sample 1/")
            try mouse(65, x: 10, y: 10)
            try waitFor("sample 2/")
            try click(x: try tab("loss", in: screen), y: 0)
            try waitFor("D loss")
            // The pyramid's tab brings the pyramid back; a click on the coarsest level's title selects it.
            try click(x: try tab("pyramid", in: screen), y: 0)
            screen = try waitFor("level 0/2")
            // Its title where the whole pyramid shows, else its thumbnail (the row under its caption).
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            func column(_ text: String, _ line: String) -> Int? {
                line.range(of: text).map { line[..<$0.lowerBound].count }
            }
            if let row = lines.firstIndex(where: { $0.contains("level 2  7×7") }), let x = column("level 2", lines[row]) {
                try click(x: x + 2, y: row)
            } else {
                let row = try XCTUnwrap(lines.firstIndex { $0.contains("Ĩ₂ 7×7") }, "no level 2 on screen:\n\(screen)")
                try click(x: try XCTUnwrap(column("Ĩ₂ 7×7", lines[row])) + 2, y: row + 1)
            }
            try waitFor("level 2/2")
            tmux(["send-keys", "-t", session, "q"])
            try waitFor("EXIT=0")
            tmux(["kill-server"])
        }
    }

    func testNoMouseLeavesReportsUnread() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        try start(width: 80, height: 24, term: nil, flags: "--no-mouse")
        let screen = try waitFor("level 0/2")
        // Without mouse reporting tmux (mouse off) sends no reports of real clicks; a typed report is only keys, and
        // none of them switches the view.
        try click(x: try tab("grid", in: screen), y: 0)
        usleep(500_000)
        XCTAssertFalse(try capture().contains("sample 1/"), "--no-mouse still read a mouse report")
        tmux(["send-keys", "-t", session, "Tab"])
        try waitFor("sample 1/")
        tmux(["send-keys", "-t", session, "q"])
        try waitFor("EXIT=0")
    }

    /// Any PNG's pyramid in tmux: the levels stepped by the wheel and a click, the reconstruction error shown.
    func testAnImagesPyramidSteppedByTheMouse() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        let binary = try CLI.binary("lapgan-tui", optimized: true)
        let image = CLI.packageRoot.appendingPathComponent("assets/fashion-samples.png").path
        tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "24", "env -u NO_COLOR bash --norc --noprofile"])
        tmux(["set", "-g", "mouse", "off"])
        tmux(["send-keys", "-t", session, "COLORTERM=truecolor \(binary) \(image) --sizes 64,32,16,8; echo EXIT=$?", "Enter"])
        var screen = try waitFor("reconstruction max error")
        XCTAssertTrue(screen.contains("level 0/3 64×64"), screen)
        try mouse(64, x: 40, y: 12)
        try mouse(64, x: 40, y: 12)
        screen = try waitFor("level 2/3 16×16")
        try click(x: try tab("help", in: screen), y: 0)
        try waitFor("energy: root-mean-square")
        tmux(["send-keys", "-t", session, "q"])
        try waitFor("EXIT=0")
    }
}
