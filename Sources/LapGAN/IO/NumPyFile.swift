import Foundation

/// Writes NumPy .npy files (uint8 N×H×W×C) so Python can evaluate samples.
public enum NumPyFile {
    public static func write(_ images: [RasterImage], to path: String) throws {
        guard let first = images.first else { throw FileError(path, "no images to write") }
        for img in images where img.width != first.width || img.height != first.height || img.channels != first.channels {
            throw FileError(path, "images differ in shape")
        }
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(images.count), \(first.height), \(first.width), \(first.channels)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let len = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(len & 0xff), UInt8(len >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for img in images { data.append(contentsOf: img.pixels) }
        try AtomicFile.write(data, to: path)
    }
}
