import XCTest
@testable import TerminalUI

final class PlotTests: XCTestCase {
    func isNice(_ v: Double) -> Bool {
        if v == 0 { return true }
        let e = (log10(abs(v))).rounded(.down)
        let m = abs(v) / pow(10, e)
        return [1, 2, 5, 10].contains { abs(m - $0) < 1e-9 }
    }

    func testNiceSteps() {
        XCTAssertEqual(Ticks.niceStep(0.13), 0.2)
        XCTAssertEqual(Ticks.niceStep(3), 5)
        XCTAssertEqual(Ticks.niceStep(7), 10)
        XCTAssertEqual(Ticks.niceStep(1), 1)
        XCTAssertEqual(Ticks.niceStep(-1), 1)
        XCTAssertEqual(Ticks.linear(lo: 0, hi: 1, maxCount: 6), [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 })
        for (lo, hi) in [(0.0, 1.0), (-3.7, 12.2), (0.31, 0.37), (1e-5, 3e-5), (0, 2990), (-1, 1)] {
            for n in 2...8 {
                let t = Ticks.linear(lo: lo, hi: hi, maxCount: n)
                XCTAssertFalse(t.isEmpty, "\(lo) \(hi) \(n)")
                XCTAssertLessThanOrEqual(t.count, n)
                XCTAssertTrue(t.allSatisfy { $0 >= lo - 1e-12 && $0 <= hi + 1e-12 })
                let step = Ticks.linearStep(lo: lo, hi: hi, maxCount: n)
                XCTAssertTrue(isNice(step), "\(step)")
            }
        }
        XCTAssertEqual(Ticks.linear(lo: 0, hi: 19.95, maxCount: 2).count, 2)
        XCTAssertEqual(Ticks.linear(lo: 1, hi: 1, maxCount: 3), [1])
        XCTAssertEqual(Ticks.linear(lo: .nan, hi: 1, maxCount: 3), [])
    }

    func testLogTicks() {
        XCTAssertEqual(Ticks.log(lo: 0.01, hi: 100, maxCount: 10), [0.01, 0.1, 1, 10, 100])
        XCTAssertEqual(Ticks.log(lo: 0.3, hi: 3, maxCount: 10).map { ($0 * 1000).rounded() / 1000 }, [0.5, 1, 2])
        let many = Ticks.log(lo: 1e-10, hi: 1e10, maxCount: 5)
        XCTAssertLessThanOrEqual(many.count, 5)
        XCTAssertTrue(many.allSatisfy { isNice($0) })
        XCTAssertFalse(Ticks.log(lo: 1.1, hi: 1.3, maxCount: 4).isEmpty)
        XCTAssertEqual(Ticks.log(lo: -1, hi: 10, maxCount: 4), [])
    }

    func testLabels() {
        XCTAssertEqual(Ticks.label(1500, step: 500), "1.5k")
        XCTAssertEqual(Ticks.label(2000, step: 1000), "2k")
        XCTAssertEqual(Ticks.label(20000, step: 10000), "20k")
        XCTAssertEqual(Ticks.label(3_000_000, step: 1_000_000), "3M")
        XCTAssertEqual(Ticks.label(0.4, step: 0.2), "0.4")
        XCTAssertEqual(Ticks.label(0, step: 0.2), "0")
        XCTAssertEqual(Ticks.label(-0.5, step: 0.5), "-0.5")
        XCTAssertEqual(Ticks.label(250, step: 50), "250")
        XCTAssertEqual(Ticks.label(2e-5, step: 1e-5), "2e-5")
        XCTAssertEqual(Ticks.logLabel(0.001), "0.001")
        XCTAssertEqual(Ticks.logLabel(100), "100")
        XCTAssertEqual(Ticks.logLabel(1000), "1k")
        XCTAssertEqual(Ticks.logLabel(1e-6), "1e-6")
        XCTAssertEqual(Ticks.logLabel(1.2), "1.2")
        XCTAssertEqual(Ticks.logLabel(0.25), "0.25")
        XCTAssertEqual(Ticks.logLabel(2500), "2.5k")
        XCTAssertEqual(Ticks.logLabel(5e-7), "5e-7")
    }

    /// Mean row (in dots) of the set dots in each cell column of the plot area.
    func dotRows(_ g: CellGrid) -> [(col: Int, row: Double)] {
        var out: [(Int, Double)] = []
        for x in 0..<g.width {
            var sum = 0.0, n = 0.0
            for y in 0..<g.height {
                guard let v = g[x, y].scalar?.value, (0x2801...0x28FF).contains(v) else { continue }
                let bits = v - 0x2800
                for (dy, mask) in [(0, UInt32(0x09)), (1, 0x12), (2, 0x24), (3, 0xC0)] where bits & mask != 0 {
                    sum += Double(y * 4 + dy); n += 1
                }
            }
            if n > 0 { out.append((x, sum / n)) }
        }
        return out
    }

