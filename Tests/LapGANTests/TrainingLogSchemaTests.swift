import Foundation
import XCTest
@testable import LapGAN
import TestSupport

/// The writer and the reader of the training log agree through `TrainingLogColumn`.
final class TrainingLogSchemaTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("trainlog") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func metrics(_ d: Double, _ g: Double, _ real: Double, _ fake: Double) -> StepMetrics {
        StepMetrics(dLoss: d, gLoss: g, dReal: real, dFake: fake, reconstruction: 0, count: 1)
    }

    func testWhatTheWriterWritesTheReaderReadsBack() throws {
        let path = dir + "/log.csv"
        let writer = try TrainingLogWriter(path: path)
        let started = Date().timeIntervalSince1970
        try writer.append(level: 1, step: 10, epoch: 0.25, metrics: metrics(0.5, 1.25, 0.75, 0.125), learningRate: 0.02, imagesPerSecond: 100.5)
        try writer.append(level: 0, step: 10, epoch: 0.5, metrics: metrics(0.625, 2, 0.5, 0.25), learningRate: 0.0002, imagesPerSecond: 42)
        try writer.append(level: 1, step: 20, epoch: 0.75, metrics: metrics(0.375, 1.5, 0.875, 0.0625), learningRate: 0.01, imagesPerSecond: 99)
        let log = TrainingLog(path: path)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertNil(log.error)
        XCTAssertEqual(log.rowCount, 3)
        XCTAssertEqual(log.malformedRows, 0)
        XCTAssertEqual(log.levels.map(\.level), [0, 1])
        let one = try XCTUnwrap(log.series(level: 1))
        XCTAssertEqual(one.step, [10, 20])
        XCTAssertEqual(one[.level], [1, 1])
        XCTAssertEqual(one[.epoch], [0.25, 0.75])
        XCTAssertEqual(one[.dLoss], [0.5, 0.375])
        XCTAssertEqual(one[.gLoss], [1.25, 1.5])
        XCTAssertEqual(one[.dReal], [0.75, 0.875])
        XCTAssertEqual(one[.dFake], [0.125, 0.0625])
        XCTAssertEqual(one[.lr], [0.02, 0.01])
        XCTAssertEqual(one[.imagesPerSecond], [100.5, 99])
        let zero = try XCTUnwrap(log.series(level: 0))
        XCTAssertEqual(zero[.gLoss], [2])
        XCTAssertEqual(zero[.lr], [0.0002])
        for t in one[.wallTime] + zero[.wallTime] { XCTAssertEqual(t, started, accuracy: 60) }
    }

    func testExtraColumnsAreIgnoredAndMissingOptionalOnesAreNaN() {
        let log = TrainingLog.parse("note,step,level,g_loss,d_loss,swd\nhello,5,0,1.5,0.5,3\n")
        XCTAssertNil(log.error)
        let s = log.series(level: 0)
        XCTAssertEqual(s?.step, [5])
        XCTAssertEqual(s?[.dLoss], [0.5])
        XCTAssertEqual(s?[.gLoss], [1.5])
        for column in [TrainingLogColumn.wallTime, .epoch, .dReal, .dFake, .lr, .imagesPerSecond] {
            XCTAssertEqual(s?[column].count, 1)
            XCTAssertTrue(s?[column].allSatisfy(\.isNaN) ?? false, "\(column)")
        }
        let missing = TrainingLog.parse("level,step,d_loss\n0,1,0.5\n")
        XCTAssertEqual(missing.error?.message.contains("missing column g_loss"), true, missing.error?.message ?? "")
        XCTAssertTrue(missing.isEmpty)
    }

    func testATruncatedLastLineIsLeftForLater() {
        let text = TrainingLogColumn.header + "\n1,0,10,0,0.7,1.2,0.6,0.4,0.02,100\n1,0,20,0,0.6,1."
        let log = TrainingLog.parse(text)
        XCTAssertNil(log.error)
        XCTAssertEqual(log.rowCount, 1)
        XCTAssertEqual(log.malformedRows, 0)
        XCTAssertEqual(log.series(level: 0)?.step, [10])
    }

    func testALogThatGrowsWhileItIsReadIsFollowed() throws {
        let path = dir + "/growing.csv"
        let writer = try TrainingLogWriter(path: path)
        let log = TrainingLog(path: path)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertTrue(log.isEmpty)
        XCTAssertNil(log.error)
        for step in 1...5 {
            try writer.append(level: 0, step: step * 10, epoch: 0, metrics: metrics(0.5, 1, 0.5, 0.5), learningRate: 0.02, imagesPerSecond: 1)
            XCTAssertTrue(log.reloadIfChanged())
            XCTAssertEqual(log.rowCount, step)
            XCTAssertEqual(log.series(level: 0)?.step.last, Double(step * 10))
        }
        XCTAssertFalse(log.reloadIfChanged())
        // A second writer (a resumed run) appends to the same file: the reader keeps every row.
        let resumed = try TrainingLogWriter(path: path)
        try resumed.append(level: 1, step: 60, epoch: 0, metrics: metrics(0.5, 1, 0.5, 0.5), learningRate: 0.02, imagesPerSecond: 1)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertEqual(log.rowCount, 6)
        XCTAssertEqual(log.levels.map(\.level), [0, 1])
    }
}
