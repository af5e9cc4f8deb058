import Foundation

/// Conversions between display-space tensors ([−1, 1], NCHW) and 8-bit raster images, and sample grids.
public enum ImageConversion {
    /// Item `index` of a display-space tensor as an 8-bit image (values clamped to [−1, 1]).
    public static func raster(_ t: Tensor, index: Int = 0) throws -> RasterImage {
        try raster(t, index: index, byte: byte)
    }

    /// Item `index` of raw 0–255 images [N, C, H, W] as an 8-bit image (values rounded and clamped).
    public static func raster(raw t: Tensor, index: Int = 0) throws -> RasterImage {
        try raster(t, index: index) { UInt8(max(0, min(255, $0.rounded()))) }
    }

    /// Item `index` of [N, C, H, W] as interleaved 8-bit pixels, each value through `byte`.
    private static func raster(_ t: Tensor, index: Int, byte: (Float) -> UInt8) throws -> RasterImage {
        guard t.rank == 4, index >= 0, index < t.shape[0] else { throw ShapeError("raster of item \(index) of \(t.shape)") }
        let c = t.shape[1], h = t.shape[2], w = t.shape[3], plane = h * w
        guard c == 1 || c == 3 else { throw ShapeError("raster needs 1 or 3 channels, got \(c)") }
        var pixels = [UInt8](repeating: 0, count: plane * c)
        let src = t.data + index * c * plane
        pixels.withUnsafeMutableBufferPointer { dst in
            for p in 0..<plane {
                for ch in 0..<c { dst[p * c + ch] = byte(src[ch * plane + p]) }
            }
        }
        return RasterImage(width: w, height: h, channels: c, pixels: pixels)
    }

    /// Raw 0–255 pixels to display space: x / 127.5 − 1, every pixel in [−1, 1].
    public static func displaySpace(raw: Tensor) -> Tensor {
        let out = raw.copy(), p = out.data
        for i in 0..<out.count { p[i] = p[i] / 127.5 - 1 }
        return out
    }

    /// Raw 0–255 pixels to [0, 1]: x / 255 (what the evaluation's feature spaces take).
    public static func unitRange(raw: Tensor) -> Tensor {
        let out = raw.copy(), p = out.data
        for i in 0..<out.count { p[i] /= 255 }
        return out
    }

    /// Display space [−1, 1] to [0, 1], clamped as an 8-bit image would be.
    public static func unitRange(display: Tensor) -> Tensor {
        let out = display.copy(), p = out.data
        for i in 0..<out.count { p[i] = min(1, max(0, (p[i] + 1) / 2)) }
        return out
    }

    /// A display value in [−1, 1] as a byte (clamped; NaN is black).
    @inline(__always) public static func byte(_ v: Float) -> UInt8 {
        let x = ((v.isNaN ? -1 : min(max(v, -1), 1)) + 1) * 127.5
        return UInt8(x.rounded())
    }

    /// A band-pass residual for display: mid-grey = 0, stretched so the largest |value| of each item reaches ±1.
    public static func stretchedBandpass(_ t: Tensor) -> Tensor {
        let out = t.copy()
        let per = t.itemCount
        for n in 0..<(t.shape.first ?? 0) {
            let p = out.data + n * per
            var m: Float = 1e-6
            for i in 0..<per { m = max(m, abs(p[i])) }
            for i in 0..<per { p[i] /= m }
        }
        return out
    }

    /// Nearest-neighbour enlargement by a whole factor.
    public static func enlarged(_ image: RasterImage, factor: Int) -> RasterImage {
        let f = max(1, factor)
        if f == 1 { return image }
        let w = image.width * f, h = image.height * f, c = image.channels
        var pixels = [UInt8](repeating: 0, count: w * h * c)
        image.pixels.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w {
                        for ch in 0..<c { dst[(y * w + x) * c + ch] = src[((y / f) * image.width + x / f) * c + ch] }
                    }
                }
            }
        }
        return RasterImage(width: w, height: h, channels: c, pixels: pixels)
    }

    /// Tiles images of one channel count into rows of `columns`, with `gap` pixels of `background` between.
    /// Images smaller than the largest are centred in their tile.
    public static func grid(_ images: [RasterImage], columns: Int, gap: Int = 2, background: UInt8 = 255) throws -> RasterImage {
        guard let first = images.first else { throw ShapeError("a grid of no images") }
        let c = first.channels, cols = max(1, min(columns, images.count)), rows = (images.count + cols - 1) / cols
        let tw = images.map(\.width).max() ?? 1, th = images.map(\.height).max() ?? 1
        let w = cols * tw + (cols + 1) * gap, h = rows * th + (rows + 1) * gap
        var pixels = [UInt8](repeating: background, count: w * h * c)
        for (i, img) in images.enumerated() {
            guard img.channels == c else { throw ShapeError("grid images differ in channels") }
            let ox = gap + (i % cols) * (tw + gap) + (tw - img.width) / 2
            let oy = gap + (i / cols) * (th + gap) + (th - img.height) / 2
            img.pixels.withUnsafeBufferPointer { src in
                pixels.withUnsafeMutableBufferPointer { dst in
                    for y in 0..<img.height {
                        let d = ((oy + y) * w + ox) * c, s = y * img.width * c
                        for x in 0..<(img.width * c) { dst[d + x] = src[s + x] }
                    }
                }
            }
        }
        return RasterImage(width: w, height: h, channels: c, pixels: pixels)
    }
}

public extension ImageConversion {
    /// One sample's pyramid as images: Ĩ_K, then for each finer level h̃_k (stretched, grey = 0) and Ĩ_k,
    /// all enlarged to the finest size.
    static func pyramidStrip(_ m: LapGAN, _ s: PyramidSample, index i: Int) throws -> [RasterImage] {
        let finest = m.description.sizes[0]
        func big(_ t: Tensor) throws -> RasterImage {
            let r = try raster(t, index: i)
            return finest % r.width == 0 ? enlarged(r, factor: finest / r.width) : try raster(Resample.resize(t, to: finest), index: i)
        }
        var row = [try big(m.displayTensors(of: s, level: m.coarsest).image)]
        for k in stride(from: m.coarsest - 1, through: 0, by: -1) {
            let level = try m.displayTensors(of: s, level: k)
            if let bandpass = level.bandpass { row.append(try big(bandpass)) }
            row.append(try big(level.image))
        }
        return row
    }
}
