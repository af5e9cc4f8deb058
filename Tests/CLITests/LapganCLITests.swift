import Foundation
import LapGAN
import XCTest

final class LapganCLITests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("lapgan") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testEveryCommandHasHelpWithExamples() throws {
        let top = try CLI.run("lapgan", ["--help"])
        XCTAssertEqual(top.status, 0)
        for sub in ["train", "sample", "info", "pyramid", "merge", "bench"] {
            XCTAssertTrue(top.stdout.contains(sub), "top-level help lacks \(sub)")
            let r = try CLI.run("lapgan", [sub, "--help"])
            XCTAssertEqual(r.status, 0, sub)
            XCTAssertTrue(r.stdout.contains("Example"), "\(sub) --help has no examples")
        }
    }

    func testMissingAndCorruptModelFilesGiveErrorsThatNameTheFile() throws {
        let missing = try CLI.run("lapgan", ["info", dir + "/nope.lpg"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.hasPrefix("error: "), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nope.lpg: no such file"), missing.stderr)
        let bad = dir + "/bad.lpg"
        try Data([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]).write(to: URL(fileURLWithPath: bad))
        for args in [["info", bad], ["sample", bad, "--out", dir + "/x.png"]] {
            let r = try CLI.run("lapgan", args)
            XCTAssertNotEqual(r.status, 0)
            XCTAssertTrue(r.stderr.contains("error: \(bad): header length"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.png"))
    }

    func testBadFlagsAreRejected() throws {
        for args in [["train", "--batch", "1"], ["train", "--preset", "nonsense"], ["sample", "m.lpg", "--count", "0"],
                     ["sample", "m.lpg", "--out", "x.jpg"], ["bench", "warp"], ["train", "--levels", "a,b"],
                     ["train", "--sizes", "64,30"], ["train", "--sizes", "64"], ["train", "--sizes", "x"], ["train", "--ema", "1.5"]] {
            let r = try CLI.run("lapgan", args, cwd: dir)
            XCTAssertNotEqual(r.status, 0, "\(args) succeeded")
            XCTAssertFalse(r.stderr.isEmpty, "\(args) printed no error")
        }
        let missingData = try CLI.run("lapgan", ["train", "--data", dir + "/nothing", "--steps", "1", "--out", dir + "/m.lpg"])
        XCTAssertNotEqual(missingData.status, 0)
        XCTAssertTrue(missingData.stderr.contains("nothing: no such file"), missingData.stderr)
        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let emptyFolder = try CLI.run("lapgan", ["train", "--data", empty, "--steps", "1", "--out", dir + "/m.lpg"])
        XCTAssertNotEqual(emptyFolder.status, 0)
        XCTAssertTrue(emptyFolder.stderr.contains("no PNG images"), emptyFolder.stderr)
    }

    func testLevelOutOfRangeIsAClearError() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let r = try CLI.run("lapgan", ["train", "--limit", "64", "--levels", "9", "--steps", "1", "--out", dir + "/m.lpg"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("level 9 does not exist"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.lpg"))
        // An output that is a directory is refused before any training.
        let toDir = try CLI.run("lapgan", ["train", "--limit", "64", "--steps", "1", "--out", dir])
        XCTAssertNotEqual(toDir.status, 0)
        XCTAssertTrue(toDir.stderr.contains("\(dir): is not a regular file"), toDir.stderr)
        XCTAssertFalse(toDir.stderr.contains("train 1/"), toDir.stderr)
    }

    /// Trains a few steps on real data, then samples a PNG grid, a .npy array and a pyramid strip, and merges.
    func testTrainSampleInfoMerge() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let train = try CLI.run("lapgan", ["train", "--limit", "256", "--levels", "1,2", "--steps", "2", "--batch", "16",
                                           "--log-every", "1", "--out", dir + "/m.lpg"])
        XCTAssertEqual(train.status, 0, train.stderr)
        let log = try String(contentsOfFile: dir + "/m-train.csv", encoding: .utf8)
        XCTAssertTrue(log.hasPrefix("wall_time,level,step,epoch,d_loss,g_loss,d_real,d_fake,lr,images_per_s\n"))
        XCTAssertEqual(log.split(separator: "\n").count, 5)
        let info = try CLI.run("lapgan", ["info", dir + "/m.lpg"])
        XCTAssertEqual(info.status, 0)
        XCTAssertTrue(info.stdout.contains("28 → 14 → 7"), info.stdout)
        for out in ["grid.png", "s.npy"] {
            let r = try CLI.run("lapgan", ["sample", dir + "/m.lpg", "--count", "4", "--out", dir + "/" + out])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let npy = try Data(contentsOf: URL(fileURLWithPath: dir + "/s.npy"))
        XCTAssertEqual(Array(npy.prefix(6)), [0x93] + Array("NUMPY".utf8))
        XCTAssertTrue(String(decoding: npy.prefix(128), as: UTF8.self).contains("'shape': (4, 28, 28, 1)"))
        XCTAssertEqual(npy.count % 64, (4 * 28 * 28) % 64)
        let grid = try PNGFile.read(dir + "/grid.png")
        XCTAssertEqual(grid.width, 2 * 56 + 3 * 2)
        let pyr = try CLI.run("lapgan", ["sample", dir + "/m.lpg", "--count", "2", "--pyramid", "--scale", "1", "--out", dir + "/p.png"])
        XCTAssertEqual(pyr.status, 0, pyr.stderr)
        XCTAssertEqual(try PNGFile.read(dir + "/p.png").width, 5 * 28 + 6 * 2)
        // Starting from a real image at level 1: the finer level is generated on top of it.
        let real = dir + "/real.png"
        try PNGFile.write(RasterImage(width: 28, height: 28, channels: 1, pixels: (0..<784).map { UInt8(($0 % 28) * 9) }), to: real)
        let fromReal = try CLI.run("lapgan", ["sample", dir + "/m.lpg", "--start", real, "--start-level", "1", "--count", "2",
                                              "--pyramid", "--scale", "1", "--out", dir + "/r.png"])
        XCTAssertEqual(fromReal.status, 0, fromReal.stderr)
        let badLevel = try CLI.run("lapgan", ["sample", dir + "/m.lpg", "--start", real, "--start-level", "7", "--out", dir + "/r.png"])
        XCTAssertTrue(badLevel.stderr.contains("level 7 does not exist"), badLevel.stderr)
        // Same seed, same file.
        try CLI.run("lapgan", ["sample", dir + "/m.lpg", "--count", "4", "--out", dir + "/again.npy"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/again.npy")), npy)

        let other = try CLI.run("lapgan", ["train", "--limit", "256", "--levels", "0", "--steps", "1", "--batch", "8",
                                           "--out", dir + "/l0.lpg"])
        XCTAssertEqual(other.status, 0, other.stderr)
        let merge = try CLI.run("lapgan", ["merge", dir + "/m.lpg", dir + "/l0.lpg", "--out", dir + "/merged.lpg"])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        let merged = try ModelFile.load(dir + "/merged.lpg").model
        XCTAssertEqual(merged.description.counters.map(\.steps), [1, 2, 2])

        let eval = try CLI.run("lapgan", ["eval", dir + "/merged.lpg", "--limit", "600", "--count", "200", "--test-count", "100",
                                          "--validation-count", "100", "--swd-images", "100", "--noise-samples", "4",
                                          "--json", dir + "/eval.json"])
        XCTAssertEqual(eval.status, 0, eval.stderr)
        for line in ["Parzen log-likelihood", "SWD ×10³ per level     32:", "noise use Δz_k (0–255)  z2:", "time"] {
            XCTAssertTrue(eval.stdout.contains(line), eval.stdout)
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/eval.json"))) as? [String: Any]
        let noise = report?["noiseUse"] as? [String: Any]
        XCTAssertEqual((noise?["means"] as? [Double])?.count, 3)
        XCTAssertEqual((report?["parzen"] as? [String: Any])?["testCount"] as? Int, 100)

        // The copy check against a folder of three PNGs: pairs of (sample, nearest training image), 4 columns.
        let folder = dir + "/three"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let faces = (0..<3).map { (k: Int) -> RasterImage in
            let pixels: [UInt8] = (0..<784).map { (i: Int) -> UInt8 in UInt8((i * (k + 1) * 37) % 256) }
            return RasterImage(width: 28, height: 28, channels: 1, pixels: pixels)
        }
        for (k, face) in faces.enumerated() { try PNGFile.write(face, to: folder + "/\(k).png") }
        let copy = try CLI.run("lapgan", ["sample", dir + "/merged.lpg", "--nearest", "--data", folder, "--count", "4", "--scale", "1",
                                          "--out", dir + "/copy.png"])
        XCTAssertEqual(copy.status, 0, copy.stderr)
        XCTAssertTrue(copy.stdout.contains("nearest of 3 training images"), copy.stdout)
        XCTAssertTrue(copy.stdout.contains("training image → nearest other"), copy.stdout)
        let pairs = try PNGFile.read(dir + "/copy.png")
        XCTAssertEqual(pairs.width, 122)        // 4 cells of 28 and 5 gaps of 2
        XCTAssertEqual(pairs.height, 62)
        // The second cell of the first row is, pixel for pixel, whichever of the three pictures and their mirror
        // images is nearest to the first cell (the sample), found here by brute force.
        func cell(_ column: Int) -> [UInt8] {
            var c: [UInt8] = []
            for y in 0..<28 {
                let start: Int = (2 + y) * 122 + 2 + column * 30
                c += pairs.pixels[start..<(start + 28)]
            }
            return c
        }
        let sample = cell(0)
        let mirrors: [[UInt8]] = faces.map { (f: RasterImage) -> [UInt8] in
            var m: [UInt8] = []
            for y in 0..<28 { for x in 0..<28 { m.append(f.pixels[y * 28 + 27 - x]) } }
            return m
        }
        let candidates: [[UInt8]] = faces.map(\.pixels) + mirrors
        func squaredDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
            var sum = 0
            for i in 0..<a.count { let t = Int(a[i]) - Int(b[i]); sum += t * t }
            return sum
        }
        let nearest = candidates.min { squaredDistance($0, sample) < squaredDistance($1, sample) }
        XCTAssertEqual(cell(1), nearest)
        let npyCopy = try CLI.run("lapgan", ["sample", dir + "/merged.lpg", "--nearest", "--out", dir + "/c.npy"])
        XCTAssertNotEqual(npyCopy.status, 0)

        // The same samples written by `sample` and scored from the file: the same Parzen number (8-bit rounding aside).
        try CLI.run("lapgan", ["sample", dir + "/merged.lpg", "--count", "200", "--out", dir + "/merged.npy"])
        let fromFile = try CLI.run("lapgan", ["eval", "--samples", dir + "/merged.npy", "--limit", "600", "--test-count", "100",
                                              "--validation-count", "100", "--swd-images", "100", "--json", dir + "/file.json"])
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        XCTAssertTrue(fromFile.stdout.contains("200 images from the file"), fromFile.stdout)
        XCTAssertFalse(fromFile.stdout.contains("noise use Δz_k"), "no model, no noise use: \(fromFile.stdout)")
        let fileReport = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/file.json"))) as? [String: Any]
        let modelLL = (report?["parzen"] as? [String: Any])?["mean"] as? Double ?? .nan
        let fileLL = (fileReport?["parzen"] as? [String: Any])?["mean"] as? Double ?? .nan
        XCTAssertEqual(fileLL, modelLL, accuracy: 1, "Parzen of the model's samples read back from .npy")
        let count = try CLI.run("lapgan", ["eval", "--samples", "2000"])
        XCTAssertEqual(count.status, 64)
        XCTAssertTrue(count.stderr.contains("--count 2000"), count.stderr)
        let both = try CLI.run("lapgan", ["eval", dir + "/merged.lpg", "--samples", dir + "/merged.npy"])
        XCTAssertTrue(both.stderr.contains("not both"), both.stderr)
    }

    /// A fresh run does not mix its snapshots into another run's folder.
    func testFreshRunRefusesAnotherRunsSnapshots() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let args = ["train", "--limit", "256", "--levels", "2", "--steps", "1", "--batch", "8", "--snapshot-every", "1", "--out", dir + "/s.lpg"]
        let first = try CLI.run("lapgan", args)
        XCTAssertEqual(first.status, 0, first.stderr)
        let again = try CLI.run("lapgan", args)
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("s.lpg.snapshots: holds another run's snapshots"), again.stderr)
    }

    /// Ctrl-C during training saves a checkpoint, exits cleanly, and --resume continues from it.
    func testSIGINTSavesACheckpointAndResumeContinues() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLI.binary("lapgan"))
        p.arguments = ["train", "--limit", "256", "--levels", "1,2", "--steps", "100000", "--batch", "16", "--log-every", "1",
                       "--checkpoint-every", "100000", "--out", dir + "/m.lpg"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let log = dir + "/m-train.csv"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.split(separator: "\n").count >= 3 { break }
            usleep(100_000)
        }
        kill(p.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, stderr)
        XCTAssertTrue(stderr.contains("stopped by SIGINT"), stderr)
        let (model, extras) = try ModelFile.load(dir + "/m.lpg.ckpt")
        let steps = model.description.counters[2].steps
        XCTAssertGreaterThan(steps, 0)
        XCTAssertFalse(extras.tensors.isEmpty)
        // No --out: a resumed run writes the model beside its checkpoint.
        let resume = try CLI.run("lapgan", ["train", "--resume", dir + "/m.lpg.ckpt", "--steps", String(steps + 2)])
        XCTAssertEqual(resume.status, 0, resume.stderr)
        XCTAssertEqual(try ModelFile.load(dir + "/m.lpg").model.description.counters[2].steps, steps + 2)
    }

    func testPyramidCommandWritesLevelsAndReportsExactReconstruction() throws {
        let image = dir + "/in.png"
        var pixels = [UInt8]()
        for y in 0..<40 { for x in 0..<40 { pixels += [UInt8(x * 6), UInt8(y * 6), UInt8((x * y) % 256)] } }
        try PNGFile.write(RasterImage(width: 40, height: 40, channels: 3, pixels: pixels), to: image)
        let r = try CLI.run("lapgan", ["pyramid", image, "--sizes", "32,16,8", "--out", dir + "/pyr"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/pyr").sorted()
        XCTAssertEqual(files, ["bandpass-0-32.png", "bandpass-1-16.png", "gaussian-0-32.png", "gaussian-1-16.png",
                               "gaussian-2-8.png", "reconstruction.png"])
        let error = r.stdout.split(separator: "\n").last.flatMap { Double($0.split(separator: " ").last ?? "") }
        XCTAssertLessThanOrEqual(try XCTUnwrap(error), 1e-5)
        let notPNG = try CLI.run("lapgan", ["pyramid", dir + "/pyr", "--out", dir + "/x"])
        XCTAssertNotEqual(notPNG.status, 0)
    }
}
