import Foundation
import LapGAN
import TerminalUI

/// Real images for "start from a real image" (`i`): the data set a model was trained on, read once when first
/// asked for, as the model sees them (channels and size converted).
public enum RealImages {
    /// A Fashion-MNIST directory (its test split), CIFAR-10's binary batches (test batch) or a folder of PNGs,
    /// as raw 0–255 images of `size` pixels and `channels` channels; `training`: the training split where the
    /// directory has both (nearest neighbours search what the model was trained on). Errors name what is missing.
    public static func load(directory: String?, dataset: String, model name: String = "", size: Int, channels: Int,
                            training: Bool = false) throws -> Dataset {
        guard let dir = directory ?? KnownData.directory(dataset: dataset, model: name) else {
            throw FileError(dataset, "no real images known for data set '\(dataset)': pass --data DIR")
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir) else {
            let hint = dir == FashionMNIST.defaultDirectory ? " (install Debian's dataset-fashion-mnist or pass --data DIR)"
                : directory == nil ? " (pass --data DIR)" : ""
            throw FileError(dir, "not found\(hint)")
        }
        guard isDir.boolValue else { throw FileError(dir, "not a directory: --data takes a folder") }
        let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        let set: Dataset
        let hasTrainIDX = names.contains(where: { $0.hasPrefix("train-images-idx3-ubyte") })
        if training && hasTrainIDX {
            set = try DatasetLoader.fashionMNIST(split: .train, directory: dir)
        } else if training && names.contains("data_batch_1.bin") {
            set = try DatasetLoader.cifar10(dir)
        } else if names.contains(where: { $0.hasPrefix("t10k-images-idx3-ubyte") }) {
            set = try DatasetLoader.fashionMNIST(split: .test, directory: dir)
        } else if hasTrainIDX {
            set = try DatasetLoader.fashionMNIST(split: .train, directory: dir)
        } else if names.contains("test_batch.bin") {
            set = try DatasetLoader.cifar10(dir, test: true)
        } else if names.contains("data_batch_1.bin") {
            set = try DatasetLoader.cifar10(dir)
        } else {
            guard names.contains(where: { $0.lowercased().hasSuffix(".png") }) else {
                throw FileError(dir, "no Fashion-MNIST IDX files, CIFAR-10 batches or PNG images here")
            }
            set = try DatasetLoader.imageFolder(dir, size: size, channels: channels)
        }
        return try set.converted(toChannels: channels).resized(to: size)
    }
}

/// A sample that starts from a real image: its pyramid kept at and above `level`, the finer levels generated.
public struct RealStart {
    /// Which image of the data set.
    public var index: Int
    public var level: Int
    /// The real image, finest level, as pixels to draw.
    var picture: PixelImage?
    /// The kept top of the real pyramid (level `level`), as pixels.
    var keptPicture: PixelImage?
    /// The real image in the model's space [1, C, S, S].
    var image: Tensor
    public var label: Int?
    public var className: String?
    /// The picture file it came from (`--image`), nil for the data set's images.
    public var fileName: String?
}
