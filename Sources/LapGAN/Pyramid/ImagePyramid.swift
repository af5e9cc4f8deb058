import Foundation

/// The Gaussian and Laplacian pyramid of one picture (any PNG, grey or colour), ready to look at: the image
/// centre-cropped to a square and resized to the finest size, each level's I_k, l_k = u(I_{k+1}) and h_k as 8-bit
/// pictures, each band's energy, and how exactly the bands rebuild the image.
public struct ImagePyramid {
    public let pyramid: Pyramid
    /// The finest image in display space [−1, 1], [1, C, S, S].
    public let image: Tensor
    /// Level k's pictures: I_k, and for k < K l_k and h_k (stretched to full contrast, mid-grey = 0).
    public let levels: [LevelImages]
    /// The root-mean-square of h_k in 0–255 units (k < K); of I_K itself at the coarsest level.
    public let energy: [Double]
    /// max |I_0 − reconstruct(h_0 … h_{K−1}, I_K)| in 0–255 units: 0 up to float rounding.
    public let reconstructionError: Double

    /// The largest finest size at most 256 that halves exactly down to a coarsest level of at least 4 pixels.
    public static let largestSize = 256, smallestSize = 4

    /// Sizes chosen for a `width`×`height` image: finest = min(side, 256) rounded down so that it halves exactly,
    /// then halved while the next level has at least 4 pixels (e.g. 28×28 → 28, 14, 7; 640×480 → 256 … 4;
    /// 200×100 → 96, 48, 24, 12, 6). Nil when the shorter side is under 4 pixels.
    public static func sizes(width: Int, height: Int) -> [Int]? {
        let side = min(width, height, largestSize)
        guard side >= smallestSize else { return nil }
        var halvings = 0
        while side >> (halvings + 1) >= smallestSize { halvings += 1 }
        let finest = (side >> halvings) << halvings
        return (0...halvings).map { finest >> $0 }
    }

    /// The pyramid of `raster` over `sizes` (finest first, strictly decreasing).
    public init(_ raster: RasterImage, sizes: [Int]) throws {
        if let problem = raster.shapeProblem { throw ShapeError(problem) }
        let pyramid = try Pyramid(sizes: sizes)
        let x = ImageConversion.displaySpace(raw: try DatasetLoader.rasters([raster.resizedSquare(to: sizes[0])]))
        let gaussian = try pyramid.gaussian(x), bands = try pyramid.laplacian(x)
        var levels: [LevelImages] = []
        var energy: [Double] = []
        for k in 0..<pyramid.levels {
            let last = k == pyramid.coarsest
            levels.append(LevelImages(image: try ImageConversion.raster(gaussian[k]),
                                      lowpass: last ? nil : try ImageConversion.raster(try pyramid.up(gaussian[k + 1], to: k)),
                                      bandpass: last ? nil : try ImageConversion.raster(ImageConversion.stretchedBandpass(bands[k]))))
            let values = bands[k].array
            let meanSquare = values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, values.count))
            energy.append(meanSquare.squareRoot() * 127.5)
        }
        self.pyramid = pyramid
        self.image = x
        self.levels = levels
        self.energy = energy
        self.reconstructionError = Double(try pyramid.reconstruct(bands).maxAbsDifference(x)) * 127.5
    }
}
