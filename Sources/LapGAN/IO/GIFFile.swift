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

/// One palette for all frames of an animation: exact when the frames hold at most 256 colours (any grey image does:
/// 256 greys), else median cut (Heckbert): the colour cube of all frames' pixels split at the weighted median of
/// its widest side until there are 256 boxes, each box's mean a palette entry, every pixel the nearest entry.
public enum GIFPalette {
    /// Mean and largest absolute difference per channel value (0–255) between the frames and their quantised pixels.
    public struct Error: Equatable, Sendable {
        public var mean: Double
        public var max: Int
    }

    /// The palette (RGB), each frame's pixels as palette indices (frame after frame), and the error.
    public static func quantise(_ frames: [RasterImage]) -> (palette: [(UInt8, UInt8, UInt8)], indices: [UInt8], error: Error) {
        let rgb = frames.map { $0.channels == 3 ? $0 : $0.converted(toChannels: 3) }
        var counts: [UInt32: Int] = [:]
        for f in rgb {
            let p = f.pixels
            for i in stride(from: 0, to: p.count, by: 3) { counts[UInt32(p[i]) << 16 | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]), default: 0] += 1 }
        }
        let colours = counts.keys.sorted()
        let palette = colours.count <= 256 ? colours.map(unpack) : medianCut(colours.map { ($0, counts[$0] ?? 0) })
        // Each distinct colour's nearest entry, once.
        var nearest: [UInt32: UInt8] = [:]
        nearest.reserveCapacity(colours.count)
        for c in colours { nearest[c] = UInt8(closest(unpack(c), in: palette)) }
        var indices: [UInt8] = []
        var total = 0, count = 0, worst = 0
        for f in rgb {
            let p = f.pixels
            for i in stride(from: 0, to: p.count, by: 3) {
                let j = nearest[UInt32(p[i]) << 16 | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2])] ?? 0
                indices.append(j)
                let e = palette[Int(j)]
                for (a, b) in [(p[i], e.0), (p[i + 1], e.1), (p[i + 2], e.2)] {
                    let d = abs(Int(a) - Int(b))
                    total += d
                    worst = max(worst, d)
                    count += 1
                }
            }
        }
        return (palette, indices, Error(mean: count > 0 ? Double(total) / Double(count) : 0, max: worst))
    }

    private static func unpack(_ c: UInt32) -> (UInt8, UInt8, UInt8) { (UInt8(c >> 16 & 255), UInt8(c >> 8 & 255), UInt8(c & 255)) }

    private static func closest(_ c: (UInt8, UInt8, UInt8), in palette: [(UInt8, UInt8, UInt8)]) -> Int {
        var best = 0, bestDistance = Int.max
        for (i, p) in palette.enumerated() {
            let dr = Int(c.0) - Int(p.0), dg = Int(c.1) - Int(p.1), db = Int(c.2) - Int(p.2)
            let d = dr * dr + dg * dg + db * db
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    /// 256 colours for the weighted colours `colours` (more than 256 distinct).
    private static func medianCut(_ colours: [(colour: UInt32, count: Int)]) -> [(UInt8, UInt8, UInt8)] {
        func channel(_ c: UInt32, _ k: Int) -> Int { Int(c >> UInt32(16 - 8 * k) & 255) }
        func widest(_ box: ArraySlice<(colour: UInt32, count: Int)>) -> (channel: Int, range: Int) {
            (0..<3).map { k in (k, (box.map { channel($0.colour, k) }.max() ?? 0) - (box.map { channel($0.colour, k) }.min() ?? 0)) }
                .max { $0.1 < $1.1 } ?? (0, 0)
        }
        typealias Box = (colours: ArraySlice<(colour: UInt32, count: Int)>, channel: Int, score: Int)
        // A box's score: its widest side times the pixels it holds (a single colour cannot be split).
        func box(_ c: ArraySlice<(colour: UInt32, count: Int)>) -> Box {
            let w = widest(c)
            return (c, w.channel, c.count > 1 ? w.range * c.reduce(0) { $0 + $1.count } : -1)
        }
        var boxes: [Box] = [box(colours[...])]
        while boxes.count < 256 {
            guard let i = boxes.indices.max(by: { boxes[$0].score < boxes[$1].score }), boxes[i].score >= 0 else { break }
            let k = boxes[i].channel
            let sorted = boxes[i].colours.sorted { channel($0.colour, k) < channel($1.colour, k) }
            let half = sorted.reduce(0) { $0 + $1.count } / 2
            var running = 0, cut = 1
            for (j, c) in sorted.enumerated() {
                running += c.count
                if running >= half { cut = j + 1; break }
            }
            cut = min(max(1, cut), sorted.count - 1)
            boxes[i] = box(sorted[..<cut])
            boxes.append(box(sorted[cut...]))
        }
        return boxes.map { b in
            let box = b.colours
            let n = Double(max(1, box.reduce(0) { $0 + $1.count }))
            let mean = (0..<3).map { k in UInt8((box.reduce(0.0) { $0 + Double(channel($1.colour, k) * $1.count) } / n).rounded()) }
            return (mean[0], mean[1], mean[2])
        }
    }
}
