import XCTest
@testable import TerminalUI

final class HalfBlockTests: XCTestCase {
    func pixel(_ x: Int, _ y: Int) -> RGB { RGB(UInt8(10 + x * 60), UInt8(20 + y * 30), 7) }

    func image(_ w: Int, _ h: Int) -> PixelImage {
        var img = PixelImage(width: w, height: h)
        for y in 0..<h { for x in 0..<w { img[x, y] = pixel(x, y) } }
        return img
    }

    func testScaleOne() {
        var g = CellGrid(width: 5, height: 4)
        g.drawImage(image(2, 4), x: 1, y: 1)
        for cy in 0..<2 {
            for cx in 0..<2 {
                let c = g[1 + cx, 1 + cy]
                XCTAssertEqual(c.scalar, "\u{2580}")
                XCTAssertEqual(c.fg, .rgb(pixel(cx, 2 * cy)))
                XCTAssertEqual(c.bg, .rgb(pixel(cx, 2 * cy + 1)))
            }
        }
        XCTAssertEqual(g[0, 1], .blank)
        XCTAssertEqual(g[3, 1], .blank)
        XCTAssertEqual(g[1, 3], .blank)
    }

    func testScaleTwo() {
        var g = CellGrid(width: 4, height: 4)
        g.drawImage(image(2, 4), x: 0, y: 0, scale: 2)
        for cy in 0..<4 {
            for cx in 0..<4 {
                let c = g[cx, cy]
                XCTAssertEqual(c.fg, .rgb(pixel(cx / 2, cy)), "\(cx),\(cy)")
                XCTAssertEqual(c.bg, .rgb(pixel(cx / 2, cy)), "\(cx),\(cy)")
            }
        }
    }

    func testOddHeight() {
        var g = CellGrid(width: 2, height: 3)
        g.drawImage(image(2, 3), x: 0, y: 0)
        XCTAssertEqual(g[0, 1].fg, .rgb(pixel(0, 2)))
        XCTAssertEqual(g[0, 1].bg, .default)
        XCTAssertEqual(g[0, 2], .blank)
        // At scale 3: 9 pixel rows → 5 cell rows, the last with a default background.
        var h = CellGrid(width: 6, height: 6)
        h.drawImage(image(2, 3), x: 0, y: 0, scale: 3)
        XCTAssertEqual(h[0, 1].fg, .rgb(pixel(0, 0)))  // pixel rows 2 (img 0) and 3 (img 1)
        XCTAssertEqual(h[0, 1].bg, .rgb(pixel(0, 1)))
        XCTAssertEqual(h[5, 4].fg, .rgb(pixel(1, 2)))
        XCTAssertEqual(h[5, 4].bg, .default)
        XCTAssertEqual(h[0, 5], .blank)
    }

    func testClipping() {
        var g = CellGrid(width: 3, height: 2)
        g.drawImage(image(4, 8), x: -1, y: -1)
        // Cell (0,0) shows image column 1, pixel rows 2 and 3.
        XCTAssertEqual(g[0, 0].fg, .rgb(pixel(1, 2)))
        XCTAssertEqual(g[0, 0].bg, .rgb(pixel(1, 3)))
        XCTAssertEqual(g[2, 1].fg, .rgb(pixel(3, 4)))
        g.drawImage(image(4, 8), x: 100, y: 100, scale: 50)
        g.drawImage(image(0, 0), x: 0, y: 0)
        g.drawImage(image(4, 8), x: Int.min / 4, y: 0, scale: 0)
        var clipped = CellGrid(width: 6, height: 6)
        clipped.withClip(Rect(x: 1, y: 1, width: 2, height: 2)) { g in g.drawImage(image(4, 8), x: 0, y: 0, scale: 2) }
        XCTAssertEqual(clipped[0, 0], .blank)
        XCTAssertEqual(clipped[3, 3], .blank)
        XCTAssertEqual(clipped[1, 1].scalar, "\u{2580}")
    }

    func testAsciiMode() {
        var img = PixelImage(width: 2, height: 2, fill: .white)
        img[1, 0] = .black
        img[1, 1] = .black
        var g = CellGrid(width: 2, height: 1)
        g.drawImage(img, x: 0, y: 0, mode: .none)
        XCTAssertEqual(g[0, 0].scalar, "@")
        XCTAssertEqual(g[1, 0].scalar, " ")
        XCTAssertEqual(g[0, 0].fg, .default)
    }

    func testFitScale() {
        XCTAssertEqual(HalfBlock.fitScale(imageWidth: 8, imageHeight: 8, cellsWide: 80, cellsHigh: 24), 6)
        XCTAssertEqual(HalfBlock.fitScale(imageWidth: 8, imageHeight: 8, cellsWide: 20, cellsHigh: 24), 2)
        XCTAssertEqual(HalfBlock.fitScale(imageWidth: 32, imageHeight: 32, cellsWide: 32, cellsHigh: 16), 1)
        XCTAssertEqual(HalfBlock.fitScale(imageWidth: 64, imageHeight: 64, cellsWide: 10, cellsHigh: 5), 1)
        XCTAssertEqual(HalfBlock.fitScale(imageWidth: 0, imageHeight: 8, cellsWide: 10, cellsHigh: 5), 1)
        XCTAssertEqual(HalfBlock.fitScale(imageWidth: 3, imageHeight: 3, cellsWide: 9, cellsHigh: 4), 2)  // 6 rows → 3 cells
        let s = HalfBlock.cellSize(imageWidth: 3, imageHeight: 3, scale: 3)
        XCTAssertEqual(s.width, 9)
        XCTAssertEqual(s.height, 5)
        for w in 1...12 {
            for h in 1...12 {
                let k = HalfBlock.fitScale(imageWidth: w, imageHeight: h, cellsWide: 40, cellsHigh: 20)
                let a = HalfBlock.cellSize(imageWidth: w, imageHeight: h, scale: k)
                XCTAssertTrue(a.width <= 40 && a.height <= 20)
                let b = HalfBlock.cellSize(imageWidth: w, imageHeight: h, scale: k + 1)
                XCTAssertTrue(b.width > 40 || b.height > 20)
            }
        }
    }

    func testPixelImageConstructors() {
        XCTAssertNil(PixelImage(width: 2, height: 2, pixels: [.black]))
        XCTAssertNil(PixelImage(width: 2, height: 2, rgbBytes: [1, 2, 3]))
        XCTAssertNil(PixelImage(width: 1, height: 1, channels: 2, planar: [0, 0]))
        let g = PixelImage(width: 2, height: 1, channels: 1, planar: [-1, 1])
        XCTAssertEqual(g?.pixels, [RGB(grey: 0), RGB(grey: 255)])
        let c = PixelImage(width: 1, height: 1, channels: 3, planar: [1, -1, .nan])
        XCTAssertEqual(c?.pixels, [RGB(255, 0, 0)])
        let s = PixelImage.signed(width: 3, height: 1, channels: 1, planar: [-0.5, 0, 0.25])
        XCTAssertEqual(s?.pixels.map(\.r), [0, 128, 191])
        let z = PixelImage.signed(width: 1, height: 1, channels: 1, planar: [0])
        XCTAssertEqual(z?.pixels.first?.r, 128)
    }
}
