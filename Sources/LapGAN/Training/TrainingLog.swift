#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the training log that `TrainingLogWriter` writes (the columns of `TrainingLogColumn`,
/// found by name in any order, extra columns ignored, absent optional ones NaN) into per-level
/// series. A missing file or missing required columns gives `error`, never a crash; malformed
/// rows are skipped and counted; an unterminated last line (the trainer is mid-write) is left
/// for the next reload. `reloadIfChanged()` re-reads only what was appended when it can.
public final class TrainingLog {
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

    private var parser = TrainingLogParser()
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
        // The whole file is read into memory: bound it first.
        do { try MemoryBound.check(sig.size, for: "reading the log", path: path) } catch {
            let msg = "\(error)"
            if self.error?.message == msg { return false }
            resetData()
            signature = nil
            self.error = TrainingLogError(msg)
            version += 1
            return true
        }

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
        parser = TrainingLogParser()
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
        // The chunk fits what is there to read (a growing log is polled for a few new rows at a time), up to 1 MiB.
        var info = stat()
        let left = fstat(fd, &info) == 0 ? Int(info.st_size) - offset : 1 << 20
        var chunk = [UInt8](repeating: 0, count: Swift.min(1 << 20, Swift.max(4_096, left + 1)))
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
