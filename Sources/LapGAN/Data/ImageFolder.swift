import Dispatch
import Foundation
import Kernels

/// A folder of PNG images, loaded as equal-sized squares.
public enum ImageFolder {
    /// Loads every `*.png` (any case) directly in `directory`, sorted by name, each converted to
    /// `channels` (1 or 3; alpha composited on white), centre-cropped to a square and
    /// area-resized to `size`×`size`. Decoding runs on two threads; the result keeps name order.
    /// `progress(done, total)` is called on the calling thread after each batch.
    /// Throws a FileError naming the first file that fails to decode (and how many failed).
    public static func load(directory: String, size: Int, channels: Int,
                            progress: ((Int, Int) -> Void)? = nil) throws -> [RasterImage] {
        guard size > 0 else { throw FileError(directory, "image size must be positive, got \(size)") }
        guard channels == 1 || channels == 3 else {
            throw FileError(directory, "channels must be 1 or 3, got \(channels)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else {
            throw FileError(directory, "no such directory")
        }
        guard isDir.boolValue else { throw FileError(directory, "not a directory") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw FileError(directory, "cannot list the directory: \(error.localizedDescription)")
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let paths = names
            .filter { $0.lowercased().hasSuffix(".png") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { prefix + $0 }
        guard !paths.isEmpty else { throw FileError(directory, "no PNG images found") }
        // The set as resized 8-bit images and as the float tensor they become, before any is decoded.
        try MemoryBound.check(MemoryBound.product([paths.count, channels, size, size], elementBytes: 5),
                              for: "\(paths.count) images of \(size)×\(size)×\(channels) (8-bit and as floats)", path: directory)

        let total = paths.count
        let results = UnsafeMutableBufferPointer<Result<RasterImage, FileError>?>.allocate(capacity: total)
        results.initialize(repeating: nil)
        defer {
            results.baseAddress?.deinitialize(count: total)
            results.deallocate()
        }
        let workers = 2
        let batch = 64
        var start = 0
        progress?(0, total)
        while start < total {
            let end = Swift.min(total, start + batch)
            let lo = start
            // Each worker writes only the results of its own range.
            DisjointRanges.run(end - lo, parts: workers) { _, range in
                for i in range.lowerBound + lo..<range.upperBound + lo {
                    let path = paths[i]
                    do {
                        let image = try PNGFile.read(path)
                        results[i] = .success(image.converted(toChannels: channels).resizedSquare(to: size))
                    } catch let e as FileError {
                        results[i] = .failure(e)
                    } catch {
                        results[i] = .failure(FileError(path, "\(error)"))
                    }
                }
            }
            start = end
            progress?(start, total)
        }

        var images: [RasterImage] = []
        images.reserveCapacity(total)
        var firstBad: FileError? = nil
        var badCount = 0
        for i in 0..<total {
            switch results[i] {
            case .success(let image)?: images.append(image)
            case .failure(let e)?:
                badCount += 1
                if firstBad == nil { firstBad = e }
            case nil:
                badCount += 1
                if firstBad == nil { firstBad = FileError(paths[i], "was not decoded") }
            }
        }
        if let bad = firstBad {
            throw FileError(bad.path, "\(bad.problem) (\(badCount) of \(total) PNG files in \(directory) could not be decoded)")
        }
        return images
    }
}
