import XCTest
@testable import TerminalUI

final class CellGridTests: XCTestCase {
    func testTextPlacementAndReadBack() {
        var g = CellGrid(width: 10, height: 3)
        let end = g.drawText("hello", x: 2, y: 1, style: Style(fg: .rgb(RGB(1, 2, 3)), attributes: .bold))
        XCTAssertEqual(end, 7)
        XCTAssertEqual(g.rowString(1), "  hello   ")
        XCTAssertEqual(g[2, 1].character, "h")
        XCTAssertEqual(g[2, 1].fg, .rgb(RGB(1, 2, 3)))
        XCTAssertEqual(g[2, 1].attributes, .bold)
        XCTAssertEqual(g[1, 1], .blank)
    }

    func testClippingNeverWritesOutside() {
        var g = CellGrid(width: 5, height: 2)
        g.drawText("abcdefgh", x: -3, y: 0)
        XCTAssertEqual(g.rowString(0), "defgh")
        g.drawText("xyz", x: 3, y: 1)
        XCTAssertEqual(g.rowString(1), "   xy")
        g.drawText("nothing", x: 0, y: -1)
        g.drawText("nothing", x: 0, y: 2)
        g.drawText("nothing", x: 100, y: 0)
        g.drawText("nothing", x: Int.min / 2, y: 0)
        g.put(Cell("Z"), x: -1, y: 0)
        g.put(Cell("Z"), x: 5, y: 1)
        g[7, 7] = Cell("Z")
        XCTAssertEqual(g.cells.count, 10)
        XCTAssertFalse(g.text.contains("Z"))
        XCTAssertEqual(g[-1, -1], .blank)
    }

    func testClipRectangle() {
        var g = CellGrid(width: 8, height: 3)
        g.withClip(Rect(x: 2, y: 1, width: 3, height: 1)) { g in
            g.drawText("abcdef", x: 0, y: 1)
            g.fill(Rect(x: 0, y: 0, width: 8, height: 3), with: Cell("#"))
        }
        XCTAssertEqual(g.text, "        \n  ###   \n        ")
        XCTAssertEqual(g.clip, g.bounds)
    }

    func testWideCharactersAndControlCharacters() {
        var g = CellGrid(width: 6, height: 1)
        let end = g.drawText("a漢b", x: 0, y: 0)
        XCTAssertEqual(end, 4)
        XCTAssertEqual(g.rowString(0), "a漢b  ")
        XCTAssertTrue(g[2, 0].isContinuation)
        // Overwriting the right half blanks the left half.
        g.put(Cell("x"), x: 2, y: 0)
        XCTAssertEqual(g.rowString(0), "a xb  ")
        // A wide character that does not fit at the edge becomes a space.
        g.drawText("漢", x: 5, y: 0)
        XCTAssertEqual(g.rowString(0), "a xb  ")
        g.drawText("a\u{1B}[31m\tb", x: 0, y: 0)
        XCTAssertEqual(g.rowString(0), "a?[31m")
        // Combining grapheme survives as one cell.
        var h = CellGrid(width: 3, height: 1)
        h.drawText("e\u{301}x", x: 0, y: 0)
        XCTAssertEqual(h[0, 0].string, "e\u{301}")
        XCTAssertEqual(h[1, 0].character, "x")
    }

    func testBoxWithTitleAndLines() {
        var g = CellGrid(width: 12, height: 4)
        g.drawBox(Rect(x: 0, y: 0, width: 12, height: 4), title: "level 2")
        XCTAssertEqual(g.rowString(0), "┌ level 2 ─┐")
        XCTAssertEqual(g.rowString(1), "│          │")
        XCTAssertEqual(g.rowString(3), "└──────────┘")
        // Title longer than the box is truncated, never past the corner.
        g.drawBox(Rect(x: 0, y: 0, width: 8, height: 2), title: "a very long title")
        XCTAssertEqual(String(g.rowString(0).prefix(8)), "┌ a v… ┐")
        XCTAssertEqual(g[7, 0].character, "┐")
        // Boxes partly outside and degenerate boxes do not crash.
        g.drawBox(Rect(x: -3, y: -1, width: 5, height: 3))
        g.drawBox(Rect(x: 10, y: 2, width: 1, height: 1))
        g.drawBox(Rect(x: 0, y: 0, width: 0, height: 0))
        g.drawHLine(x: -5, y: 3, length: 100)
        XCTAssertEqual(g.rowString(3), String(repeating: "─", count: 12))
        g.drawVLine(x: 11, y: -2, length: 100, character: "|")
        XCTAssertEqual(g[11, 0].character, "|")
        XCTAssertEqual(g[11, 3].character, "|")
    }

