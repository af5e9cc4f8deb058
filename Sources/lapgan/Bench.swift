import ArgumentParser
import Foundation
import LapGAN

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print speed figures (build with -c release): gemm, conv, train, sample, layers.",
        discussion: """
        gemm    sgemm GFLOP/s on the conv layers' matrix shapes, split over the cores as the layers do
        conv    Conv2D forward+backward for the eyescream fine level (C+1→64 7×7, 64→64 7×7, 64→C 5×5, 28×28,
                batch 128) through im2col and through the path each layer chooses (effective GFLOP/s = direct
                FLOPs ÷ time); conv_effective_gflops= and, last line, conv_fraction_of_sgemm= (im2col)
        train   images/s of one training iteration of that level (D on B/2 real + B/2 generated, then G on B),
                median of --repeats; --size, --channels, --width, --batch, --threads as torch_level.py takes them;
                last line train_images_per_s=
        sample  ms to sample one 28×28 image through every level of the fashion model, sample_ms=
        layers  forward/backward time of each layer of one level (--preset/--model, --level) and, for each
                convolution, the path it computes by and why
        --conv-path unfolded|direct|frequency forces one path (stride-1 layers) to compare paths on train/layers
        allreduce  under mpirun: for each level of the fashion (default) and cifar (the paper's) shapes, the bytes
                and time of one step's fused gradient allreduces and their share of a data-parallel step
                (mpirun -np 2 lapgan bench allreduce)

        Examples:
          swift build -c release && .build/release/lapgan bench conv
          .build/release/lapgan bench train --size 32 --channels 3 --width 64 --batch 128 --threads 2
          python3 ../shared/bench/torch_level.py --size 32 --channels 3 --width 64 --batch 128 --threads 2
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable { case gemm, conv, train, sample, layers, allreduce }

    @Argument(help: "What to measure: gemm, conv, train, sample or layers.")
    var kind: Kind

    @Option(help: "Worker threads (default: the number of cores, at most 8).")
    var threads: Int?

    @Option(help: "Colour channels C of the benchmarked level (the torch peer script uses 3).")
    var channels: Int = 3

    @Option(help: "Image size S of the benchmarked level for `train`.")
    var size: Int = 28

    @Option(help: "Conv width W of the benchmarked level for `train`.")
    var width: Int = 64

    @Option(help: "Batch size B for `train`.")
    var batch: Int = 128

    @Option(help: "Force one convolution path for stride-1 layers: unfolded, direct or frequency (default: each layer's choice).")
    var convPath: String?

    @Option(help: "Repetitions to time.")
    var repeats: Int = 3

    @Option(help: "Preset for `layers` (when no --model is given).")
    var preset: Preset = .fashion

    @Option(help: "Level for `layers`.")
    var level: Int = 0

    @Option(help: "Model for `sample` (default: assets/fashion.lpg if present, else an untrained fashion model).")
    var model: String?

    func validate() throws {
        if channels < 1 || channels > 64 { throw ValidationError("--channels must be 1…64") }
        if repeats < 1 || repeats > 100 { throw ValidationError("--repeats must be 1…100") }
        if size < 12 || size > 256 { throw ValidationError("--size must be 12…256") }
        if width < 1 || width > 512 { throw ValidationError("--width must be 1…512") }
        if batch < 2 || batch > 4096 { throw ValidationError("--batch must be 2…4096") }
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be 1…256") }
    }

    func run() throws {
        var path: ConvolutionPath?
        if let convPath {
            guard let chosen = ConvolutionPath(rawValue: convPath) else {
                throw ValidationError("--conv-path must be unfolded, direct or frequency, not \(convPath)")
            }
            path = chosen
        }
        try Parallel.withWorkers(threads ?? Parallel.workers) { try run(convolutionPath: path) }
    }

    private func run(convolutionPath path: ConvolutionPath?) throws {
        if kind == .allreduce {
            guard MPIRuntime.launched else {
                Console.note("note: not under mpirun; one process has nothing to reduce (mpirun -np 2 lapgan bench allreduce)")
                return try Benchmarks.allreduce(presets: [.fashion, .cifar], communicator: SingleProcess(), batch: 128,
                                                repeats: repeats, report: { print($0) })
            }
            let world: MPICommunicator
            do { world = try MPIRuntime.start() } catch { MPIRuntime.abort(rank: MPIRuntime.environmentRank, error) }
            do {
                try Benchmarks.allreduce(presets: [.fashion, .cifar], communicator: world, batch: 128, repeats: repeats,
                                         report: { if world.rank == 0 { print($0) } })
                MPIRuntime.finish()
            } catch {
                MPIRuntime.abort(rank: world.rank, error)
            }
            return
        }
        #if DEBUG
        Console.note("warning: this is a debug build; figures are meaningless — use swift build -c release")
        #endif
        print("threads=\(Parallel.workers)")
        switch kind {
        case .gemm: _ = try Benchmarks.gemm(channels: channels, repeats: repeats, report: { print($0) })
        case .conv: try Benchmarks.conv(channels: channels, repeats: repeats, convolutionPath: path, report: { print($0) })
        case .train:
            try Benchmarks.train(.init(size: size, channels: channels, width: width, batch: batch), repeats: repeats,
                                 convolutionPath: path, report: { print($0) })
        case .sample: try Benchmarks.sample(modelPath: model, report: { print($0) })
        case .layers:
            let m = try model.map { try ModelFile.load($0).model } ?? LapGAN(try preset.description(), seed: 1)
            try Benchmarks.layers(model: m, level: level, batch: 128, convolutionPath: path, report: { print($0) })
        case .allreduce: break
        }
    }
}
