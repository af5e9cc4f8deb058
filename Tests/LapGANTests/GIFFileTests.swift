import Foundation
import XCTest
@testable import LapGAN

/// Animated GIFs through giflib: written frames read back (DGifSlurp through the CGIF shim) with their count, size
/// and delays; grey images exactly, colour images within a measured error.
final class GIFFileTests: XCTestCase {
    let dir = NSTemporaryDirectory() + "lapgan-gif-\(getpid())"
    override func setUpWithError() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testGreyFramesRoundTripExactlyWithEveryGreyLevel() throws {
        // 28×28 frames whose pixels cover all 256 greys between them.
        let frames = (0..<3).map { f in
            RasterImage(width: 28, height: 28, channels: 1, pixels: (0..<784).map { UInt8(($0 * 7 + f * 91) % 256) })
        }
        XCTAssertEqual(Set(frames.flatMap(\.pixels)).count, 256)
        let path = dir + "/grey.gif"
        let error = try GIFFile.write(frames, delay: 12, to: path)
        XCTAssertEqual(error, GIFPalette.Error(mean: 0, max: 0))
        let back = try GIFFile.read(path)
        XCTAssertEqual(back.frames.count, 3)
        XCTAssertEqual(back.delays, [12, 12, 12])
        XCTAssertEqual(back.frames, frames.map { $0.converted(toChannels: 3) })
    }

    /// A 64×64 colour picture from the emoji model's samples: more than 256 colours, so median cut; the error per
    /// value and of 4×4 block means (what the eye averages) stays small (measured: 2.2, max 15, blocks 1.2).
    func testColourFramesStayFaithful() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sheet = try PNGFile.read(root.appendingPathComponent("assets/emoji64-samples.png").path)
        XCTAssertEqual(sheet.channels, 3)
        var tile: [UInt8] = []
        for y in 0..<64 { tile += sheet.pixels[(y * sheet.width) * 3..<(y * sheet.width + 64) * 3] }
        let image = RasterImage(width: 64, height: 64, channels: 3, pixels: tile)
        var colours = Set<Int>()
        for i in stride(from: 0, to: tile.count, by: 3) {
            let r = Int(tile[i]) << 16, g = Int(tile[i + 1]) << 8
            colours.insert(r | g | Int(tile[i + 2]))
        }
        XCTAssertGreaterThan(colours.count, 256)
        let path = dir + "/colour.gif"
        let error = try GIFFile.write([image, image], to: path)
        let back = try GIFFile.read(path)
        XCTAssertEqual(back.frames.count, 2)
        XCTAssertEqual(back.frames[0].width, 64)
        let got = back.frames[0].pixels
        let mean = zip(got, tile).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(tile.count)
        XCTAssertEqual(mean, error.mean, accuracy: 1e-9, "the reported error is the real one")
        var blockError = 0.0
        for by in 0..<16 { for bx in 0..<16 { for c in 0..<3 {
            var a = 0.0, b = 0.0
            for y in 0..<4 { for x in 0..<4 { let o = ((by * 4 + y) * 64 + bx * 4 + x) * 3 + c; a += Double(got[o]); b += Double(tile[o]) } }
            blockError += abs(a - b) / 16
        } } }
        blockError /= 16 * 16 * 3
        print("colour GIF error: mean \(error.mean), max \(error.max), 4×4 block means \(blockError)")
        XCTAssertLessThan(error.mean, 3)
        XCTAssertLessThanOrEqual(error.max, 24)
        XCTAssertLessThan(blockError, 2)
    }

    func testBadFramesAndFilesAreRefusedByName() throws {
        let a = RasterImage(width: 4, height: 4, channels: 1, pixels: [UInt8](repeating: 1, count: 16))
        let b = RasterImage(width: 5, height: 4, channels: 1, pixels: [UInt8](repeating: 1, count: 20))
        XCTAssertThrowsError(try GIFFile.write([], to: dir + "/none.gif")) { XCTAssertTrue("\($0)".contains("none.gif")) }
        XCTAssertThrowsError(try GIFFile.write([a, b], to: dir + "/mixed.gif")) { XCTAssertTrue("\($0)".contains("differ in size")) }
        XCTAssertThrowsError(try GIFFile.write([a], to: dir + "/no/such/dir.gif"))
        try Data("GIF89a nonsense".utf8).write(to: URL(fileURLWithPath: dir + "/bad.gif"))
        XCTAssertThrowsError(try GIFFile.read(dir + "/bad.gif")) { XCTAssertTrue("\($0)".contains("bad.gif")) }
        XCTAssertThrowsError(try GIFFile.read(dir + "/missing.gif")) { XCTAssertTrue("\($0)".contains("missing.gif")) }
    }
}
