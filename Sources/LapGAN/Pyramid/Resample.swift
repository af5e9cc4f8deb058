import Foundation

/// Resizing of square or rectangular NCHW images as the released LAPGAN code does (torch `image.scale`, bilinear):
/// shrinking is an exact area average, growing is linear interpolation with corner-aligned sampling.
public enum Resample {
    /// Weights (dst × src) for one axis, stored sparsely as (first source index, weights).
    struct Axis {
        let taps: [(start: Int, weights: [Float])]
    }

    static func axis(from src: Int, to dst: Int) -> Axis {
        if dst == src { return Axis(taps: (0..<dst).map { ($0, [1]) }) }
        if dst < src {
            // Area average: output i covers [i·src/dst, (i+1)·src/dst) of the input.
            let scale = Double(src) / Double(dst)
            return Axis(taps: (0..<dst).map { i in
                let lo = Double(i) * scale, hi = Double(i + 1) * scale
                let first = Int(lo.rounded(.down)), last = min(src - 1, Int((hi - 1e-9).rounded(.down)))
                let weights = (first...last).map { j -> Float in
                    Float((min(hi, Double(j + 1)) - max(lo, Double(j))) / scale)
                }
                return (first, weights)
            })
        }
        // Linear, corner aligned: position i·(src−1)/(dst−1).
        let scale = dst > 1 ? Double(src - 1) / Double(dst - 1) : 0
        return Axis(taps: (0..<dst).map { i in
            let pos = Double(i) * scale
            let j = min(Int(pos.rounded(.down)), src - 1)
            let f = Float(pos - Double(j))
            if j + 1 >= src || f == 0 { return (j, [1]) }
            return (j, [1 - f, f])
        })
    }

    /// Resizes every plane of an NCHW tensor to height × width.
    public static func resize(_ x: Tensor, height: Int, width: Int) throws -> Tensor {
        guard x.rank == 4 else { throw ShapeError("resize needs NCHW, got \(x.shape)") }
        guard height > 0, width > 0 else { throw ShapeError("resize to \(height)×\(width)") }
        let h = x.shape[2], w = x.shape[3], planes = x.shape[0] * x.shape[1]
        if h == height && w == width { return x.copy() }
        let ax = axis(from: w, to: width), ay = axis(from: h, to: height)
        let y = Tensor(zeros: [x.shape[0], x.shape[1], height, width])
        Parallel.split(planes, minimumPerWorker: 64) { _, range in
            let tmp = UnsafeMutablePointer<Float>.allocate(capacity: h * width)
            defer { tmp.deallocate() }
            for p in range {
                let src = x.data + p * h * w, dst = y.data + p * height * width
                // Rows first: [h, w] → [h, width].
                for r in 0..<h {
                    let s = src + r * w, t = tmp + r * width
                    for (o, tap) in ax.taps.enumerated() {
                        var acc: Float = 0
                        for (k, wt) in tap.weights.enumerated() { acc += wt * s[tap.start + k] }
                        t[o] = acc
                    }
                }
                // Then columns: [h, width] → [height, width].
                for (o, tap) in ay.taps.enumerated() {
                    let d = dst + o * width
                    d.update(repeating: 0, count: width)
                    for (k, wt) in tap.weights.enumerated() {
                        let t = tmp + (tap.start + k) * width
                        for c in 0..<width { d[c] += wt * t[c] }
                    }
                }
            }
        }
        return y
    }

    public static func resize(_ x: Tensor, to size: Int) throws -> Tensor { try resize(x, height: size, width: size) }
}
