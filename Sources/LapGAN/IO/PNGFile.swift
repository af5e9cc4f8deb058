import CPNG
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing PNG files through libpng (see the CPNG target).
public enum PNGFile {
    /// Reads any PNG (every colour type and bit depth, interlaced or not) as 8-bit pixels.
    /// Grayscale sources give 1 channel, all others 3 (RGB); alpha is composited on white.
    public static func read(_ path: String) throws -> RasterImage {
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0
        var err = [CChar](repeating: 0, count: 512)
        let bound = MemoryBound.bytes
        let rc = err.withUnsafeMutableBufferPointer { e in
            cpng_read(path, &buffer, &w, &h, &c, UInt64(bound), e.baseAddress, e.count)
        }
        if rc == Int32(CPNG_ERR_OVER_BOUND) {
            if let b = buffer { cpng_free(b) }
            let need = cpng_decode_bytes(UInt64(max(w, 0)), UInt64(max(h, 0)), c)
            try MemoryBound.check(need > UInt64(Int.max) ? nil : Int(need), for: "decoding the \(w)×\(h) PNG", path: path)
            throw FileError(path, "image too large (\(w)×\(h) pixels)")
        }
        guard rc == 0, let pixels = buffer else {
            if let b = buffer { cpng_free(b) }
            throw FileError(path, message(err, fallback: "cannot read PNG (error \(rc))"))
        }
        defer { cpng_free(pixels) }
        let count = Int(w) * Int(h) * Int(c)
        let bytes = [UInt8](UnsafeBufferPointer(start: pixels, count: count))
        return RasterImage(width: Int(w), height: Int(h), channels: Int(c), pixels: bytes)
    }

    /// Writes an 8-bit gray or RGB PNG atomically: to `path + ".tmp-<pid>"` in the same
    /// directory, flushed to disk, then renamed over `path`. On failure the temporary file is
    /// removed and the target is left untouched.
    public static func write(_ image: RasterImage, to path: String) throws {
        if let problem = image.shapeProblem { throw FileError(path, "cannot write PNG: \(problem)") }
        if image.width > Int(Int32.max) || image.height > Int(Int32.max) {
            throw FileError(path, "cannot write PNG: image too large")
        }
        let tmp = path + ".tmp-\(getpid())"
        var err = [CChar](repeating: 0, count: 512)
        let rc = image.pixels.withUnsafeBufferPointer { px in
            err.withUnsafeMutableBufferPointer { e in
                cpng_write(tmp, px.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                           e.baseAddress, e.count)
            }
        }
        if rc != 0 {
            unlink(tmp)
            throw FileError(path, message(err, fallback: "cannot write PNG (error \(rc))"))
        }
        if rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw FileError(path, "cannot move the written file into place: \(String(cString: strerror(e)))")
        }
        syncDirectory(of: path)
    }

    private static func message(_ err: [CChar], fallback: String) -> String {
        let text = err.withUnsafeBufferPointer { b -> String in
            guard let base = b.baseAddress, b.count > 0, b.contains(0) else { return "" }
            return String(cString: base)
        }
        return text.isEmpty ? fallback : text
    }

    /// Best effort: makes the rename durable by syncing the containing directory.
    private static func syncDirectory(of path: String) {
        let dir: String
        if let slash = path.lastIndex(of: "/") {
            dir = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            dir = "."
        }
        let fd = open(dir, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}
