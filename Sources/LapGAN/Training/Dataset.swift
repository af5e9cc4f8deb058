import Foundation

/// Training images in memory: raw 0–255 values [N, C, S, S] and optional class labels.
public struct Dataset {
    public let name: String
    public let images: Tensor
    public let labels: [Int]?
    public let classNames: [String]?

    public init(name: String, images: Tensor, labels: [Int]? = nil, classNames: [String]? = nil) throws {
        guard images.rank == 4, images.shape[0] > 0 else { throw ShapeError("a dataset needs images [N, C, S, S], got \(images.shape)") }
        if let labels, labels.count != images.shape[0] {
            throw ShapeError("\(labels.count) labels for \(images.shape[0]) images")
        }
        self.name = name
        self.images = images
        self.labels = labels
        self.classNames = classNames
    }

    public var count: Int { images.shape[0] }
    public var channels: Int { images.shape[1] }
    public var size: Int { images.shape[2] }

    /// The first `n` images (or all).
    public func prefix(_ n: Int) throws -> Dataset {
        let m = min(max(n, 1), count)
        return try Dataset(name: name, images: images.items(0..<m), labels: labels.map { Array($0.prefix(m)) }, classNames: classNames)
    }

    /// Images `range` as a new dataset (e.g. a held-out split).
    public func slice(_ range: Range<Int>) throws -> Dataset {
        try Dataset(name: name, images: images.items(range), labels: labels.map { Array($0[range]) }, classNames: classNames)
    }
}

/// One level's training data, precomputed in model space: I_k and, below the coarsest level, l_k = u(I_{k+1}).
struct LevelData {
    let image: Tensor
    let lowpass: Tensor?
    let labels: [Int]?

    init(model: LapGAN, modelSpace: Tensor, labels: [Int]?, level k: Int) throws {
        let pyramid = model.pyramid
        image = try pyramid.down(modelSpace, to: k)
        lowpass = k == model.coarsest ? nil : try pyramid.up(pyramid.down(modelSpace, to: k + 1), to: k)
        self.labels = labels
    }

    var count: Int { image.shape[0] }

    /// Gathers items `indices` of `source`, optionally mirrored left–right per item.
    static func gather(_ source: Tensor, _ indices: [Int], flips: [Bool]) -> Tensor {
        var shape = source.shape
        shape[0] = indices.count
        let out = Tensor(zeros: shape)
        let per = source.itemCount, w = source.shape[3], rows = per / max(w, 1)
        for (j, i) in indices.enumerated() {
            let src = source.data + i * per, dst = out.data + j * per
            if flips[j] {
                for r in 0..<rows {
                    let s = src + r * w, d = dst + r * w
                    for c in 0..<w { d[c] = s[w - 1 - c] }
                }
            } else {
                dst.update(from: src, count: per)
            }
        }
        return out
    }
}
