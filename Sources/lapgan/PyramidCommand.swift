import ArgumentParser
import Foundation
import LapGAN

struct PyramidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pyramid",
        abstract: "Write the Gaussian levels and Laplacian band-passes of an image as PNGs.",
        discussion: """
        The image is centre-cropped to a square and resized to the first (finest) size. Band-passes are shown
        with mid-grey = 0, stretched to full contrast. Also writes reconstruction.png (rebuilt from the bands).

        Example:
          lapgan pyramid photo.png --sizes 32,16,8 --out pyr/
        """)

    @Argument(help: "A PNG image.")
    var image: String

    @Option(help: "Pyramid sizes, finest first, e.g. 32,16,8 or 28,14,8.")
    var sizes: String = "32,16,8"

    @Option(help: "Output folder.")
    var out: String = "pyramid"

    @Option(help: "Enlarge each level to the finest size by this factor (nearest neighbour); 0 = native sizes.")
    var scale: Int = 4

    func run() throws {
        let sizeList = try parseLevels(sizes)
        guard sizeList.allSatisfy({ $0 <= 4096 }) else { throw ValidationError("--sizes must be at most 4096 pixels") }
        guard scale >= 0, scale <= 64, sizeList[0] * max(scale, 1) <= 8192 else {
            throw ValidationError("--scale must be 0…64 and keep images within 8192 pixels")
        }
        let pyramid = try Pyramid(sizes: sizeList)
        let raster = try PNGFile.read(image)
        let square = raster.resizedSquare(to: sizeList[0])
        let raw = try DatasetLoader.rasters([square])
        let x = ImageConversion.displaySpace(raw: raw)
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw FileError(out, "cannot create the output folder (is it a file?)")
        }
        let gaussian = try pyramid.gaussian(x), bands = try pyramid.laplacian(x)
        func save(_ t: Tensor, _ name: String) throws {
            var r = try ImageConversion.raster(t)
            if scale > 0 { r = ImageConversion.enlarged(r, factor: max(1, scale * sizeList[0] / r.width)) }
            let path = (out as NSString).appendingPathComponent(name)
            try PNGFile.write(r, to: path)
            print(path)
        }
        for k in 0..<pyramid.levels {
            try save(gaussian[k], "gaussian-\(k)-\(sizeList[k]).png")
            if k < pyramid.coarsest { try save(ImageConversion.stretchedBandpass(bands[k]), "bandpass-\(k)-\(sizeList[k]).png") }
        }
        let rebuilt = try pyramid.reconstruct(bands)
        try save(rebuilt, "reconstruction.png")
        print(String(format: "reconstruction max abs error %.3g", try rebuilt.maxAbsDifference(x)))
    }
}
