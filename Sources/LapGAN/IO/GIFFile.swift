import CGIF
import Foundation

/// Animated GIFs through giflib (see the CGIF target): frames of one size quantised to one palette of at most 256
/// colours (`GIFPalette`), looping forever.
public enum GIFFile {
    /// Writes `frames` (all of one size; grey or RGB) as an animation, `delay` hundredths of a second per frame,
    /// atomically (a temporary file renamed over `path`). Returns the palette's quantisation error.
    @discardableResult
    public static func write(_ frames: [RasterImage], delay: Int = 8, to path: String) throws -> GIFPalette.Error {
        guard let first = frames.first else { throw FileError(path, "cannot write GIF: no frames") }
        for f in frames {
            if let problem = f.shapeProblem { throw FileError(path, "cannot write GIF: \(problem)") }
            guard f.width == first.width, f.height == first.height else {
                throw FileError(path, "cannot write GIF: frames differ in size (\(f.width)×\(f.height) and \(first.width)×\(first.height))")
            }
        }
        guard first.width <= 65535, first.height <= 65535 else { throw FileError(path, "cannot write GIF: \(first.width)×\(first.height) is too large") }
        let q = GIFPalette.quantise(frames)
        var out: UnsafeMutablePointer<UInt8>?
        var length = 0
        var err = [CChar](repeating: 0, count: 256)
        let palette = q.palette.flatMap { [$0.0, $0.1, $0.2] }
        let rc = q.indices.withUnsafeBufferPointer { idx in
            palette.withUnsafeBufferPointer { pal in
                err.withUnsafeMutableBufferPointer { e in
                    cgif_encode(Int32(first.width), Int32(first.height), Int32(frames.count), idx.baseAddress, pal.baseAddress,
                                Int32(q.palette.count), Int32(clamping: max(1, delay)), &out, &length, e.baseAddress, e.count)
                }
            }
        }
        guard rc == 0, let bytes = out else {
            throw FileError(path, "cannot write GIF: " + String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { cgif_free(bytes) }
        try AtomicFile.write(Data(bytes: bytes, count: length), to: path)
        return q.error
    }

    /// Reads a GIF's frames as a viewer shows them (each composited on the last), RGB, with their delays in
    /// hundredths of a second.
    public static func read(_ path: String) throws -> (frames: [RasterImage], delays: [Int]) {
        var w: Int32 = 0, h: Int32 = 0, n: Int32 = 0
        var rgb: UnsafeMutablePointer<UInt8>?
        var delays: UnsafeMutablePointer<Int32>?
        var err = [CChar](repeating: 0, count: 256)
        let rc = err.withUnsafeMutableBufferPointer { e in
            cgif_decode(path, &w, &h, &n, &rgb, &delays, UInt64(MemoryBound.bytes), e.baseAddress, e.count)
        }
        guard rc == 0, let pixels = rgb, let d = delays else {
            throw FileError(path, String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { cgif_free(pixels); cgif_free(d) }
        let plane = Int(w) * Int(h) * 3
        let frames = (0..<Int(n)).map { f in
            RasterImage(width: Int(w), height: Int(h), channels: 3, pixels: Array(UnsafeBufferPointer(start: pixels + f * plane, count: plane)))
        }
        return (frames, (0..<Int(n)).map { Int(d[$0]) })
    }
}

/// One palette for all frames of an animation: exact when the frames hold at most 256 colours (any grey image
/// does: 256 greys), else a fixed palette of 6×7×6 colours and 4 extra greys with 8×8 ordered (Bayer) dithering,
/// which keeps the mean colour of every region.
public enum GIFPalette {
    /// Mean and largest absolute difference per channel value (0–255) between the frames and their quantised pixels.
    public struct Error: Equatable, Sendable {
        public var mean: Double
        public var max: Int
    }

    /// The palette (RGB), each frame's pixels as palette indices (frame after frame), and the error.
    public static func quantise(_ frames: [RasterImage]) -> (palette: [(UInt8, UInt8, UInt8)], indices: [UInt8], error: Error) {
        let rgb = frames.map { $0.channels == 3 ? $0 : $0.converted(toChannels: 3) }
        if let exact = exactPalette(rgb) { return exact }
        return dithered(rgb)
    }

    private static func exactPalette(_ frames: [RasterImage]) -> (palette: [(UInt8, UInt8, UInt8)], indices: [UInt8], error: Error)? {
        var index: [UInt32: UInt8] = [:]
        var palette: [(UInt8, UInt8, UInt8)] = []
        var indices: [UInt8] = []
        indices.reserveCapacity(frames.reduce(0) { $0 + $1.width * $1.height })
        for f in frames {
            let p = f.pixels
            for i in stride(from: 0, to: p.count, by: 3) {
                let key = UInt32(p[i]) << 16 | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2])
                if let j = index[key] { indices.append(j); continue }
                guard palette.count < 256 else { return nil }
                index[key] = UInt8(palette.count)
                indices.append(UInt8(palette.count))
                palette.append((p[i], p[i + 1], p[i + 2]))
            }
        }
        return (palette, indices, Error(mean: 0, max: 0))
    }

    static let levels = (r: 6, g: 7, b: 6)
    static let extraGreys: [UInt8] = [32, 96, 160, 224]
    /// The 8×8 Bayer matrix, 0…63.
    static let bayer: [Int] = [0, 32, 8, 40, 2, 34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26, 12, 44, 4, 36, 14, 46, 6, 38,
                               60, 28, 52, 20, 62, 30, 54, 22, 3, 35, 11, 43, 1, 33, 9, 41, 51, 19, 59, 27, 49, 17, 57, 25,
                               15, 47, 7, 39, 13, 45, 5, 37, 63, 31, 55, 23, 61, 29, 53, 21]

    private static func level(_ i: Int, of n: Int) -> UInt8 { UInt8((i * 255 + (n - 1) / 2) / (n - 1)) }

    private static func dithered(_ frames: [RasterImage]) -> (palette: [(UInt8, UInt8, UInt8)], indices: [UInt8], error: Error) {
        let (nr, ng, nb) = levels
        var palette: [(UInt8, UInt8, UInt8)] = []
        for r in 0..<nr { for g in 0..<ng { for b in 0..<nb { palette.append((level(r, of: nr), level(g, of: ng), level(b, of: nb))) } } }
        palette += extraGreys.map { ($0, $0, $0) }
        var indices: [UInt8] = []
        var total = 0.0, count = 0, worst = 0
        for f in frames {
            let p = f.pixels
            for y in 0..<f.height {
                for x in 0..<f.width {
                    let o = (y * f.width + x) * 3
                    let t = (Double(bayer[(y & 7) * 8 + (x & 7)]) + 0.5) / 64
                    func q(_ v: UInt8, _ n: Int) -> Int { min(n - 1, Int(Double(v) * Double(n - 1) / 255 + t)) }
                    let (r, g, b) = (q(p[o], nr), q(p[o + 1], ng), q(p[o + 2], nb))
                    var best = (r * ng + g) * nb + b
                    // A grey pixel takes the nearest of all greys on the grid and the extra ones, dithered between the two around it.
                    if p[o] == p[o + 1] && p[o + 1] == p[o + 2] {
                        best = nearestGrey(p[o], t, palette)
                    }
                    indices.append(UInt8(best))
                    let c = palette[best]
                    for (a, b) in [(p[o], c.0), (p[o + 1], c.1), (p[o + 2], c.2)] {
                        let d = abs(Int(a) - Int(b))
                        total += Double(d)
                        worst = max(worst, d)
                        count += 1
                    }
                }
            }
        }
        return (palette, indices, Error(mean: count > 0 ? total / Double(count) : 0, max: worst))
    }

    /// The greys of the palette (indices), sorted by value, made once.
    private static let greys: [(value: Int, index: Int)] = {
        let (nr, ng, nb) = levels
        var out: [(Int, Int)] = []
        // Greys on the grid: where the three levels coincide (0 and 255 for 6×7×6).
        for r in 0..<nr { for g in 0..<ng { for b in 0..<nb {
            let (a, c, d) = (level(r, of: nr), level(g, of: ng), level(b, of: nb))
            if a == c && c == d { out.append((Int(a), (r * ng + g) * nb + b)) }
        } } }
        for (i, v) in extraGreys.enumerated() { out.append((Int(v), nr * ng * nb + i)) }
        return out.sorted { $0.0 < $1.0 }
    }()

    private static func nearestGrey(_ v: UInt8, _ t: Double, _ palette: [(UInt8, UInt8, UInt8)]) -> Int {
        let value = Int(v)
        guard let upper = greys.firstIndex(where: { $0.value >= value }) else { return greys[greys.count - 1].index }
        if greys[upper].value == value || upper == 0 { return greys[upper].index }
        let lo = greys[upper - 1], hi = greys[upper]
        let fraction = Double(value - lo.value) / Double(hi.value - lo.value)
        return fraction + t >= 1 ? hi.index : lo.index
    }
}
