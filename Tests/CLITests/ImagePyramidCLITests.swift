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

/// `lapgan sample --walk/--timeline`: animated GIFs of one sample, read back with giflib.
final class SampleAnimationCLITests: XCTestCase {
    func testWalkWritesAGIFWhoseFirstFrameIsTheSample() throws {
        let dir = NSTemporaryDirectory() + "lapgan-walk-cli-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = CLI.packageRoot.appendingPathComponent("assets/fashion.lpg").path
        let r = try CLI.run("lapgan", ["sample", model, "--walk", "1", "--frames", "6", "--seed", "3", "--scale", "3", "--out", dir + "/walk.gif"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let gif = try GIFFile.read(dir + "/walk.gif")
        XCTAssertEqual(gif.frames.count, 6)
        XCTAssertEqual(gif.delays, [Int](repeating: 8, count: 6))
        let m = try ModelFile.load(model).model
        let first = try XCTUnwrap(try m.finalImages(of: try m.sample(seeds: m.seedSets(count: 1, seed: 3), labels: [0])).first)
        XCTAssertEqual(gif.frames[0], ImageConversion.enlarged(first, factor: 3).converted(toChannels: 3))
        XCTAssertNotEqual(gif.frames[0], gif.frames[3])
        for (args, flag) in [(["--walk", "1", "--out", dir + "/w.png"], ".gif"), (["--out", dir + "/w.gif"], "--walk"),
                             (["--walk", "7", "--out", dir + "/w.gif"], "--walk 7"), (["--walk", "1", "--frames", "1", "--out", dir + "/w.gif"], "--frames"),
                             (["--timeline", "--out", dir + "/t.gif"], "no snapshots")] {
            let bad = try CLI.run("lapgan", ["sample", model] + args)
            XCTAssertNotEqual(bad.status, 0, "\(args)")
            XCTAssertTrue(bad.stderr.contains(flag), "\(args): \(bad.stderr)")
        }
        let help = try CLI.run("lapgan", ["sample", "--help"])
        XCTAssertTrue(help.stdout.contains("--walk 2 --frames 48 --out walk.gif") && help.stdout.contains("--timeline --out timeline.gif"), help.stdout)
    }
}
