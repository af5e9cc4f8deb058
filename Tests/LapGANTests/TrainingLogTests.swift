import Foundation
import XCTest
@testable import LapGAN

final class TrainingLogTests: XCTestCase {
    let header = "wall_time,level,step,epoch,d_loss,g_loss,d_real,d_fake,lr,images_per_s\n"

    func tempPath(_ name: String) -> String {
        let dir = NSTemporaryDirectory()
        return (dir as NSString).appendingPathComponent("lapgan-tui-test-\(getpid())-\(name).csv")
    }

    func testParsesByColumnName() {
        let a = TrainingLog.parse(header + "1.0,0,10,0,0.7,1.2,0.6,0.4,0.02,100\n1.5,1,10,0,0.8,1.1,0.55,0.45,0.02,90\n2.0,0,20,0,0.6,1.3,0.7,0.3,0.02,110\n")
        // Same data, other column order, an extra column.
        let b = TrainingLog.parse("g_loss,extra,step,d_fake,level,d_real,d_loss\n1.2,x,10,0.4,0,0.6,0.7\n1.1,y,10,0.45,1,0.55,0.8\n1.3,z,20,0.3,0,0.7,0.6\n")
        for log in [a, b] {
            XCTAssertNil(log.error)
            XCTAssertEqual(log.rowCount, 3)
            XCTAssertEqual(log.malformedRows, 0)
            XCTAssertEqual(log.levels.map(\.level), [0, 1])
            XCTAssertEqual(log.series(level: 0)?.step, [10, 20])
            XCTAssertEqual(log.series(level: 0)?[.dLoss], [0.7, 0.6])
            XCTAssertEqual(log.series(level: 0)?[.gLoss], [1.2, 1.3])
            XCTAssertEqual(log.series(level: 0)?[.dReal], [0.6, 0.7])
            XCTAssertEqual(log.series(level: 1)?[.dFake], [0.45])
        }
        XCTAssertEqual(a.series(level: 0)?[.lr], [0.02, 0.02])
        XCTAssertEqual(b.series(level: 0)?[.lr].count, 2)
        XCTAssertTrue(b.series(level: 0)?[.lr].allSatisfy { $0.isNaN } ?? false)
    }

    func testPartialLastLineMalformedRowsAndEmptyCells() {
        let text = header
            + "1,0,10,0,0.7,1.2,0.6,0.4,0.02,100\n"
            + "1,zero,20,0,0.7,1.2,0.6,0.4,0.02,100\n"      // bad level
            + "1,0,30,0,abc,1.2,0.6,0.4,0.02,100\n"          // bad number
            + "1,0\n"                                         // too short
            + "\n"                                            // blank: ignored
            + "1,0,40,0,0.5,1.0,,,0.02,\r\n"                  // empty cells: NaN; CRLF
            + "1,0,45,0,,,,,,\n"                               // eval-style row without losses: skipped
            + "1,0,50,0,nan,inf,0.5,0.5,0.02,100\n"
            + "1,0,60,0,0.4,1.0,0.6,0.4"                      // unterminated: ignored
        let log = TrainingLog.parse(text)
        XCTAssertNil(log.error)
        XCTAssertEqual(log.malformedRows, 3)
        XCTAssertEqual(log.rowCount, 3)
        let s = log.series(level: 0)
        XCTAssertEqual(s?.step, [10, 40, 50])
        XCTAssertEqual(s?[.dReal][1].isNaN, true)
        XCTAssertEqual(s?[.dLoss][2].isNaN, true)
        XCTAssertEqual(s?[.gLoss][2], .infinity)
    }

    func testMissingColumnsAndMissingFile() {
        let log = TrainingLog.parse("step,level,loss\n1,0,0.5\n", name: "x.csv")
        XCTAssertNotNil(log.error)
        XCTAssertTrue(log.error?.message.contains("missing columns d_loss, g_loss") ?? false, log.error?.message ?? "")
        let missing = TrainingLog(path: "/nonexistent/dir/log.csv")
        XCTAssertTrue(missing.reloadIfChanged())
        XCTAssertTrue(missing.error?.message.contains("/nonexistent/dir/log.csv") ?? false)
        XCTAssertTrue(missing.error?.message.contains("No such file") ?? false, missing.error?.message ?? "")
        XCTAssertFalse(missing.reloadIfChanged())  // unchanged
        let empty = TrainingLog.parse("")
        XCTAssertNil(empty.error)
        XCTAssertTrue(empty.isEmpty)
        let dir = TrainingLog(path: NSTemporaryDirectory())
        dir.reloadIfChanged()
        XCTAssertNotNil(dir.error)
        let binary = TrainingLog.parse(String(decoding: [0xFF, 0xFE, 0x00, 0x0A, 0x01, 0x0A], as: UTF8.self))
        XCTAssertNotNil(binary.error)
    }

    func testIncrementalReload() throws {
        let path = tempPath("grow")
        defer { unlink(path) }
        try (header + "1,0,10,0,0.7,1.2,0.6,0.4,0.02,100\n1,0,20,0,0.6").write(toFile: path, atomically: false, encoding: .utf8)
        let log = TrainingLog(path: path)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertEqual(log.rowCount, 1)
        XCTAssertFalse(log.reloadIfChanged())
        let v = log.version
        // The trainer finishes the line and appends another.
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(",1.1,0.65,0.35,0.02,100\n1,1,20,0,0.9,1.0,0.5,0.5,0.02,100\n".data(using: .utf8)!)
        h.closeFile()
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertGreaterThan(log.version, v)
        XCTAssertEqual(log.rowCount, 3)
        XCTAssertEqual(log.series(level: 0)?.step, [10, 20])
        XCTAssertEqual(log.series(level: 0)?[.gLoss], [1.2, 1.1])
        XCTAssertEqual(log.levels.count, 2)
        // Rewritten shorter: full re-read.
        try (header + "1,2,5,0,0.7,1.2,0.6,0.4,0.02,100\n").write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertEqual(log.levels.map(\.level), [2])
        // Deleted: an error, then back.
        unlink(path)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertNotNil(log.error)
        XCTAssertTrue(log.levels.isEmpty)
        try (header + "1,0,5,0,0.7,1.2,0.6,0.4,0.02,100\n").write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertTrue(log.reloadIfChanged())
        XCTAssertNil(log.error)
        XCTAssertEqual(log.rowCount, 1)
    }

    func testLargeLogIsFast() throws {
        let path = tempPath("large")
        defer { unlink(path) }
        var text = header
        text.reserveCapacity(100_000 * 70)
        for i in 0..<100_000 {
            text += "\(Double(i) * 0.01),\(i % 4),\(i / 4),\(i / 40000),0.6931,1.3862,0.51,0.49,0.02,1234.5\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let log = TrainingLog(path: path)
        let t0 = Date()
        log.reloadIfChanged()
        let dt = Date().timeIntervalSince(t0)
        XCTAssertEqual(log.rowCount, 100_000)
        XCTAssertEqual(log.levels.count, 4)
        print("TrainingLog: 100k rows in \(Int(dt * 1000)) ms")
        #if !DEBUG
        XCTAssertLessThan(dt, 0.5)
        #endif
    }
}
