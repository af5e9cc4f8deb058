import Foundation
import XCTest
@testable import LapGAN
import TestSupport

final class ImageFolderTests: XCTestCase {
    static let emojiDir = "/usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png"
    // 1F600: 8-bit palette with tRNS; 1F34E, 1F680: RGBA; 25AA: 1-bit palette; 1F32B: gray+alpha.
    static let emoji = ["1F600.png", "1F34E.png", "1F680.png", "25AA.png", "1F32B.png"]

    var dir = ""

    override func setUpWithError() throws { dir = try temporaryDirectory("folder-tests") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func testEmoji() throws {
        guard FileManager.default.fileExists(atPath: Self.emojiDir) else {
            throw XCTSkip("gemojione PNGs not found at \(Self.emojiDir) (apt-get install ruby-gemojione)")
        }
        for name in Self.emoji {
            try FileManager.default.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: Self.emojiDir + "/" + name)
        }
        var calls: [(Int, Int)] = []
        let images = try ImageFolder.load(directory: dir, size: 32, channels: 3) { calls.append(($0, $1)) }
        XCTAssertEqual(images.count, 5)
        XCTAssertEqual(calls.last?.0, 5)
        XCTAssertEqual(calls.last?.1, 5)
        for (i, img) in images.enumerated() {
            XCTAssertEqual(img.width, 32)
            XCTAssertEqual(img.height, 32)
            XCTAssertEqual(img.channels, 3)
            XCTAssertEqual(img.pixels.count, 32 * 32 * 3)
            let corners = [0, 31, 31 * 32, 32 * 32 - 1]
            for p in corners {
                XCTAssertEqual(Array(img.pixels[3 * p..<3 * p + 3]), [255, 255, 255], "corner \(p) of image \(i)")
            }
            XCTAssertFalse(img.pixels.allSatisfy { $0 == 255 }, "image \(i) is all white")
            XCTAssertLessThan(img.pixels.filter { $0 < 200 }.count, img.pixels.count, "image \(i)")
        }
        // Name order: 1F32B < 1F34E < 1F600 < 1F680 < 25AA; check against a direct read.
        let direct = try PNGFile.read(Self.emojiDir + "/1F34E.png").converted(toChannels: 3).resizedSquare(to: 32)
        XCTAssertEqual(images[1], direct)
        // Gray output from the same folder.
        let gray = try ImageFolder.load(directory: dir, size: 16, channels: 1)
        XCTAssertEqual(gray.map(\.channels), [1, 1, 1, 1, 1])
        XCTAssertEqual(gray[0].pixels.count, 256)
    }

    func testOrderConversionAndResize() throws {
        // Written out of order, mixed case, with a non-PNG file that must be ignored.
        let a = RasterImage(width: 4, height: 2, channels: 3, pixels: [UInt8](repeating: 200, count: 24))
        let b = RasterImage(width: 2, height: 2, channels: 1, pixels: [0, 100, 100, 0])
        try PNGFile.write(b, to: dir + "/b.PNG")
        try PNGFile.write(a, to: dir + "/a.png")
        try "notes".write(toFile: dir + "/readme.txt", atomically: false, encoding: .utf8)
        let images = try ImageFolder.load(directory: dir, size: 1, channels: 1)
        XCTAssertEqual(images, [
            RasterImage(width: 1, height: 1, channels: 1, pixels: [200]),
            RasterImage(width: 1, height: 1, channels: 1, pixels: [50]),
        ])
        let rgb = try ImageFolder.load(directory: dir, size: 2, channels: 3)
        XCTAssertEqual(rgb[1].pixels, [0, 0, 0, 100, 100, 100, 100, 100, 100, 0, 0, 0])
    }

    func testManyImagesKeepOrder() throws {
        for i in 0..<150 {
            let img = RasterImage(width: 3, height: 3, channels: 1, pixels: [UInt8](repeating: UInt8(i), count: 9))
            try PNGFile.write(img, to: dir + String(format: "/img%03d.png", i))
        }
        var last = 0
        let images = try ImageFolder.load(directory: dir, size: 2, channels: 1) { done, total in
            XCTAssertEqual(total, 150)
            XCTAssertGreaterThanOrEqual(done, last)
            last = done
        }
        XCTAssertEqual(last, 150)
        XCTAssertEqual(images.map { $0.pixels[0] }, (0..<150).map { UInt8($0) })
    }

    func testErrors() throws {
        let missing = dir + "/missing"
        XCTAssertThrowsError(try ImageFolder.load(directory: missing, size: 8, channels: 1)) { e in
            XCTAssertTrue("\(e)".contains(missing), "\(e)")
        }
        XCTAssertThrowsError(try ImageFolder.load(directory: dir, size: 8, channels: 1)) { e in
            XCTAssertEqual(e as? FileError, FileError(dir, "no PNG images found"))
        }
        try "x".write(toFile: dir + "/only.txt", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try ImageFolder.load(directory: dir, size: 8, channels: 1)) { e in
            XCTAssertEqual(e as? FileError, FileError(dir, "no PNG images found"))
        }

        try PNGFile.write(RasterImage(width: 1, height: 1, channels: 1, pixels: [1]), to: dir + "/a.png")
        try "not a png".write(toFile: dir + "/c-bad.png", atomically: false, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: dir + "/d-bad.png"))
        XCTAssertThrowsError(try ImageFolder.load(directory: dir, size: 8, channels: 1)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertEqual(fe.path, dir + "/c-bad.png")
            XCTAssertTrue(fe.problem.contains("not a PNG"), fe.problem)
            XCTAssertTrue(fe.problem.contains("2 of 3"), fe.problem)
        }
        XCTAssertThrowsError(try ImageFolder.load(directory: dir, size: 0, channels: 1))
        XCTAssertThrowsError(try ImageFolder.load(directory: dir, size: 8, channels: 2))
    }
}
