import Foundation

/// Turns the data sources lapgan reads (Fashion-MNIST IDX, PNG folders, CIFAR-10 binary batches) into `Dataset`s.
public enum DatasetLoader {
    /// Fashion-MNIST as raw 0–255 floats [N, 1, 28, 28] with labels.
    public static func fashionMNIST(split: FashionMNIST.Split = .train, directory: String = FashionMNIST.defaultDirectory) throws -> Dataset {
        let (images, labels) = try FashionMNIST.load(split: split, directory: directory)
        let n = images.dims[0], side = FashionMNIST.side
        try MemoryBound.check(MemoryBound.product([n, side, side], elementBytes: 4), for: "\(n) Fashion-MNIST images as floats",
                              path: directory)
        let t = Tensor(zeros: [n, 1, side, side])
        images.bytes.withUnsafeBufferPointer { src in
            for i in 0..<min(t.count, src.count) { t.data[i] = Float(src[i]) }
        }
        return try Dataset(name: "fashion-mnist \(split.rawValue)", images: t, labels: labels.bytes.map { Int($0) },
                           classNames: FashionMNIST.classNames)
    }

    /// Every PNG in a folder, centre-cropped and area-resized to size×size, as raw 0–255 floats.
    public static func imageFolder(_ directory: String, size: Int, channels: Int,
                                   progress: ((Int, Int) -> Void)? = nil) throws -> Dataset {
        let images = try ImageFolder.load(directory: directory, size: size, channels: channels, progress: progress)
        return try Dataset(name: URL(fileURLWithPath: directory).lastPathComponent, images: rasters(images))
    }

    /// Raster images of one size and channel count to raw floats [N, C, S, S].
    public static func rasters(_ images: [RasterImage]) throws -> Tensor {
        guard let first = images.first else { throw ShapeError("no images") }
        let c = first.channels, h = first.height, w = first.width
        let t = Tensor(zeros: [images.count, c, h, w])
        for (n, img) in images.enumerated() {
            guard img.channels == c, img.width == w, img.height == h else { throw ShapeError("images differ in size") }
            let dst = t.data + n * c * h * w
            img.pixels.withUnsafeBufferPointer { src in
                for p in 0..<(h * w) {
                    for ch in 0..<c { dst[ch * h * w + p] = Float(src[p * c + ch]) }
                }
            }
        }
        return t
    }

    /// CIFAR-10's binary batches (data_batch_1…5.bin, or test_batch.bin): 32×32 colour with labels.
    public static func cifar10(_ directory: String, test: Bool = false) throws -> Dataset {
        let names = test ? ["test_batch.bin"] : (1...5).map { "data_batch_\($0).bin" }
        let paths = names.map { (directory as NSString).appendingPathComponent($0) }
        // Bound the whole set (the bytes read and the floats they become) before reading any of it.
        var fileBytes = 0
        for path in paths {
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
                throw FileError(path, "missing: expected CIFAR-10's binary version (cifar-10-batches-bin)")
            }
            fileBytes += max(size.intValue, 0)
        }
        try MemoryBound.check(MemoryBound.product([fileBytes], elementBytes: 5), for: "CIFAR-10 (\(fileBytes) bytes of batches as floats)",
                              path: directory)
        var labels: [Int] = []
        var batches: [Tensor] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FileError(path, "missing: expected CIFAR-10's binary version (cifar-10-batches-bin)")
            }
            let batch = try cifar10Batch(data, path: path)
            batches.append(batch.images)
            labels += batch.labels
        }
        let n = labels.count
        let t = Tensor(zeros: [n, 3, 32, 32])
        var offset = 0
        for b in batches {
            (t.data + offset).update(from: b.data, count: b.count)
            offset += b.count
        }
        return try Dataset(name: "cifar-10", images: t, labels: labels,
                           classNames: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"])
    }

    /// One CIFAR-10 binary batch: records of a label byte (0–9) and 3072 pixel bytes (R, G, B planes of 32×32).
    public static func cifar10Batch(_ data: Data, path: String) throws -> (images: Tensor, labels: [Int]) {
        let record = 1 + 3072
        guard data.count % record == 0, !data.isEmpty else {
            throw FileError(path, "size \(data.count) is not a multiple of the \(record)-byte CIFAR-10 record")
        }
        let n = data.count / record
        try MemoryBound.check(MemoryBound.product([n, 3072], elementBytes: 4), for: "\(n) CIFAR-10 images as floats", path: path)
        var labels: [Int] = []
        labels.reserveCapacity(n)
        let t = Tensor(zeros: [n, 3, 32, 32])
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            for r in 0..<n {
                let label = Int(bytes[r * record])
                guard label < 10 else { throw FileError(path, "label \(label) out of range 0…9 in record \(r)") }
                labels.append(label)
                let dst = t.data + r * 3072
                for j in 0..<3072 { dst[j] = Float(bytes[r * record + 1 + j]) }
            }
        }
        return (t, labels)
    }
}

public extension Dataset {
    /// The same images area-resized to size×size (a no-op when they already are).
    func resized(to size: Int) throws -> Dataset {
        if self.size == size { return self }
        return try Dataset(name: name, images: Resample.resize(images, to: size), labels: labels, classNames: classNames)
    }

    /// Gray images replicated to three channels, or colour averaged to gray (luma), to match a model.
    func converted(toChannels c: Int) throws -> Dataset {
        if channels == c { return self }
        let n = count, plane = size * size
        let t = Tensor(zeros: [n, c, size, size])
        for i in 0..<n {
            let src = images.data + i * channels * plane, dst = t.data + i * c * plane
            if c == 3 {
                for ch in 0..<3 { (dst + ch * plane).update(from: src, count: plane) }
            } else {
                for p in 0..<plane { dst[p] = 0.299 * src[p] + 0.587 * src[plane + p] + 0.114 * src[2 * plane + p] }
            }
        }
        return try Dataset(name: name, images: t, labels: labels, classNames: classNames)
    }
}
