import Foundation

/// How a convolution pads its input.
public enum Padding: Codable, Equatable, Sendable {
    /// Output as large as the input (stride 1, odd kernel): pad kernel/2 on each side.
    case same
    /// No padding.
    case valid
    /// An explicit number of zero pixels on each side.
    case explicit(Int)

    func amount(kernel: Int) -> Int {
        switch self {
        case .same: return kernel / 2
        case .valid: return 0
        case .explicit(let p): return p
        }
    }
}

/// A 2-D convolution over NCHW tensors through im2col + `cblas_sgemm`, forward and backward. Scratch space is
/// borrowed per call from `ScratchPool`, so one layer serves concurrent calls.
/// Samples are grouped so each sgemm has a few thousand columns, and groups are spread over the cores.
public final class Conv2D: Layer {
    public let inChannels: Int, outChannels: Int, kernel: Int, stride: Int, pad: Int
    public let weight: Parameter
    public let bias: Parameter

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Padding = .same, rng: RNG) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = max(1, stride)
        self.pad = padding.amount(kernel: kernel)
        weight = Parameter("weight", Tensor(zeros: [outChannels, inChannels, kernel, kernel]))
        bias = Parameter("bias", Tensor(zeros: [outChannels]))
        // Torch7 nn.SpatialConvolution default: U(−1/√fanIn, 1/√fanIn).
        let bound = 1 / Float(inChannels * kernel * kernel).squareRoot()
        rng.fillUniform(weight.value, -bound, bound)
        rng.fillUniform(bias.value, -bound, bound)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func outputSize(_ size: Int) -> Int { (size + 2 * pad - kernel) / stride + 1 }

    private var patch: Int { inChannels * kernel * kernel }

    private struct Geometry {
        let n: Int, h: Int, w: Int, ho: Int, wo: Int
        var pixels: Int { ho * wo }
        /// Samples per sgemm: enough columns to keep sgemm efficient.
        var group: Int { max(1, min(n, 2048 / max(1, ho * wo))) }
    }

    private func geometry(_ x: Tensor) throws -> Geometry {
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw ShapeError("Conv2D(\(inChannels)→\(outChannels), \(kernel)×\(kernel)) got input \(x.shape)")
        }
        let g = Geometry(n: x.shape[0], h: x.shape[2], w: x.shape[3], ho: outputSize(x.shape[2]), wo: outputSize(x.shape[3]))
        guard g.ho > 0, g.wo > 0 else { throw ShapeError("Conv2D: input \(x.shape) is smaller than the \(kernel)×\(kernel) kernel") }
        return g
    }

    /// Few output channels at stride 1: a direct convolution beats unfolding (im2col's traffic dwarfs the sgemm).
    private var usesDirect: Bool { outChannels <= 4 && stride == 1 }

    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        let g = try geometry(x)
        context.tape?.save(x)
        if usesDirect { return directForward(x, g) }
        let y = Tensor(zeros: [g.n, outChannels, g.ho, g.wo])
        let groups = (g.n + g.group - 1) / g.group
        let K = patch, P = g.pixels, Cout = outChannels
        let w = weight.value.data, b = bias.value.data
        Parallel.split(groups) { _, range in
            ScratchPool.shared.with((K + Cout) * g.group * P) { scratch in
                let col = scratch, mat = scratch + K * g.group * P
                for grp in range {
                    let first = grp * g.group, count = min(g.group, g.n - first), width = count * P
                    for j in 0..<count {
                        self.im2col(x.data + (first + j) * self.inChannels * g.h * g.w, g, col + j * P, ld: width)
                    }
                    BLAS.gemm(m: Cout, n: width, k: K, a: w, lda: K, b: col, ldb: width, c: mat, ldc: width)
                    for j in 0..<count {
                        let dst = y.data + (first + j) * Cout * P
                        for o in 0..<Cout {
                            let src = mat + o * width + j * P, d = dst + o * P, bo = b[o]
                            for p in 0..<P { d[p] = src[p] + bo }
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let x = try tape.restore(Tensor.self, for: "Conv2D")
        let g = try geometry(x)
        try gy.requireShape([g.n, outChannels, g.ho, g.wo], "Conv2D gradient")
        if usesDirect { return try directBackward(x, gy, g) }
        let gx = Tensor(zeros: x.shape)
        let groups = (g.n + g.group - 1) / g.group
        let K = patch, P = g.pixels, Cout = outChannels
        let w = weight.value.data
        let used = Parallel.chunkCount(groups)
        try withPartialGradients(workers: used) { partial in
            Parallel.split(groups) { worker, range in
                ScratchPool.shared.with((K + Cout) * g.group * P) { scratch in
                    let col = scratch, mat = scratch + K * g.group * P
                    let gw = partial(worker), gb = gw + Cout * K
                    for grp in range {
                        let first = grp * g.group, count = min(g.group, g.n - first), width = count * P
                        // Gather the output gradient of the group into [Cout, width].
                        for j in 0..<count {
                            let src = gy.data + (first + j) * Cout * P
                            for o in 0..<Cout {
                                let sp = src + o * P
                                (mat + o * width + j * P).update(from: sp, count: P)
                                var acc: Float = 0
                                for p in 0..<P { acc += sp[p] }
                                gb[o] += acc
                            }
                            self.im2col(x.data + (first + j) * self.inChannels * g.h * g.w, g, col + j * P, ld: width)
                        }
                        // dW += gy · colᵀ
                        BLAS.gemm(transB: true, m: Cout, n: K, k: width, a: mat, lda: width, b: col, ldb: width,
                                  beta: 1, c: gw, ldc: K)
                        // dcol = Wᵀ · gy  (reuses the col buffer)
                        BLAS.gemm(transA: true, m: K, n: width, k: Cout, a: w, lda: K, b: mat, ldb: width,
                                  c: col, ldc: width)
                        for j in 0..<count {
                            self.col2im(col + j * P, ld: width, g, gx.data + (first + j) * self.inChannels * g.h * g.w)
                        }
                    }
                }
            }
        }
        return gx
    }

    /// Gives each worker a zeroed [weight | bias] gradient of its own, then adds them all to the parameters' gradients.
    private func withPartialGradients(workers: Int, _ body: ((Int) -> UnsafeMutablePointer<Float>) throws -> Void) throws {
        let size = weight.value.count + bias.value.count
        try ScratchPool.shared.with(workers * size) { buffer in
            buffer.update(repeating: 0, count: workers * size)
            try body { buffer + $0 * size }
            let gw = weight.grad.data, gb = bias.grad.data, nw = weight.value.count
            for worker in 0..<workers {
                let part = buffer + worker * size
                for i in 0..<nw { gw[i] += part[i] }
                for i in 0..<bias.value.count { gb[i] += part[nw + i] }
            }
        }
    }

    /// Unfolds one sample [C, H, W] into columns [C·k·k, Ho·Wo] at `col` with row stride `ld`.
    private func im2col(_ x: UnsafeMutablePointer<Float>, _ g: Geometry, _ col: UnsafeMutablePointer<Float>, ld: Int) {
        let k = kernel, s = stride, p = pad, H = g.h, W = g.w, Ho = g.ho, Wo = g.wo
        for c in 0..<inChannels {
            let plane = x + c * H * W
            for ki in 0..<k {
                for kj in 0..<k {
                    let row = col + ((c * k + ki) * k + kj) * ld
                    // Output columns whose input column lies inside the image.
                    let lo = s == 1 ? max(0, p - kj) : 0
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

    /// Folds columns back into one sample's gradient [C, H, W], accumulating overlaps.
    private func col2im(_ col: UnsafeMutablePointer<Float>, ld: Int, _ g: Geometry, _ x: UnsafeMutablePointer<Float>) {
        let k = kernel, s = stride, p = pad, H = g.h, W = g.w, Ho = g.ho, Wo = g.wo
        for c in 0..<inChannels {
            let plane = x + c * H * W
            for ki in 0..<k {
                for kj in 0..<k {
                    let row = col + ((c * k + ki) * k + kj) * ld
                    let lo = s == 1 ? max(0, p - kj) : 0
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

    // MARK: direct convolution (stride 1, few output channels)

    /// Output columns [lo, hi) whose input column ox + kj − pad lies inside the image.
    @inline(__always) private func columnRange(_ kj: Int, _ g: Geometry) -> (lo: Int, hi: Int) {
        (max(0, pad - kj), min(g.wo, g.w + pad - kj))
    }

    private func directForward(_ x: Tensor, _ g: Geometry) -> Tensor {
        let y = Tensor(zeros: [g.n, outChannels, g.ho, g.wo])
        let k = kernel, p = pad, Cin = inChannels, Cout = outChannels
        let w = weight.value.data, b = bias.value.data
        Parallel.split(g.n) { _, range in
            for n in range {
                let xs = x.data + n * Cin * g.h * g.w
                for o in 0..<Cout {
                    let out = y.data + (n * Cout + o) * g.ho * g.wo
                    out.update(repeating: b[o], count: g.ho * g.wo)
                    for c in 0..<Cin {
                        let plane = xs + c * g.h * g.w
                        for ki in 0..<k {
                            for kj in 0..<k {
                                let wv = w[((o * Cin + c) * k + ki) * k + kj]
                                let (lo, hi) = self.columnRange(kj, g)
                                if hi <= lo { continue }
                                for oy in 0..<g.ho {
                                    let iy = oy + ki - p
                                    if iy < 0 || iy >= g.h { continue }
                                    let d = out + oy * g.wo, s = plane + iy * g.w + kj - p
                                    for ox in lo..<hi { d[ox] += wv * s[ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    private func directBackward(_ x: Tensor, _ gy: Tensor, _ g: Geometry) throws -> Tensor {
        let gx = Tensor(zeros: x.shape)
        let k = kernel, p = pad, Cin = inChannels, Cout = outChannels
        let w = weight.value.data
        let used = Parallel.chunkCount(g.n)
        try withPartialGradients(workers: used) { partial in
            Parallel.split(g.n) { worker, range in
                let gw = partial(worker), gb = gw + Cout * Cin * k * k
                for n in range {
                    let xs = x.data + n * Cin * g.h * g.w, dxs = gx.data + n * Cin * g.h * g.w
                    for o in 0..<Cout {
                        let go = gy.data + (n * Cout + o) * g.ho * g.wo
                        var bsum: Float = 0
                        for i in 0..<(g.ho * g.wo) { bsum += go[i] }
                        gb[o] += bsum
                        for c in 0..<Cin {
                            let plane = xs + c * g.h * g.w, dplane = dxs + c * g.h * g.w
                            for ki in 0..<k {
                                for kj in 0..<k {
                                    let wi = ((o * Cin + c) * k + ki) * k + kj, wv = w[wi]
                                    let (lo, hi) = self.columnRange(kj, g)
                                    if hi <= lo { continue }
                                    var acc: Float = 0
                                    for oy in 0..<g.ho {
                                        let iy = oy + ki - p
                                        if iy < 0 || iy >= g.h { continue }
                                        let gr = go + oy * g.wo, xr = plane + iy * g.w + kj - p, dr = dplane + iy * g.w + kj - p
                                        acc += dot(gr + lo, xr + lo, hi - lo)
                                        for ox in lo..<hi { dr[ox] += wv * gr[ox] }
                                    }
                                    gw[wi] += acc
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx
    }
}

/// Σ a[i]·b[i] with eight-lane partial sums (a plain loop does not vectorise a float reduction).
@inline(__always) func dot(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= n {
        lanes += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    var sum = lanes.sum()
    while i < n { sum += a[i] * b[i]; i += 1 }
    return sum
}
