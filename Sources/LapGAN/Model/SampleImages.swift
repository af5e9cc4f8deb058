/// The one path from a sample to pixels: the explorer's views and the PNG strips both draw what these return.
public extension LapGAN {
    /// Item `index` of `sample` at every level (index k = level k), in display space, 8-bit.
    func levelImages(of sample: PyramidSample, index: Int = 0) throws -> [LevelImages] {
        try (0..<levelCount).map { k in
            let t = try displayTensors(of: sample, level: k)
            return LevelImages(image: try ImageConversion.raster(t.image, index: index),
                               lowpass: try t.lowpass.map { try ImageConversion.raster($0, index: index) },
                               bandpass: try t.bandpass.map { try ImageConversion.raster($0, index: index) })
        }
    }

    /// The final image Ĩ₀ of every item of `sample`, 8-bit.
    func finalImages(of sample: PyramidSample) throws -> [RasterImage] {
        let final = try toDisplay(image: sample.image, level: 0)
        return try (0..<sample.count).map { try ImageConversion.raster(final, index: $0) }
    }

    /// Level k of a sample in display space [−1, 1]: the image, the low-pass (nil at the coarsest level) and the
    /// band-pass stretched per item to its largest |value| (nil at the coarsest level).
    internal func displayTensors(of sample: PyramidSample, level k: Int) throws -> (image: Tensor, lowpass: Tensor?, bandpass: Tensor?) {
        try requireLevel(k)
        let level = sample.levels[k]
        let image = try toDisplay(image: level.image, level: k)
        let lowpass = try level.lowpass.map { try toDisplay(image: $0, level: k) }
        let bandpass = k == coarsest ? nil : ImageConversion.stretchedBandpass(try toDisplay(bandpass: level.bandpass, level: k))
        return (image, lowpass, bandpass)
    }
}
