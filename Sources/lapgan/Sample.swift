import ArgumentParser
import Foundation
import LapGAN

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate samples: a PNG grid, a NumPy array, or each sample's pyramid level by level.",
        discussion: """
        The same --seed gives the same images, bit for bit, on the same machine.

        Examples:
          lapgan sample assets/fashion.lpg --count 64 --out grid.png
          lapgan sample assets/fashion.lpg --count 10000 --out samples.npy     (uint8, N×H×W×C)
          lapgan sample assets/fashion.lpg --count 8 --pyramid --out pyramid.png
          lapgan sample assets/fashion.lpg --start shirt.png --start-level 1 --count 8 --pyramid --out from-real.png
          lapgan sample assets/emoji64.lpg --nearest --out copy-check.png     (each sample beside its nearest training image)
          lapgan sample assets/fashion.lpg --walk 2 --frames 48 --out walk.gif  (level 2's noise walked, a seamless loop)
          lapgan sample runs/fashion.lpg --timeline --out timeline.gif        (one sample through runs/fashion.lpg.snapshots/)
        """)

    @Argument(help: "A .lpg model.")
    var model: String

    @Option(help: "Number of samples.")
    var count: Int = 64

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Output: .png (a grid), .npy (uint8 N×H×W×C), or .gif with --walk or --timeline.")
    var out: String = "samples.png"

    @Option(help: "Images per row of the grid (default: square).")
    var columns: Int?

    @Option(help: "Enlarge each image by this whole factor in the PNG.")
    var scale: Int = 2

    @Option(help: "Class label for a class-conditional model (default: each sample's class drawn uniformly).")
    var label: Int?

    @Flag(help: "One row per sample: the coarsest image, then each level's band-pass and image, enlarged to the finest size.")
    var pyramid = false

    @Option(help: "Start from this real image (PNG) shrunk to --start-level, and generate only the finer levels (the paper's figure).")
    var start: String?

    @Option(help: "The level the --start image is given at (default: the coarsest).")
    var startLevel: Int?

    @Flag(help: ArgumentHelp(
        "The copy check: beside each sample, the training image (or its mirror image) nearest to it in pixel space.",
        discussion: "Prints the distances against how far training images are from each other. The training images are the model's data set (Fashion-MNIST, EmojiOne) or --data DIR."))
    var nearest = false

    @Option(help: ArgumentHelp("The training images for --nearest (default: the model's data set).", valueName: "DIR"))
    var data: String?

    @Option(help: ArgumentHelp("Write an animated GIF of this level's noise walked along great circles through two other seeds' noise and back (the finer levels follow, the coarser stay).",
                               valueName: "LEVEL"))
    var walk: Int?

    @Option(help: "Frames of --walk.")
    var frames: Int = 48

    @Flag(help: "Write an animated GIF of one sample (--seed) through every snapshot of MODEL.snapshots/ (lapgan train --snapshot-every N).")
    var timeline = false

    func validate() throws {
        let animated = walk != nil || timeline
        if walk != nil && timeline { throw ValidationError("--walk and --timeline make different animations; choose one") }
        if animated && !out.hasSuffix(".gif") { throw ValidationError("--walk and --timeline write a GIF: --out must end in .gif, not '\(out)'") }
        if out.hasSuffix(".gif") && !animated { throw ValidationError("a .gif --out needs --walk LEVEL or --timeline") }
        if animated && (pyramid || nearest || start != nil) { throw ValidationError("--walk and --timeline animate one sample: drop --pyramid, --nearest and --start") }
        if frames < 2 || frames > 1000 { throw ValidationError("--frames must be 2…1000, not \(frames)") }
        if let walk, walk < 0 { throw ValidationError("--walk takes a level (0 is the finest), not \(walk)") }
        if count < 1 || count > 100_000 { throw ValidationError("--count must be 1…100000") }
        if scale < 1 || scale > 32 { throw ValidationError("--scale must be 1…32") }
        if let columns, columns < 1 { throw ValidationError("--columns must be positive") }
        if !(out.hasSuffix(".png") || out.hasSuffix(".npy") || animated) { throw ValidationError("--out must end in .png or .npy") }
        if pyramid && out.hasSuffix(".npy") { throw ValidationError("--pyramid writes a PNG") }
        if startLevel != nil && start == nil { throw ValidationError("--start-level needs --start IMAGE") }
        if nearest && (pyramid || out.hasSuffix(".npy")) { throw ValidationError("--nearest writes a PNG grid of pairs; drop --pyramid or .npy") }
        if data != nil && !nearest { throw ValidationError("--data is for --nearest") }
    }

    func run() throws {
        let (m, _) = try ModelFile.load(model)
        let classes = m.description.classes
        if let label, classes == 0 { throw ValidationError("this model is not class-conditional; drop --label \(label)") }
        if walk != nil || timeline { return try writeAnimation(m) }
        // A copy check's grid holds two pictures per sample.
        let side = m.description.sizes[0] * scale, perImage = side * side * (pyramid ? 2 * m.levelCount : nearest ? 2 : 1)
        if out.hasSuffix(".png"), count * perImage > 1 << 28 {
            throw ValidationError("a PNG of \(count) images at --scale \(scale) would exceed 2^28 pixels; lower --count or --scale, or write .npy")
        }
        let seeds = m.seedSets(count: count, seed: seed)
        // No --label: classes drawn uniformly, from their own stream of --seed (the noise seeds stay as they are).
        let classStream = RNG(seed: seed ^ 0x6C61_6265_6C73)
        let labels = classes > 0 ? (0..<count).map { _ in label ?? classStream.index(classes) } : nil
        var rasters: [RasterImage] = []
        var rows: [[RasterImage]] = []
        let batchSize = 256
        let bar = count > batchSize ? Console(total: count, label: "sampling") : nil
        try m.sampleInBatches(seeds: seeds, labels: labels, start: try startImage(m), batchSize: batchSize,
                              progress: { done, _ in bar?.update(done, unit: "img") }) { _, batch in
            rasters += try m.finalImages(of: batch)
            if pyramid { for i in 0..<batch.count { rows.append(try ImageConversion.pyramidStrip(m, batch, index: i)) } }
        }
        bar?.finish()
        if nearest {
            try writeCopyCheck(m, samples: rasters)
        } else if out.hasSuffix(".npy") {
            try NumPyFile.write(rasters, to: out)
        } else if pyramid {
            let cols = rows.first?.count ?? 1
            try PNGFile.write(try ImageConversion.grid(rows.flatMap { $0 }.map { ImageConversion.enlarged($0, factor: scale) }, columns: cols), to: out)
        } else {
            let cols = min(columns ?? Int(Double(count).squareRoot().rounded(.up)), count)
            try PNGFile.write(try ImageConversion.grid(rasters.map { ImageConversion.enlarged($0, factor: scale) }, columns: cols), to: out)
        }
        if !nearest { Console.note("wrote \(out) (\(count) samples, seed \(seed))") }
    }

    /// --walk LEVEL or --timeline: one sample (--seed, --label or class 0) animated, enlarged by --scale.
    private func writeAnimation(_ m: LapGAN) throws {
        let seeds = m.seedSets(count: 1, seed: seed)[0]
        let labels = m.description.classes > 0 ? [label ?? 0] : nil
        var images: [RasterImage]
        if let walk {
            guard walk < m.levelCount else { throw ValidationError("--walk \(walk): \(model) has levels 0…\(m.coarsest)") }
            let rng = RNG(seed: seed ^ 0x7761_6C6B)
            let sample = try m.sample(seeds: [seeds], labels: labels)
            images = try m.walk(sample, level: walk, through: [rng.nextSeed(), rng.nextSeed(), seeds[walk]], frames: frames)
                .compactMap { try m.finalImages(of: $0).first }
        } else {
            let folder = SnapshotFolder(model: model)
            guard folder.exists else {
                throw ValidationError("\(model) has no snapshots (\(folder.path) does not exist): train with lapgan train --snapshot-every N")
            }
            let made = try folder.finalImages(seeds: seeds, labels: labels, reference: m)
            for note in made.skipped { Console.note("skipped \(note)") }
            images = made.frames.map(\.image)
            guard !images.isEmpty else { throw ValidationError("\(folder.path) holds no snapshots yet") }
        }
        images = images.map { ImageConversion.enlarged($0, factor: scale) }
        guard let first = images.first else { throw ValidationError("\(model) made no frames") }
        let error = try GIFFile.write(images, delay: timeline ? 40 : 8, to: out)
        Console.note("wrote \(out) (\(images.count) frames of \(first.width)×\(first.height)\(error.max > 0 ? String(format: ", quantised to 256 colours, mean error %.1f/255", error.mean) : ""))")
    }

    /// The copy check: the grid of pairs (sample, nearest training image), and the distances printed beside
    /// the training set's own nearest-neighbour distances.
    private func writeCopyCheck(_ m: LapGAN, samples: [RasterImage]) throws {
        let d = m.description
        let started = Date()
        guard let directory = data ?? KnownData.directory(dataset: d.dataset, model: d.name) else {
            throw ValidationError("\(model): no training images known for its data set '\(d.dataset)'; pass --data DIR")
        }
        let set = try DataOptions.load(directory, size: d.sizes[0], channels: d.channels)
        let check = try CopyCheck(training: set.images)
        let matches = try check.nearest(to: try DatasetLoader.rasters(samples))
        let reference = try check.referenceDistances(count: 256)
        var cells: [RasterImage] = []
        for (sample, match) in zip(samples, matches) {
            cells.append(ImageConversion.enlarged(sample, factor: scale))
            cells.append(ImageConversion.enlarged(try check.picture(match.index, mirrored: match.mirrored), factor: scale))
        }
        let pairs = min(columns ?? Int(Double(samples.count).squareRoot().rounded(.up)), samples.count)
        try PNGFile.write(try ImageConversion.grid(cells, columns: 2 * pairs), to: out)
        let distances = matches.map(\.distance)
        let closest = matches.indices.min { matches[$0].distance < matches[$1].distance } ?? 0
        print("""
            wrote \(out): \(samples.count) samples (seed \(seed)), each followed by its nearest of \(set.count) training images \
            and their mirror images (\(set.name), searched in \(String(format: "%.1f", Date().timeIntervalSince(started))) s)
              sample → nearest training image   median \(Self.format(Self.median(distances)))  closest \(Self.format(distances.min() ?? 0)) (sample \(closest + 1) of the grid, training image index \(matches[closest].index)\(matches[closest].mirrored ? " mirrored" : ""))
              training image → nearest other    median \(Self.format(Self.median(reference)))  closest \(Self.format(reference.min() ?? 0))  (\(reference.count) training images spread over the set)
              (root-mean-square difference per value, grey levels 0–255; a copy would sit far below the training set's own median)
            """)
    }

    private static func median(_ values: [Float]) -> Float {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    private static func format(_ v: Float) -> String { String(format: "%.1f", v) }

    /// The --start image in model space at its level.
    private func startImage(_ m: LapGAN) throws -> (image: Tensor, level: Int)? {
        guard let start else { return nil }
        let level = startLevel ?? m.coarsest
        try m.requireLevel(level)
        let d = m.description
        let raster = try PNGFile.read(start).converted(toChannels: d.channels).resizedSquare(to: d.sizes[0])
        let finest = try m.toModelSpace(raw: DatasetLoader.rasters([raster]))
        return (try m.pyramid.down(finest, to: level), level)
    }
}
