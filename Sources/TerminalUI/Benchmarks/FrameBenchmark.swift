#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures the cost of flushing frames: encoding a diff of a grid whose every cell changes
/// (truecolour half blocks) and writing it to a file descriptor (default /dev/null).
public enum FrameBenchmark {
    public struct Result: Sendable {
        public var width: Int
        public var height: Int
        public var frames: Int
        public var bytesPerFrame: Int
        /// Mean milliseconds per frame for encode + write.
        public var msPerFrame: Double
    }

    public static func run(width: Int = 200, height: Int = 60, frames: Int = 60, mode: ColorMode = .truecolor, fd: Int32? = nil) -> Result {
        let w = max(1, width), h = max(1, height), n = max(1, frames)
        let out = fd ?? open("/dev/null", O_WRONLY)
        defer { if fd == nil && out >= 0 { close(out) } }
        let encoder = FrameEncoder(mode: mode)
        var grids: [CellGrid] = []
        for f in 0..<2 {
            var img = PixelImage(width: w, height: 2 * h)
            for y in 0..<(2 * h) {
                for x in 0..<w {
                    img[x, y] = RGB(UInt8(truncatingIfNeeded: x * 3 + f * 7), UInt8(truncatingIfNeeded: y * 5 + f * 11), UInt8(truncatingIfNeeded: (x ^ y) + f * 13))
                }
            }
            var g = CellGrid(width: w, height: h)
            g.drawImage(img, x: 0, y: 0, scale: 1, mode: mode)
            grids.append(g)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(w * h * 40)
        var bytes = 0
        let t0 = now()
        for i in 0..<n {
            buffer.removeAll(keepingCapacity: true)
            encoder.encode(from: grids[(i + 1) % 2], to: grids[i % 2], into: &buffer)
            bytes = buffer.count
            if out >= 0 {
                buffer.withUnsafeBufferPointer { b in
                    if let base = b.baseAddress { _ = Terminal.writeAll(fd: out, base, b.count) }
                }
            }
        }
        let ms = (now() - t0) * 1000 / Double(n)
        return Result(width: w, height: h, frames: n, bytesPerFrame: bytes, msPerFrame: ms)
    }

    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
