import XCTest
@testable import TerminalUI

final class BrailleTests: XCTestCase {
    func testDotBits() {
        // Unicode: dots 1,2,3,7 down the left column, 4,5,6,8 down the right; dot n = bit n-1.
        let expected: [(Int, Int, UInt8)] = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (0, 3, 0x40),
                                            (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (1, 3, 0x80)]
        for (dx, dy, bit) in expected {
            XCTAssertEqual(BrailleCanvas.bit(dx: dx, dy: dy), bit)
            var c = BrailleCanvas(widthCells: 1, heightCells: 1)
            c.set(x: dx, y: dy)
            var g = CellGrid(width: 1, height: 1)
            c.render(into: &g, x: 0, y: 0)
            XCTAssertEqual(g[0, 0].scalar?.value, 0x2800 + UInt32(bit))
        }
        var full = BrailleCanvas(widthCells: 1, heightCells: 1)
        for x in 0..<2 { for y in 0..<4 { full.set(x: x, y: y) } }
        var g = CellGrid(width: 1, height: 1)
        full.render(into: &g, x: 0, y: 0)
        XCTAssertEqual(g[0, 0].character, "⣿")
    }

    func testLineEndpointsAndClipping() {
        var c = BrailleCanvas(widthCells: 5, heightCells: 3)  // 10 × 12 dots
        c.line(x0: 0, y0: 11, x1: 9, y1: 0)
        XCTAssertTrue(c.isSet(x: 0, y: 11))
        XCTAssertTrue(c.isSet(x: 9, y: 0))
        XCTAssertFalse(c.isSet(x: 0, y: 0))
        // Every column gets at least one dot on a shallow line.
        var d = BrailleCanvas(widthCells: 5, heightCells: 1)
        d.line(x0: 0, y0: 0, x1: 9, y1: 3)
        for x in 0..<10 { XCTAssertTrue((0..<4).contains { d.isSet(x: x, y: $0) }, "column \(x)") }
        // Lines far outside are clipped, not iterated.
        var e = BrailleCanvas(widthCells: 2, heightCells: 2)
        e.line(from: (-1e12, 2), to: (1e12, 2))
        XCTAssertTrue(e.isSet(x: 0, y: 2))
        XCTAssertTrue(e.isSet(x: 3, y: 2))
        e.line(from: (.nan, 0), to: (1, 1))
        e.line(from: (-1e308, 0), to: (1e308, 0))
        e.line(x0: -100, y0: -100, x1: -50, y1: -10)
        e.set(x: -1, y: 0)
        e.set(x: 4, y: 0)
    }

    func testColourPriority() {
        var c = BrailleCanvas(widthCells: 1, heightCells: 1)
        c.set(x: 0, y: 0, color: .rgb(RGB(1, 1, 1)), priority: 1)
        c.set(x: 1, y: 0, color: .rgb(RGB(2, 2, 2)), priority: 0, attributes: .dim)
        var g = CellGrid(width: 1, height: 1)
        c.render(into: &g, x: 0, y: 0)
        XCTAssertEqual(g[0, 0].fg, .rgb(RGB(1, 1, 1)))
        XCTAssertEqual(c.pattern(cellX: 0, cellY: 0), 0x09)
        c.set(x: 0, y: 1, color: .rgb(RGB(3, 3, 3)), priority: 1)  // equal priority: last wins
        c.render(into: &g, x: 0, y: 0)
        XCTAssertEqual(g[0, 0].fg, .rgb(RGB(3, 3, 3)))
    }
}
