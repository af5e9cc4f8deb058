/// The rows of one pyramid level of a training log, in file order: one array per column
/// (NaN where the row left the cell empty or the log has no such column).
public struct LevelSeries: Sendable {
    public let level: Int
    var columns: [[Double]] = Array(repeating: [], count: TrainingLogColumn.allCases.count)

    public init(level: Int) { self.level = level }

    /// The values of `column`, one per row.
    public subscript(column: TrainingLogColumn) -> [Double] { columns[column.index] }
    public var step: [Double] { self[.step] }
    public var count: Int { columns[TrainingLogColumn.step.index].count }

    mutating func append(_ row: [Double]) {
        for i in columns.indices { columns[i].append(row[i]) }
    }
}
