/// An 8-bit image in memory: row-major, interleaved channels (1 = gray, 3 = RGB).
public struct RasterImage: Equatable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Why this image cannot be stored, or nil when its shape is consistent.
    public var shapeProblem: String? {
        if width <= 0 || height <= 0 { return "invalid image size \(width)x\(height)" }
        if channels != 1 && channels != 3 { return "invalid channel count \(channels) (expected 1 or 3)" }
        let (wh, o1) = width.multipliedReportingOverflow(by: height)
        let (n, o2) = wh.multipliedReportingOverflow(by: channels)
        if o1 || o2 || n != pixels.count {
            return "pixel buffer holds \(pixels.count) bytes, expected \(width)x\(height)x\(channels)"
        }
        return nil
    }

    /// The image with `channels` channels: gray to RGB replicates the value; RGB to gray uses
    /// luma 0.299 R + 0.587 G + 0.114 B, rounded to nearest (halves up).
    public func converted(toChannels target: Int) -> RasterImage {
        precondition(target == 1 || target == 3, "channels must be 1 or 3")
        precondition(channels == 1 || channels == 3, "source channels must be 1 or 3")
        if target == channels { return self }
        let n = width * height
        var out = [UInt8](repeating: 0, count: n * target)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if target == 3 {
                    for i in 0..<n {
                        let v = src[i]
                        dst[3 * i] = v
                        dst[3 * i + 1] = v
                        dst[3 * i + 2] = v
                    }
                } else {
                    for i in 0..<n {
                        // The weights are exact in thousandths, so integer arithmetic rounds exactly.
                        let r = Int(src[3 * i]), g = Int(src[3 * i + 1]), b = Int(src[3 * i + 2])
                        dst[i] = UInt8((299 * r + 587 * g + 114 * b + 500) / 1000)
                    }
                }
            }
        }
        return RasterImage(width: width, height: height, channels: target, pixels: out)
    }

    /// Centre-crops to a square (the shorter side), then resamples to `size`×`size` by area
    /// averaging: each output pixel is the exact area-weighted mean of the input pixels it
    /// covers, rounded to nearest (halves up). Works for shrinking and enlarging.
    public func resizedSquare(to size: Int) -> RasterImage {
        precondition(size > 0, "size must be positive")
        precondition(width > 0 && height > 0 && pixels.count == width * height * channels, "inconsistent image")
        let s = Swift.min(width, height)
        let x0 = (width - s) / 2
        let y0 = (height - s) / 2
        let c = channels
        if s == size && width == height { return self }

        // In units of 1/(s*size) of the crop: input pixel i spans [i*size, (i+1)*size), output
        // pixel o spans [o*s, (o+1)*s). Weights are integer overlaps; each output's weights sum to s.
        var starts = [Int](repeating: 0, count: size + 1) // first input index per output
        var taps: [(index: Int, weight: Int)] = []
        taps.reserveCapacity(size * (s / size + 2))
        for o in 0..<size {
            starts[o] = taps.count
            let lo = o * s, hi = (o + 1) * s
            var i = lo / size
            while i * size < hi {
                let a = Swift.max(lo, i * size), b = Swift.min(hi, (i + 1) * size)
                if b > a { taps.append((i, b - a)) }
                i += 1
            }
        }
        starts[size] = taps.count

        // Horizontal pass: for each crop row, weighted sums per output column (sum ≤ 255*s).
        let rowLen = size * c
        var mid = [Int](repeating: 0, count: s * rowLen)
        let srcStride = width * c
        pixels.withUnsafeBufferPointer { src in
            mid.withUnsafeMutableBufferPointer { m in
                taps.withUnsafeBufferPointer { t in
                    starts.withUnsafeBufferPointer { st in
                        for y in 0..<s {
                            let srow = (y0 + y) * srcStride + x0 * c
                            let mrow = y * rowLen
                            for o in 0..<size {
                                for ch in 0..<c {
                                    var acc = 0
                                    for k in st[o]..<st[o + 1] {
                                        acc += t[k].weight * Int(src[srow + t[k].index * c + ch])
                                    }
                                    m[mrow + o * c + ch] = acc
                                }
                            }
                        }
                    }
                }
            }
        }

        // Vertical pass: weighted sums of rows, then divide by s*s with rounding.
        let denom = s * s
        let half = denom / 2
        var out = [UInt8](repeating: 0, count: size * rowLen)
        var acc = [Int](repeating: 0, count: rowLen)
        mid.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { dst in
                acc.withUnsafeMutableBufferPointer { a in
                    taps.withUnsafeBufferPointer { t in
                        starts.withUnsafeBufferPointer { st in
                            for o in 0..<size {
                                for j in 0..<rowLen { a[j] = 0 }
                                for k in st[o]..<st[o + 1] {
                                    let w = t[k].weight
                                    let mrow = t[k].index * rowLen
                                    for j in 0..<rowLen { a[j] += w * m[mrow + j] }
                                }
                                let drow = o * rowLen
                                for j in 0..<rowLen {
                                    dst[drow + j] = UInt8(Swift.min(255, (a[j] + half) / denom))
                                }
                            }
                        }
                    }
                }
            }
        }
        return RasterImage(width: size, height: size, channels: c, pixels: out)
    }
}
