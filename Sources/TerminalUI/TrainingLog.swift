#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with the training log that the loss view shows instead of curves.
public struct TrainingLogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The numeric columns of the training log that are kept, by CSV header name.
public enum LogMetric: String, CaseIterable, Sendable {
    case dLoss = "d_loss"
    case gLoss = "g_loss"
    case dReal = "d_real"
    case dFake = "d_fake"
    case lr = "lr"
    case imagesPerSecond = "images_per_s"
    case wallTime = "wall_time"
    case epoch = "epoch"

    var slot: Int {
        switch self {
        case .dLoss: return 0
        case .gLoss: return 1
        case .dReal: return 2
        case .dFake: return 3
        case .lr: return 4
        case .imagesPerSecond: return 5
        case .wallTime: return 6
        case .epoch: return 7
        }
    }
}

/// The rows of one pyramid level, in file order: `step` and one array per metric (NaN where
/// the row left the cell empty or the column is absent).
public struct LevelSeries: Sendable {
    public let level: Int
    public internal(set) var step: [Double] = []
    var metrics: [[Double]] = Array(repeating: [], count: LogMetric.allCases.count)

    public init(level: Int) { self.level = level }

    public subscript(metric: LogMetric) -> [Double] { metrics[metric.slot] }
    public var count: Int { step.count }
}

/// Reads the trainer's CSV log (`wall_time,level,step,epoch,d_loss,g_loss,d_real,d_fake,lr,
/// images_per_s`, columns found by name in any order, extra columns ignored) into per-level
/// series. A missing file or missing required columns gives `error`, never a crash; malformed
/// rows are skipped and counted; an unterminated last line (the trainer is mid-write) is left
/// for the next reload. `reloadIfChanged()` re-reads only what was appended when it can.
public final class TrainingLog {
    /// Columns without which the log cannot be plotted.
    public static let requiredColumns = ["level", "step", "d_loss", "g_loss"]

    public let path: String
    /// Levels present, sorted by level number.
    public private(set) var levels: [LevelSeries] = []
    /// Why the log cannot be shown (missing file, no header, missing columns), else nil.
    public private(set) var error: TrainingLogError?
    /// Data rows read (all levels).
    public private(set) var rowCount = 0
    /// Rows skipped because a field could not be parsed or was missing.
    public private(set) var malformedRows = 0
    /// Increases whenever the contents change; views use it to invalidate caches.
    public private(set) var version = 0

    private var parser = LogParser()
    private var signature: FileSignature?
    private var consumedBytes = 0
    private var headerBytes: [UInt8] = []

    /// A log for `path`; nothing is read until `reload()` or `reloadIfChanged()`.
    public init(path: String) {
        self.path = path
    }

