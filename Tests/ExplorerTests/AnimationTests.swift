import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// `e`: what the screen animates written as a GIF beside `s`'s PNGs — read back with giflib (DGifSlurp through the
/// CGIF shim): the frame count, the size, and a first frame equal to the PNG `s` writes of the same view.
final class AnimationTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "lapgan-anim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func file(_ suffix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(suffix) }
        XCTAssertEqual(names.count, 1, "\(suffix): \(names)")
        return dir + "/" + (names.first ?? "")
    }

    func testRerollsAndTheWalkStartFromTheImageSSaves() throws {
        // A small untrained model: the frames are what matters, not the pictures.
        let model = try tinyThreeLevelModel(seed: 3)
        let side = model.description.sizes[0] * ExplorerApp.saveFactor(model.description.sizes[0])
        let state = try ExplorerState(model: model, name: "tiny", seed: 1, sensitivityRerolls: 1)
        let app = ExplorerApp(state: state, logPath: nil, colorMode: .none, saveDirectory: dir)
        app.resize(width: 80, height: 24)
        app.handle(.char("k"))  // level 1
        app.handle(.char("s"))
        app.handle(.char("e"))
        XCTAssertTrue(state.message?.contains("-rerolls1.gif: 12 frames of \(side)×\(side)") == true, state.message ?? "")
        let png = try PNGFile.read(try file("-image.png"))
        var gif = try GIFFile.read(try file("-rerolls1.gif"))
        XCTAssertEqual(gif.frames.count, ExplorerApp.rerollFrames)
        XCTAssertEqual(gif.frames.first, png.converted(toChannels: 3), "the first frame is the PNG of the same view")
        XCTAssertTrue(gif.frames.allSatisfy { $0.width == png.width && $0.height == png.height })
        XCTAssertEqual(Set(gif.frames.map(\.pixels)).count, gif.frames.count, "each re-roll differs")
        XCTAssertEqual(state.seeds, try XCTUnwrap(state.sample.seeds.first), "e changes nothing on screen")
        // After a walk at that level: its frames, from the picture where it stopped.
        app.handle(.char("w"))
        try state.stepWalk(seconds: 0.4)
        app.handle(.char("x"))  // stops it
        XCTAssertFalse(state.isWalking)
        try FileManager.default.removeItem(atPath: try file("-image.png"))
        app.handle(.char("s"))
        app.handle(.char("e"))
        gif = try GIFFile.read(try file("-walk1.gif"))
        XCTAssertEqual(gif.frames.count, ExplorerApp.walkFrames)
        XCTAssertEqual(gif.frames.first, try PNGFile.read(try file("-image.png")).converted(toChannels: 3))
        // Neighbouring frames of a walk differ less than re-rolls do: it moves smoothly.
        func distance(_ a: RasterImage, _ b: RasterImage) -> Double {
            zip(a.pixels, b.pixels).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(a.pixels.count)
        }
        XCTAssertLessThan(distance(gif.frames[1], gif.frames[2]), distance(gif.frames[0], gif.frames[24]))
        // Elsewhere e says what it animates.
        app.show(.help)
        app.handle(.char("e"))
        XCTAssertTrue(state.message?.hasPrefix("e animates") == true)
    }
}
