/// An RGB image, 8 bits per channel, pixels row-major from the top left.
public struct PixelImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `width * height` pixels.
    public private(set) var pixels: [RGB]

    /// An image filled with one colour (negative sizes become 0).
    public init(width: Int, height: Int, fill: RGB = .black) {
        let ok = Rect.checkedProduct(max(0, width), max(0, height)).map { $0 <= 1 << 28 } ?? false
        self.width = ok ? max(0, width) : 0
        self.height = ok ? max(0, height) : 0
        self.pixels = Array(repeating: fill, count: self.width * self.height)
    }

    /// An image from row-major pixels; nil when the count is not `width * height`.
    public init?(width: Int, height: Int, pixels: [RGB]) {
        guard let n = Rect.checkedProduct(width, height), pixels.count == n else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image from interleaved RGB bytes (`width * height * 3`); nil on a size mismatch.
    public init?(width: Int, height: Int, rgbBytes: [UInt8]) {
        guard let n = Rect.checkedProduct(width, height), let n3 = Rect.checkedProduct(n, 3), rgbBytes.count == n3 else { return nil }
        var px = [RGB](repeating: .black, count: width * height)
        rgbBytes.withUnsafeBufferPointer { src in
            px.withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count { dst[i] = RGB(src[3 * i], src[3 * i + 1], src[3 * i + 2]) }
            }
        }
        self.width = width
        self.height = height
        self.pixels = px
    }

    /// An image from planar (CHW) floats, `channels` 1 (grey) or 3 (RGB), mapping
    /// `low...high` linearly to 0...255 (values outside are clamped, NaN becomes `low`).
    /// Nil when the channel count or the number of values does not match.
    public init?(width: Int, height: Int, channels: Int, planar: [Float], low: Float = -1, high: Float = 1) {
        guard channels == 1 || channels == 3, let wh = Rect.checkedProduct(width, height),
              let total = Rect.checkedProduct(wh, channels), planar.count == total,
              high != low, low.isFinite, high.isFinite else { return nil }
        let n = width * height
        let scale = 255 / (high - low)
        var px = [RGB](repeating: .black, count: n)
        planar.withUnsafeBufferPointer { src in
            px.withUnsafeMutableBufferPointer { dst in
                @inline(__always) func byte(_ v: Float) -> UInt8 {
                    let t = (v - low) * scale
                    return t >= 0 ? (t < 255 ? UInt8(t + 0.5) : 255) : 0  // NaN fails both tests → 0
                }
                if channels == 1 {
                    for i in 0..<n { dst[i] = RGB(grey: byte(src[i])) }
                } else {
                    for i in 0..<n { dst[i] = RGB(byte(src[i]), byte(src[n + i]), byte(src[2 * n + i])) }
                }
            }
        }
        self.width = width
        self.height = height
        self.pixels = px
    }

    /// A signed image (e.g. a band-pass residual) shown with mid-grey = 0 and contrast stretched
    /// so that ±`scale` reaches black/white; `scale` defaults to the largest |value| (at least
    /// 1e-6). Nil when sizes do not match.
    public static func signed(width: Int, height: Int, channels: Int, planar: [Float], scale: Float? = nil) -> PixelImage? {
        var m: Float = 0
        if let s = scale, s.isFinite, s > 0 {
            m = s
        } else {
            for v in planar where v.isFinite { m = max(m, abs(v)) }
        }
        m = max(m, 1e-6)
        return PixelImage(width: width, height: height, channels: channels, planar: planar, low: -m, high: m)
    }

    /// The pixel at (x, y); black outside the image.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .black }
            return pixels[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            pixels[y * width + x] = newValue
        }
    }
}
