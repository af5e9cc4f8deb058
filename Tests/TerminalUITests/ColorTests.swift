import XCTest
@testable import TerminalUI

final class ColorTests: XCTestCase {
    func testDetectionTable() {
        typealias Case = (env: [String: String], colors: Int, rgb: Bool, expected: ColorMode)
        let cases: [Case] = [
            (["NO_COLOR": "1", "COLORTERM": "truecolor"], 256, true, .none),
            (["NO_COLOR": ""], 256, false, .palette256),  // empty NO_COLOR is ignored
            (["COLORTERM": "truecolor"], 256, false, .truecolor),
            (["COLORTERM": "24bit"], 8, false, .truecolor),
            (["COLORTERM": "TrueColor"], 256, false, .truecolor),
            (["COLORTERM": "yes"], 256, false, .palette256),
            ([:], 256, true, .truecolor),  // terminfo RGB
            ([:], 1 << 24, false, .truecolor),
            ([:], 256, false, .palette256),
            ([:], 88, false, .grey),
            ([:], 16, false, .grey),
            ([:], 8, false, .grey),
            ([:], 2, false, .none),
            ([:], -1, false, .none),
        ]
        for c in cases {
            XCTAssertEqual(ColorMode.detect(environment: c.env, colors: c.colors, rgbFlag: c.rgb), c.expected, "\(c)")
        }
        XCTAssertEqual(ColorMode(argument: "256"), .palette256)
        XCTAssertEqual(ColorMode(argument: "truecolor"), .truecolor)
        XCTAssertEqual(ColorMode(argument: "grey"), .grey)
        XCTAssertEqual(ColorMode(argument: "gray"), .grey)
        XCTAssertEqual(ColorMode(argument: "none"), ColorMode.none)
        XCTAssertNil(ColorMode(argument: "purple"))
    }

    func testPaletteValues() {
        XCTAssertEqual(Xterm256.rgb(ofIndex: 16), RGB(0, 0, 0))
        XCTAssertEqual(Xterm256.rgb(ofIndex: 196), RGB(255, 0, 0))
        XCTAssertEqual(Xterm256.rgb(ofIndex: 231), RGB(255, 255, 255))
        XCTAssertEqual(Xterm256.rgb(ofIndex: 232), RGB(grey: 8))
        XCTAssertEqual(Xterm256.rgb(ofIndex: 255), RGB(grey: 238))
        XCTAssertEqual(Xterm256.rgb(ofIndex: 67), RGB(95, 135, 175))
    }

    func testNearestKnownColours() {
        XCTAssertEqual(Xterm256.nearestIndex(to: RGB(255, 0, 0)), 196)
        XCTAssertEqual(Xterm256.nearestIndex(to: RGB(0, 0, 0)), 16)
        XCTAssertEqual(Xterm256.nearestIndex(to: RGB(255, 255, 255)), 231)
        let mid = Xterm256.nearestIndex(to: RGB(128, 128, 128))
        XCTAssertTrue((232...255).contains(mid), "\(mid)")
        XCTAssertEqual(mid, 244)
        XCTAssertEqual(Xterm256.nearestGreyIndex(to: RGB(128, 128, 128)), 244)
        XCTAssertEqual(Xterm256.nearestGreyIndex(to: .black), 16)
        XCTAssertEqual(Xterm256.nearestGreyIndex(to: .white), 231)
    }

    func testNearestIsOptimalForRandomColours() {
        var s: UInt64 = 12345
        for _ in 0..<300 {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            let c = RGB(UInt8(truncatingIfNeeded: s >> 40), UInt8(truncatingIfNeeded: s >> 48), UInt8(truncatingIfNeeded: s >> 56))
            let i = Int(Xterm256.nearestIndex(to: c))
            XCTAssertTrue((16...255).contains(i))
            let d = Xterm256.distanceSquared(c, index: i)
            for j in 16...255 {
                XCTAssertLessThanOrEqual(d, Xterm256.distanceSquared(c, index: j) + 1e-3, "\(c) chose \(i) but \(j) is closer")
            }
            XCTAssertEqual(Xterm256.nearestIndex(to: c), UInt8(i))  // cached answer is the same
        }
    }

    func testQuantizeImage() {
        var img = PixelImage(width: 2, height: 1)
        img[0, 0] = RGB(255, 0, 0)
        XCTAssertEqual(Xterm256.quantize(img), [196, 16])
    }

    func testShading() {
        XCTAssertEqual(Shading.asciiShade(luma: 0), " ")
        XCTAssertEqual(Shading.asciiShade(luma: 255), "@")
        XCTAssertEqual(RGB.white.luma, 255)
        XCTAssertEqual(RGB.black.luma, 0)
        XCTAssertEqual(Shading.ansiGreyLevel(luma: 0), 0)
        XCTAssertEqual(Shading.ansiGreyLevel(luma: 255), 3)
    }
}
