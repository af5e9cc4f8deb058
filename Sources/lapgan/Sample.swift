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
        """)

    @Argument(help: "A .lpg model.")
    var model: String

    @Option(help: "Number of samples.")
    var count: Int = 64

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Output: .png (a grid) or .npy (uint8 N×H×W×C).")
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

    func validate() throws {
        if count < 1 || count > 100_000 { throw ValidationError("--count must be 1…100000") }
        if scale < 1 || scale > 32 { throw ValidationError("--scale must be 1…32") }
        if let columns, columns < 1 { throw ValidationError("--columns must be positive") }
        if !(out.hasSuffix(".png") || out.hasSuffix(".npy")) { throw ValidationError("--out must end in .png or .npy") }
        if pyramid && out.hasSuffix(".npy") { throw ValidationError("--pyramid writes a PNG") }
        if startLevel != nil && start == nil { throw ValidationError("--start-level needs --start IMAGE") }
    }

    func run() throws {
        let (m, _) = try ModelFile.load(model)
        let classes = m.description.classes
        if let label, classes == 0 { throw ValidationError("this model is not class-conditional; drop --label \(label)") }
        let side = m.description.sizes[0] * scale, perImage = side * side * (pyramid ? 2 * m.levelCount : 1)
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
        if out.hasSuffix(".npy") {
            try NumPyFile.write(rasters, to: out)
        } else if pyramid {
            let cols = rows.first?.count ?? 1
            try PNGFile.write(try ImageConversion.grid(rows.flatMap { $0 }.map { ImageConversion.enlarged($0, factor: scale) }, columns: cols), to: out)
        } else {
            let cols = columns ?? Int(Double(count).squareRoot().rounded(.up))
            try PNGFile.write(try ImageConversion.grid(rasters.map { ImageConversion.enlarged($0, factor: scale) }, columns: cols), to: out)
        }
        Console.note("wrote \(out) (\(count) samples, seed \(seed))")
    }

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
