import XCTest
@testable import LapGAN

/// Any picture's pyramid: the sizes chosen from the image, exact reconstruction, band energy, grey and colour.
final class ImagePyramidTests: XCTestCase {
    func testSizesComeFromTheShorterSideAndHalveExactlyDownToFour() {
        XCTAssertEqual(ImagePyramid.sizes(width: 28, height: 28), [28, 14, 7])
        XCTAssertEqual(ImagePyramid.sizes(width: 64, height: 64), [64, 32, 16, 8, 4])
        XCTAssertEqual(ImagePyramid.sizes(width: 640, height: 480), [256, 128, 64, 32, 16, 8, 4])
        XCTAssertEqual(ImagePyramid.sizes(width: 200, height: 100), [96, 48, 24, 12, 6])
        XCTAssertEqual(ImagePyramid.sizes(width: 300, height: 5), [5])
        XCTAssertEqual(ImagePyramid.sizes(width: 9, height: 9), [8, 4])
        XCTAssertNil(ImagePyramid.sizes(width: 3, height: 100))
        for w in 4...300 {
            let s = try! XCTUnwrap(ImagePyramid.sizes(width: w, height: w + 7))
            XCTAssertLessThanOrEqual(s[0], min(w, 256))
            XCTAssertGreaterThanOrEqual(s.last ?? 0, 4)
            XCTAssertLessThan((s.last ?? 0) / 2, 4, "\(w): could halve once more")
            XCTAssertTrue(zip(s, s.dropFirst()).allSatisfy { $0 == 2 * $1 }, "\(w): \(s)")
        }
    }

    /// A test picture: a diagonal ramp with a checker texture, in `channels` channels.
    func picture(width: Int, height: Int, channels: Int) -> RasterImage {
        var px: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { px.append(UInt8(((x + y) * 2 + ((x / 3 + y / 3) % 2) * 60 + c * 50) % 256)) }
            }
        }
        return RasterImage(width: width, height: height, channels: channels, pixels: px)
    }

    func testBandsRebuildTheImageExactlyInGreyAndColour() throws {
        for (channels, w, h) in [(1, 28, 28), (3, 80, 64), (3, 300, 200)] {
            let raster = picture(width: w, height: h, channels: channels)
            let sizes = try XCTUnwrap(ImagePyramid.sizes(width: w, height: h))
            let p = try ImagePyramid(raster, sizes: sizes)
            XCTAssertEqual(p.image.shape, [1, channels, sizes[0], sizes[0]])
            XCTAssertLessThan(p.reconstructionError, 1e-3, "\(w)×\(h)×\(channels)")
            XCTAssertEqual(p.levels.count, sizes.count)
            for (k, level) in p.levels.enumerated() {
                XCTAssertEqual(level.image.width, sizes[k])
                XCTAssertEqual(level.image.channels, channels)
                XCTAssertEqual(level.bandpass == nil, k == sizes.count - 1)
                XCTAssertEqual(level.lowpass?.width ?? sizes[k], sizes[k])
            }
            // The checker texture puts energy in the bands.
            XCTAssertGreaterThan(p.energy[0], 1, "\(w)×\(h)×\(channels)")
        }
    }

    func testAFlatImageHasNoBandEnergyAndTheCoarsestLevelKeepsItsLevel() throws {
        let flat = RasterImage(width: 40, height: 30, channels: 1, pixels: [UInt8](repeating: 200, count: 1200))
        let p = try ImagePyramid(flat, sizes: [16, 8, 4])
        XCTAssertEqual(p.energy[0], 0, accuracy: 1e-3)
        XCTAssertEqual(p.energy[1], 0, accuracy: 1e-3)
        // I_K itself: 200 is (200 / 127.5 − 1) in display space, rms in 0–255 units ≈ 72.5.
        XCTAssertEqual(p.energy[2], 72.5, accuracy: 0.1)
        XCTAssertEqual(p.levels[2].image.pixels, [UInt8](repeating: 200, count: 16))
        XCTAssertThrowsError(try ImagePyramid(flat, sizes: [8, 16]))
        XCTAssertThrowsError(try ImagePyramid(RasterImage(width: 4, height: 4, channels: 1, pixels: [1, 2]), sizes: [4]))
    }
}
