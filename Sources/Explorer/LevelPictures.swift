import LapGAN
import TerminalUI

/// One level of the current sample ready to draw: what `LapGAN.levelImages` returns, as pixels.
struct LevelPictures {
    var image: PixelImage?
    var lowpass: PixelImage?
    var bandpass: PixelImage?

    /// Nothing to draw (the level's images could not be made).
    init() {}

    init(_ images: LevelImages) {
        image = PixelImage(images.image)
        lowpass = images.lowpass.flatMap(PixelImage.init)
        bandpass = images.bandpass.flatMap(PixelImage.init)
    }
}
