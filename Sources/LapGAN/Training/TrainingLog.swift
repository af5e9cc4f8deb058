import Foundation

/// The training log: CSV with a header, one row per logged step (and eval rows with extra columns).
public final class TrainingLogWriter {
    public static let columns = ["wall_time", "level", "step", "epoch", "d_loss", "g_loss", "d_real", "d_fake", "lr", "images_per_s"]
    public let path: String
    private let handle: FileHandle

    /// Multi-process runs (MPI): the world size, written as a trailing `ranks` column.
    public let ranks: Int?

    /// Opens `path` for appending, writing the header when the file is new or empty.
    public init(path: String, ranks: Int? = nil) throws {
        self.path = path
        self.ranks = ranks
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil) else { throw FileError(path, "cannot create the training log") }
        }
        guard let h = FileHandle(forUpdatingAtPath: path) else { throw FileError(path, "cannot open the training log for writing") }
        handle = h
        let end = h.seekToEndOfFile()
        if end == 0 {
            try write((TrainingLogWriter.columns + (ranks == nil ? [] : ["ranks"])).joined(separator: ",") + "\n")
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
        let row = [String(format: "%.3f", Date().timeIntervalSince1970), String(level), String(step), String(format: "%.4f", epoch),
                   fmt(m.dLoss), fmt(m.gLoss), fmt(m.dReal), fmt(m.dFake), String(format: "%.6g", learningRate),
                   String(format: "%.1f", imagesPerSecond)] + (ranks.map { [String($0)] } ?? [])
        try write(row.joined(separator: ",") + "\n")
    }

    private func fmt(_ v: Double) -> String { String(format: "%.5f", v) }
}
