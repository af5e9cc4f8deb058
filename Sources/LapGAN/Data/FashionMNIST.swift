import Foundation

/// The Fashion-MNIST data set (Zalando): 28×28 gray images of clothing in 10 classes,
/// 60 000 for training and 10 000 for testing, stored as IDX files (plain or .gz).
public enum FashionMNIST {
    /// Where Debian's package `dataset-fashion-mnist` installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The class names, by label.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The image side length.
    public static let side = 28

    public enum Split: String, CaseIterable {
        case train
        case test

        /// The file-name prefix of the split.
        public var filePrefix: String { self == .train ? "train" : "t10k" }
    }

    static let installHint =
        "install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data DIR"

    /// Loads one split: images N×28×28 and labels N (each 0…9).
    public static func load(split: Split, directory: String = defaultDirectory) throws -> (images: IDXArray, labels: IDXArray) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else {
            throw FileError(directory, "Fashion-MNIST directory not found; \(installHint)")
        }
        guard isDir.boolValue else {
            throw FileError(directory, "not a directory; expected the Fashion-MNIST directory; \(installHint)")
        }
        let imagesPath = try locate(directory, "\(split.filePrefix)-images-idx3-ubyte")
        let labelsPath = try locate(directory, "\(split.filePrefix)-labels-idx1-ubyte")

        let images = try IDXFile.read(imagesPath)
        let labels = try IDXFile.read(labelsPath)
        guard images.dims.count == 3, images.dims[1] == side, images.dims[2] == side else {
            throw FileError(imagesPath, "expected images of shape N×28×28, found \(shape(images.dims))")
        }
        guard labels.dims.count == 1 else {
            throw FileError(labelsPath, "expected labels of shape N, found \(shape(labels.dims))")
        }
        guard labels.dims[0] == images.dims[0] else {
            throw FileError(labelsPath, "\(labels.dims[0]) labels for \(images.dims[0]) images in \(imagesPath)")
        }
        let badIndex: Int? = labels.bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] > 9 { return i }
            return nil
        }
        if let i = badIndex {
            throw FileError(labelsPath, "label \(labels.bytes[i]) at index \(i) is out of range 0…9")
        }
        return (images, labels)
    }

    private static func locate(_ directory: String, _ name: String) throws -> String {
        let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        for candidate in [base, base + ".gz"] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        throw FileError(base + ".gz", "Fashion-MNIST file not found (nor \(name) without .gz); \(installHint)")
    }

    private static func shape(_ dims: [Int]) -> String {
        dims.map(String.init).joined(separator: "×")
    }
}
