#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The xterm 256-colour palette and nearest-colour search. Only indices 16–255 are used for
/// matching (the 6×6×6 cube with levels 0,95,135,175,215,255 and the 24 greys 8,18,…,238):
/// the 16 system colours differ between terminals. Distances are CIE76 ΔE in CIELAB.
/// Results are cached per exact RGB value, so quantising an image costs a table lookup per pixel
/// after the first time a colour is seen.
public enum Xterm256 {
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The standard xterm RGB of palette index 0...255 (clamped).
    public static func rgb(ofIndex index: Int) -> RGB {
        let i = min(255, max(0, index))
        if i < 16 { return systemColors[i] }
        if i < 232 {
            let c = i - 16
            return RGB(cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        }
        return RGB(grey: UInt8(8 + 10 * (i - 232)))
    }

    static let systemColors: [RGB] = [
        RGB(0, 0, 0), RGB(128, 0, 0), RGB(0, 128, 0), RGB(128, 128, 0),
        RGB(0, 0, 128), RGB(128, 0, 128), RGB(0, 128, 128), RGB(192, 192, 192),
        RGB(128, 128, 128), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(0, 0, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The nearest palette index in 16...255 (cached).
    @inlinable
    public static func nearestIndex(to c: RGB) -> UInt8 {
        let key = Int(c.r) << 16 | Int(c.g) << 8 | Int(c.b)
        let cached = cache[key]
        if cached != 0 { return cached }
        let v = nearestIndexUncached(to: c)
        cache[key] = v
        return v
    }

    /// The nearest palette index in 16...255, computed by comparing with all 240 entries.
    public static func nearestIndexUncached(to c: RGB) -> UInt8 {
        let lab = Lab(c)
        var best = 16
        var bestD = Float.infinity
        paletteLab.withUnsafeBufferPointer { p in
            for i in 0..<240 {
                let d = lab.distanceSquared(p[i])
                if d < bestD { bestD = d; best = i + 16 }
            }
        }
        return UInt8(best)
    }

    /// ΔE² between `c` and palette entry `index` (used by tests and by callers who want the error).
    public static func distanceSquared(_ c: RGB, index: Int) -> Float {
        Lab(c).distanceSquared(Lab(rgb(ofIndex: index)))
    }

    /// The nearest grey by luma among 16 (black), 232–255 and 231 (white).
    public static func nearestGreyIndex(to c: RGB) -> UInt8 {
        let y = Int(c.luma)
        if y < 4 { return 16 }
        if y > 246 { return 231 }
        let i = (y - 8 + 5) / 10  // nearest of 8, 18, ..., 238
        return UInt8(232 + min(23, max(0, i)))
    }

    /// Every pixel of `image` as its nearest palette index, row-major.
    public static func quantize(_ image: PixelImage) -> [UInt8] {
        var out = [UInt8](repeating: 16, count: image.pixels.count)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count { dst[i] = nearestIndex(to: src[i]) }
            }
        }
        return out
    }

    // 2^24 entries, zero = not yet computed (valid answers are ≥ 16). calloc'd: pages are only
    // touched for colours that occur.
    @usableFromInline
    nonisolated(unsafe) static let cache: UnsafeMutablePointer<UInt8> = {
        if let raw = calloc(1 << 24, 1) { return raw.bindMemory(to: UInt8.self, capacity: 1 << 24) }
        // Out of memory: a one-entry-per-call fallback is not possible with a fixed table, so
        // allocate the table normally (this path is practically unreachable).
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 24)
        p.initialize(repeating: 0, count: 1 << 24)
        return p
    }()

    static let paletteLab: [Lab] = (16..<256).map { Lab(rgb(ofIndex: $0)) }
}
