/// The columns of the training log, in the order the writer puts them; the reader finds them by name.
/// This enum is the log's one schema: `TrainingLogWriter` writes its header from it and `TrainingLog` reads by it.
public enum TrainingLogColumn: String, CaseIterable, Sendable {
    case wallTime = "wall_time"
    case level
    case step
    case epoch
    case dLoss = "d_loss"
    case gLoss = "g_loss"
    case dReal = "d_real"
    case dFake = "d_fake"
    case lr
    case imagesPerSecond = "images_per_s"
    /// Processes of a multi-process (MPI) run; written only by such runs.
    case ranks

    /// Columns without which a log cannot be read.
    public static let required: [TrainingLogColumn] = [.level, .step, .dLoss, .gLoss]
    /// Columns of which a row needs at least one value to count as a training row (eval rows have none).
    static let losses: [TrainingLogColumn] = [.dLoss, .gLoss, .dReal, .dFake]
    /// The columns a run writes: `ranks` only for multi-process runs.
    public static func written(multiProcess: Bool) -> [TrainingLogColumn] { multiProcess ? allCases : allCases.filter { $0 != .ranks } }
    /// The header line of a single-process log, without its newline.
    public static var header: String { written(multiProcess: false).map(\.rawValue).joined(separator: ",") }

    /// The column's position in `allCases`.
    var index: Int { TrainingLogColumn.allCases.firstIndex(of: self) ?? 0 }
}
