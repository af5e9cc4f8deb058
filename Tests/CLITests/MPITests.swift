import Foundation
import LapGAN
import TestSupport
import XCTest

/// `mpirun -np 2 lapgan train …` on this machine (loopback). Skipped only where Open MPI's mpirun is missing.
final class MPITests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        guard CLI.hasFashionMNIST else { throw XCTSkip("Fashion-MNIST not installed (Scripts/setup.sh installs it)") }
        _ = try MPI.mpirun()
        dir = try CLI.temporaryDirectory("mpi")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// A small, quick run of the fashion preset (narrow conv levels, 512 images).
    let small = ["--preset", "fashion", "--limit", "512", "--width", "8", "--threads", "1"]

    /// 2 ranks with --batch 128 (64 rows each) match one process with --batch 128 after 20 steps of level 1.
    ///
    /// Tolerance 2e-5 per parameter: both runs draw the same examples, flips, noise and dropout masks (each rank
    /// computes its rows of the one global batch), so what differs is only the order of float32 summation (the
    /// allreduce adds two half-batch gradient sums instead of one loop over the batch; ~1e-7 relative), which
    /// Adam's division by √v can amplify up to a fraction of one step. Observed: 5e-7. Any real mistake (a row,
    /// a noise seed or a scale off) moves parameters by whole Adam steps, lr = 2e-4 each, 10× the tolerance and more.
    func testTwoRanksMatchOneProcess() throws {
        let args = ["train"] + small + ["--levels", "1", "--steps", "20", "--batch", "128", "--checkpoint-every", "10"]
        let two = try MPI.run(ranks: 2, args + ["--snapshot-every", "10", "--out", dir + "/two.lpg"])
        XCTAssertEqual(two.status, 0, two.stdout + two.stderr)
        XCTAssertTrue(two.stderr.contains("2 MPI ranks, data-parallel"), two.stderr)
        // Rank 0 alone writes the snapshots: each once in the index, the last one the model's generators.
        let snapshots = dir + "/two.lpg.snapshots"
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: snapshots).sorted(),
                       ["index.csv", "step-000000.lpg", "step-000010.lpg", "step-000020.lpg"])
        let index = try String(contentsOfFile: snapshots + "/index.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(index.dropFirst().map { $0.split(separator: ",")[1] }, ["0", "10", "20"])
        let last = try ModelFile.load(snapshots + "/step-000020.lpg").model, final = try ModelFile.load(dir + "/two.lpg").model
        for (x, y) in zip(last.generators[1].parameters, final.generators[1].parameters) { XCTAssertTrue(x.value.bitwiseEqual(y.value)) }
        let one = try CLI.run("lapgan", args + ["--out", dir + "/one.lpg"])
        XCTAssertEqual(one.status, 0, one.stderr)
        let a = try ModelFile.load(dir + "/one.lpg").model, b = try ModelFile.load(dir + "/two.lpg").model
        XCTAssertEqual(b.description.counters[1].steps, 20)
        var worst: Float = 0
        for (x, y) in zip(a.generators[1].namedParameters + a.discriminators[1].namedParameters,
                          b.generators[1].namedParameters + b.discriminators[1].namedParameters) {
            XCTAssertEqual(x.parameter.value.shape, y.parameter.value.shape)
            for i in 0..<x.parameter.value.count {
                worst = max(worst, abs(x.parameter.value[i] - y.parameter.value[i]))
            }
        }
        XCTAssertLessThanOrEqual(worst, 2e-5, "largest parameter difference between 2 ranks and 1 process")
        // The runs moved the parameters by far more than the tolerance.
        let start = try LapGAN(a.description, seed: 1)
        var moved: Float = 0
        for (x, y) in zip(start.generators[1].parameters, a.generators[1].parameters) {
            for i in 0..<x.value.count { moved = max(moved, abs(x.value[i] - y.value[i])) }
        }
        XCTAssertGreaterThan(moved, 1e-3)
        // The checkpoint of 2 ranks resumes in one process (another N).
        let resumed = try CLI.run("lapgan", ["train", "--resume", dir + "/two.lpg.ckpt", "--steps", "22", "--threads", "1",
                                             "--out", dir + "/resumed.lpg"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
    }

    /// --level-parallel on 2 ranks trains {0} and {1, 2} and merges them: the same model as two --levels runs merged.
    func testLevelParallelMatchesSeparateRunsMerged() throws {
        // No weight average: a level-parallel run keeps none (it is not sent between rank groups).
        let args = ["train"] + small + ["--steps", "4", "--batch", "16", "--checkpoint-every", "2", "--ema", "0"]
        let lp = try MPI.run(ranks: 2, args + ["--level-parallel", "--out", dir + "/lp.lpg"])
        XCTAssertEqual(lp.status, 0, lp.stdout + lp.stderr)
        XCTAssertTrue(lp.stderr.contains("rank 0 trains levels 0 with 1 rank(s)"), lp.stderr)
        for (levels, name) in [("0", "a"), ("1,2", "b")] {
            let r = try CLI.run("lapgan", args + ["--levels", levels, "--out", "\(dir)/\(name).lpg"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let merged = try CLI.run("lapgan", ["merge", dir + "/a.lpg", dir + "/b.lpg", "--out", dir + "/merged.lpg"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let x = try ModelFile.load(dir + "/lp.lpg").model, y = try ModelFile.load(dir + "/merged.lpg").model
        for k in 0..<3 {
            XCTAssertEqual(x.description.counters[k].steps, 4)
            for (p, q) in zip(x.generators[k].namedParameters + x.discriminators[k].namedParameters,
                              y.generators[k].namedParameters + y.discriminators[k].namedParameters) {
                XCTAssertEqual(p.name, q.name)
                XCTAssertTrue(p.parameter.value.count == q.parameter.value.count
                              && (0..<p.parameter.value.count).allSatisfy { p.parameter.value[$0] == q.parameter.value[$0] },
                              "level \(k) \(p.name) differs")
            }
        }
        let log = try String(contentsOfFile: dir + "/lp-train.csv", encoding: .utf8)
        XCTAssertTrue(log.hasPrefix(TrainingLogColumn.written(multiProcess: true).map(\.rawValue).joined(separator: ",") + "\n"), log)
        XCTAssertTrue(log.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",2") }, log)
        XCTAssertTrue(log.contains("\n1,4,") || log.contains(",1,4,"), log)
        XCTAssertTrue(log.contains(",0,4,") && log.contains(",2,4,"), log)
    }

    /// A rank killed mid-run ends the job non-zero with mpirun naming the rank and the signal; the checkpoint loads.
    func testKilledRankEndsTheJobAndLeavesALoadableCheckpoint() throws {
        let job = try MPI.start(ranks: 2, ["train"] + small + ["--levels", "2", "--steps", "1000000", "--batch", "16",
                                                                 "--checkpoint-every", "3", "--out", dir + "/k.lpg"])
        let ckpt = dir + "/k.lpg.ckpt"
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline && !FileManager.default.fileExists(atPath: ckpt) { usleep(100_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: ckpt), "no checkpoint within 90 s")
        usleep(500_000)
        let victim = try XCTUnwrap(MPI.rankProcess(1, under: job.process.processIdentifier), "rank 1's process not found")
        kill(victim, SIGKILL)
        let result = job.wait()
        XCTAssertNotEqual(result.status, 0)
        let text = result.stdout + result.stderr
        XCTAssertTrue(text.contains("rank 1"), text)
        XCTAssertTrue(text.contains("signal 9") || text.contains("Killed"), text)
        let checkpoint = try Trainer.Checkpoint.read(ckpt)
        XCTAssertGreaterThan(checkpoint.model.description.counters[2].steps, 0)
        _ = try ModelFile.load(dir + "/k.lpg")
    }

    /// SIGINT to mpirun (which sends the ranks SIGTERM, then SIGKILL a second later) stops every rank at the same
    /// step and rank 0 writes the checkpoint in that second.
    func testSIGINTToMpirunLeavesACheckpoint() throws {
        let job = try MPI.start(ranks: 2, ["train"] + small + ["--levels", "2", "--steps", "1000000", "--batch", "16",
                                                                 "--checkpoint-every", "5", "--out", dir + "/i.lpg"])
        let ckpt = dir + "/i.lpg.ckpt"
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline && !FileManager.default.fileExists(atPath: ckpt) { usleep(100_000) }
        let first = try Trainer.Checkpoint.read(ckpt).model.description.counters[2].steps
        usleep(1_500_000)
        kill(job.process.processIdentifier, SIGINT)
        let result = job.wait()
        let text = result.stdout + result.stderr
        XCTAssertTrue(text.contains("stopped by SIGTERM; checkpoint saved"), text)
        let checkpoint = try Trainer.Checkpoint.read(ckpt)
        XCTAssertGreaterThan(checkpoint.model.description.counters[2].steps, first)
    }

    /// Ranks started with different flags, or more ranks than examples, are refused at the start.
    func testWrongUseIsRefusedAtTheStart() throws {
        let binary = try CLI.binary("lapgan")
        let args = ["train"] + small + ["--levels", "2", "--steps", "2", "--batch", "16", "--out", dir + "/w.lpg"]
        let differing = try MPI.execute(["-np", "1", binary] + args + ["--seed", "1", ":", "-np", "1", binary] + args + ["--seed", "2"])
        XCTAssertNotEqual(differing.status, 0)
        XCTAssertTrue(differing.stderr.contains("rank(s) 1 have other flags than rank 0"), differing.stdout + differing.stderr)
        let tooMany = try MPI.run(ranks: 2, ["train", "--preset", "fashion", "--limit", "1", "--levels", "2", "--steps", "2",
                                             "--batch", "16", "--out", dir + "/t.lpg"])
        XCTAssertNotEqual(tooMany.status, 0)
        XCTAssertTrue(tooMany.stderr.contains("2 ranks but only 1 examples"), tooMany.stdout + tooMany.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/t.lpg"))
    }
}

/// Starts `mpirun` on the built binary with Open MPI's run-as-root permission in the child's environment only.
enum MPI {
    static func mpirun() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/mpirun") {
            return "\(dir)/mpirun"
        }
        throw XCTSkip("mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev, as Scripts/setup.sh does); the MPI tests need it")
    }

    final class Job {
        let process: Process
        private let out: PipeReader, err: PipeReader

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: try MPI.mpirun())
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
            env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
            // Containers often forbid the cross-memory attach of Open MPI's shared-memory transport.
            env["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"
            process.environment = env
            let o = Pipe(), e = Pipe()
            process.standardOutput = o
            process.standardError = e
            try process.run()
            out = PipeReader(o)
            err = PipeReader(e)
        }

        func wait() -> CLI.Result {
            let stdout = out.wait(), stderr = err.wait()
            process.waitUntilExit()
            return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                              stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    static func start(ranks: Int, _ args: [String]) throws -> Job {
        try Job(["-np", String(ranks), "--oversubscribe", try CLI.binary("lapgan")] + args)
    }

    static func run(ranks: Int, _ args: [String]) throws -> CLI.Result { try start(ranks: ranks, args).wait() }

    static func execute(_ arguments: [String]) throws -> CLI.Result { try Job(["--oversubscribe"] + arguments).wait() }

    /// The process id of world rank `rank` among the children of mpirun `parent`.
    static func rankProcess(_ rank: Int, under parent: Int32) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == parent,
                  let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { continue }
            let vars = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if vars.contains("OMPI_COMM_WORLD_RANK=\(rank)") { return pid }
        }
        return nil
    }
}
