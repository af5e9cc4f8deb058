@testable import LapGAN
import TestSupport
import XCTest

final class DiffAugmentTests: XCTestCase {
    let all = DiffAugment([.color, .translation, .cutout])

    /// backward is the transpose of apply's linear part: ⟨apply(x + εeᵢ) − apply(x − εeᵢ), r⟩ / 2ε = backward(r)ᵢ,
    /// for grey and colour images and every transform alone and together.
    func testBackwardMatchesFiniteDifferences() throws {
        for channels in [1, 3] {
            for augment in [all, DiffAugment([.color]), DiffAugment([.translation]), DiffAugment([.cutout])] {
                let rng = RNG(seed: 5)
                let x = Tensor(zeros: [3, channels, 8, 8]), r = Tensor(zeros: [3, channels, 8, 8])
                rng.fillUniform(x, -1, 1)
                rng.fillUniform(r, -1, 1)
                let draws = augment.draws(count: 3, size: 8, rng: rng)
                let g = try augment.backward(r, draws)
                func loss() throws -> Double {
                    let y = try augment.apply(x, draws)
                    return (0..<y.count).reduce(0.0) { $0 + Double(y[$1]) * Double(r[$1]) }
                }
                var worst = 0.0
                for _ in 0..<60 {
                    let i = rng.index(x.count), old = x[i], e: Float = 1e-2
                    x[i] = old + e
                    let plus = try loss()
                    x[i] = old - e
                    let minus = try loss()
                    x[i] = old
                    let numeric = (plus - minus) / Double(2 * e)
                    worst = max(worst, abs(numeric - Double(g[i])) / max(1e-2, abs(numeric) + abs(Double(g[i]))))
                }
                XCTAssertLessThan(worst, 1e-2, "\(augment.policy), \(channels) channels")
            }
        }
    }

    func testEachTransformDoesWhatItSays() throws {
        let x = Tensor(zeros: [1, 1, 8, 8])
        for i in 0..<x.count { x[i] = Float(i % 7) / 7 - 0.4 }
        var d = DiffAugment.Draw()
        d.shiftX = 1
        let shifted = try DiffAugment([.translation]).apply(x, [d])
        XCTAssertEqual(shifted[0], 0)            // a zero column moved in at the left
        XCTAssertEqual(shifted[9], x[8])         // row 1, column 1 holds what was at column 0
        d = DiffAugment.Draw(cutX: 2, cutY: 4)
        let cut = try DiffAugment([.cutout]).apply(x, [d])
        XCTAssertEqual((4..<8).flatMap { r in (2..<6).map { cut[r * 8 + $0] } }, [Float](repeating: 0, count: 16))
        XCTAssertEqual(cut[0], x[0])
        d = DiffAugment.Draw(brightness: 0.25, saturation: 1, contrast: 1)
        let brighter = try DiffAugment([.color]).apply(x, [d])
        XCTAssertEqual(brighter[3], x[3] + 0.25, accuracy: 1e-6)
        // The draws stay in their ranges: shifts within 1/8 of the size, the cutout square inside the image.
        for draw in all.draws(count: 200, size: 16, rng: RNG(seed: 2)) {
            XCTAssertTrue(abs(draw.shiftX) <= 2 && abs(draw.shiftY) <= 2)
            XCTAssertTrue((0...8).contains(draw.cutX) && (0...8).contains(draw.cutY))
            XCTAssertTrue((-0.5...0.5).contains(draw.brightness) && (0...2).contains(draw.saturation) && (0.5...1.5).contains(draw.contrast))
        }
    }

    func testPoliciesParse() {
        XCTAssertEqual(DiffAugment(policy: "color,translation,cutout"), all)
        XCTAssertEqual(DiffAugment(policy: "colour, cutout")?.transforms, [.color, .cutout])
        XCTAssertNil(DiffAugment(policy: "color,color"))
        XCTAssertNil(DiffAugment(policy: "colr"))
        XCTAssertNil(DiffAugment(policy: ""))
    }

    /// Training with augmentation still resumes bit for bit (its draws come from the level's own stream).
    func testTrainingWithAugmentationResumesBitForBit() throws {
        let dir = try temporaryDirectory("augment")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let images = Tensor(zeros: [64, 1, 8, 8])
        RNG(seed: 3).fillUniform(images, 0, 255)
        let data = try Dataset(name: "noise", images: images)
        var s = TrainingSettings(levels: [0, 1], steps: 4)
        s.batchSize = 8
        s.augment = all
        let straight = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s)
        _ = try straight.run(checkpointPath: nil, modelPath: nil, log: nil)
        s.steps = 2
        let first = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s)
        _ = try first.run(checkpointPath: dir + "/a.ckpt", modelPath: nil, log: nil)
        let resumed = try Trainer.resume(checkpoint: dir + "/a.ckpt", dataset: data, steps: 4)
        XCTAssertEqual(resumed.settings.augment, all)
        _ = try resumed.run(checkpointPath: nil, modelPath: nil, log: nil)
        for (a, b) in zip(straight.model.namedTensors, resumed.model.namedTensors) {
            XCTAssertTrue(a.tensor.bitwiseEqual(b.tensor), a.name)
        }
    }
}
