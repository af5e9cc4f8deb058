import Foundation

/// Training images in memory: raw 0–255 values [N, C, S, S] and optional class labels.
public struct Dataset: Sendable {
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

}
