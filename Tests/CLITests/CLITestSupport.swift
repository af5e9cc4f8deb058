import Foundation
import TestSupport
import XCTest

/// Runs the built `lapgan` / `lapgan-tui` binaries the way a user does.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The debug binaries built beside the tests (override with LAPGAN_BIN_DIR).
    /// Runs tmux on the private socket `socket` through the shell (see ExplorerEndToEndTests for why not Process);
    /// its standard output, or "" when it failed.
    @discardableResult
    static func tmux(socket: String, _ args: [String]) -> String {
        let out = NSTemporaryDirectory() + "\(socket)-out.txt"
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("env -u NO_COLOR tmux -L \(socket) \(quoted) > \(out) 2>/dev/null < /dev/null")
        defer { unlink(out) }
        guard status == 0 else { return "" }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    /// Waits until the pane of `session` on `socket` shows every one of `texts` (a test failure when time is up);
    /// returns the last capture.
    @discardableResult
    static func waitForScreen(socket: String, session: String, _ texts: [String], seconds: Double = 20,
                              file: StaticString = #filePath, line: UInt = #line) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = tmux(socket: socket, ["capture-pane", "-p", "-t", session])
            if texts.allSatisfy(screen.contains) { return screen }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(texts); screen:\n\(screen)", file: file, line: line)
        return screen
    }

    static func binary(_ name: String, release: Bool = false) throws -> String {
        let env = ProcessInfo.processInfo.environment
        let dir = env[release ? "LAPGAN_RELEASE_BIN_DIR" : "LAPGAN_BIN_DIR"]
            ?? packageRoot.appendingPathComponent(".build/\(release ? "release" : "debug")").path
        let path = dir + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("\(path) is not built (run Scripts/test.sh, which builds it first)")
        }
        return path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ name: String, _ args: [String], cwd: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary(name))
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory(_ name: String) throws -> String { try TestSupport.temporaryDirectory("cli-" + name) }

    static var hasFashionMNIST: Bool { FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist") }
}
