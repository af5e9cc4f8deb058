/// How an image is scaled on screen: enlarged `factor`× (nearest neighbour, a whole factor) or reduced to
/// 1/`shrink` (each shown pixel the mean of a `shrink`×`shrink` block, for thumbnails: detail finer than the
/// block is averaged away). One of the two is 1.
public struct ImageZoom: Hashable, Sendable, CustomStringConvertible {
    public let factor: Int
    public let shrink: Int

    /// `n`× (n ≥ 1).
    public static func times(_ n: Int) -> ImageZoom { ImageZoom(factor: max(1, min(HalfBlock.maxScale, n)), shrink: 1) }
    /// 1/`d` (d ≥ 1).
    public static func over(_ d: Int) -> ImageZoom { ImageZoom(factor: 1, shrink: max(1, min(1 << 20, d))) }
    public static let one = ImageZoom.times(1)

    private init(factor: Int, shrink: Int) {
        self.factor = factor
        self.shrink = shrink
    }

    /// Shown pixels for `size` image pixels: size·factor, or ⌈size/shrink⌉.
    public func pixels(_ size: Int) -> Int {
        let s = max(0, size)
        return shrink > 1 ? (s + shrink - 1) / shrink : s * factor
    }

    /// Cells covered by a `width`×`height` image (two pixel rows per cell).
    public func cells(width: Int, height: Int) -> (width: Int, height: Int) {
        (pixels(width), (pixels(height) + 1) / 2)
    }

    /// Half the size: n× → (n/2)× for even n, 1× → 1/2, 1/d → 1/2d; nil for odd factors above 1.
    public var halved: ImageZoom? {
        if shrink > 1 { return .over(shrink * 2) }
        if factor == 1 { return .over(2) }
        return factor % 2 == 0 ? .times(factor / 2) : nil
    }

    /// The largest zoom at which `size` pixels show as at most `target` pixels (nil when target < 1).
    public static func fitting(_ size: Int, in target: Int) -> ImageZoom? {
        guard size > 0, target > 0 else { return nil }
        if target >= size { return .times(target / size) }
        return .over((size + target - 1) / target)
    }

    public var description: String { shrink > 1 ? "1/\(shrink)" : "×\(factor)" }
}

extension PixelImage {
    /// The image reduced to ⌈w/d⌉×⌈h/d⌉, each pixel the mean of its d×d block (blocks at the right and bottom
    /// edges are smaller). d ≤ 1 returns the image itself.
    public func downscaled(by d: Int) -> PixelImage {
        guard d > 1, width > 0, height > 0 else { return self }
        let w = (width + d - 1) / d, h = (height + d - 1) / d
        var out = [RGB](repeating: .black, count: w * h)
        for oy in 0..<h {
            for ox in 0..<w {
                var r = 0, g = 0, b = 0, n = 0
                for y in oy * d..<min(height, oy * d + d) {
                    for x in ox * d..<min(width, ox * d + d) {
                        let p = pixels[y * width + x]
                        r += Int(p.r); g += Int(p.g); b += Int(p.b); n += 1
                    }
                }
                out[oy * w + ox] = RGB(UInt8((r + n / 2) / n), UInt8((g + n / 2) / n), UInt8((b + n / 2) / n))
            }
        }
        return PixelImage(width: w, height: h, pixels: out) ?? self
    }
}

extension CellGrid {
    /// Draws `image` at `zoom` with its top-left corner at cell (x, y): enlarged by nearest neighbour, or
    /// reduced by averaging blocks (see `PixelImage.downscaled`). Clipped like `drawImage(_:x:y:scale:mode:)`.
    public mutating func drawImage(_ image: PixelImage, x: Int, y: Int, zoom: ImageZoom, mode: ColorMode = .truecolor) {
        if zoom.shrink > 1 {
            drawImage(image.downscaled(by: zoom.shrink), x: x, y: y, scale: 1, mode: mode)
        } else {
            drawImage(image, x: x, y: y, scale: zoom.factor, mode: mode)
        }
    }
}
