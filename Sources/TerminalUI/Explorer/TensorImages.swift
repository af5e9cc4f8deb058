import Foundation
import LapGAN

/// Turns items of display-space tensors into `PixelImage`s for the half-block blitter.
enum TensorImages {
    /// Item `index` of an image tensor in display space [−1, 1].
    static func image(_ t: Tensor, index: Int = 0) -> PixelImage? {
        guard t.rank == 4, index < t.shape[0] else { return nil }
        let per = t.itemCount
        let planar = Array(UnsafeBufferPointer(start: t.data + index * per, count: per))
        return PixelImage(width: t.shape[3], height: t.shape[2], channels: t.shape[1], planar: planar)
    }

    /// Item `index` of a band-pass tensor: mid-grey = 0, contrast stretched to its largest |value|.
    static func bandpass(_ t: Tensor, index: Int = 0) -> PixelImage? {
        guard t.rank == 4, index < t.shape[0] else { return nil }
        let per = t.itemCount
        let planar = Array(UnsafeBufferPointer(start: t.data + index * per, count: per))
        return PixelImage.signed(width: t.shape[3], height: t.shape[2], channels: t.shape[1], planar: planar)
    }

    /// The three images of level k of a sample: low-pass (nil at the coarsest), band-pass, image — display space.
    static func level(_ model: LapGAN, _ s: PyramidSample, _ k: Int, index: Int = 0)
        -> (lowpass: PixelImage?, bandpass: PixelImage?, image: PixelImage?) {
        let level = s.levels[k]
        let low = level.lowpass.flatMap { try? model.toDisplay(image: $0, level: k) }.flatMap { image($0, index: index) }
        let band = k == model.coarsest ? nil : (try? model.toDisplay(bandpass: level.bandpass, level: k)).flatMap { bandpass($0, index: index) }
        let img = (try? model.toDisplay(image: level.image, level: k)).flatMap { image($0, index: index) }
        return (low, band, img)
    }
}
