import Foundation

/// One trial of the human study: what was shown (a real image or a generated one), for how long it was asked to
/// be shown and how long it was measured to be on screen, and what the person answered.
public struct StudyTrial: Equatable, Sendable {
    /// Whether the image shown was real (from the data set) or generated (by the model).
    public enum Truth: String, CaseIterable, Sendable {
        case real, generated
    }

    /// The image's exposure asked for, in milliseconds (one of `StudyPlan.durations`).
    public var durationMs: Int
    public var truth: Truth
    /// The generated sample's seed (generated images); the data set's image index (real images).
    public var seed: UInt64
    /// The class of a class-conditional model's sample (nil: unconditional, or a real image).
    public var label: Int?
    /// What the person answered (nil until they have).
    public var answer: Truth?
    /// Measured time on screen: the image frame written to the terminal → the blanking frame written (ms).
    public var exposureMs: Double?
    /// How long writing the image frame to the terminal took (ms): not part of the exposure.
    public var imageWriteMs: Double?
    /// When the answer was given.
    public var answeredAt: Date?

    public init(durationMs: Int, truth: Truth, seed: UInt64, label: Int? = nil) {
        self.durationMs = durationMs
        self.truth = truth
        self.seed = seed
        self.label = label
    }

    /// Whether the image was taken for a real one.
    public var judgedReal: Bool { answer == .real }
    public var isCorrect: Bool { answer == truth }
}
