/// A direct stride-1 convolution for layers with few output channels, where unfolding costs more than the
/// arithmetic (the generators' last layer). Works on one sample at a time.
public enum DirectConvolution {
    /// y = w ⋆ x + b for one sample: x [C_in, H, W], y [C_out, H_o, W_o], w [C_out, C_in, k, k].
    public static func forward(_ x: UnsafePointer<Float>, _ g: ConvolutionShape, weight w: UnsafePointer<Float>,
                               bias b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let k = g.kernel, p = g.pad, Cin = g.inChannels
        for o in 0..<g.outChannels {
            let out = y + o * g.outputPixels
            out.update(repeating: b[o], count: g.outputPixels)
            for c in 0..<Cin {
                let plane = x + c * g.height * g.width
                for ki in 0..<k {
                    for kj in 0..<k {
                        let wv = w[((o * Cin + c) * k + ki) * k + kj]
                        let (lo, hi) = g.columnRange(kj)
                        if hi <= lo { continue }
                        for oy in 0..<g.outputHeight {
                            let iy = oy + ki - p
                            if iy < 0 || iy >= g.height { continue }
                            let d = out + oy * g.outputWidth, s = plane + iy * g.width + kj - p
                            for ox in lo..<hi { d[ox] += wv * s[ox] }
                        }
                    }
                }
            }
        }
    }

    /// For one sample: adds the input gradient to `gx` and the weight and bias gradients to `gw` and `gb`.
    public static func backward(_ x: UnsafePointer<Float>, _ gy: UnsafePointer<Float>, _ g: ConvolutionShape,
                                weight w: UnsafePointer<Float>, gradInput gx: UnsafeMutablePointer<Float>,
                                gradWeight gw: UnsafeMutablePointer<Float>, gradBias gb: UnsafeMutablePointer<Float>) {
        let k = g.kernel, p = g.pad, Cin = g.inChannels
        for o in 0..<g.outChannels {
            let go = gy + o * g.outputPixels
            gb[o] += VectorMath.sum(go, g.outputPixels)
            for c in 0..<Cin {
                let plane = x + c * g.height * g.width, dplane = gx + c * g.height * g.width
                for ki in 0..<k {
                    for kj in 0..<k {
                        let wi = ((o * Cin + c) * k + ki) * k + kj, wv = w[wi]
                        let (lo, hi) = g.columnRange(kj)
                        if hi <= lo { continue }
                        var acc: Float = 0
                        for oy in 0..<g.outputHeight {
                            let iy = oy + ki - p
                            if iy < 0 || iy >= g.height { continue }
                            let gr = go + oy * g.outputWidth, xr = plane + iy * g.width + kj - p, dr = dplane + iy * g.width + kj - p
                            acc += VectorMath.dot(gr + lo, xr + lo, hi - lo)
                            for ox in lo..<hi { dr[ox] += wv * gr[ox] }
                        }
                        gw[wi] += acc
                    }
                }
            }
        }
    }
}
