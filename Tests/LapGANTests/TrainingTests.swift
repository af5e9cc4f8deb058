import XCTest
@testable import LapGAN
import TestSupport

final class TrainingTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("training") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// 200 real Fashion-MNIST images at 8×8 when installed, else smooth synthetic blobs.
    func smallDataset() throws -> Dataset {
        if let real = try? DatasetLoader.fashionMNIST(split: .test).prefix(200) { return try real.resized(to: 8) }
        let t = Tensor(zeros: [200, 1, 8, 8])
        let r = RNG(seed: 1)
        for n in 0..<200 {
            let cx = r.uniform(2, 6), cy = r.uniform(2, 6)
            for y in 0..<8 { for x in 0..<8 {
                let d = (Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)
                t[n * 64 + y * 8 + x] = 255 * expf(-d / 4)
            } }
        }
        return try Dataset(name: "blobs", images: t, labels: (0..<200).map { $0 % 10 })
    }

    func settings(steps: Int) -> TrainingSettings {
        var s = TrainingSettings(levels: [0, 1], steps: steps)
        s.batchSize = 16
        s.logEvery = 2
        s.checkpointEvery = 3
        return s
    }

    func testTinyRunWritesALoadableModelAndAWellFormedLog() throws {
        let data = try smallDataset()
        let model = try LapGAN(tinyDescription(), seed: 1)
        let before = model.namedTensors.map { $0.tensor.copy() }
        let trainer = try Trainer(model: model, dataset: data, settings: settings(steps: 6))
        let log = try TrainingLogWriter(path: dir + "/log.csv")
        var events = 0
        let outcome = try trainer.run(checkpointPath: dir + "/m.lpg.ckpt", modelPath: dir + "/m.lpg", log: log, onEvent: { e in
            if case .step = e { events += 1 }
        })
        XCTAssertEqual(outcome, .finished)
        XCTAssertEqual(events, 12)
        let (loaded, _) = try ModelFile.load(dir + "/m.lpg")
        XCTAssertEqual(loaded.description.counters.map(\.steps), [6, 6])
        XCTAssertEqual(loaded.description.counters[0].images, 96)
        // Training changed the parameters.
        let changed = zip(before, loaded.namedTensors).filter { !$0.0.bitwiseEqual($0.1.tensor) }.count
        XCTAssertGreaterThan(changed, loaded.namedTensors.count / 2)
        let lines = try String(contentsOfFile: dir + "/log.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), TrainingLogColumn.header)
        XCTAssertEqual(lines.count, 1 + 2 * 3)
        for row in lines.dropFirst() {
            let f = row.split(separator: ",")
            XCTAssertEqual(f.count, TrainingLogColumn.written(multiProcess: false).count)
            XCTAssertTrue(f.allSatisfy { Double($0)?.isFinite ?? false }, String(row))
            let dReal = Double(f[TrainingLogColumn.dReal.index]) ?? -1
            XCTAssertTrue((0...1).contains(dReal))
        }
        _ = try loaded.sample(seeds: loaded.seedSets(count: 2, seed: 1))
    }

    func testResumeContinuesBitForBit() throws {
        let data = try smallDataset()
        // Straight through: 6 steps.
        let straight = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 6))
        _ = try straight.run(checkpointPath: nil, modelPath: nil, log: nil)
        // 3 steps, checkpoint, resume to 6.
        let first = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 3))
        _ = try first.run(checkpointPath: dir + "/c.ckpt", modelPath: nil, log: nil)
        let resumed = try Trainer.resume(checkpoint: dir + "/c.ckpt", dataset: data, steps: 6)
        XCTAssertEqual(resumed.levels.map(\.step), [3, 3])
        _ = try resumed.run(checkpointPath: nil, modelPath: nil, log: nil)
        for ((name, a), (_, b)) in zip(straight.model.namedTensors, resumed.model.namedTensors) {
            XCTAssertTrue(a.bitwiseEqual(b), "\(name) differs after resume")
        }
    }

    /// Levels trained at the same time touch nothing of each other: two levels trained together end exactly where
    /// each ends when trained alone (one worker per level, so the summation order is the same).
    func testLevelsTrainedTogetherMatchLevelsTrainedAlone() throws {
        let data = try smallDataset()
        let together = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 5))
        _ = try Parallel.withWorkers(1) { try together.run(checkpointPath: nil, modelPath: nil, log: nil) }
        for level in [0, 1] {
            var s = settings(steps: 5)
            s.levels = [level]
            let alone = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s)
            _ = try Parallel.withWorkers(1) { try alone.run(checkpointPath: nil, modelPath: nil, log: nil) }
            for (a, b) in zip(together.model.generators[level].parameters + together.model.discriminators[level].parameters,
                              alone.model.generators[level].parameters + alone.model.discriminators[level].parameters) {
                XCTAssertTrue(a.value.bitwiseEqual(b.value), "level \(level) \(a.name) differs when trained with the other level")
            }
        }
    }

    func testWorkerBudgetsFollowCost() {
        XCTAssertEqual(Trainer.workerBudgets(costs: [8, 1, 1], cores: 8), [6, 1, 1])
        XCTAssertEqual(Trainer.workerBudgets(costs: [100, 1], cores: 2), [2, 1])
        XCTAssertEqual(Trainer.workerBudgets(costs: [1], cores: 4), [4])
        XCTAssertEqual(Trainer.workerBudgets(costs: [0, 0], cores: 4), [2, 2])
    }

    /// --level-parallel's plan: levels to groups by cost (the costliest alone first), spare ranks to the group
    /// with the most cost per rank; groups own consecutive ranks.
    func testLevelPlanGivesTheFineLevelTheMostRanks() {
        let costs: [Int: Double] = [0: 8, 1: 2, 2: 1]
        let two = Distribution.levelPlan(levels: [0, 1, 2], costs: costs, ranks: 2)
        XCTAssertEqual(two.map(\.levels), [[0], [1, 2]])
        XCTAssertEqual(two.map(\.ranks), [1, 1])
        let five = Distribution.levelPlan(levels: [0, 1, 2], costs: costs, ranks: 5)
        XCTAssertEqual(five.map(\.levels), [[0], [1], [2]])
        XCTAssertEqual(five.map(\.ranks), [3, 1, 1])
        let one = Distribution.levelPlan(levels: [2, 0], costs: costs, ranks: 1)
        XCTAssertEqual(one.map(\.levels), [[0, 2]])
        XCTAssertEqual(one.map(\.ranks), [1])
    }

    func testStopRequestSavesACheckpoint() throws {
        let data = try smallDataset()
        let trainer = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 100))
        // Levels train on threads of their own: ask to stop once any level has taken two steps.
        let stop = NSLock()
        var requested = false
        let outcome = try trainer.run(checkpointPath: dir + "/s.ckpt", modelPath: dir + "/s.lpg", log: nil,
                                      shouldStop: { stop.withLock { requested } },
                                      onEvent: { if case .step(_, let step, _) = $0, step >= 2 { stop.withLock { requested = true } } })
        XCTAssertEqual(outcome, .interrupted)
        let stoppedAt = trainer.levels.map(\.step)
        XCTAssertGreaterThanOrEqual(stoppedAt.max() ?? 0, 2)
        XCTAssertLessThan(stoppedAt.max() ?? 100, 100, "the stop request was not honoured")
        // The checkpoint holds the state at the stop, whatever step each level had reached.
        let resumed = try Trainer.resume(checkpoint: dir + "/s.ckpt", dataset: data)
        XCTAssertEqual(resumed.levels.map(\.step), stoppedAt)
    }

    func testDivergenceStopsTheLevelAndKeepsTheLastGoodState() throws {
        let data = try smallDataset()
        var s = settings(steps: 60)
        s.levels = [1]
        s.optimizer = .paperSGD
        s.optimizer.learningRate = 1e12
        s.checkpointEvery = 1000
        let model = try LapGAN(tinyDescription(), seed: 1)
        let initial = model.generators[1].parameters.map { $0.value.copy() }
        let trainer = try Trainer(model: model, dataset: data, settings: s)
        var messages: [String] = []
        let outcome = try trainer.run(checkpointPath: nil, modelPath: dir + "/d.lpg", log: nil, onEvent: { e in
            if case .diverged(_, let m) = e { messages.append(m) }
        })
        XCTAssertEqual(outcome, .diverged([1]))
        XCTAssertTrue(messages.first?.contains("level 1 diverged") ?? false)
        // The written model is finite and holds the last good (here: initial) parameters.
        let (loaded, _) = try ModelFile.load(dir + "/d.lpg")
        for (a, b) in zip(initial, loaded.generators[1].parameters.map(\.value)) { XCTAssertTrue(a.bitwiseEqual(b)) }
    }

    func testMismatchedDataAndLevelsAreClearErrors() throws {
        let data = try smallDataset()
        XCTAssertThrowsError(try Trainer(model: LapGAN(tinyDescription(channels: 3)), dataset: data, settings: settings(steps: 1))) {
            XCTAssertTrue("\($0)".contains("8×8×1"), "\($0)")
        }
        var s = settings(steps: 1)
        s.levels = [9]
        XCTAssertThrowsError(try Trainer(model: LapGAN(tinyDescription()), dataset: data, settings: s)) {
            XCTAssertTrue("\($0)".contains("level 9 does not exist"), "\($0)")
        }
    }

    func testMergeTakesEachLevelFromTheModelThatTrainedIt() throws {
        let data = try smallDataset()
        var s0 = settings(steps: 2); s0.levels = [0]
        var s1 = settings(steps: 3); s1.levels = [1]
        let a = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s0)
        let b = try Trainer(model: LapGAN(tinyDescription(), seed: 2), dataset: data, settings: s1)
        _ = try a.run(checkpointPath: nil, modelPath: dir + "/a.lpg", log: nil)
        _ = try b.run(checkpointPath: nil, modelPath: dir + "/b.lpg", log: nil)
        let models = try [dir + "/a.lpg", dir + "/b.lpg"].map { try ModelFile.load($0).model }
        let merged = try ModelMerge.merge(models, names: ["a", "b"])
        XCTAssertEqual(merged.description.counters.map(\.steps), [2, 3])
        XCTAssertTrue(merged.generators[0].parameters[0].value.bitwiseEqual(a.model.generators[0].parameters[0].value))
        XCTAssertTrue(merged.generators[1].parameters[0].value.bitwiseEqual(b.model.generators[1].parameters[0].value))
        let otherPyramid = try LapGAN(tinyDescription(channels: 3))
        XCTAssertThrowsError(try ModelMerge.merge([models[0], otherPyramid], names: ["a", "c"])) {
            XCTAssertTrue("\($0)".contains("c:") && "\($0)".contains("pyramid"), "\($0)")
        }
    }

    func testMergeTakesTheLevelShapeFromItsSource() throws {
        let data = try smallDataset()
        var s0 = settings(steps: 2); s0.levels = [0]
        let coarse = try Trainer(model: LapGAN(tinyDescription(noise: .vector), seed: 3), dataset: data, settings: s0)
        _ = try coarse.run(checkpointPath: nil, modelPath: dir + "/coarse.lpg", log: nil)
        var s1 = settings(steps: 1); s1.levels = [1]
        let plane = try Trainer(model: LapGAN(tinyDescription(), seed: 4), dataset: data, settings: s1)
        _ = try plane.run(checkpointPath: nil, modelPath: dir + "/plane.lpg", log: nil)
        let models = try [dir + "/plane.lpg", dir + "/coarse.lpg"].map { try ModelFile.load($0).model }
        let merged = try ModelMerge.merge(models, names: ["plane", "coarse"])
        XCTAssertEqual(merged.description.levels[0], coarse.model.description.levels[0])
        XCTAssertNotEqual(merged.description.levels[0], plane.model.description.levels[0])
        XCTAssertEqual(merged.description.counters.map(\.steps), [2, 1])
        XCTAssertTrue(merged.generators[0].parameters[0].value.bitwiseEqual(coarse.model.generators[0].parameters[0].value))
        XCTAssertTrue(merged.generators[1].parameters[0].value.bitwiseEqual(plane.model.generators[1].parameters[0].value))
        try ModelFile.save(merged, to: dir + "/merged.lpg")
        // Vector noise gives G₀ 1 + 4 input planes instead of 1 + 1: the merged level has the source's shapes.
        XCTAssertEqual(merged.generators[0].parameters[0].value.shape, coarse.model.generators[0].parameters[0].value.shape)
        XCTAssertNotEqual(merged.generators[0].parameters[0].value.shape, plane.model.generators[0].parameters[0].value.shape)
        XCTAssertEqual(try ModelFile.load(dir + "/merged.lpg").model.description.levels[0].noise.mode, .vector)
    }

    func testPerPixelNormalisationRoundTrips() throws {
        let model = try LapGAN(tinyDescription(normalization: .perPixel))
        XCTAssertFalse(model.description.levels[1].generator.layers.contains { $0.kind == .tanh })
        let data = try smallDataset()
        try model.fitNormalization(raw: data.images)
        let x = try model.toModelSpace(raw: data.images.items(0..<4))
        let back = try model.toDisplay(image: x, level: 0)
        let expected = try data.images.items(0..<4)
        for i in 0..<expected.count { expected[i] = expected[i] / 127.5 - 1 }
        XCTAssertLessThan(try back.maxAbsDifference(expected), 1e-4)
    }

    /// A time limit ends the run with `.timeUp` and its files written; the checkpoint resumes bit for bit as if the
    /// run had gone on (the round boundaries a time limit moves change nothing a level computes).
    func testTimeLimitEndsTheRunAndItsCheckpointContinuesBitForBit() throws {
        let data = try smallDataset()
        var s = settings(steps: 1_000_000)
        s.checkpointEvery = 1_000_000
        let timed = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s)
        let started = Date()
        let outcome = try timed.run(checkpointPath: dir + "/t.ckpt", modelPath: dir + "/t.lpg", log: nil, timeLimit: 0.3)
        let spent = Date().timeIntervalSince(started)
        XCTAssertEqual(outcome, .timeUp)
        XCTAssertGreaterThanOrEqual(spent, 0.3)
        XCTAssertLessThan(spent, 10, "the run went on long past its time limit")
        let reached = timed.levels.map(\.step)
        XCTAssertTrue(reached.allSatisfy { $0 > 0 }, "every level trains during the budget: \(reached)")
        XCTAssertEqual(try ModelFile.load(dir + "/t.lpg").model.description.counters.map(\.steps), reached)

        let target = (reached.max() ?? 0) + 3
        let resumed = try Trainer.resume(checkpoint: dir + "/t.ckpt", dataset: data, steps: target)
        XCTAssertEqual(try resumed.run(checkpointPath: nil, modelPath: nil, log: nil), .finished)
        var straightSettings = settings(steps: target)
        straightSettings.checkpointEvery = 1_000_000
        let straight = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: straightSettings)
        _ = try straight.run(checkpointPath: nil, modelPath: nil, log: nil)
        for (a, b) in zip(straight.model.namedTensors, resumed.model.namedTensors) {
            XCTAssertTrue(a.tensor.bitwiseEqual(b.tensor), "\(a.name) differs after a time-limited run and its resume")
        }
    }

    /// Levels of different cost trained under a time limit meet by time, not by steps: the cheap level is not held
    /// back to the costly level's step count (no core waits at the meeting).
    func testTimeSlicedRoundsLetTheCheapLevelTakeMoreSteps() throws {
        let data = try smallDataset()
        var s = settings(steps: 1_000_000)
        s.checkpointEvery = 5
        let trainer = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s)
        XCTAssertEqual(try trainer.run(checkpointPath: nil, modelPath: nil, log: nil, timeLimit: 1.5), .timeUp)
        let costs = trainer.levels.map { trainer.model.trainingCost(level: $0.level) }
        let steps = trainer.levels.map(\.step)
        let cheap = costs[0] < costs[1] ? 0 : 1
        XCTAssertGreaterThan(steps[cheap], steps[1 - cheap] + 5, "steps \(steps) at costs \(costs)")
    }
}
