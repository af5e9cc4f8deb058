import Foundation

/// The paper's check that a model does not copy its training set: for each sample, the nearest training image in
/// pixel space, the training images' mirror images included (a model trained with flips could copy either). The
/// distances are read against a reference: how far a training image is from its nearest *other* training image.
/// Samples much closer to the set than that would be copies; samples as far or farther are new pictures.
///
///     let check = try CopyCheck(training: data.images)             // raw 0–255 [N, C, S, S]
///     let matches = try check.nearest(to: samples)                 // one Match per sample
///     let typical = try check.referenceDistances(count: 256)       // training image → nearest other one
public struct CopyCheck {
    /// A sample's nearest training image: its index in the set, whether it matched mirrored, and the
    /// root-mean-square difference per value in grey levels (0–255).
    public struct Match: Equatable, Sendable {
        public let index: Int
        public let mirrored: Bool
        public let distance: Float
    }

    /// The training images, raw 0–255 [N, C, S, S].
    public let training: Tensor
    private let index: NearestNeighbours

    /// Indexes the training images and their left-right mirror images (2N images).
    public init(training: Tensor) throws {
        guard training.rank == 4, training.shape[0] > 0 else {
            throw ShapeError("the copy check needs training images [N, C, S, S], got \(training.shape)")
        }
        let n = training.shape[0]
        // The images, then each mirrored: the gather that training's flips use.
        let both = LevelData.gather(training, Array(0..<n) + Array(0..<n), flips: Array(repeating: false, count: n) + Array(repeating: true, count: n))
        self.training = training
        index = try NearestNeighbours(images: both)
    }

    /// The nearest training image (or mirror image) to each of `samples` (raw 0–255, the training images' shape).
    public func nearest(to samples: Tensor) throws -> [Match] {
        let scale = 1 / Float(index.dimension).squareRoot()
        let n = training.shape[0]
        return try index.search(samples, k: 1).map { found in
            guard let best = found.first else { throw ShapeError("no neighbour found") }
            return Match(index: best.index % n, mirrored: best.index >= n, distance: best.distance * scale)
        }
    }

    /// For `count` training images spread evenly over the set (a folder's files sort by name, so the first ones
    /// would be alike), the distance to the nearest training image other than itself and its own mirror image (the
    /// same units as `Match.distance`): what "near" means in this set.
    public func referenceDistances(count: Int) throws -> [Float] {
        let n = training.shape[0], m = min(max(count, 1), n)
        guard n > 1 else { return [] }
        let picked = (0..<m).map { $0 * n / m }
        let queries = LevelData.gather(training, picked, flips: Array(repeating: false, count: m))
        let scale = 1 / Float(index.dimension).squareRoot()
        return try zip(picked, index.search(queries, k: 3)).map { i, found in
            guard let other = found.first(where: { $0.index % n != i }) else { throw ShapeError("no other image found") }
            return other.distance * scale
        }
    }

    /// Training image `index` (mirrored when asked) as an 8-bit image.
    public func picture(_ index: Int, mirrored: Bool = false) throws -> RasterImage {
        guard index >= 0, index < training.shape[0] else { throw ShapeError("no training image \(index)") }
        let c = training.shape[1], h = training.shape[2], w = training.shape[3], plane = h * w
        let src = training.data + index * c * plane
        var pixels = [UInt8](repeating: 0, count: c * plane)
        for y in 0..<h {
            for x in 0..<w {
                let from = y * w + (mirrored ? w - 1 - x : x)
                for ch in 0..<c { pixels[(y * w + x) * c + ch] = UInt8(min(max(src[ch * plane + from], 0), 255).rounded()) }
            }
        }
        return RasterImage(width: w, height: h, channels: c, pixels: pixels)
    }
}
