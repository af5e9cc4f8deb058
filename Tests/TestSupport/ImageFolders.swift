import Foundation
import LapGAN

/// Writes `count` synthetic PNG images, `width`×`height` with `channels` channels, into `directory` (made if
/// missing) as 0.png, 1.png, …; `pixel(image, byte)` gives each byte of image `image`. Returns `directory`.
@discardableResult
public func writeImageFolder(_ directory: String, count: Int, width: Int, height: Int, channels: Int = 1,
                             pixel: (_ image: Int, _ byte: Int) -> UInt8) throws -> String {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for i in 0..<count {
        let pixels = (0..<(width * height * channels)).map { pixel(i, $0) }
        try PNGFile.write(RasterImage(width: width, height: height, channels: channels, pixels: pixels), to: directory + "/\(i).png")
    }
    return directory
}
