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
                    failure = errno == ENOSPC ? "disk full while writing" : "write failed: \(errnoText())"
                    return
                }
                left -= n
                p += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = errno == ENOSPC ? "disk full while syncing" : "fsync failed: \(errnoText())" }
        close(fd)
        if let failure {
            unlink(temp)
            throw FileError(path, "\(failure); the previous file, if any, is unchanged")
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

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
