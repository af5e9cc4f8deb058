import Foundation
import TestSupport
import XCTest

/// Runs the built `lapgan` / `lapgan-tui` binaries the way a user does.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of the build under test: the one holding this test executable (`.build-test/<triple>/release`
    /// when Scripts/test.sh runs the suite, `.build/<triple>/debug` under a plain `swift test`), where SwiftPM
    /// also put `lapgan` and `lapgan-tui`. LAPGAN_BIN_DIR overrides it.
    static let buildDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["LAPGAN_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        let exe = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return exe.resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    /// The path of the built executable `name` of the build under test. `optimized`: the test drives it in real
    /// time (tmux) and needs an optimised build; when the suite itself is a debug build (a plain `swift test`),
    /// the release build beside it is used if there is one (`swift build -c release`), else the test is skipped.
    static func binary(_ name: String, optimized: Bool = false) throws -> String {
        var dir = buildDirectory
        if optimized && dir.lastPathComponent == "debug" && ProcessInfo.processInfo.environment["LAPGAN_BIN_DIR"] == nil {
            dir = dir.deletingLastPathComponent().appendingPathComponent("release")
        }
        let path = dir.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("\(path) is not built: run Scripts/test.sh, which builds the binaries and the tests together "
                          + (optimized ? "(or swift build -c release before a debug swift test, " : "(")
                          + "or set LAPGAN_BIN_DIR to a folder holding lapgan and lapgan-tui)")
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
        let outReader = PipeReader(out)
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = outReader.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory(_ name: String) throws -> String { try TestSupport.temporaryDirectory("cli-" + name) }

    static var hasFashionMNIST: Bool { FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist") }
}

extension TmuxSession {
    /// Waits until the screen contains every one of `texts` (a failure when the time is up); the last capture.
    @discardableResult
    func waitFor(all texts: [String], seconds: Double = 20, file: StaticString = #filePath, line: UInt = #line) -> String {
        let (found, screen) = wait(for: texts, seconds: seconds)
        if !found { XCTFail("timed out waiting for \(texts); screen:\n\(screen)", file: file, line: line) }
        return screen
    }
}
