import XCTest
@testable import TerminalUI

final class ImageZoomTests: XCTestCase {
    func testPixelsCellsHalvingAndFitting() {
        XCTAssertEqual(ImageZoom.times(3).pixels(28), 84)
        XCTAssertEqual(ImageZoom.over(2).pixels(28), 14)
        XCTAssertEqual(ImageZoom.over(3).pixels(28), 10)  // ⌈28/3⌉
        XCTAssertTrue(ImageZoom.over(2).cells(width: 28, height: 28) == (14, 7))
        XCTAssertTrue(ImageZoom.times(1).cells(width: 7, height: 7) == (7, 4))
        XCTAssertEqual(ImageZoom.times(4).halved, .times(2))
        XCTAssertEqual(ImageZoom.one.halved, .over(2))
        XCTAssertEqual(ImageZoom.over(2).halved, .over(4))
        XCTAssertNil(ImageZoom.times(3).halved)
        XCTAssertEqual(ImageZoom.fitting(28, in: 60), .times(2))
        XCTAssertEqual(ImageZoom.fitting(28, in: 20), .over(2))
        XCTAssertEqual(ImageZoom.fitting(28, in: 9), .over(4))
        XCTAssertNil(ImageZoom.fitting(28, in: 0))
        XCTAssertEqual(ImageZoom.times(-5), .one)
        XCTAssertEqual(ImageZoom.over(0), .one)
        XCTAssertEqual("\(ImageZoom.over(2)) \(ImageZoom.times(3))", "1/2 ×3")
    }

    func testDownscalingAveragesBlocks() throws {
        // 3×3: blocks of 2 → 2×2, the right and bottom blocks smaller.
        let img = try XCTUnwrap(PixelImage(width: 3, height: 3, pixels: [0, 100, 200, 40, 60, 250, 10, 20, 30].map { RGB(grey: $0) }))
        let small = img.downscaled(by: 2)
        XCTAssertEqual(small.width, 2)
        XCTAssertEqual(small.height, 2)
        XCTAssertEqual(small[0, 0], RGB(grey: 50))   // (0+100+40+60)/4
        XCTAssertEqual(small[1, 0], RGB(grey: 225))  // (200+250)/2
        XCTAssertEqual(small[0, 1], RGB(grey: 15))   // (10+20)/2
        XCTAssertEqual(small[1, 1], RGB(grey: 30))
        XCTAssertEqual(img.downscaled(by: 1), img)
        XCTAssertEqual(PixelImage(width: 0, height: 0).downscaled(by: 2).width, 0)
    }

    func testDrawingReducedCoversTheReducedCells() {
        let img = PixelImage(width: 28, height: 28, fill: .white)
        var grid = CellGrid(width: 40, height: 20)
        grid.drawImage(img, x: 1, y: 1, zoom: .over(2))
        XCTAssertEqual(grid.text.filter { $0 == "▀" }.count, 14 * 7)
        XCTAssertEqual(grid.cell(x: 14, y: 7).scalar, "▀")
        XCTAssertEqual(grid.cell(x: 15, y: 7).scalar, " ")
        var big = CellGrid(width: 40, height: 20)
        big.drawImage(img, x: 0, y: 0, zoom: .times(1))
        XCTAssertEqual(big.text.filter { $0 == "▀" }.count, 28 * 14)
    }
}
