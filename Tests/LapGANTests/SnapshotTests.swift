import XCTest
@testable import LapGAN
import TestSupport

/// `--snapshot-every`: generator-only snapshots every N steps, atomically, named by step, listed in index.csv,
/// each a model file that samples exactly like the model did at that step; resume keeps writing into the folder.
final class SnapshotTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("snapshots") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// Smooth synthetic blobs at 8×8 (fast and independent of installed data).
    func blobs() throws -> Dataset {
        let t = Tensor(zeros: [64, 1, 8, 8])
        let r = RNG(seed: 1)
        for n in 0..<64 {
            let cx = r.uniform(2, 6), cy = r.uniform(2, 6)
            for y in 0..<8 { for x in 0..<8 {
                let d = (Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)
                t[n * 64 + y * 8 + x] = 255 * expf(-d / 4)
            } }
        }
        return try Dataset(name: "blobs", images: t, labels: nil)
    }

    func settings(steps: Int, snapshotEvery: Int?) -> TrainingSettings {
        var s = TrainingSettings(levels: [0, 1], steps: steps)
        s.batchSize = 8
        s.logEvery = 1
        s.checkpointEvery = 3
        s.snapshotEvery = snapshotEvery
        return s
    }

    func generators(_ m: LapGAN) -> [(String, Tensor)] {
        m.namedTensors.filter { $0.name.contains(".G.") }.map { ($0.name, $0.tensor) }
    }

    func testSnapshotsEveryNStepsHoldTheGeneratorsOfThatStep() throws {
        let data = try blobs()
        let trainer = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 5, snapshotEvery: 2))
        let folder = SnapshotFolder(model: dir + "/m.lpg")
        var events: [Int] = []
        let outcome = try trainer.run(checkpointPath: dir + "/m.lpg.ckpt", modelPath: dir + "/m.lpg", log: nil, snapshotFolder: folder, onEvent: { e in
            if case .snapshot(_, let step) = e { events.append(step) }
        })
        XCTAssertEqual(outcome, .finished)
        XCTAssertEqual(events, [0, 2, 4])
        XCTAssertEqual(folder.path, dir + "/m.lpg.snapshots")
        XCTAssertEqual(folder.scan().map(\.step), [0, 2, 4])
        XCTAssertEqual(folder.scan().map(\.fileName), ["step-000000.lpg", "step-000002.lpg", "step-000004.lpg"])
        // No temporary files left; the index names each file once with every level's step.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(names, ["index.csv", "step-000000.lpg", "step-000002.lpg", "step-000004.lpg"])
        let index = try String(contentsOfFile: folder.path + "/index.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(index.first.map(String.init), SnapshotFolder.indexHeader)
        XCTAssertEqual(index.dropFirst().map { $0.split(separator: ",").dropFirst().map(String.init) },
                       [["0", "step-000000.lpg", "0:0 1:0"], ["2", "step-000002.lpg", "0:2 1:2"], ["4", "step-000004.lpg", "0:4 1:4"]])

        // A plain run to 4 steps (other rounds, no snapshots): its generators are the snapshot's, bit for bit.
        let plain = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 4, snapshotEvery: nil))
        _ = try plain.run(checkpointPath: nil, modelPath: dir + "/plain.lpg", log: nil)
        let atFour = try folder.scan()[2].load()
        XCTAssertEqual(atFour.description.counters.map(\.steps), [4, 4])
        let expected = generators(try ModelFile.load(dir + "/plain.lpg").model)
        let got = generators(atFour)
        XCTAssertEqual(got.map(\.0), expected.map(\.0))
        for (g, e) in zip(got, expected) { XCTAssertTrue(g.1.bitwiseEqual(e.1), "\(g.0) differs from the plain run at step 4") }
        // The same seeds sample the same images as the plain model.
        let seeds = atFour.seedSets(count: 3, seed: 9)
        let plainModel = try ModelFile.load(dir + "/plain.lpg").model
        XCTAssertTrue(try atFour.sample(seeds: seeds).image.bitwiseEqual(try plainModel.sample(seeds: seeds).image))

        // Generators only: no D tensors, no optimiser state, and marked so.
        let file = try SafeTensors.read(folder.scan()[2].path)
        XCTAssertFalse(file.tensors.contains { $0.name.contains(".D.") || $0.name.hasPrefix("opt.") })
        XCTAssertTrue(file.tensors.contains { $0.name.contains(".G.") })
        XCTAssertEqual(file.metadata["content"], ModelFile.generatorsOnly)
        // A full model file missing its D is still refused (only snapshots may leave D out).
        var full = try SafeTensors.read(dir + "/m.lpg")
        full.tensors.removeAll { $0.name.contains(".D.") }
        try full.write(to: dir + "/broken.lpg")
        XCTAssertThrowsError(try ModelFile.load(dir + "/broken.lpg")) { XCTAssertTrue("\($0)".contains("is missing"), "\($0)") }
    }

    func testResumeKeepsWritingIntoTheSameFolder() throws {
        let data = try blobs()
        let folder = SnapshotFolder(model: dir + "/m.lpg")
        let first = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings(steps: 3, snapshotEvery: 2))
        _ = try first.run(checkpointPath: dir + "/m.lpg.ckpt", modelPath: dir + "/m.lpg", log: nil, snapshotFolder: folder)
        XCTAssertEqual(folder.scan().map(\.step), [0, 2])
        // The interval is recorded in the checkpoint; a resume at step 3 writes 4 and 6.
        let resumed = try Trainer.resume(checkpoint: dir + "/m.lpg.ckpt", dataset: data, steps: 6)
        XCTAssertEqual(resumed.settings.snapshotEvery, 2)
        _ = try resumed.run(checkpointPath: dir + "/m.lpg.ckpt", modelPath: dir + "/m.lpg", log: nil, snapshotFolder: folder)
        XCTAssertEqual(folder.scan().map(\.step), [0, 2, 4, 6])
        let index = try String(contentsOfFile: folder.path + "/index.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(index.count, 5)
        XCTAssertEqual(try folder.scan()[3].load().description.counters.map(\.steps), [6, 6])
        // Resumed exactly on a snapshot's step: that snapshot is not written again.
        let again = try Trainer.resume(checkpoint: dir + "/m.lpg.ckpt", dataset: data, steps: 7)
        _ = try again.run(checkpointPath: dir + "/m.lpg.ckpt", modelPath: dir + "/m.lpg", log: nil, snapshotFolder: folder)
        XCTAssertEqual(try String(contentsOfFile: folder.path + "/index.csv", encoding: .utf8).split(separator: "\n").count, 5)
    }

    func testCorruptOrForeignFilesAreErrorsThatNameThemAndOtherNamesAreIgnored() throws {
        let folder = SnapshotFolder(path: dir + "/s")
        let model = try LapGAN(tinyDescription(), seed: 2)
        try folder.write(model, step: 10)
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: folder.path + "/step-000020.lpg"))
        let good = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/step-000010.lpg"))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: folder.path + "/step-000030.lpg"))
        for junk in ["step-000040.lpg.tmp-12", "step-x.lpg", "notes.txt"] {
            try Data().write(to: URL(fileURLWithPath: folder.path + "/" + junk))
        }
        let entries = folder.scan()
        XCTAssertEqual(entries.map(\.step), [10, 20, 30])
        XCTAssertNoThrow(try entries[0].load())
        XCTAssertNoThrow(try entries[0].checkHeader())
        for e in entries.dropFirst() {
            XCTAssertThrowsError(try e.load()) { XCTAssertTrue("\($0)".contains(e.fileName), "\($0)") }
            // The cheap check (header and length only) already refuses them.
            XCTAssertThrowsError(try e.checkHeader()) { XCTAssertTrue("\($0)".contains(e.fileName), "\($0)") }
        }
        XCTAssertEqual(SnapshotFolder.step(fileName: "step-1234567.lpg"), 1_234_567)
        XCTAssertNil(SnapshotFolder.step(fileName: "step-.lpg"))
    }

    /// A kill between a snapshot's file and its index line loses the line; the next snapshot writes it back.
    func testTheNextSnapshotRestoresAnIndexLineAKillLost() throws {
        let folder = SnapshotFolder(path: dir + "/s")
        let model = try LapGAN(tinyDescription(), seed: 2)
        try folder.write(model, step: 10)
        let index = folder.path + "/" + SnapshotFolder.indexName
        let header = SnapshotFolder.indexHeader + "\n"
        try Data(header.utf8).write(to: URL(fileURLWithPath: index))      // step 10's line lost
        try folder.write(model, step: 20)
        let lines = try String(contentsOfFile: index, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, "\(lines)")
        XCTAssertEqual(lines[0], SnapshotFolder.indexHeader)
        XCTAssertEqual(lines[1].split(separator: ",", omittingEmptySubsequences: false).dropFirst().prefix(2), ["10", "step-000010.lpg"])
        XCTAssertTrue(lines[2].contains(",20,step-000020.lpg,"), lines[2])
        // Nothing is listed twice when the index was complete.
        try folder.write(model, step: 30)
        let again = try String(contentsOfFile: index, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(again.count, 4)
        XCTAssertEqual(again.filter { $0.contains("step-000010.lpg") }.count, 1)
    }
}
