import Foundation

/// A tmux server of a test's own, with one session of the same name, for driving `lapgan-tui` as a person does:
/// send keys, read the screen. Each object has a new socket name (prefix, process id, a counter), so a test never
/// reaches the server of the test before it while that one is still shutting down, and tests in parallel
/// processes never share one.
///
/// tmux runs through the shell (system(3)), not Foundation's Process: Process waits forever when tmux starts its
/// server, which inherits the child's descriptors.
public final class TmuxSession {
    /// The socket's name and the session's name.
    public let name: String

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made = 0

    public init(_ prefix: String) {
        let n = TmuxSession.lock.withLock { () -> Int in
            TmuxSession.made += 1
            return TmuxSession.made
        }
        name = "\(prefix)-\(getpid())-\(n)"
    }

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// Runs tmux with `args` on this object's socket; its standard output, or "" when it failed.
    @discardableResult
    public func callAsFunction(_ args: [String]) -> String {
        let out = NSTemporaryDirectory() + "\(name)-out.txt"
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("env -u NO_COLOR tmux -L \(name) \(quoted) > \(out) 2>/dev/null < /dev/null")
        defer { unlink(out) }
        guard status == 0 else { return "" }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    /// Starts the server and the session: a plain bash (no NO_COLOR) in a window of `width`×`height`.
    public func start(width: Int, height: Int) {
        self(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "env -u NO_COLOR bash --norc --noprofile"])
    }

    /// send-keys to the session: each argument a key name or text, as tmux takes them.
    @discardableResult
    public func send(_ keys: String...) -> String { self(["send-keys", "-t", name] + keys) }

    /// The screen as text; `escapes`: with its colour escape sequences; `joined`: wrapped lines joined.
    public func capture(escapes: Bool = false, joined: Bool = false) -> String {
        self(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []) + (joined ? ["-J"] : []))
    }

    /// Polls the screen until it contains every one of `texts` or `seconds` have passed; whether it did, and the
    /// last capture. (A screen is caught part-drawn at times: wait for everything the next step reads.)
    public func wait(for texts: [String], seconds: Double = 20, poll: useconds_t = 50_000) -> (found: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        repeat {
            screen = capture()
            if texts.allSatisfy(screen.contains) { return (true, screen) }
            usleep(poll)
        } while Date() < deadline
        return (false, screen)
    }

    /// Ends the server (and what runs in it) and waits, up to 2 s, until its socket is gone.
    public func kill() {
        self(["kill-server"])
        let socket = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())/\(name)"
        let deadline = Date().addingTimeInterval(2)
        while FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(20_000) }
    }
}
