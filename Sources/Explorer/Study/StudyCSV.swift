import Foundation
import LapGAN

/// The study's answers on disk: one CSV row per answered trial, appended as soon as it is answered (a single
/// `write` on a file opened with O_APPEND), so several sessions and people pool into one file and a session cut
/// short keeps what was answered. The file is checked before the study starts: a CSV that cannot be written, or a
/// file that is not a study CSV, is refused then, not after the person has answered.
public final class StudyCSV {
    public static let header = "time,duration_ms,truth,answer,model,seed,exposure_ms,image_write_ms"
    /// Where the answers go when `--csv` is not given: the current directory.
    public static let defaultPath = "lapgan-study.csv"

    public let path: String
    private var fd: Int32

    /// Throws a `FileError` that says why answers could not be appended to `path`, leaving no file behind:
    /// not a regular file, a file that is not a study CSV, or one that cannot be opened for appending.
    public static func check(_ path: String) throws {
        let existed = FileManager.default.fileExists(atPath: path)
        let fd = try openChecked(path)
        close(fd)
        if !existed { unlink(path) }
    }

    private static func openChecked(_ path: String) throws -> Int32 {
        try AtomicFile.checkTarget(path)
        if let h = FileHandle(forReadingAtPath: path) {
            let start = String(decoding: h.readData(ofLength: StudyCSV.header.utf8.count + 1), as: UTF8.self)
            try? h.close()
            if !start.isEmpty && !start.hasPrefix(StudyCSV.header) {
                throw FileError(path, "exists and is not a study CSV (its first line is not '\(StudyCSV.header)'); give another --csv FILE")
            }
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw FileError(path, "cannot be written: \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Opens `path` for appending (creating it with the header), or throws a `FileError` that says why not.
    public init(path: String) throws {
        self.path = path
        fd = try StudyCSV.openChecked(path)
        if lseek(fd, 0, SEEK_END) == 0 {
            if let why = append(StudyCSV.header + "\n") {
                close(fd)
                fd = -1
                throw FileError(path, "cannot be written: \(why)")
            }
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// One row for an answered trial.
    public static func row(_ t: StudyTrial, model: String) -> String {
        let time = t.answeredAt.map { isoFormatter().string(from: $0) } ?? ""
        let ms = { (v: Double?) in v.map { String(format: "%.2f", $0) } ?? "" }
        return [time, String(t.durationMs), t.truth.rawValue, t.answer?.rawValue ?? "", quoted(model), String(t.seed),
                ms(t.exposureMs), ms(t.imageWriteMs)].joined(separator: ",")
    }

    /// Appends the row of `trial`; nil when written, else why not.
    @discardableResult
    public func append(_ trial: StudyTrial, model: String) -> String? { append(StudyCSV.row(trial, model: model) + "\n") }

    private func append(_ text: String) -> String? {
        guard fd >= 0 else { return "not open" }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n == bytes.count { return nil }
        return n < 0 ? String(cString: strerror(errno)) : "short write"
    }

    /// A field with commas or quotes in double quotes.
    static func quoted(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A formatter per row: ISO8601DateFormatter is not Sendable, and a study writes a row every few seconds.
    private static func isoFormatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
