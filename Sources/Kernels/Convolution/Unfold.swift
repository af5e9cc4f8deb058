/// im2col and col2im: one sample's input planes as the columns of a matrix [C·k·k, H_o·W_o], so a convolution
/// is one sgemm, and the way back for the input gradient.
public enum Unfold {
    /// Unfolds one sample [C, H, W] at `x` into columns at `col`, row stride `ld`.
    public static func im2col(_ x: UnsafePointer<Float>, _ g: ConvolutionShape, _ col: UnsafeMutablePointer<Float>, ld: Int) {
        let k = g.kernel, s = g.stride, p = g.pad, H = g.height, W = g.width, Ho = g.outputHeight, Wo = g.outputWidth
        for c in 0..<g.inChannels {
            let plane = x + c * H * W
            for ki in 0..<k {
                for kj in 0..<k {
                    let row = col + ((c * k + ki) * k + kj) * ld
                    // Output columns whose input column lies inside the image.
                    let lo = s == 1 ? min(Wo, max(0, p - kj)) : 0
                    let hi = s == 1 ? min(Wo, W + p - kj) : Wo
                    for oy in 0..<Ho {
                        let iy = oy * s + ki - p
                        let d = row + oy * Wo
                        if iy < 0 || iy >= H {
                            d.update(repeating: 0, count: Wo)
                            continue
                        }
                        let src = plane + iy * W
                        if s == 1 {
                            if lo > 0 { d.update(repeating: 0, count: lo) }
                            if hi > lo { (d + lo).update(from: src + lo + kj - p, count: hi - lo) }
                            if hi < Wo { (d + max(hi, lo)).update(repeating: 0, count: Wo - max(hi, lo)) }
                        } else {
                            for ox in 0..<Wo {
                                let ix = ox * s + kj - p
                                d[ox] = (ix >= 0 && ix < W) ? src[ix] : 0
                            }
                        }
                    }
                }
            }
        }
    }

    /// Folds columns at `col` (row stride `ld`) back into one sample's gradient [C, H, W] at `x`, adding overlaps.
    public static func col2im(_ col: UnsafePointer<Float>, ld: Int, _ g: ConvolutionShape, _ x: UnsafeMutablePointer<Float>) {
        let k = g.kernel, s = g.stride, p = g.pad, H = g.height, W = g.width, Ho = g.outputHeight, Wo = g.outputWidth
        for c in 0..<g.inChannels {
            let plane = x + c * H * W
            for ki in 0..<k {
                for kj in 0..<k {
                    let row = col + ((c * k + ki) * k + kj) * ld
                    let lo = s == 1 ? min(Wo, max(0, p - kj)) : 0
                    let hi = s == 1 ? min(Wo, W + p - kj) : Wo
                    for oy in 0..<Ho {
                        let iy = oy * s + ki - p
                        if iy < 0 || iy >= H { continue }
                        let src = row + oy * Wo
                        let dst = plane + iy * W
                        if s == 1 {
                            if hi > lo {
                                let d = dst + kj - p
                                for ox in lo..<hi { d[ox] += src[ox] }
                            }
                        } else {
                            for ox in 0..<Wo {
                                let ix = ox * s + kj - p
                                if ix >= 0 && ix < W { dst[ix] += src[ox] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies the sgemm result of a group of samples, [C_out, count·P] at `mat`, into NCHW outputs at `y` with the bias.
    public static func scatterWithBias(_ mat: UnsafePointer<Float>, count: Int, pixels P: Int, channels: Int,
                                       bias: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let width = count * P
        for j in 0..<count {
            let dst = y + j * channels * P
            for o in 0..<channels {
                let src = mat + o * width + j * P, d = dst + o * P, b = bias[o]
                for p in 0..<P { d[p] = src[p] + b }
            }
        }
    }

    /// Gathers a group of samples' output gradients, NCHW at `gy`, into [C_out, count·P] at `mat`, adding each
    /// channel's sum to `gradBias`.
    public static func gatherWithBiasGradient(_ gy: UnsafePointer<Float>, count: Int, pixels P: Int, channels: Int,
                                              _ mat: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>) {
        let width = count * P
        for j in 0..<count {
            let src = gy + j * channels * P
            for o in 0..<channels {
                let sp = src + o * P
                (mat + o * width + j * P).update(from: sp, count: P)
                gradBias[o] += VectorMath.sum(sp, P)
            }
        }
    }
}
