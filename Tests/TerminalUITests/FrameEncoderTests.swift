import XCTest
@testable import TerminalUI

final class FrameEncoderTests: XCTestCase {
    func s(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testUnchangedFrameEmitsNothing() {
        var g = CellGrid(width: 20, height: 5)
        g.drawText("hello", x: 1, y: 1, style: Style(fg: .rgb(RGB(1, 2, 3))))
        let enc = FrameEncoder(mode: .truecolor)
        XCTAssertEqual(enc.encode(from: g, to: g), [])
    }

    func testOnlyChangedCellsAreWritten() {
        let a = CellGrid(width: 20, height: 5)
        var b = a
        b.put(Cell(code: 0x2580, fg: .rgb(RGB(10, 20, 30)), bg: .rgb(RGB(40, 50, 60))), x: 3, y: 2)
        let out = s(FrameEncoder(mode: .truecolor).encode(from: a, to: b))
        XCTAssertEqual(out, "\u{1B}[3;4H\u{1B}[0;38;2;10;20;30;48;2;40;50;60m▀\u{1B}[0m")
        // Two changes on one row: the second is reached with a relative move, same pen: no SGR.
        var c = a
        c.drawText("x", x: 2, y: 0)
        c.drawText("y", x: 6, y: 0)
        let two = s(FrameEncoder(mode: .truecolor).encode(from: a, to: c))
        XCTAssertEqual(two, "\u{1B}[1;3H\u{1B}[0mx\u{1B}[3Cy\u{1B}[0m")
        // Adjacent cells: no cursor movement between them, only the colour that changed.
        var d = a
        d.put(Cell(code: 0x41, fg: .rgb(RGB(1, 1, 1))), x: 0, y: 4)
        d.put(Cell(code: 0x42, fg: .rgb(RGB(2, 2, 2))), x: 1, y: 4)
        XCTAssertEqual(s(FrameEncoder(mode: .truecolor).encode(from: a, to: d)),
                       "\u{1B}[5;1H\u{1B}[0;38;2;1;1;1mA\u{1B}[38;2;2;2;2mB\u{1B}[0m")
    }

    func testFullRepaint() {
        var g = CellGrid(width: 4, height: 2)
        g.drawText("ab", x: 2, y: 1, style: .bold)
        let out = s(FrameEncoder(mode: .truecolor).encode(from: nil, to: g))
        XCTAssertEqual(out, "\u{1B}[0m\u{1B}[H\u{1B}[2J\u{1B}[2;3H\u{1B}[0;1mab\u{1B}[0m")
        // A different-size previous frame also repaints everything.
        XCTAssertTrue(s(FrameEncoder(mode: .truecolor).encode(from: CellGrid(width: 3, height: 2), to: g)).contains("\u{1B}[2J"))
    }

    func testColourModes() {
        let a = CellGrid(width: 2, height: 1)
        var b = a
        b.put(Cell(code: 0x2580, fg: .rgb(RGB(255, 0, 0)), bg: .rgb(RGB(128, 128, 128))), x: 0, y: 0)
        XCTAssertTrue(s(FrameEncoder(mode: .palette256).encode(from: a, to: b)).contains("38;5;196;48;5;244m"))
        XCTAssertTrue(s(FrameEncoder(mode: .grey, colors: 256).encode(from: a, to: b)).contains("38;5;"))
        let grey8 = s(FrameEncoder(mode: .grey, colors: 8).encode(from: a, to: b))
        XCTAssertFalse(grey8.contains("38;"))
        XCTAssertTrue(grey8.contains("90;100m") || grey8.contains("30;100m"), grey8)
        let none = s(FrameEncoder(mode: .none).encode(from: a, to: b))
        XCTAssertFalse(none.contains("38"))
        XCTAssertFalse(none.contains("48"))
        var idx = a
        idx.put(Cell(code: 0x41, fg: .indexed(1), bg: .indexed(200)), x: 0, y: 0)
        XCTAssertTrue(s(FrameEncoder(mode: .truecolor).encode(from: a, to: idx)).contains("31;48;5;200m"))
    }

    func testAttributesTurnOffWithReset() {
        var a = CellGrid(width: 3, height: 1)
        a.drawText("ab", x: 0, y: 0, style: .bold)
        var b = CellGrid(width: 3, height: 1)
        b.drawText("a", x: 0, y: 0, style: .bold)
        b.drawText("c", x: 1, y: 0)
        // The second cell changes from bold b to plain c; the first is unchanged.
        XCTAssertEqual(s(FrameEncoder(mode: .truecolor).encode(from: a, to: b)), "\u{1B}[1;2H\u{1B}[0mc\u{1B}[0m")
    }

    func testWideAndControlCharacters() {
        let a = CellGrid(width: 6, height: 1)
        var b = a
        b.drawText("漢x", x: 0, y: 0)
        // The continuation cell is skipped; the terminal advances two columns by itself.
        XCTAssertEqual(s(FrameEncoder(mode: .truecolor).encode(from: a, to: b)), "\u{1B}[1;1H\u{1B}[0m漢x\u{1B}[0m")
        var c = a
        c.put(Cell(code: 0x1B), x: 0, y: 0)  // raw code bypassing sanitising: still never an ESC
        let out = FrameEncoder(mode: .truecolor).encode(from: a, to: c)
        XCTAssertEqual(out.filter { $0 == 0x1B }.count, 3)
    }

    func testLastColumnMakesCursorUnknown() {
        let a = CellGrid(width: 3, height: 2)
        var b = a
        b.drawText("z", x: 2, y: 0)
        b.drawText("w", x: 0, y: 1)
        XCTAssertEqual(s(FrameEncoder(mode: .truecolor).encode(from: a, to: b)), "\u{1B}[1;3H\u{1B}[0mz\u{1B}[2;1Hw\u{1B}[0m")
    }

    func testFlushBenchmark() {
        let r = FrameBenchmark.run(width: 200, height: 60, frames: 10)
        XCTAssertGreaterThan(r.bytesPerFrame, 200 * 60 * 20)
        print("flush 200x60 truecolour: \(r.msPerFrame) ms/frame, \(r.bytesPerFrame) bytes")
        #if !DEBUG
        XCTAssertLessThan(r.msPerFrame, 15)
        #endif
    }

    func testKeyTranslation() {
        XCTAssertEqual(Key.fromCharacterCode(9), .tab)
        XCTAssertEqual(Key.fromCharacterCode(13), .enter)
        XCTAssertEqual(Key.fromCharacterCode(10), .enter)
        XCTAssertEqual(Key.fromCharacterCode(27), .escape)
        XCTAssertEqual(Key.fromCharacterCode(127), .backspace)
        XCTAssertEqual(Key.fromCharacterCode(3), .ctrl("c"))
        XCTAssertEqual(Key.fromCharacterCode(12), .ctrl("l"))
        XCTAssertEqual(Key.fromCharacterCode(0x71), .char("q"))
        XCTAssertEqual(Key.fromCharacterCode(0x6F22), .char("漢"))
        XCTAssertEqual(Key.fromCharacterCode(0xD800), .unknown(0xD800))
        XCTAssertEqual(Key.fromCharacterCode(0x9B), .unknown(0x9B))
        XCTAssertTrue(Key.char("q").isQuit)
        XCTAssertTrue(Key.ctrl("c").isQuit)
    }
}
