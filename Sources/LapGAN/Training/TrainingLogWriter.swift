import Foundation

/// Writes the training log: CSV with a header (the columns of `TrainingLogColumn`), one row per logged interval.
/// `TrainingLog` reads it back.
public final class TrainingLogWriter {
    public let path: String
    /// Multi-process runs (MPI): the world size, written in the `ranks` column.
    public let ranks: Int?
    private let columns: [TrainingLogColumn]
    private let handle: FileHandle

    /// Opens `path` for appending, writing the header when the file is new or empty.
    public init(path: String, ranks: Int? = nil) throws {
        self.path = path
        self.ranks = ranks
        columns = TrainingLogColumn.written(multiProcess: ranks != nil)
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil) else { throw FileError(path, "cannot create the training log") }
        }
        guard let h = FileHandle(forUpdatingAtPath: path) else { throw FileError(path, "cannot open the training log for writing") }
        handle = h
        let end = h.seekToEndOfFile()
        if end == 0 {
            try write(columns.map(\.rawValue).joined(separator: ",") + "\n")
        } else {
            // Make sure we start on a fresh line if an earlier run was cut mid-row.
            h.seek(toFileOffset: end - 1)
            let last = h.readData(ofLength: 1)
            h.seekToEndOfFile()
            if last != Data("\n".utf8) { try write("\n") }
        }
    }

    deinit { try? handle.close() }

    private func write(_ s: String) throws {
        do { try handle.write(contentsOf: Data(s.utf8)) } catch {
            throw FileError(path, "cannot append to the training log: \(error.localizedDescription)")
        }
    }

    /// Appends one row for a logging interval of one level.
    public func append(level: Int, step: Int, epoch: Double, metrics m: StepMetrics, learningRate: Float, imagesPerSecond: Double) throws {
        let fields: [TrainingLogColumn: String] = [
            .wallTime: String(format: "%.3f", Date().timeIntervalSince1970), .level: String(level), .step: String(step),
            .epoch: String(format: "%.4f", epoch), .dLoss: fmt(m.dLoss), .gLoss: fmt(m.gLoss), .dReal: fmt(m.dReal),
            .dFake: fmt(m.dFake), .lr: String(format: "%.6g", learningRate), .imagesPerSecond: String(format: "%.1f", imagesPerSecond),
            .ranks: ranks.map(String.init) ?? "1",
        ]
        let row = columns.map { fields[$0] ?? "" }
        try write(row.joined(separator: ",") + "\n")
    }

    private func fmt(_ v: Double) -> String { String(format: "%.5f", v) }
}