    func testRisingSeriesGoesUpAndAxesAreDrawn() {
        var g = CellGrid(width: 60, height: 20)
        let xs = (0...100).map(Double.init)
        let plot = LinePlot(series: [PlotSeries(x: xs, y: xs.map { $0 * 0.02 + 1 }, color: .rgb(RGB(255, 0, 0)))], title: "rise")
        plot.render(into: &g, rect: g.bounds)
        let rows = dotRows(g)
        XCTAssertGreaterThan(rows.count, 20)
        guard let first = rows.first, let last = rows.last else { return XCTFail("no dots") }
        XCTAssertGreaterThan(first.row, last.row + 40, "the curve should rise to the right")
        for i in 1..<rows.count { XCTAssertLessThanOrEqual(rows[i].row, rows[i - 1].row + 0.01) }
        let text = g.text
        XCTAssertTrue(text.hasPrefix("rise"))
        XCTAssertTrue(text.contains("┤"))
        XCTAssertTrue(text.contains("└"))
        XCTAssertTrue(text.contains("┬"))
        XCTAssertTrue(text.contains("3┤") || text.contains("3.0┤"), text)
        XCTAssertTrue(text.contains("100"), text)
        guard let L = plot.layout(in: g.bounds) else { return XCTFail("no layout") }
        XCTAssertGreaterThanOrEqual(L.yTicks.count, 2)
        let step = L.yTicks[1] - L.yTicks[0]
        XCTAssertTrue(isNice(step), "\(L.yTicks)")
        for i in 1..<L.yTicks.count { XCTAssertEqual(L.yTicks[i] - L.yTicks[i - 1], step, accuracy: 1e-9) }
        for t in L.yTicks { XCTAssertEqual((t / step).rounded(), t / step, accuracy: 1e-9) }
    }

    func testLogScaleSkipsNonPositiveAndNaN() {
        var g = CellGrid(width: 40, height: 12)
        let xs: [Double] = [0, 1, 2, 3, 4, 5]
        let ys: [Double] = [100, -1, 0, .nan, 1, .infinity]
        let plot = LinePlot(series: [PlotSeries(x: xs, y: ys)], logY: true)
        plot.render(into: &g, rect: g.bounds)
        guard let L = plot.layout(in: g.bounds) else { return XCTFail("no layout") }
        XCTAssertEqual(L.yTicks, [1, 10, 100])
        XCTAssertTrue(g.text.contains("100┤"), g.text)
        XCTAssertTrue(g.text.contains("10┤"), g.text)
    }

    func testExplicitRangeAndEmpty() {
        var g = CellGrid(width: 30, height: 8)
        var plot = LinePlot(series: [PlotSeries(x: [], y: [])])
        plot.render(into: &g, rect: g.bounds)
        XCTAssertTrue(g.text.contains("no data"))
        plot.series = [PlotSeries(x: [0, 1], y: [.nan, .nan])]
        g.clear()
        plot.render(into: &g, rect: g.bounds)
        XCTAssertTrue(g.text.contains("no data"))
        plot.series = [PlotSeries(x: [0, 1, 2], y: [5, -100, 5])]
        plot.yRange = 0...10
        g.clear()
        plot.render(into: &g, rect: g.bounds)
        let L = plot.layout(in: g.bounds)
        XCTAssertEqual(L?.yLo, 0)
        XCTAssertEqual(L?.yHi, 10)
        // Tiny rectangles and single points do not crash.
        for w in 0..<12 {
            for h in 0..<6 {
                var t = CellGrid(width: w, height: h)
                LinePlot(series: [PlotSeries(x: [1], y: [1])], title: "t").render(into: &t, rect: t.bounds)
            }
        }
        var one = CellGrid(width: 30, height: 8)
        LinePlot(series: [PlotSeries(x: [3], y: [7])]).render(into: &one, rect: one.bounds)
        XCTAssertFalse(dotRows(one).isEmpty)
    }

    func testRenderStaysInsideRect() {
        var g = CellGrid(width: 50, height: 20, fill: Cell("·"))
        let rect = Rect(x: 5, y: 3, width: 30, height: 10)
        LinePlot(series: [PlotSeries(x: [0, 1e6], y: [-1e9, 1e9])], title: "a title much longer than the rectangle is wide")
            .render(into: &g, rect: rect)
        for y in 0..<20 {
            for x in 0..<50 where !rect.contains(x: x, y: y) {
                XCTAssertEqual(g[x, y].character, "·", "\(x),\(y)")
            }
        }
    }
}