    /// Parses CSV text already in memory (complete lines only, like a file).
    public static func parse(_ text: String, name: String = "log") -> TrainingLog {
        let log = TrainingLog(path: name)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            log.consume(UnsafeBufferPointer(buf), startOffset: 0)
        }
        log.finishUpdate()
        return log
    }

    public var isEmpty: Bool { rowCount == 0 }

    /// The series of `level`, if present.
    public func series(level: Int) -> LevelSeries? { levels.first { $0.level == level } }

    /// Re-reads the whole file. Returns true (the contents may have changed).
    @discardableResult
    public func reload() -> Bool {
        signature = nil
        return reloadIfChanged()
    }

    /// Checks size and modification time and reads what changed: the appended part when the
    /// file grew (same file, same header), else the whole file. Returns true when the data or
    /// the error changed.
    @discardableResult
    public func reloadIfChanged() -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let msg = "cannot read log \(path): \(String(cString: strerror(errno)))"
            if signature == nil && error?.message == msg && levels.isEmpty { return false }
            resetData()
            signature = nil
            error = TrainingLogError(msg)
            version += 1
            return true
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            let msg = "log \(path) is a directory"
            if error?.message == msg { return false }
            resetData()
            error = TrainingLogError(msg)
            version += 1
            return true
        }
        let sig = FileSignature(st)
        if let old = signature, old == sig { return false }

        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            resetData()
            signature = nil
            error = TrainingLogError("cannot open log \(path): \(String(cString: strerror(errno)))")
            version += 1
            return true
        }
        defer { close(fd) }

        if let old = signature, old.device == sig.device, old.inode == sig.inode, sig.size >= consumedBytes,
           parser.headerSeen, error == nil, consumedBytes > 0, prefixUnchanged(fd: fd) {
            let before = (rowCount, malformedRows)
            let tail = readAll(fd: fd, from: consumedBytes)
            tail.withUnsafeBufferPointer { consume($0, startOffset: consumedBytes) }
            signature = sig
            finishUpdate()
            if (rowCount, malformedRows) != before { version += 1; return true }
            return false
        }

        resetData()
        let all = readAll(fd: fd, from: 0)
        all.withUnsafeBufferPointer { consume($0, startOffset: 0) }
        signature = sig
        finishUpdate()
        version += 1
        return true
    }

    // MARK: - Internals

    private func resetData() {
        parser = LogParser()
        levels = []
        rowCount = 0
        malformedRows = 0
        consumedBytes = 0
        headerBytes = []
        error = nil
    }

    /// Parses the complete lines of `buf` (which starts at file offset `startOffset`).
    private func consume(_ buf: UnsafeBufferPointer<UInt8>, startOffset: Int) {
        let used = parser.consume(buf)
        consumedBytes = startOffset + used
        if headerBytes.isEmpty, parser.headerSeen, startOffset == 0 {
            headerBytes = Array(buf[0..<min(buf.count, parser.headerEnd)])
        }
    }

    private func finishUpdate() {
        levels = parser.levels.sorted { $0.level < $1.level }
        rowCount = parser.rows
        malformedRows = parser.malformed
        error = parser.error.map { TrainingLogError("log \(path): \($0)") }
    }

    /// Whether the header and the byte before the resume point are what was read before.
    private func prefixUnchanged(fd: Int32) -> Bool {
        guard !headerBytes.isEmpty, consumedBytes >= headerBytes.count else { return false }
        var head = [UInt8](repeating: 0, count: headerBytes.count)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n == headerBytes.count, head == headerBytes else { return false }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(consumedBytes - 1)) == 1 else { return false }
        return last == 0x0A
    }

    private func readAll(fd: Int32, from offset: Int) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var pos = offset
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(pos)) }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            pos += n
        }
        return out
    }
}

struct FileSignature: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var mtimeSec: Int
    var mtimeNsec: Int

    init(_ st: stat) {
        device = UInt64(truncatingIfNeeded: st.st_dev)
        inode = UInt64(truncatingIfNeeded: st.st_ino)
        size = Int(st.st_size)
        #if canImport(Darwin)
        mtimeSec = Int(st.st_mtimespec.tv_sec)
        mtimeNsec = Int(st.st_mtimespec.tv_nsec)
        #else
        mtimeSec = Int(st.st_mtim.tv_sec)
        mtimeNsec = Int(st.st_mtim.tv_nsec)
        #endif
    }
}

/// Line-by-line CSV state: the column map and the series built so far.
struct LogParser {
    var headerSeen = false
    var headerEnd = 0
    var levelColumn = -1
    var stepColumn = -1
    var metricColumns = [Int](repeating: -1, count: LogMetric.allCases.count)
    var levels: [LevelSeries] = []
    var levelIndex: [Int: Int] = [:]
    var rows = 0
    var malformed = 0
    var error: String?
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []

    /// Parses complete lines; returns the number of bytes consumed (up to the last newline).
    mutating func consume(_ buf: UnsafeBufferPointer<UInt8>) -> Int {
        var lineStart = 0
        var i = 0
        let n = buf.count
        while i < n {
            if buf[i] == 0x0A {
                if error == nil { line(buf, lineStart, i) }
                lineStart = i + 1
            }
            i += 1
        }
        return lineStart
    }

