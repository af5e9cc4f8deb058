public extension LapGAN {
    /// Samples one image per seed set in batches of `batchSize`, handing each batch to `body` with the index of its
    /// first image, and reporting `progress(done, total)` after each batch. `labels` (one per image) condition a
    /// class-conditional model; `start` (an image [1, C, S, S] in model space at `level`) starts every image from a
    /// given low-pass, generating only the finer levels. `lapgan sample` and `lapgan eval` draw their samples this way.
    func sampleInBatches(seeds: [[UInt64]], labels: [Int]? = nil, start: (image: Tensor, level: Int)? = nil, batchSize: Int = 256,
                         progress: (_ done: Int, _ total: Int) -> Void = { _, _ in },
                         _ body: (_ first: Int, _ batch: PyramidSample) throws -> Void) throws {
        let total = seeds.count, size = max(1, batchSize)
        if let labels, labels.count != total { throw ShapeError("\(labels.count) labels for \(total) samples") }
        for first in stride(from: 0, to: total, by: size) {
            let range = first..<min(total, first + size)
            let batchSeeds = Array(seeds[range]), batchLabels = labels.map { Array($0[range]) }
            let batch: PyramidSample
            if let start {
                let repeated = try Tensor.concatBatch(Array(repeating: start.image, count: range.count))
                batch = try sample(startingFrom: repeated, level: start.level, seeds: batchSeeds, labels: batchLabels)
            } else {
                batch = try sample(seeds: batchSeeds, labels: batchLabels)
            }
            try body(first, batch)
            progress(range.upperBound, total)
        }
    }
}
