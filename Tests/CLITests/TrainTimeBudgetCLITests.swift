import Foundation
import LapGAN
import XCTest

/// `lapgan train --time`: a wall-clock budget for the whole run, with resume adding more.
final class TrainTimeBudgetCLITests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("time") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testMalformedDurationsAreUsageErrorsNamingTheFlag() throws {
        for bad in ["5x", "abc", "0", "-3m", "10m5", "", "1e19", "400d"] {
            let r = try CLI.run("lapgan", ["train", "--time", bad, "--out", dir + "/m.lpg"])
            XCTAssertEqual(r.status, 64, "--time '\(bad)': \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("--time"), "--time '\(bad)': \(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.lpg"))
    }

    func testATimeBudgetEndsTheRunWithItsFilesAndResumeAddsMore() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let model = dir + "/m.lpg"
        let started = Date()
        let first = try CLI.run("lapgan", ["train", "--limit", "256", "--batch", "16", "--width", "8", "--time", "3s",
                                           "--threads", "1", "--out", model])
        let spent = Date().timeIntervalSince(started)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("for 3s"), first.stderr)
        XCTAssertTrue(first.stderr.contains("3s spent"), first.stderr)
        XCTAssertLessThan(spent, 60, "the run went on long past its budget")
        let steps = try ModelFile.load(model).model.description.counters.map(\.steps)
        XCTAssertTrue(steps.allSatisfy { $0 > 0 }, "\(steps)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: model + ".ckpt"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/m-train.csv"))

        // A run that only a time budget ended needs a new end to go on.
        let endless = try CLI.run("lapgan", ["train", "--resume", model + ".ckpt", "--threads", "1"])
        XCTAssertEqual(endless.status, 64, endless.stderr)
        XCTAssertTrue(endless.stderr.contains("give --time"), endless.stderr)
        let second = try CLI.run("lapgan", ["train", "--resume", model + ".ckpt", "--time", "2s", "--threads", "1"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let more = try ModelFile.load(model).model.description.counters.map(\.steps)
        XCTAssertTrue(zip(more, steps).allSatisfy { $0 > $1 }, "resume with --time trained on: \(steps) → \(more)")
    }
}