    private mutating func split(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var s = start
        var i = start
        while i < end {
            if buf[i] == 0x2C {
                fieldStarts.append(s); fieldEnds.append(i)
                s = i + 1
            }
            i += 1
        }
        fieldStarts.append(s); fieldEnds.append(end)
        // Trim spaces and double quotes around each field.
        for k in 0..<fieldStarts.count {
            var a = fieldStarts[k], b = fieldEnds[k]
            while a < b, buf[a] == 0x20 || buf[a] == 0x22 || buf[a] == 0x09 { a += 1 }
            while b > a, buf[b - 1] == 0x20 || buf[b - 1] == 0x22 || buf[b - 1] == 0x09 { b -= 1 }
            fieldStarts[k] = a; fieldEnds[k] = b
        }
    }

    private mutating func line(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ rawEnd: Int) {
        var end = rawEnd
        if end > start, buf[end - 1] == 0x0D { end -= 1 }
        var blank = true
        for k in start..<end where buf[k] != 0x20 && buf[k] != 0x09 { blank = false; break }
        if blank { return }
        split(buf, start, end)
        if !headerSeen || looksLikeHeader(buf) {
            let first = !headerSeen
            header(buf)
            if first && headerSeen { headerEnd = rawEnd + 1 }
            return
        }
        row(buf)
    }

    private func name(_ buf: UnsafeBufferPointer<UInt8>, _ k: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStarts[k]..<fieldEnds[k]]), as: UTF8.self).lowercased()
    }

    /// A line whose fields include the name "step" (a header repeated after a resume).
    private func looksLikeHeader(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = fieldStarts.first, first < buf.count else { return false }
        let c = buf[first]
        let isLetter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        guard isLetter else { return false }
        for k in 0..<fieldStarts.count where name(buf, k) == "step" { return true }
        return false
    }

    private mutating func header(_ buf: UnsafeBufferPointer<UInt8>) {
        var names: [String] = []
        for k in 0..<fieldStarts.count { names.append(name(buf, k)) }
        let missing = TrainingLog.requiredColumns.filter { !names.contains($0) }
        if !missing.isEmpty {
            let found = names.joined(separator: ",")
            error = "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (header: \(CharacterWidth.truncate(found, toWidth: 120)))"
            return
        }
        levelColumn = names.firstIndex(of: "level") ?? -1
        stepColumn = names.firstIndex(of: "step") ?? -1
        for m in LogMetric.allCases { metricColumns[m.slot] = names.firstIndex(of: m.rawValue) ?? -1 }
        headerSeen = true
    }

    private mutating func row(_ buf: UnsafeBufferPointer<UInt8>) {
        let count = fieldStarts.count
        guard levelColumn < count, stepColumn < count,
              let level = number(buf, levelColumn), let step = number(buf, stepColumn),
              level.isFinite, step.isFinite, level >= 0, level < 1000, level == level.rounded(.down) else {
            malformed += 1
            return
        }
        var values = [Double](repeating: .nan, count: metricColumns.count)
        var present = false
        for (slot, col) in metricColumns.enumerated() where col >= 0 && col < count {
            if fieldStarts[col] == fieldEnds[col] { continue }  // empty: NaN
            guard let v = number(buf, col) else {
                malformed += 1
                return
            }
            values[slot] = v
            if slot < 4 { present = true }
        }
        guard present else { return }  // e.g. an eval row with only its metric columns
        let li = Int(level)
        let idx: Int
        if let e = levelIndex[li] {
            idx = e
        } else {
            idx = levels.count
            levelIndex[li] = idx
            levels.append(LevelSeries(level: li))
        }
        levels[idx].step.append(step)
        for slot in 0..<values.count { levels[idx].metrics[slot].append(values[slot]) }
        rows += 1
    }

    /// The field as a Double (decimal, exponent, nan, inf), nil when it is not a number.
    private func number(_ buf: UnsafeBufferPointer<UInt8>, _ k: Int) -> Double? {
        let a = fieldStarts[k], b = fieldEnds[k]
        let len = b - a
        guard len > 0, len < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { tmp -> Double? in
            for j in 0..<len { tmp[j] = CChar(bitPattern: buf[a + j]) }
            tmp[len] = 0
            guard let base = tmp.baseAddress else { return nil }
            var endPtr: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &endPtr)
            guard let e = endPtr, e - base == len else { return nil }
            return v
        }
    }
}
