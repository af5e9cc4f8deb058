import Foundation

/// Gaussian and Laplacian pyramids over a list of sizes, finest first (e.g. [28, 14, 7]).
///
/// d(·) is an area-average shrink of the original image to each size; u(·) is the corner-aligned bilinear
/// expansion to the next finer size. h_k = I_k − u(I_{k+1}); the coarsest level keeps I_K itself.
public struct Pyramid: Sendable, Equatable {
    public let sizes: [Int]

    public init(sizes: [Int]) throws {
        guard !sizes.isEmpty else { throw ShapeError("a pyramid needs at least one size") }
        guard sizes.allSatisfy({ $0 > 0 }), zip(sizes, sizes.dropFirst()).allSatisfy({ $0 > $1 }) else {
            throw ShapeError("pyramid sizes must be positive and strictly decreasing, finest first: \(sizes)")
        }
        self.sizes = sizes
    }

    public var levels: Int { sizes.count }
    public var coarsest: Int { sizes.count - 1 }

    /// d(): images of the finest size shrunk to level k's size.
    public func down(_ image: Tensor, to level: Int) throws -> Tensor {
        try Resample.resize(image, to: sizes[level])
    }

    /// u(): an image of level k+1's size expanded to level k's size.
    public func up(_ image: Tensor, to level: Int) throws -> Tensor {
        try Resample.resize(image, to: sizes[level])
    }

    /// I_0 … I_K, each made from the original image.
    public func gaussian(_ image: Tensor) throws -> [Tensor] {
        guard image.rank == 4, image.shape[2] == sizes[0], image.shape[3] == sizes[0] else {
            throw ShapeError("pyramid of size \(sizes[0]) got image \(image.shape)")
        }
        return try (0..<levels).map { k in k == 0 ? image.copy() : try down(image, to: k) }
    }

    /// h_0 … h_{K−1} and I_K.
    public func laplacian(_ image: Tensor) throws -> [Tensor] {
        let g = try gaussian(image)
        return try (0..<levels).map { k in
            k == coarsest ? g[k] : try Tensor.difference(g[k], up(g[k + 1], to: k))
        }
    }

    /// The low-pass conditioning input l_k = u(I_{k+1}) and band-pass h_k = I_k − l_k for one level k < K.
    public func level(_ k: Int, of image: Tensor) throws -> (lowpass: Tensor, bandpass: Tensor) {
        guard k >= 0, k < coarsest else { throw ShapeError("level \(k) has no low-pass (levels 0…\(coarsest - 1) do)") }
        let fine = try down(image, to: k), coarse = try down(image, to: k + 1)
        let low = try up(coarse, to: k)
        return (low, try Tensor.difference(fine, low))
    }

    /// I_0 from a Laplacian pyramid: I_k = u(I_{k+1}) + h_k.
    public func reconstruct(_ bands: [Tensor]) throws -> Tensor {
        guard bands.count == levels else { throw ShapeError("reconstruct needs \(levels) bands, got \(bands.count)") }
        var image = bands[coarsest]
        for k in stride(from: coarsest - 1, through: 0, by: -1) {
            image = try Tensor.sum(up(image, to: k), bands[k])
        }
        return image
    }
}
