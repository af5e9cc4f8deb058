import Foundation
import LapGAN
import XCTest

/// `lapgan-tui photo.png` and `--image`: bad input is refused before the terminal opens, naming the file or flag.
final class ImagePyramidCLITests: XCTestCase {
    func testUnreadableTinyOrMisusedImagesAreRefusedByName() throws {
        let dir = NSTemporaryDirectory() + "lapgan-image-cli-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try CLI.run("lapgan-tui", [dir + "/missing.png"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("missing.png"), missing.stderr)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: dir + "/text.png"))
        let text = try CLI.run("lapgan-tui", [dir + "/text.png"])
        XCTAssertNotEqual(text.status, 0)
        XCTAssertTrue(text.stderr.contains("text.png"), text.stderr)
        try PNGFile.write(RasterImage(width: 3, height: 9, channels: 1, pixels: [UInt8](repeating: 9, count: 27)), to: dir + "/tiny.png")
        let tiny = try CLI.run("lapgan-tui", [dir + "/tiny.png"])
        XCTAssertNotEqual(tiny.status, 0)
        XCTAssertTrue(tiny.stderr.contains("tiny.png") && tiny.stderr.contains("too small"), tiny.stderr)
        try PNGFile.write(RasterImage(width: 40, height: 40, channels: 3, pixels: [UInt8](repeating: 9, count: 4800)), to: dir + "/ok.png")
        for bad in ["64,64", "8,16", "0", "a,b", "2000,1000", ""] {
            let r = try CLI.run("lapgan-tui", [dir + "/ok.png", "--sizes", bad])
            XCTAssertNotEqual(r.status, 0, bad)
            XCTAssertTrue(r.stderr.contains("--sizes"), "\(bad): \(r.stderr)")
        }
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        let sizesWithModel = try CLI.run("lapgan-tui", [model, "--sizes", "8,4"])
        XCTAssertTrue(sizesWithModel.status != 0 && sizesWithModel.stderr.contains("--sizes"), sizesWithModel.stderr)
        let imageMissing = try CLI.run("lapgan-tui", [model, "--image", dir + "/gone.png"])
        XCTAssertTrue(imageMissing.status != 0 && imageMissing.stderr.contains("gone.png"), imageMissing.stderr)
        // Good input gets as far as wanting a terminal.
        let ok = try CLI.run("lapgan-tui", [dir + "/ok.png", "--sizes", "32,16,8"])
        XCTAssertNotEqual(ok.status, 0)
        XCTAssertTrue(ok.stderr.contains("needs a terminal"), ok.stderr)
        let help = try CLI.run("lapgan-tui", ["--help"])
        XCTAssertTrue(help.stdout.contains("lapgan-tui photo.png --sizes 64,32,16,8") && help.stdout.contains("--image shoe.png"), help.stdout)
        XCTAssertTrue(help.stdout.contains("--no-mouse"))
    }
}
