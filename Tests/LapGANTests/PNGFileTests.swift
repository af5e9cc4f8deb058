import Foundation
import XCTest
@testable import LapGAN
import TestSupport

final class PNGFileTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    var dir = ""

    override func setUpWithError() throws { dir = try temporaryDirectory("io-tests") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func fixture(_ name: String) throws -> RasterImage {
        try PNGFile.read(Self.fixtures + "/" + name)
    }

    private func assertImage(_ name: String, _ w: Int, _ h: Int, _ c: Int, _ pixels: [UInt8],
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let img = try fixture(name)
        XCTAssertEqual(img.width, w, "\(name) width", file: file, line: line)
        XCTAssertEqual(img.height, h, "\(name) height", file: file, line: line)
        XCTAssertEqual(img.channels, c, "\(name) channels", file: file, line: line)
        XCTAssertEqual(img.pixels, pixels, "\(name) pixels", file: file, line: line)
    }

    // MARK: round trips

    func testRoundTripGray() throws {
        var pixels = [UInt8](repeating: 0, count: 37 * 19)
        for i in pixels.indices { pixels[i] = UInt8((i * 7919) % 256) }
        let img = RasterImage(width: 37, height: 19, channels: 1, pixels: pixels)
        let path = dir + "/gray.png"
        try PNGFile.write(img, to: path)
        XCTAssertEqual(try PNGFile.read(path), img)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
    }

    func testRoundTripRGB() throws {
        var pixels = [UInt8](repeating: 0, count: 23 * 31 * 3)
        for i in pixels.indices { pixels[i] = UInt8((i * 104729 + i / 3) % 256) }
        let img = RasterImage(width: 23, height: 31, channels: 3, pixels: pixels)
        let path = dir + "/rgb.png"
        try PNGFile.write(img, to: path)
        XCTAssertEqual(try PNGFile.read(path), img)
        // Overwriting replaces the file.
        let black = RasterImage(width: 2, height: 1, channels: 3, pixels: [0, 0, 0, 1, 2, 3])
        try PNGFile.write(black, to: path)
        XCTAssertEqual(try PNGFile.read(path), black)
    }

    func testWriteRejectsInvalidImagesAndBadDirectories() throws {
        let bad = RasterImage(width: 2, height: 2, channels: 3, pixels: [1, 2, 3])
        XCTAssertThrowsError(try PNGFile.write(bad, to: dir + "/bad.png")) { e in
            XCTAssertTrue("\(e)".contains(dir + "/bad.png"), "\(e)")
        }
        let twoChannels = RasterImage(width: 1, height: 1, channels: 2, pixels: [1, 2])
        XCTAssertThrowsError(try PNGFile.write(twoChannels, to: dir + "/c2.png"))
        let empty = RasterImage(width: 0, height: 1, channels: 1, pixels: [])
        XCTAssertThrowsError(try PNGFile.write(empty, to: dir + "/e.png"))

        let ok = RasterImage(width: 1, height: 1, channels: 1, pixels: [7])
        let missing = dir + "/no/such/dir/x.png"
        XCTAssertThrowsError(try PNGFile.write(ok, to: missing)) { e in
            XCTAssertTrue(e is FileError)
            XCTAssertTrue("\(e)".contains(missing), "\(e)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "no files left behind")
    }

    // MARK: every colour type

    func testGray8() throws {
        try assertImage("gray8.png", 3, 2, 1, [0, 128, 255, 10, 20, 30])
    }

    func testGray16() throws {
        try assertImage("gray16.png", 2, 2, 1, [0, 255, 128, 18])
    }

    func testGray4() throws {
        try assertImage("gray4.png", 4, 2, 1, [0, 85, 170, 255, 17, 34, 51, 68])
    }

    func testGray1() throws {
        let row0: [UInt8] = [255, 0, 255, 255, 0, 0, 0, 255, 0, 255]
        let row1: [UInt8] = row0.map { 255 - $0 }
        try assertImage("gray1.png", 10, 2, 1, row0 + row1)
    }

    func testGrayAlphaCompositedOnWhite() throws {
        // (0,a255)->0, (0,a0)->255, (100,a128)->177, (200,a1)->255
        try assertImage("graya.png", 2, 2, 1, [0, 255, 177, 255])
    }

    func testGrayWithTRNS() throws {
        try assertImage("gray_trns.png", 3, 1, 1, [255, 51, 200])
    }

    func testRGB8() throws {
        try assertImage("rgb8.png", 2, 2, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 12, 34, 56])
    }

    func testRGB16() throws {
        try assertImage("rgb16.png", 2, 1, 3, [255, 128, 0, 16, 32, 48])
    }

    func testRGBACompositedOnWhite() throws {
        try assertImage("rgba.png", 2, 2, 3, [
            255, 0, 0, // opaque red
            255, 255, 255, // fully transparent blue
            127, 191, 255, // (0,128,255) at alpha 128
            63, 71, 79, // (10,20,30) at alpha 200
        ])
    }

    func testPalette() throws {
        try assertImage("palette.png", 2, 2, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 0])
    }

    func testPaletteWithTRNS() throws {
        try assertImage("palette_trns.png", 3, 1, 3, [255, 0, 0, 255, 255, 255, 127, 127, 255])
    }

    func testInterlaced() throws {
        var expected: [UInt8] = []
        for y in 0..<9 { for x in 0..<9 { expected += [UInt8(20 * x), UInt8(20 * y), UInt8(x + y)] } }
        try assertImage("interlaced.png", 9, 9, 3, expected)
    }

    // MARK: failures

    func testMissingFile() {
        let path = dir + "/missing.png"
        XCTAssertThrowsError(try PNGFile.read(path)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertEqual(fe.path, path)
            XCTAssertTrue(fe.description.contains(path))
            XCTAssertTrue(fe.problem.contains("no such file"), fe.problem)
        }
    }

    func testNotAPNG() throws {
        let path = dir + "/text.png"
        try "hello, this is not an image\n".write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try PNGFile.read(path)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertTrue(fe.description.contains(path))
            XCTAssertTrue(fe.problem.contains("not a PNG"), fe.problem)
        }
        let empty = dir + "/empty.png"
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        XCTAssertThrowsError(try PNGFile.read(empty)) { e in
            XCTAssertTrue("\(e)".contains(empty), "\(e)")
        }
        XCTAssertThrowsError(try PNGFile.read(dir)) { e in
            XCTAssertTrue("\(e)".contains(dir), "\(e)")
        }
    }

    func testTruncatedAndCorruptPNG() throws {
        var pixels = [UInt8](repeating: 0, count: 64 * 64 * 3)
        var state: UInt32 = 12345
        for i in pixels.indices {
            state = state &* 1664525 &+ 1013904223
            pixels[i] = UInt8(state >> 24)
        }
        let path = dir + "/noise.png"
        try PNGFile.write(RasterImage(width: 64, height: 64, channels: 3, pixels: pixels), to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))

        for cut in [data.count / 2, 20, data.count - 6] {
            let t = dir + "/truncated-\(cut).png"
            try data.prefix(cut).write(to: URL(fileURLWithPath: t))
            XCTAssertThrowsError(try PNGFile.read(t), "cut at \(cut)") { e in
                guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
                XCTAssertTrue(fe.description.contains(t))
                XCTAssertTrue(fe.problem.contains("truncated or corrupt"), fe.problem)
            }
        }

        var corrupt = data
        corrupt[data.count / 2] ^= 0x5A // inside IDAT: CRC mismatch
        let c = dir + "/corrupt.png"
        try corrupt.write(to: URL(fileURLWithPath: c))
        XCTAssertThrowsError(try PNGFile.read(c)) { e in
            XCTAssertTrue("\(e)".contains(c), "\(e)")
        }
    }

    func testAbsurdHeaderIsRefused() throws {
        // A valid signature, an IHDR claiming 100000 x 100000 pixels, an empty IDAT and IEND,
        // all with correct CRCs: refused from the header, before any allocation.
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            var crc: UInt32 = 0xFFFF_FFFF
            for b in body {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return be32(UInt32(data.count)) + body + be32(~crc)
        }
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(100_000) + be32(100_000) + [8, 0, 0, 0, 0])
            + chunk("IDAT", []) + chunk("IEND", [])
        let path = dir + "/huge.png"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PNGFile.read(path)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertEqual(fe.path, path)
            XCTAssertTrue(fe.problem.contains("too large"), fe.problem)
        }
    }

    // MARK: conversions

    func testConvertChannels() {
        let gray = RasterImage(width: 2, height: 1, channels: 1, pixels: [10, 200])
        XCTAssertEqual(gray.converted(toChannels: 3).pixels, [10, 10, 10, 200, 200, 200])
        let rgb = RasterImage(width: 3, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 10, 20, 30])
        // 0.299*255 = 76.245 -> 76; 0.587*255 = 149.685 -> 150; 2.99+11.74+3.42 = 18.15 -> 18
        XCTAssertEqual(rgb.converted(toChannels: 1).pixels, [76, 150, 18])
        XCTAssertEqual(rgb.converted(toChannels: 1).channels, 1)
        XCTAssertEqual(RasterImage(width: 1, height: 1, channels: 3, pixels: [255, 255, 255]).converted(toChannels: 1).pixels, [255])
    }

    func testResizeBlockMeans() {
        // 4x4 -> 2x2 equals the 2x2 block means (rounded half up).
        let p: [UInt8] = [
            0, 10, 100, 101,
            20, 31, 102, 103,
            255, 255, 7, 8,
            254, 255, 9, 10,
        ]
        let img = RasterImage(width: 4, height: 4, channels: 1, pixels: p)
        let r = img.resizedSquare(to: 2)
        // (0+10+20+31)/4 = 15.25 -> 15; (100+101+102+103)/4 = 101.5 -> 102;
        // (255+255+254+255)/4 = 254.75 -> 255; (7+8+9+10)/4 = 8.5 -> 9
        XCTAssertEqual(r, RasterImage(width: 2, height: 2, channels: 1, pixels: [15, 102, 255, 9]))
    }

    func testResizeCentreCropsNonSquare() {
        // 6x2 RGB: the centre 2x2 (columns 2,3) survives; 2 -> 2 is a plain crop.
        var p: [UInt8] = []
        for y in 0..<2 { for x in 0..<6 { p += [UInt8(x * 10), UInt8(y), 9] } }
        let img = RasterImage(width: 6, height: 2, channels: 3, pixels: p)
        let r = img.resizedSquare(to: 2)
        XCTAssertEqual(r.pixels, [20, 0, 9, 30, 0, 9, 20, 1, 9, 30, 1, 9])
        // Tall: 1x3 gray -> the middle pixel.
        let tall = RasterImage(width: 1, height: 3, channels: 1, pixels: [1, 2, 3])
        XCTAssertEqual(tall.resizedSquare(to: 1).pixels, [2])
        // Crop then shrink: 8x4 -> centre 4x4 -> 1x1 mean.
        var q = [UInt8](repeating: 200, count: 32)
        for y in 0..<4 { for x in 2..<6 { q[y * 8 + x] = UInt8(x * 4 + y) } }
        let mean = (0..<4).flatMap { y in (2..<6).map { x in x * 4 + y } }.reduce(0, +)
        XCTAssertEqual(RasterImage(width: 8, height: 4, channels: 1, pixels: q).resizedSquare(to: 1).pixels,
                       [UInt8((mean + 8) / 16)])
    }

    func testResizeNonFactorKeepsMean() {
        var p = [UInt8](repeating: 0, count: 64 * 64)
        var state: UInt32 = 99
        for i in p.indices {
            state = state &* 1103515245 &+ 12345
            p[i] = UInt8(truncatingIfNeeded: (state >> 16) & 255)
        }
        let img = RasterImage(width: 64, height: 64, channels: 1, pixels: p)
        let r = img.resizedSquare(to: 28)
        XCTAssertEqual(r.width, 28)
        XCTAssertEqual(r.pixels.count, 28 * 28)
        let meanIn = Double(p.reduce(0) { $0 + Int($1) }) / Double(p.count)
        let meanOut = Double(r.pixels.reduce(0) { $0 + Int($1) }) / Double(r.pixels.count)
        XCTAssertEqual(meanIn, meanOut, accuracy: 0.5)
        // A constant image stays constant, shrinking and enlarging.
        let flat = RasterImage(width: 64, height: 64, channels: 3, pixels: [UInt8](repeating: 77, count: 64 * 64 * 3))
        XCTAssertTrue(flat.resizedSquare(to: 28).pixels.allSatisfy { $0 == 77 })
        XCTAssertTrue(flat.resizedSquare(to: 100).pixels.allSatisfy { $0 == 77 })
        // Exact area weights: 3 -> 2, the middle input pixel is split in half.
        let three = RasterImage(width: 3, height: 3, channels: 1, pixels: [0, 90, 180, 0, 90, 180, 0, 90, 180])
        // left output covers 1 + 1/2 pixels: (0*1 + 90*0.5) / 1.5 = 30; right: (90*0.5 + 180) / 1.5 = 150
        XCTAssertEqual(three.resizedSquare(to: 2).pixels, [30, 150, 30, 150])
    }
}
