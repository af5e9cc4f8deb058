import Foundation

/// Writes a file so that readers see either the old or the new contents, never a partial file:
/// a temporary file in the same folder, fsync, rename over the target, fsync of the folder.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        try checkTarget(path)
        let temp = "\(path).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError(path, "cannot create \(temp): \(errnoText())") }
        var failure: String?
        data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            guard var p = buf.baseAddress else { return }
            var left = buf.count
            while left > 0 {
                let n = Foundation.write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = writeFailure("writing")
                    return
                }
                left -= n
                p += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = writeFailure("syncing") }
        if close(fd) != 0, failure == nil { failure = writeFailure("closing") }
        if let failure {
            unlink(temp)
            throw FileError(path, "\(failure); the temporary file was removed and the previous file, if any, is unchanged")
        }
        guard rename(temp, path) == 0 else {
            let why = errnoText()
            unlink(temp)
            throw FileError(path, "cannot rename the temporary file into place: \(why)")
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Throws if `path` exists and is not a regular file: renaming over a directory, a device such as
    /// /dev/null or a FIFO would replace it. Commands call this before long work whose result goes there.
    public static func checkTarget(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw FileError(path, "is not a regular file; give a file name to write")
        }
    }

    /// Removes temporary files that writers of `path` left when they were killed mid-write (`path.tmp-PID` of a
    /// process that no longer exists); returns how many. A file of a live process, this one included, is kept.
    @discardableResult
    public static func removeStaleTemporaries(of path: String) -> Int {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH, unlink(dir + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Why a write, fsync or close failed, in words: a full disk and a file size limit are named as such.
    static func writeFailure(_ doing: String) -> String {
        switch errno {
        case ENOSPC, EDQUOT: return "disk full (or quota reached) while \(doing)"
        case EFBIG: return "file size limit reached while \(doing) (ulimit -f)"
        default: return "\(doing) failed: \(errnoText())"
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
