import XCTest
@testable import Explorer
import LapGAN
import TerminalUI

final class LossViewTests: XCTestCase {
    func sampleLog() -> TrainingLog {
        var text = "wall_time,level,step,epoch,d_loss,g_loss,d_real,d_fake,lr,images_per_s\n"
        for step in stride(from: 0, to: 2000, by: 20) {
            for level in 0..<3 {
                let t = Double(step) / 1000
                text += "0,\(level),\(step),0,\(1.4 - 0.3 * t),\(0.7 + 0.5 * t),\(0.5 + 0.1 * t),\(0.5 - 0.1 * t),0.02,100\n"
            }
        }
        return TrainingLog.parse(text)
    }

    func testRendersAxesPanelsAndLegend() {
        let loss = LossState(log: sampleLog())
        var g = CellGrid(width: 120, height: 40)
        LossView(state: loss).render(into: &g, in: g.bounds)
        let text = g.text
        for s in ["Loss curves", "smoothing 0.60", "D loss", "G loss", "D(real)", "D(fake)", "level 0", "level 2", "┤", "└", "1k"] {
            XCTAssertTrue(text.contains(s), "missing \(s)\n\(text)")
        }
        XCTAssertTrue(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "no braille dots")
        // Narrow: panels stacked, still no crash and still axes.
        var n = CellGrid(width: 50, height: 60)
        LossView(state: loss).render(into: &n, in: n.bounds)
        XCTAssertTrue(n.text.contains("D(fake)"))
        // Tiny sizes.
        for w in [0, 1, 5, 20] {
            for h in [0, 1, 3, 8] {
                var t = CellGrid(width: w, height: h)
                LossView(state: loss).render(into: &t, in: t.bounds)
            }
        }
    }

    func testMessages() {
        var g = CellGrid(width: 80, height: 20)
        LossView(state: LossState(log: nil)).render(into: &g, in: g.bounds)
        XCTAssertTrue(g.text.contains("no training log"), g.text)

        let missing = LossState(path: "/nonexistent/train.csv")
        g.clear()
        LossView(state: missing).render(into: &g, in: g.bounds)
        XCTAssertTrue(g.text.contains("cannot read log /nonexistent/train.csv"), g.text)

        g.clear()
        LossView(state: LossState(log: TrainingLog.parse("a,b\n1,2\n"))).render(into: &g, in: g.bounds)
        XCTAssertTrue(g.text.contains("missing columns"), g.text)

        g.clear()
        LossView(state: LossState(log: TrainingLog.parse("level,step,d_loss,g_loss\n"))).render(into: &g, in: g.bounds)
        XCTAssertTrue(g.text.contains("no rows yet"), g.text)
    }

    func testKeys() {
        let log = sampleLog()
        var loss = LossState(log: log)
        XCTAssertTrue(loss.handle(key: .char("+")))
        XCTAssertEqual(loss.smoothing, 0.65, accuracy: 1e-9)
        for _ in 0..<20 { _ = loss.handle(key: .char("+")) }
        XCTAssertEqual(loss.smoothing, 0.99, accuracy: 1e-9)
        for _ in 0..<40 { _ = loss.handle(key: .char("-")) }
        XCTAssertEqual(loss.smoothing, 0, accuracy: 1e-9)
        XCTAssertTrue(loss.handle(key: .char("l")))
        XCTAssertTrue(loss.logScale)
        XCTAssertTrue(loss.handle(key: .char("o")))
        XCTAssertTrue(loss.fitPercentiles)
        XCTAssertTrue(loss.handle(key: .char("2")))
        XCTAssertEqual(loss.hiddenLevels, [1])
        XCTAssertTrue(loss.handle(key: .char("9")))  // no 9th level: consumed, nothing happens
        XCTAssertEqual(loss.hiddenLevels, [1])
        XCTAssertTrue(loss.handle(key: .char("a")))
        XCTAssertEqual(loss.hiddenLevels, [])
        XCTAssertFalse(loss.handle(key: .char("q")))
        XCTAssertFalse(loss.handle(key: .tab))
        XCTAssertFalse(loss.handle(key: .unknown(12345)))
        // Every setting renders.
        var g = CellGrid(width: 100, height: 30)
        for k in ["1", "2", "3"] { _ = loss.handle(key: .char(Character(k))) }
        LossView(state: loss).render(into: &g, in: g.bounds)
        XCTAssertTrue(g.text.contains("levels hidden"), g.text)
        XCTAssertTrue(g.text.contains("log on"))
    }

    func testSmoothedCurveWinsOverRaw() {
        var loss = LossState(log: sampleLog())
        _ = loss.handle(key: .char("1"))
        _ = loss.handle(key: .char("2"))  // only level 2 visible
        var g = CellGrid(width: 120, height: 40)
        LossView(state: loss).render(into: &g, in: g.bounds)
        let bright = CellColor.rgb(LossView.levelColor(2))
        var found = false
        for c in g.cells where c.fg == bright && (0x2801...0x28FF).contains(c.code) { found = true }
        XCTAssertTrue(found)
    }

    func testRandomInputNeverCrashes() {
        var seed: UInt64 = 99
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 33 }
        let pieces = ["level", "step", "d_loss", "g_loss", ",", ",", "\n", "\n", "0", "1", "-", ".", "e", "9", "nan", "inf", "\"", " ", "\r", "é", "1e999", "999999999999", "x"]
        var loss = LossState(log: nil)
        for _ in 0..<300 {
            var text = "level,step,d_loss,g_loss,d_real\n"
            for _ in 0..<(next() % 200) { text += pieces[Int(next() % UInt64(pieces.count))] }
            let log = TrainingLog.parse(text)
            XCTAssertEqual(log.rowCount, log.levels.reduce(0) { $0 + $1.count })  // every row read is in one level's series
            XCTAssertTrue(log.levels.allSatisfy { s in TrainingLogColumn.allCases.allSatisfy { s[$0].count == s.count } })
            loss.log = log
            for k in ["1", "2", "l", "o", "+", "-", "a"] where next() % 3 == 0 { _ = loss.handle(key: .char(Character(k))) }
            var g = CellGrid(width: Int(next() % 130), height: Int(next() % 45))
            LossView(state: loss).render(into: &g, in: g.bounds)
        }
    }


    /// Moved from CellGridTests.testAbsurdCoordinatesDoNotCrash with the view.
    func testAbsurdCoordinatesDoNotCrash() {
        var g = CellGrid(width: 4, height: 2)
        for v in [Int.max, Int.min, Int.max - 1, Int.min + 1] {
            LossView(state: LossState(log: nil)).render(into: &g, in: Rect(x: v, y: 0, width: 100, height: 100))
        }
        XCTAssertEqual(g.width, 4)
    }
}