    func testAbsurdCoordinatesDoNotCrash() {
        var g = CellGrid(width: 4, height: 2)
        for v in [Int.max, Int.min, Int.max - 1, Int.min + 1] {
            g.drawText("abc", x: v, y: 0)
            g.drawText("abc", x: 0, y: v)
            g.drawHLine(x: v, y: 0, length: Int.max)
            g.drawVLine(x: 0, y: v, length: Int.max)
            g.drawBox(Rect(x: v, y: v, width: Int.max, height: Int.max), title: "t")
            g.fill(Rect(x: v, y: 0, width: Int.max, height: 1), with: Cell("x"))
            g.drawImage(PixelImage(width: 3, height: 3), x: v, y: v, scale: Int.max)
            g.put(Cell("y"), x: v, y: v)
            g.drawTextCentered("zz", in: Rect(x: v, y: v, width: 10, height: 10))
            LinePlot(series: [PlotSeries(x: [0, 1], y: [0, 1])]).render(into: &g, rect: Rect(x: v, y: v, width: Int.max, height: Int.max))
            BrailleCanvas(widthCells: 2, heightCells: 2).render(into: &g, x: v, y: v)
        }
        XCTAssertEqual(CellGrid(width: Int.max, height: Int.max).cells.count, 0)
        XCTAssertEqual(PixelImage(width: Int.max, height: 2).pixels.count, 0)
        XCTAssertNil(PixelImage(width: Int.max, height: 2, pixels: []))
        XCTAssertEqual(BrailleCanvas(widthCells: Int.max, heightCells: 3).dotWidth, 0)
    }

    func testZeroAndNegativeSizes() {
        var g = CellGrid(width: -4, height: 3)
        XCTAssertEqual(g.width, 0)
        g.drawText("x", x: 0, y: 0)
        g.clear()
        XCTAssertEqual(g.text, "")
        let c = CellGrid(width: 3, height: 2).cropped(width: 5, height: 1)
        XCTAssertEqual(c.width, 5)
    }

    func testTruncateAndWrap() {
        XCTAssertEqual(CharacterWidth.truncate("abcdef", toWidth: 4), "abc…")
        XCTAssertEqual(CharacterWidth.truncate("abc", toWidth: 4), "abc")
        XCTAssertEqual(TextWrap.lines("aa bb cc", width: 5), ["aa bb", "cc"])
        XCTAssertEqual(TextWrap.lines("abcdefgh", width: 3), ["abc", "def", "gh"])
    }

    func testSizeGuard() {
        var g = CellGrid(width: 20, height: 6)
        XCTAssertFalse(SizeGuard.check(&g, minWidth: 80, minHeight: 24))
        let text = g.text.replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(text.contains("terminal 20×6,"), text)
        XCTAssertTrue(text.contains("at least 80×24"), text)
        XCTAssertTrue(text.contains("q quits"), text)
        var wide = CellGrid(width: 60, height: 3)
        XCTAssertFalse(SizeGuard.check(&wide, minWidth: 80, minHeight: 24))
        XCTAssertTrue(wide.text.contains("terminal 60×3, need at least 80×24"), wide.text)
        var big = CellGrid(width: 80, height: 24)
        XCTAssertTrue(SizeGuard.check(&big, minWidth: 80, minHeight: 24))
        var tiny = CellGrid(width: 1, height: 1)
        XCTAssertFalse(SizeGuard.check(&tiny, minWidth: 10, minHeight: 10))
        var empty = CellGrid(width: 0, height: 0)
        XCTAssertFalse(SizeGuard.check(&empty, minWidth: 10, minHeight: 10))
    }
}
