import Foundation
import LapGAN
import TestSupport
import XCTest

/// `lapgan train` killed with SIGKILL at random moments, many times — some of them while a checkpoint or the
/// model is being written — leaves a checkpoint and a model that load, a log that reads, and `--resume` goes on
/// from where the checkpoint was. A disk that fills up (a file size limit) gives an error naming the file, no
/// temporary file and the previous checkpoint untouched.
///
/// LAPGAN_CRASH_KILLS sets the number of kills (default 16: about 15 s with the release build of Scripts/test.sh,
/// 35 s with a debug build, on 2 busy cores);
/// LAPGAN_CRASH_SEED the seed of the kill schedule.
final class CrashSafeTrainingTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("crash") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// 32 grey 28×28 PNG images: a data set that loads in milliseconds.
    func makeImages() throws -> String {
        try writeImageFolder(dir + "/images", count: 32, width: 28, height: 28) { i, p in
            UInt8(truncatingIfNeeded: (p % 28) * (i % 7 + 1) * 3 + (p / 28) * (i / 7 + 2))
        }
    }

    /// The fashion LAPGAN with conv width 4, its two conv levels trained (the MLP level is slow in a debug
    /// build), a checkpoint (3 MB) every step and a log row every step.
    func trainArguments(images: String, steps: Int) -> [String] {
        ["train", "--data", images, "--levels", "0,1", "--width", "4", "--batch", "8", "--threads", "1", "--steps", String(steps),
         "--checkpoint-every", "1", "--log-every", "1", "--out", dir + "/m.lpg"]
    }

    func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLI.binary("lapgan"))
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Each level's steps in a model or checkpoint file.
    func steps(_ path: String) throws -> [Int] { try ModelFile.load(path).model.description.counters.map(\.steps) }

    /// The temporary files AtomicFile writes beside `m.lpg` and `m.lpg.ckpt` (`NAME.tmp-PID`).
    func temporaries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".tmp-") }
    }

    func testKilledAtRandomMomentsTheFilesAlwaysLoadAndResumeContinues() throws {
        let env = ProcessInfo.processInfo.environment
        let kills = Int(env["LAPGAN_CRASH_KILLS"] ?? "") ?? 16
        let random = RNG(seed: UInt64(env["LAPGAN_CRASH_SEED"] ?? "") ?? 16)
        let images = try makeImages()
        let model = dir + "/m.lpg", checkpoint = model + ".ckpt", log = dir + "/m-train.csv"
        let target = 1_000_000
        var lastCheckpointSteps: [Int]?
        var duringWrite = 0, afterCheckpoint = 0
        let started = Date()
        for round in 0..<kills {
            let resuming = FileManager.default.fileExists(atPath: checkpoint)
            let p = try start(resuming ? ["train", "--resume", checkpoint, "--threads", "1"] : trainArguments(images: images, steps: target))
            let pid = p.processIdentifier
            // Half the kills come as soon as this process's temporary file appears (it is writing the model, a
            // checkpoint or, as it resumes, the log cut at the checkpoint: the file is there from open() to
            // rename()); the others after a random delay. The first run is killed only after its first checkpoint:
            // a run started afresh appends to the log it finds, so its steps would start again.
            if !resuming {
                let firstCheckpoint = Date().addingTimeInterval(60)
                while !FileManager.default.fileExists(atPath: checkpoint) && Date() < firstCheckpoint && p.isRunning { usleep(2_000) }
            }
            let atWrite = random.next() % 2 == 0
            // At a write: the 1st, 2nd or 3rd file this process writes (so later checkpoints are hit too).
            let writeNumber = 1 + Int(random.next() % 3)
            let delay = Double(random.next() % 2_500) / 1_000
            let deadline = Date().addingTimeInterval(atWrite ? 20 : delay)
            var caughtWriting = false
            var writesSeen = 0, writing = false
            while Date() < deadline && p.isRunning {
                if atWrite {
                    let now = temporaries().contains { $0.hasSuffix(".tmp-\(pid)") }
                    if now && !writing { writesSeen += 1 }
                    writing = now
                    if writing && writesSeen == writeNumber {
                        caughtWriting = true
                        break
                    }
                }
                usleep(atWrite ? 200 : 2_000)
            }
            XCTAssertTrue(p.isRunning, "round \(round): lapgan exited by itself (status \(p.terminationStatus))")
            kill(pid, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal, "round \(round)")
            // A kill during a write leaves the temporary file: the proof that the write was cut.
            if caughtWriting && temporaries().contains(where: { $0.hasSuffix(".tmp-\(pid)") }) { duringWrite += 1 }

            // What a user finds after the crash: the checkpoint and the model load, their steps never went back.
            if FileManager.default.fileExists(atPath: checkpoint) {
                let now = try steps(checkpoint)
                XCTAssertNoThrow(try Trainer.Checkpoint.read(checkpoint), "round \(round)")
                if let before = lastCheckpointSteps {
                    XCTAssertTrue(zip(now, before).allSatisfy { $0 >= $1 }, "round \(round): checkpoint went back from \(before) to \(now)")
                    if now != before { afterCheckpoint += 1 }
                }
                lastCheckpointSteps = now
                XCTAssertNoThrow(try steps(model), "round \(round): the model does not load")
            } else {
                XCTAssertNil(lastCheckpointSteps, "round \(round): the checkpoint disappeared")
            }
            // The log reads, its last line is a whole header or row, and each level's steps only go forward
            // (a resume cuts the rows logged after its checkpoint).
            if let text = try? String(contentsOfFile: log, encoding: .utf8), !text.isEmpty {
                let parsed = TrainingLog.parse(text, name: log)
                XCTAssertNil(parsed.error, "round \(round)")
                let lastLine = text.split(separator: "\n").last.map(String.init) ?? ""
                let fields = lastLine.split(separator: ",", omittingEmptySubsequences: false)
                XCTAssertTrue(lastLine.hasPrefix("wall_time,") || (fields.count == 10 && fields.allSatisfy { Double($0) != nil }),
                              "round \(round): last log line '\(lastLine)'")
                for series in parsed.levels {
                    let logged = series.step
                    XCTAssertTrue(zip(logged, logged.dropFirst()).allSatisfy { $0 < $1 }, "round \(round): level \(series.level) steps \(logged)")
                }
            }
        }
        // The files of the killed runs: at most the last one's temporary file is left, and the next run removes it.
        XCTAssertLessThanOrEqual(temporaries().count, 1, "\(temporaries())")
        let reached = try XCTUnwrap(lastCheckpointSteps, "no checkpoint was ever written")
        let finish = (reached.max() ?? 0) + 3
        let resume = try CLI.run("lapgan", ["train", "--resume", checkpoint, "--steps", String(finish), "--threads", "1"])
        XCTAssertEqual(resume.status, 0, resume.stderr)
        XCTAssertEqual(try steps(model), [finish, finish, 0])
        XCTAssertEqual(try steps(checkpoint), [finish, finish, 0])
        XCTAssertEqual(temporaries(), [])
        let parsed = TrainingLog(path: log)
        _ = parsed.reload()
        XCTAssertNil(parsed.error)
        for series in parsed.levels { XCTAssertEqual(series.step.last, Double(finish), "level \(series.level)") }
        XCTAssertGreaterThan(duringWrite, 0, "no kill landed during a write")
        XCTAssertGreaterThan(afterCheckpoint, 0, "no run got as far as a new checkpoint before its kill")
        print(String(format: "crash test: %d SIGKILLs survived (%d during a model or checkpoint write, %d after new progress), final steps %d, %.1f s",
                     kills, duringWrite, afterCheckpoint, finish, Date().timeIntervalSince(started)))
    }

    /// A file size limit (`ulimit -f`, which behaves as a full disk: write fails with EFBIG) hit while writing the
    /// checkpoint: an error naming it, a non-zero exit, no temporary file, the previous checkpoint intact.
    func testAFullDiskGivesAClearErrorAndKeepsThePreviousCheckpoint() throws {
        let images = try makeImages()
        let model = dir + "/m.lpg", checkpoint = model + ".ckpt"
        let first = try CLI.run("lapgan", trainArguments(images: images, steps: 2))
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        let modelSize = try Data(contentsOf: URL(fileURLWithPath: model)).count
        XCTAssertGreaterThan(before.count, modelSize + 4_096)
        // A limit (in 1 KiB blocks) the model fits under and the checkpoint (model + optimiser state) does not. No
        // `trap '' XFSZ`: lapgan itself ignores SIGXFSZ so that the write fails instead of killing it.
        let blocks = (modelSize + before.count) / 2 / 1_024
        let shell = "ulimit -f \(blocks) && exec \"$0\" \"$@\""
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", shell, try CLI.binary("lapgan"), "train", "--resume", checkpoint, "--steps", "4", "--threads", "1"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit, "killed by a signal: \(stderr)")
        XCTAssertNotEqual(p.terminationStatus, 0, stderr)
        XCTAssertTrue(stderr.contains("error: \(checkpoint): file size limit reached while writing"), stderr)
        XCTAssertTrue(stderr.contains("the temporary file was removed and the previous file, if any, is unchanged"), stderr)
        XCTAssertEqual(temporaries(), [])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: checkpoint)), before)
        XCTAssertEqual(try steps(checkpoint), [2, 2, 0])
        XCTAssertNoThrow(try Trainer.Checkpoint.read(checkpoint))
        // With room again, the same resume goes on from the kept checkpoint.
        let again = try CLI.run("lapgan", ["train", "--resume", checkpoint, "--steps", "4", "--threads", "1"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try steps(checkpoint), [4, 4, 0])
    }
}
