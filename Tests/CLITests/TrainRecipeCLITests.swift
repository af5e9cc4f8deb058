import Foundation
import LapGAN
import XCTest

/// `lapgan train --recipe`: the defaults are the measured best recipe, `paper` the paper's settings, every flag
/// overrides its part, and the model file records what was used.
final class TrainRecipeCLITests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("recipe") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func train(_ extra: [String], _ name: String) throws -> (LapGAN, TrainingSettings, String) {
        let out = "\(dir)/\(name).lpg"
        let r = try CLI.run("lapgan", ["train", "--limit", "64", "--levels", "1", "--steps", "1", "--batch", "8", "--width", "4",
                                       "--threads", "1", "--out", out] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        let info = try CLI.run("lapgan", ["info", out])
        return (try ModelFile.load(out).model, try Trainer.Checkpoint.read(out + ".ckpt").settings, info.stdout)
    }

    func testTheDefaultIsTheBestRecipeAndPaperIsThePapersSettings() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let (best, bestSettings, bestInfo) = try train([], "best")
        XCTAssertEqual(best.description.levels[1].noise.mode, .coarse)
        XCTAssertEqual(best.description.classes, 10, "the best recipe uses the data set's labels")
        XCTAssertEqual(bestSettings.emaDecay, 0.999)
        XCTAssertEqual(bestSettings.reconstructionWeight, 5)
        XCTAssertEqual(bestSettings.optimizer.kind, .adam)
        XCTAssertTrue(bestInfo.contains("recipe        best: coarse noise, class-conditional"), bestInfo)

        let (paper, paperSettings, paperInfo) = try train(["--recipe", "paper"], "paper")
        XCTAssertEqual(paper.description.levels[1].noise.mode, .plane)
        XCTAssertEqual(paper.description.classes, 0)
        XCTAssertEqual(paper.description.normalization.kind, .perPixel)
        XCTAssertNil(paperSettings.emaDecay)
        XCTAssertEqual(paperSettings.reconstructionWeight, 0)
        XCTAssertEqual(paperSettings.optimizer.kind, .sgd)
        XCTAssertTrue(paperInfo.contains("recipe        paper: plane noise, unconditional, sgd"), paperInfo)

        // A flag given wins over its part of the recipe.
        let (mixed, mixedSettings, _) = try train(["--no-conditional", "--ema", "0", "--reconstruction", "0", "--noise", "vector",
                                                   "--augment", "translation,cutout"], "mixed")
        XCTAssertEqual(mixed.description.classes, 0)
        XCTAssertEqual(mixed.description.levels[1].noise.mode, .vector)
        XCTAssertNil(mixedSettings.emaDecay)
        XCTAssertEqual(mixedSettings.reconstructionWeight, 0)
        XCTAssertEqual(mixedSettings.augment, DiffAugment([.translation, .cutout]))

        // What the checkpoint's run fixed cannot change on resume: refused, not ignored.
        for flag in [["--noise", "plane"], ["--recipe", "paper"], ["--no-conditional"], ["--augment", "cutout"]] {
            let r = try CLI.run("lapgan", ["train", "--resume", "\(dir)/best.lpg.ckpt", "--steps", "2"] + flag)
            XCTAssertEqual(r.status, 64, "\(flag): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("cannot change with --resume"), r.stderr)
        }
    }
}
