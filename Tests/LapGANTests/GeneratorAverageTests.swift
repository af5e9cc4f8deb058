import XCTest
@testable import LapGAN
import TestSupport

final class GeneratorAverageTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("average") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// The average follows a ← d·a + (1 − d)·w with the warm-up decay min(decay, (1 + n)/(10 + n)).
    func testUpdateFollowsTheWarmedUpDecay() {
        let p = Parameter("w", Tensor(shape: [2], repeating: 1))
        let average = GeneratorAverage(decay: 0.5, parameters: [p])
        var expected: [Double] = [1, 1]
        for (n, w) in [3.0, -2.0, 10.0, 0.25].enumerated() {
            p.value[0] = Float(w)
            p.value[1] = Float(2 * w)
            let d = min(0.5, Double(1 + n) / Double(10 + n))
            expected = [d * expected[0] + (1 - d) * w, d * expected[1] + (1 - d) * 2 * w]
            average.update(from: [p])
        }
        XCTAssertEqual(average.updates, 4)
        XCTAssertEqual(Double(average.values[0][0]), expected[0], accuracy: 1e-5)
        XCTAssertEqual(Double(average.values[0][1]), expected[1], accuracy: 1e-5)
    }

    func testAveragedWeightsAreSwappedInAndRestored() {
        let p = Parameter("w", Tensor(shape: [3], repeating: 2))
        let average = GeneratorAverage(decay: 0.9, parameters: [p])
        average.values[0].fill(7)
        let seen = average.withAveragedWeights(of: [p]) { p.value[1] }
        XCTAssertEqual(seen, 7)
        XCTAssertEqual(p.value[1], 2, "the weights themselves come back after the body")
    }

    func settings(steps: Int) -> TrainingSettings {
        var s = TrainingSettings(levels: [0, 1], steps: steps)
        s.batchSize = 16
        s.logEvery = 2
        s.checkpointEvery = 3
        s.emaDecay = 0.9
        return s
    }

    func dataset() throws -> Dataset {
        let t = Tensor(zeros: [64, 1, 8, 8])
        let r = RNG(seed: 3)
        for i in 0..<t.count { t[i] = Float(r.index(256)) }
        return try Dataset(name: "noise", images: t, labels: nil)
    }

    /// The model file samples with the average, the checkpoint keeps the weights, and a resumed run ends with
    /// the same weights and average as a straight one.
    func testModelFileHoldsTheAverageAndResumeIsBitForBit() throws {
        let data = try dataset()
        let straight = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 6))
        _ = try straight.run(checkpointPath: dir + "/s.ckpt", modelPath: dir + "/s.lpg", log: nil)

        let written = try ModelFile.load(dir + "/s.lpg").model
        let checkpoint = try ModelFile.load(dir + "/s.ckpt").model
        for t in straight.levels {
            guard let average = t.average else { return XCTFail("level \(t.level) keeps no average") }
            XCTAssertEqual(average.updates, 6)
            for (i, p) in written.generators[t.level].parameters.enumerated() {
                XCTAssertTrue(p.value.bitwiseEqual(average.values[i]), "model file: level \(t.level) \(p.name) is not the average")
                XCTAssertTrue(checkpoint.generators[t.level].parameters[i].value.bitwiseEqual(t.G.parameters[i].value),
                              "checkpoint: level \(t.level) \(p.name) is not the weights")
            }
            XCTAssertFalse(zip(average.values, t.G.parameters).allSatisfy { $0.0.bitwiseEqual($0.1.value) },
                           "after 6 steps the average should differ from the last weights")
        }

        let first = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 3))
        _ = try first.run(checkpointPath: dir + "/c.ckpt", modelPath: nil, log: nil)
        let resumed = try Trainer.resume(checkpoint: dir + "/c.ckpt", dataset: data, steps: 6)
        _ = try resumed.run(checkpointPath: nil, modelPath: nil, log: nil)
        for (a, b) in zip(straight.levels, resumed.levels) {
            XCTAssertEqual(a.average?.updates, b.average?.updates)
            for (x, y) in zip(a.average?.values ?? [], b.average?.values ?? []) {
                XCTAssertTrue(x.bitwiseEqual(y), "level \(a.level): the average differs after resume")
            }
        }
    }

    /// Snapshots sample like the model file: with the average.
    func testSnapshotsHoldTheAverage() throws {
        var s = settings(steps: 6)
        s.snapshotEvery = 6
        let trainer = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: try dataset(), settings: s)
        _ = try trainer.run(checkpointPath: nil, modelPath: nil, log: nil, snapshotFolder: SnapshotFolder(model: dir + "/m.lpg"))
        let snapshot = try ModelFile.load(dir + "/m.lpg.snapshots/" + SnapshotFolder.fileName(step: 6)).model
        for t in trainer.levels {
            for (p, a) in zip(snapshot.generators[t.level].parameters, t.average?.values ?? []) {
                XCTAssertTrue(p.value.bitwiseEqual(a), "level \(t.level) \(p.name): the snapshot is not the average")
            }
        }
    }

    /// A run without an average gets one on resume, starting at the checkpoint's weights.
    func testResumeCanStartAnAverage() throws {
        let data = try dataset()
        var plain = settings(steps: 3)
        plain.emaDecay = nil
        let first = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: plain)
        _ = try first.run(checkpointPath: dir + "/p.ckpt", modelPath: nil, log: nil)
        let resumed = try Trainer.resume(Trainer.Checkpoint.read(dir + "/p.ckpt"), dataset: data, steps: 3, emaDecay: 0.99)
        XCTAssertEqual(resumed.settings.emaDecay, 0.99)
        for t in resumed.levels {
            guard let average = t.average else { return XCTFail("no average after resume with a decay") }
            XCTAssertEqual(average.updates, 0)
            for (a, p) in zip(average.values, t.G.parameters) { XCTAssertTrue(a.bitwiseEqual(p.value)) }
        }
    }

    /// Fine-tuning one level of a finished run with the reconstruction term: only that level trains, with the new λ;
    /// a level the run did not train is refused, naming the checkpoint.
    func testResumeCanFineTuneOneLevelWithTheReconstructionTerm() throws {
        let data = try dataset()
        let first = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 3))
        _ = try first.run(checkpointPath: dir + "/f.ckpt", modelPath: nil, log: nil)
        let checkpoint = try Trainer.Checkpoint.read(dir + "/f.ckpt")
        XCTAssertEqual(checkpoint.settings.reconstructionWeight, 0)
        let tuned = try Trainer.resume(checkpoint, dataset: data, steps: 5, reconstruction: 3, levels: [0])
        XCTAssertEqual(tuned.settings.reconstructionWeight, 3)
        XCTAssertEqual(tuned.levels.map(\.level), [0])
        let before = tuned.model.namedTensors.map { ($0.name, $0.tensor.copy()) }
        _ = try tuned.run(checkpointPath: dir + "/t.ckpt", modelPath: nil, log: nil)
        let after = Dictionary(uniqueKeysWithValues: tuned.model.namedTensors.map { ($0.name, $0.tensor) })
        var changed = Set<String>()
        for (name, old) in before where !(after[name]?.bitwiseEqual(old) ?? false) { changed.insert(String(name.split(separator: ".")[1])) }
        XCTAssertEqual(changed, ["0"], "only level 0 trains")
        XCTAssertEqual(try Trainer.Checkpoint.read(dir + "/t.ckpt").settings.reconstructionWeight, 3)
        XCTAssertThrowsError(try Trainer.resume(checkpoint, dataset: data, steps: 5, levels: [0, 4])) {
            XCTAssertTrue("\($0)".contains("f.ckpt") && "\($0)".contains("not 4"), "\($0)")
        }
    }
}
