import Foundation

/// The measurements behind `lapgan bench`: each reports lines of text through `report`.
public enum Benchmarks {
    /// The eyescream fine level's convolutions at 28×28: (in, out, kernel).
    static func fineLevelConvs(channels c: Int) -> [(Int, Int, Int)] { [(c + 1, 64, 7), (64, 64, 7), (64, c, 5)] }

    static func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()  // warm-up
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return best
    }

    /// sgemm GFLOP/s on the conv shapes (M = out channels, K = in·k², N = columns of a sample group),
    /// every worker running its own sgemm at once, as Conv2D does. Returns the mean over shapes.
    @discardableResult
    public static func gemm(channels: Int, repeats: Int, report: (String) -> Void) throws -> [Double] {
        var rates: [Double] = []
        let workers = Parallel.workers
        for (cin, cout, k) in fineLevelConvs(channels: channels) {
            let K = cin * k * k, N = 784 * 2, M = cout
            let a = Tensor(zeros: [M, K]), b = Tensor(zeros: [K, N])
            RNG(seed: 1).fillUniform(a, -1, 1)
            RNG(seed: 2).fillUniform(b, -1, 1)
            let outs = (0..<workers).map { _ in Tensor(zeros: [M, N]) }
            let calls = 16
            let seconds = time(repeats) {
                Parallel.split(workers * calls) { w, range in
                    for _ in range {
                        BLAS.gemm(m: M, n: N, k: K, a: a.data, lda: K, b: b.data, ldb: N, c: outs[w].data, ldc: N)
                    }
                }
            }
            let gflops = Double(2 * M * N * K * workers * calls) / seconds / 1e9
            rates.append(gflops)
            report(String(format: "sgemm M=%d N=%d K=%d ×%d workers: %.1f GFLOP/s", M, N, K, workers, gflops))
        }
        report(String(format: "sgemm_gflops=%.1f (best shape)", rates.max() ?? 0))
        return rates
    }

    /// Conv2D forward + backward GFLOP/s at the fine level's shapes, and its fraction of the sgemm figure.
    /// Conv2D forward + backward of the fine level's layers through im2col (GFLOP/s and its fraction of the sgemm
    /// figure) and through the path each layer chooses (effective GFLOP/s: direct-convolution FLOPs ÷ time).
    /// `convolutionPath`: the path compared with im2col (nil: each layer's rule).
    public static func conv(channels: Int, repeats: Int, convolutionPath: ConvolutionPath? = nil, report: (String) -> Void) throws {
        let sgemm = try gemm(channels: channels, repeats: repeats, report: report)
        let rng = RNG(seed: 3), n = 128, size = 28
        var totalFlops = 0.0, unfoldedSeconds = 0.0, chosenSeconds = 0.0, gemmSeconds = 0.0
        for (i, (cin, cout, k)) in fineLevelConvs(channels: channels).enumerated() {
            let conv = Conv2D(inChannels: cin, outChannels: cout, kernel: k, rng: rng)
            let x = Tensor(zeros: [n, cin, size, size])
            rng.fillUniform(x, -1, 1)
            let gy = Tensor(zeros: [n, cout, size, size])
            rng.fillUniform(gy, -1, 1)
            func measure(_ path: ConvolutionPath?) throws -> Double {
                let ctx = ForwardContext(training: true, convolutionPath: path)
                return try time(repeats) {
                    let tape = Tape()
                    _ = try conv.forward(x, ctx.recording(on: tape))
                    _ = try conv.backward(gy, tape)
                }
            }
            let unfolded = try measure(.unfolded)
            let chosenTime = try measure(convolutionPath)
            let chosen = ConvolutionPath.choose(inChannels: cin, outChannels: cout, kernel: k, stride: 1, forced: convolutionPath)
            let flops = 3.0 * 2.0 * Double(cout * cin * k * k * size * size * n)
            totalFlops += flops
            unfoldedSeconds += unfolded
            chosenSeconds += chosenTime
            gemmSeconds += flops / (sgemm[i] * 1e9)
            report(String(format: "conv %d→%d %d×%d 28×28 batch %d: im2col %.1f ms (%.1f GFLOP/s); %@ %.1f ms (%.1f GFLOP/s effective, %.1f×) — %@",
                          cin, cout, k, k, n, unfolded * 1e3, flops / unfolded / 1e9, chosen.path.rawValue, chosenTime * 1e3,
                          flops / chosenTime / 1e9, unfolded / chosenTime, chosen.reason))
        }
        report(String(format: "conv_gflops=%.1f", totalFlops / unfoldedSeconds / 1e9))
        report(String(format: "conv_effective_gflops=%.1f", totalFlops / chosenSeconds / 1e9))
        // The same FLOPs as bare sgemm calls of each layer's shape would take gemmSeconds.
        report(String(format: "conv_fraction_of_sgemm=%.2f", gemmSeconds / unfoldedSeconds))
    }

    /// The shape of one conv level to train, as `../shared/bench/torch_level.py` takes it.
    public struct LevelShape {
        public var size = 28, channels = 3, width = 64, batch = 128
        public init() {}
        public init(size: Int, channels: Int, width: Int, batch: Int) {
            self.size = size; self.channels = channels; self.width = width; self.batch = batch
        }
    }

    /// The eyescream fine level (G: 7×7 (C+1)→W, 7×7 W→W, 5×5 W→C; D: 5×5 valid C→W, 5×5 stride 2 W→W, dropout,
    /// linear) as a one-level training problem on random data, with the paper's SGD.
    public static func fineLevelTrainer(_ shape: LevelShape, convolutionPath: ConvolutionPath? = nil) throws -> Trainer {
        var options = Preset.Options()
        options.sizes = [shape.size, shape.size / 2]
        let d = Preset.cascade(name: "bench", sizes: [shape.size, shape.size / 2], channels: shape.channels, options: options,
                               coarseHidden: (64, 64), fineWidth: shape.width, fineKernels: (7, 7, 5), dataset: "random")
        let model = try LapGAN(d, seed: 1)
        let images = Tensor(zeros: [256, shape.channels, shape.size, shape.size])
        RNG(seed: 4).fillUniform(images, 0, 255)
        var settings = TrainingSettings(levels: [0], steps: Int.max)
        settings.batchSize = shape.batch
        settings.optimizer = .paperSGD
        settings.convolutionPath = convolutionPath
        return try Trainer(model: model, dataset: Dataset(name: "random", images: images), settings: settings)
    }

    /// Images per second of one training iteration of the fine level (D on B/2 real + B/2 generated, then G on B).
    public static func train(_ shape: LevelShape, repeats: Int, convolutionPath: ConvolutionPath? = nil,
                             report: (String) -> Void) throws {
        let trainer = try fineLevelTrainer(shape, convolutionPath: convolutionPath)
        guard let level = trainer.levels.first else { return }
        _ = try level.iteration()  // warm-up: buffers, plans
        var times: [Double] = []
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try level.iteration()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let median = times.sorted()[times.count / 2]
        report(String(format: "one iteration (%d×%d, C=%d, batch %d, width %d): median %.1f ms of %d", shape.size, shape.size,
                      shape.channels, shape.batch, shape.width, median * 1e3, repeats))
        report(String(format: "train_images_per_s=%.1f", Double(shape.batch) / median))
    }

    /// For each level of each preset: the size of the two fused gradient buffers of a step (D's, then G's), the time
    /// of their allreduce over `communicator`, and the time of a whole data-parallel step at global batch `batch`
    /// (every rank computing batch/N rows). All ranks must call this alike; `report` is called on every rank.
    public static func allreduce(presets: [Preset], communicator: Communicator, batch: Int, repeats: Int,
                                 report: (String) -> Void) throws {
        for preset in presets {
            let description = try preset.description()
            let model = try LapGAN(description, seed: 1)
            let images = Tensor(zeros: [max(256, 2 * communicator.size), description.channels, description.sizes[0], description.sizes[0]])
            RNG(seed: 4).fillUniform(images, 0, 255)
            let dataset = try Dataset(name: "random", images: images)
            for k in 0..<model.levelCount {
                var settings = TrainingSettings(levels: [k], steps: Int.max)
                settings.batchSize = batch
                let trainer = try Trainer(model: model, dataset: dataset, settings: settings,
                                          distribution: .dataParallel(communicator, levels: [k]))
                guard let level = trainer.levels.first else { continue }
                let nD = model.discriminators[k].parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count } + 4
                let nG = model.generators[k].parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count } + 2
                var d = [Float](repeating: 1, count: nD), g = [Float](repeating: 1, count: nG)
                let reduce = try time(max(repeats, 5)) {
                    try communicator.allreduceSum(&d)
                    try communicator.allreduceSum(&g)
                }
                let step = try time(repeats) { _ = try level.iteration() }
                let bytes = 4 * (nD + nG)
                report(String(format: "%@ level %d (%d×%d): %d floats fused (D %d + G %d) = %.2f MB/step; allreduce %.3f ms; step %.1f ms on %d rank(s) at batch %d (%d per rank); allreduce share %.1f%%",
                              preset.rawValue, k, description.sizes[k], description.sizes[k], nD + nG, nD, nG, Double(bytes) / 1e6,
                              reduce * 1e3, step * 1e3, communicator.size, batch, batch / communicator.size, 100 * reduce / step))
                report(String(format: "allreduce preset=%@ level=%d bytes=%d allreduce_ms=%.3f step_ms=%.2f share=%.4f ranks=%d",
                              preset.rawValue, k, bytes, reduce * 1e3, step * 1e3, reduce / step, communicator.size))
            }
        }
    }

    public static func sample(modelPath: String?, report: (String) -> Void) throws {
        let model: LapGAN
        if let path = modelPath ?? (FileManager.default.fileExists(atPath: "assets/fashion.lpg") ? "assets/fashion.lpg" : nil) {
            model = try ModelFile.load(path).model
            report("model \(path)")
        } else {
            model = try LapGAN(try Preset.fashion.description(), seed: 1)
            report("model: untrained fashion preset")
        }
        let seeds = model.seedSets(count: 1, seed: 9)
        let n = 50
        let seconds = try time(3) { for _ in 0..<n { _ = try model.sample(seeds: seeds) } } / Double(n)
        report(String(format: "sample_ms=%.3f", seconds * 1e3))
    }

    /// Forward and backward time of every layer of G_k and D_k of a model, at batch `batch`.
    public static func layers(model: LapGAN, level k: Int, batch: Int, convolutionPath: ConvolutionPath? = nil,
                              report: (String) -> Void) throws {
        try model.requireLevel(k)
        let ctx = ForwardContext(training: true, convolutionPath: convolutionPath)
        for (role, net) in [("G", model.generators[k]), ("D", model.discriminators[k])] {
            let size = model.description.sizes[k]
            var x = Tensor(zeros: role == "G" ? try model.generatorInputShape(level: k, count: batch)
                           : (k == model.coarsest ? [batch, model.channels * size * size] : [batch, model.channels, size, size]))
            RNG(seed: 1).fillUniform(x, -1, 1)
            var total = 0.0
            for (i, layer) in net.body.layers.enumerated() {
                var y = x
                let f = try time(2) { y = try layer.forward(x, ctx) }
                // Backward needs its forward's record: time both, then take the forward away.
                let both = try time(2) {
                    let tape = Tape()
                    let out = try layer.forward(x, ctx.recording(on: tape))
                    _ = try layer.backward(out, tape)
                }
                let b = max(0, both - f)
                total += f + b
                let how = (layer as? Conv2D).map { $0.path(forced: convolutionPath) }.map { "  \($0.path.rawValue): \($0.reason)" } ?? ""
                report(String(format: "%@ %2d %-10@ %@ → %@  fwd %7.2f ms  bwd %7.2f ms%@", role, i, "\(type(of: layer))",
                              "\(x.shape)", "\(y.shape)", f * 1e3, b * 1e3, how))
                x = y
            }
            report(String(format: "%@ total fwd+bwd %.1f ms", role, total * 1e3))
        }
    }
}
