/// The answers so far, counted: the running tally and, per duration, how often real and generated images were
/// judged real (the paper's Fig. 6).
public struct StudyResults: Equatable, Sendable {
    /// Answered trials, in order.
    public private(set) var trials: [StudyTrial] = []
    /// Trials thrown away because a key or a resize came during the exposure.
    public private(set) var discarded = 0

    public init() {}

    public mutating func record(_ trial: StudyTrial) {
        guard trial.answer != nil else { return }
        trials.append(trial)
    }

    public mutating func recordDiscard() { discarded += 1 }

    public var answered: Int { trials.count }
    public var correct: Int { trials.filter(\.isCorrect).count }
    public var judgedReal: Int { trials.filter(\.judgedReal).count }

    /// Of the `truth` images shown for `durationMs`: how many were judged real, out of how many.
    public func judgedReal(_ truth: StudyTrial.Truth, durationMs: Int) -> (real: Int, of: Int) {
        let shown = trials.filter { $0.truth == truth && $0.durationMs == durationMs }
        return (shown.filter(\.judgedReal).count, shown.count)
    }

    /// Of all the `truth` images: how many were judged real, out of how many.
    public func judgedReal(_ truth: StudyTrial.Truth) -> (real: Int, of: Int) {
        let shown = trials.filter { $0.truth == truth }
        return (shown.filter(\.judgedReal).count, shown.count)
    }

    /// "answered 5 · correct 3 (60%) · judged real 2", plus the discarded trials when there are any.
    public var tally: String {
        var s = "answered \(answered) · correct \(correct)"
        if answered > 0 { s += " (\(Int((100 * Double(correct) / Double(answered)).rounded()))%)" }
        s += " · judged real \(judgedReal)"
        if discarded > 0 { s += " · discarded \(discarded)" }
        return s
    }
}
