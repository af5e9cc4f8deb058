import Foundation

/// Writes the training log: CSV with a header (the columns of `TrainingLogColumn`), one row per logged interval.
/// `TrainingLog` reads it back.
public final class TrainingLogWriter {
    public let path: String
    /// Multi-process runs (MPI): the world size, written in the `ranks` column.
    public let ranks: Int?
    private let columns: [TrainingLogColumn]
    private let handle: FileHandle

    /// Opens `path` for appending, writing the header when the file is new or empty. A resumed run passes the
    /// step of each level in its checkpoint as `resumingAt`: rows of those levels logged after it (by a run killed
    /// before its next checkpoint) are cut first, atomically, so each level's steps in the log only go forward.
    public init(path: String, ranks: Int? = nil, resumingAt: [Int: Int] = [:]) throws {
        self.path = path
        self.ranks = ranks
        columns = TrainingLogColumn.written(multiProcess: ranks != nil)
        let fm = FileManager.default
        if !resumingAt.isEmpty, fm.fileExists(atPath: path) { try TrainingLogWriter.cut(path, after: resumingAt) }
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

    /// Rewrites the log without the rows of `steps`' levels whose step is past the level's entry; headers, other
    /// levels' rows and lines it cannot read are kept. Does nothing when no row goes.
    static func cut(_ path: String, after steps: [Int: Int]) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(path, "cannot read the training log") }
        var kept: [Substring] = []
        var levelField: Int?, stepField: Int?
        var dropped = 0
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if let s = fields.firstIndex(of: TrainingLogColumn.step.rawValue), let l = fields.firstIndex(of: TrainingLogColumn.level.rawValue) {
                (levelField, stepField) = (l, s)
            } else if let l = levelField, let s = stepField, l < fields.count, s < fields.count,
                      let level = Int(fields[l]), let step = Int(fields[s]), let last = steps[level], step > last {
                dropped += 1
                continue
            }
            kept.append(line)
        }
        guard dropped > 0 else { return }
        try AtomicFile.write(Data(kept.joined(separator: "\n").utf8), to: path)
    }

    private func fmt(_ v: Double) -> String { String(format: "%.5f", v) }
}
