import TerminalUI

/// Where the study's pictures come from: a trial's real image or generated sample, as pixels.
public protocol StudyImageSource {
    /// How many real images there are to pick from.
    var realCount: Int { get }
    /// The model's classes (0: unconditional).
    var classes: Int { get }
    func picture(for trial: StudyTrial) throws -> PixelImage
}
