import LapGAN
import TerminalUI

/// Real images from the model's data set and samples from the model, both at the model's finest size and through
/// the same conversion to display pixels, so only their content tells them apart.
public struct ModelStudyImages: StudyImageSource {
    public let model: LapGAN
    public let data: Dataset

    public init(model: LapGAN, data: Dataset) {
        self.model = model
        self.data = data
    }

    public var realCount: Int { data.count }
    public var classes: Int { model.description.classes }

    public func picture(for trial: StudyTrial) throws -> PixelImage {
        let tensor: Tensor
        switch trial.truth {
        case .real:
            let i = Int(trial.seed % UInt64(max(1, data.count)))
            tensor = try model.toDisplay(image: try model.toModelSpace(raw: try data.images.items(i..<(i + 1))), level: 0)
        case .generated:
            let sample = try model.sample(seeds: [LapGAN.seedSet(trial.seed, levels: model.levelCount)], labels: trial.label.map { [$0] })
            tensor = try model.toDisplay(image: sample.image, level: 0)
        }
        guard let picture = PixelImage(try ImageConversion.raster(tensor, index: 0)) else {
            throw FileError(model.description.name, "images with \(model.description.channels) channels cannot be shown")
        }
        return picture
    }
}
