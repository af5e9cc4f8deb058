import ArgumentParser
import Foundation
import LapGAN

/// Where training or evaluation images come from.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Training data: a Fashion-MNIST directory (IDX files), a folder of PNG images, or CIFAR-10's binary batches.",
        discussion: "Default: \(FashionMNIST.defaultDirectory) (Debian package dataset-fashion-mnist).",
        valueName: "DIR"))
    var data: String?

    @Option(name: .long, help: "Use only the first N images (for quick runs).")
    var limit: Int?

    /// Loads the data for a model of `size` and `channels`, reporting progress for PNG folders.
    func load(size: Int, channels: Int, test: Bool = false) throws -> Dataset {
        try Self.load(data, limit: limit, size: size, channels: channels, test: test)
    }

    /// Loads `directory` (default: Fashion-MNIST) as `load(size:channels:test:)` does.
    static func load(_ directory: String?, limit: Int? = nil, size: Int, channels: Int, test: Bool = false) throws -> Dataset {
        let data = directory ?? FashionMNIST.defaultDirectory
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: data, isDirectory: &isDir) else {
            if data == FashionMNIST.defaultDirectory {
                throw FileError(data, "not found; install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data DIR")
            }
            throw FileError(data, "no such file or directory")
        }
        guard isDir.boolValue else { throw FileError(data, "not a directory: --data takes a folder") }
        let names = (try? fm.contentsOfDirectory(atPath: data)) ?? []
        var set: Dataset
        if names.contains(where: { $0.hasPrefix("train-images-idx3-ubyte") || $0.hasPrefix("t10k-images-idx3-ubyte") }) {
            set = try DatasetLoader.fashionMNIST(split: test ? .test : .train, directory: data)
        } else if names.contains("data_batch_1.bin") || names.contains("test_batch.bin") {
            set = try DatasetLoader.cifar10(data, test: test)
        } else {
            var bar: Console?
            set = try DatasetLoader.imageFolder(data, size: size, channels: channels) { done, total in
                if bar == nil { bar = Console(total: total, label: "loading PNGs", plainInterval: 5) }
                bar?.update(done, unit: "img", force: done == total)
            }
            bar?.finish()
        }
        if let limit {
            guard limit > 0 else { throw ValidationError("--limit must be positive") }
            set = try set.prefix(limit)
        }
        return try set.converted(toChannels: channels).resized(to: size)
    }
}

/// Parses "0,2" into level numbers.
func parseLevels(_ text: String) throws -> [Int] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let levels = parts.compactMap { Int($0) }
    guard !parts.isEmpty, levels.count == parts.count else { throw ValidationError("--levels takes numbers like 0,2, not '\(text)'") }
    return levels
}

extension Preset: ExpressibleByArgument {}
extension NoiseSpec.Mode: ExpressibleByArgument {}
extension OptimizerSettings.Kind: ExpressibleByArgument {}
extension Normalization.Kind: ExpressibleByArgument {}
