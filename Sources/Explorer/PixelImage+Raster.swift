import LapGAN
import TerminalUI

extension PixelImage {
    /// An 8-bit grey or RGB raster from LapGAN as pixels for the half-block blitter (nil for other channel counts).
    init?(_ raster: RasterImage) {
        switch raster.channels {
        case 3: self.init(width: raster.width, height: raster.height, rgbBytes: raster.pixels)
        case 1: self.init(width: raster.width, height: raster.height, pixels: raster.pixels.map { RGB(grey: $0) })
        default: return nil
        }
    }
}
