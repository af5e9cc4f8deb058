import ArgumentParser
import Foundation
import LapGAN

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a model: Parzen-window log-likelihood of held-out images, per-level sliced Wasserstein distance, per-level noise use.",
        discussion: """
        Parzen window (as in the GAN and LAPGAN papers, goodfeli/adversarial parzen_ll.py): pixels in [0, 1], a Gaussian \
        kernel on each of --count model samples (or each image of --samples FILE.npy); σ is the best of 10 values log-spaced in [0.05, 1] by the mean \
        log-likelihood of the LAST --validation-count images of the training split; reported as mean ± standard error \
        (std/√N) in nats over the first --test-count images of the test split (higher is better).

        Sliced Wasserstein distance ×10³ (Karras et al. 2017): Laplacian-pyramid 7×7 patches, 128 per image, \
        512 random directions, one number per level (28×28 is padded to 32 by edge replication: levels 32 and 16) and \
        their mean, between the first --swd-images test images and as many samples (lower is better).

        Noise use Δz_k: how much the final image changes (mean |Δ|, 0–255) when only level k's noise is re-rolled, \
        over --noise-samples samples × 4 re-rolls (mean ± standard error): 0 means the level ignores its noise.

        --reference scores the first --count TRAINING images as if they were samples: the ceiling a model can reach.
        --samples FILE.npy scores images made by any tool the same way (uint8, N×H×W, N×H×W×C or N×C×H×W, square,
        the data set's size; no model needed, no noise use): e.g. a PyTorch model's samples saved with np.save.
        Samples, patches and directions come from --seed: the same command gives the same numbers.

        Examples:
          lapgan eval assets/fashion.lpg
          lapgan eval assets/fashion.lpg --reference --json runs/reference.json
          lapgan eval runs/gan.lpg --count 2000 --test-count 1000 --swd-images 500 --json runs/gan-quick.json
          lapgan eval --samples dcgan-samples.npy --json runs/dcgan.json
        """)

    @Argument(help: "A .lpg model (with --reference: only its image size and channels are used; none with --samples).")
    var model: String?

    @OptionGroup var data: DataOptions

    @Option(help: "Model samples (the Parzen kernels' centres); with --samples, the first N of the file (default: all).")
    var count: Int?

    @Option(help: ArgumentHelp("Score the images of this .npy file (uint8) instead of a model's samples.", valueName: "FILE.npy"),
            completion: .file(extensions: ["npy"]))
    var samples: String?

    @Option(help: "Test images scored (the first N of the test split).")
    var testCount: Int = 10_000

    @Option(help: "Validation images for choosing σ (the last N of the training split).")
    var validationCount: Int = 1_000

    @Option(help: "Images per set for the sliced Wasserstein distance (0: skip it).")
    var swdImages: Int = 2_000

    @Option(help: "Samples for the per-level noise use Δz_k (0: skip it).")
    var noiseSamples: Int = 128

    @Option(help: "Random seed for samples, patches and directions.")
    var seed: UInt64 = 1

    @Option(help: "Also write the results as JSON to this file.", completion: .file(extensions: ["json"]))
    var json: String?

    @Flag(help: "Score held-out training images (the first --count, never the validation ones) instead of model samples.")
    var reference = false

    func validate() throws {
        if let count, count < 1 || count > 100_000 { throw ValidationError("--count must be 1…100000") }
        if let samples, Int(samples) != nil {
            throw ValidationError("--samples takes a .npy file of images; the number of model samples is --count \(samples)")
        }
        switch (model, samples) {
        case (nil, nil): throw ValidationError("give a .lpg model, or --samples FILE.npy")
        case (.some, .some): throw ValidationError("give a model or --samples FILE.npy, not both")
        case (nil, .some) where reference: throw ValidationError("--reference needs a model (for its image size), not --samples")
        default: break
        }
        if testCount < 1 { throw ValidationError("--test-count must be positive") }
        if validationCount < 1 { throw ValidationError("--validation-count must be positive") }
        if swdImages < 0 { throw ValidationError("--swd-images must be 0 or more") }
        if noiseSamples < 0 || noiseSamples > 100_000 { throw ValidationError("--noise-samples must be 0…100000") }
    }

    /// What is scored: a model (its samples or, with --reference, training images), or a file of images.
    private struct Source {
        let model: LapGAN?
        let images: [RasterImage]?
        let size: Int
        let channels: Int
    }

    /// The held-out images in [0, 1]: the test images scored and the validation images that choose σ.
    private struct HeldOut {
        let train: Dataset
        let test: Tensor
        let validation: Tensor
    }

    /// Seconds each part of the evaluation took.
    private struct Timings {
        var sampling = 0.0, parzen = 0.0, swd = 0.0, noise = 0.0
    }

    func run() throws {
        let started = Date()
        if let json { try AtomicFile.checkTarget(json) }
        let source = try loadSource()
        let samples = count ?? source.images?.count ?? 10_000
        let heldOut = try loadHeldOut(size: source.size, channels: source.channels)
        var seconds = Timings()

        var clock = Date()
        let drawn = try scoredImages(source, count: samples, heldOut: heldOut)
        seconds.sampling = Date().timeIntervalSince(clock)

        clock = Date()
        let parzen = try scoreParzen(drawn, heldOut)
        seconds.parzen = Date().timeIntervalSince(clock)

        clock = Date()
        let swd = try scoreSlicedWasserstein(drawn, heldOut, size: source.size, samples: samples)
        seconds.swd = Date().timeIntervalSince(clock)

        clock = Date()
        var noise: NoiseSensitivityResult?
        if !reference && noiseSamples > 0, let m = source.model {
            let noiseBar = Console(total: noiseSamples, label: "noise use")
            noise = try NoiseSensitivity.average(m, samples: noiseSamples, rerolls: 4, seed: seed) { done, total in
                noiseBar.update(done, unit: "img", force: done == total)
            }
            noiseBar.finish()
        }
        seconds.noise = Date().timeIntervalSince(clock)
        let total = Date().timeIntervalSince(started)

        printReport(samples: samples, parzen: parzen, swd: swd, noise: noise, seconds: seconds, total: total)
        if let json {
            let report = EvalReport(model: self.samples ?? model ?? "", data: data.data ?? FashionMNIST.defaultDirectory, reference: reference, seed: seed,
                                    samples: samples, parzen: parzen, swd: swd, noiseUse: noise,
                                    seconds: .init(sampling: seconds.sampling, parzen: seconds.parzen, swd: seconds.swd,
                                                   noiseUse: seconds.noise, total: total))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try AtomicFile.write(try encoder.encode(report) + Data("\n".utf8), to: json)
            Console.note("wrote \(json)")
        }
    }

    private func loadSource() throws -> Source {
        if let samples {
            let images = try NumPyFile.read(samples)
            guard let first = images.first, first.width == first.height else {
                throw FileError(samples, "the images are \(images.first.map { "\($0.height)×\($0.width)" } ?? "none"), not square")
            }
            // The held-out images are scored at their own size: a file of another size or colour is refused, not
            // compared with resized or recoloured test images.
            if data.data == nil && (first.width != 28 || first.channels != 1) {
                throw FileError(samples, "the images are \(first.width)×\(first.height)×\(first.channels) but Fashion-MNIST's are 28×28×1; pass --data for another data set")
            }
            return Source(model: nil, images: images, size: first.width, channels: first.channels)
        }
        guard let model else { throw ValidationError("give a .lpg model, or --samples FILE.npy") }
        let loaded = try ModelFile.load(model).model
        return Source(model: loaded, images: nil, size: loaded.description.sizes[0], channels: loaded.channels)
    }

    /// Held-out images, raw 0–255 → [0, 1].
    private func loadHeldOut(size: Int, channels: Int) throws -> HeldOut {
        let testSet = try data.load(size: size, channels: channels, test: true)
        let trainSet = try data.load(size: size, channels: channels, test: false)
        if testSet.count == trainSet.count, testSet.images.bitwiseEqual(trainSet.images) {
            Console.note("warning: \(data.data ?? FashionMNIST.defaultDirectory) has no separate test split: test, validation and training images come from one set")
        }
        let testCount = min(self.testCount, testSet.count)
        if testCount < self.testCount { Console.note("note: the test split has \(testSet.count) images; scoring \(testCount)") }
        guard validationCount < trainSet.count else {
            throw ValidationError("--validation-count \(validationCount) leaves no training images (the split has \(trainSet.count))")
        }
        return HeldOut(train: trainSet, test: ImageConversion.unitRange(raw: try testSet.images.items(0..<testCount)),
                       validation: ImageConversion.unitRange(raw: try trainSet.images.items((trainSet.count - validationCount)..<trainSet.count)))
    }

    /// The "samples" in [0, 1]: model draws in display space, a file's images, or held-out training images.
    private func scoredImages(_ source: Source, count samples: Int, heldOut: HeldOut) throws -> Tensor {
        if reference {
            let available = heldOut.train.count - validationCount
            guard samples <= available else {
                throw ValidationError("--reference needs \(samples) training images before the \(validationCount) validation ones; the split has \(available)")
            }
            return ImageConversion.unitRange(raw: try heldOut.train.images.items(0..<samples))
        }
        if let images = source.images {
            guard samples <= images.count else {
                throw ValidationError("--count \(samples) but \(self.samples ?? "the file") holds \(images.count) images")
            }
            return ImageConversion.unitRange(raw: try DatasetLoader.rasters(Array(images.prefix(samples))))
        }
        guard let m = source.model else { throw ValidationError("nothing to score") }
        return try draw(m, count: samples)
    }

    private func scoreParzen(_ drawn: Tensor, _ heldOut: HeldOut) throws -> ParzenResult {
        let total = heldOut.validation.shape[0] + heldOut.test.shape[0]
        let bar = Console(total: total, label: "parzen")
        let parzen = try ParzenWindow.evaluate(samples: drawn, validation: heldOut.validation, test: heldOut.test) { done, _ in
            bar.update(done, unit: "img", force: done == total)
        }
        bar.finish()
        return parzen
    }

    private func scoreSlicedWasserstein(_ drawn: Tensor, _ heldOut: HeldOut, size: Int, samples: Int) throws -> SlicedWassersteinResult? {
        let swdCount = min(swdImages, heldOut.test.shape[0], samples)
        guard swdCount > 0 else { return nil }
        let levels = SlicedWasserstein.resolutions(forSize: size).count
        guard levels > 0 else {
            Console.note("note: \(size)×\(size) images are too small for the sliced Wasserstein distance (needs 16×16); skipped")
            return nil
        }
        if swdCount < swdImages { Console.note("note: sliced Wasserstein on \(swdCount) images per set") }
        let bar = Console(total: levels, label: "swd", plainInterval: 5)
        let swd = try SlicedWasserstein.evaluate(real: try heldOut.test.items(0..<swdCount), fake: try drawn.items(0..<swdCount), seed: seed) { done, total in
            bar.update(done, unit: "level", force: done == total)
        }
        bar.finish()
        return swd
    }

    private func printReport(samples: Int, parzen: ParzenResult, swd: SlicedWassersteinResult?, noise: NoiseSensitivityResult?,
                             seconds: Timings, total: Double) {
        let scored = self.samples.map { "\($0): \(samples) images from the file" } ?? "\(model ?? ""): \(samples) model samples"
        print(reference ? "reference: \(samples) held-out training images as samples, seed \(seed)" : "\(scored), seed \(seed)")
        print(String(format: "  Parzen log-likelihood  %.1f ± %.1f nats  (σ = %.4f, %d test images, σ chosen on %d validation images)",
                     parzen.mean, parzen.standardError, parzen.sigma, parzen.testCount, parzen.validationCount))
        print("    σ on validation     " + parzen.validation.map { String(format: "%.3f: %.1f", $0.sigma, $0.meanLogLikelihood) }.joined(separator: "  "))
        if let swd {
            let levels = zip(swd.resolutions, swd.distances).map { String(format: "%d: %.2f", $0.0, $0.1) }.joined(separator: "  ")
            print(String(format: "  SWD ×10³ per level     %@   mean %.2f  (%d images per set)", levels, swd.mean, swd.imageCount))
        }
        if let noise {
            let levels = noise.means.indices.reversed().map { String(format: "z%d: %.1f ± %.1f", $0, noise.means[$0], noise.standardErrors[$0]) }
            print("  noise use Δz_k (0–255)  " + levels.joined(separator: "  ") + "  (\(noise.samples) samples × \(noise.rerolls) re-rolls)")
        }
        print(String(format: "  time %.1f s (%@ %.1f s, Parzen %.1f s, SWD %.1f s, noise use %.1f s)", total,
                     reference ? "loading" : "sampling", seconds.sampling, seconds.parzen, seconds.swd, seconds.noise))
    }

    /// Model samples in batches, display space [−1, 1] mapped to [0, 1] and clamped (as an 8-bit image would be).
    func draw(_ m: LapGAN, count: Int) throws -> Tensor {
        let classes = m.description.classes
        let labels = classes > 0 ? (0..<count).map { $0 % classes } : nil
        var batches: [Tensor] = []
        let bar = Console(total: count, label: "sampling")
        try m.sampleInBatches(seeds: m.seedSets(count: count, seed: seed), labels: labels,
                              progress: { done, total in bar.update(done, unit: "img", force: done == total) }) { _, batch in
            batches.append(ImageConversion.unitRange(display: try m.toDisplay(image: batch.image, level: 0)))
        }
        bar.finish()
        return try Tensor.concatBatch(batches)
    }
}
