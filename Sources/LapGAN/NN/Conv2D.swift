import Foundation
import Kernels

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

/// A 2-D convolution over NCHW tensors, forward and backward, by one of three paths (`ConvolutionPath`): im2col +
/// `cblas_sgemm` (samples grouped so each sgemm has a few thousand columns, groups spread over the cores), a
/// direct loop for few output channels, or the frequency domain for large kernels with many channels. The layer
/// holds its parameters and immutable FFT plans only; activations go on the caller's tape and scratch space is
/// borrowed per call from `ScratchPool`, so one layer serves concurrent calls.
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

    /// The path this layer computes by, and why (`forced`: a pass's `ForwardContext.convolutionPath`).
    public func path(forced: ConvolutionPath? = nil) -> (path: ConvolutionPath, reason: String) {
        ConvolutionPath.choose(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, forced: forced)
    }

    /// FFT plans per input size (immutable once made; shared by every call).
    private var plans: [Int: FrequencyConvolution] = [:]
    private let plansLock = NSLock()

    private func plan(_ g: ConvolutionShape) throws -> FrequencyConvolution {
        let key = g.height << 16 | g.width
        if let p = plansLock.withLock({ plans[key] }) { return p }
        let p = try FrequencyConvolution(inChannels: inChannels, outChannels: outChannels, height: g.height, width: g.width,
                                         kernel: kernel, pad: pad)
        plansLock.withLock { plans[key] = p }
        return p
    }

    /// What a frequency-domain forward pass saves for backward: the input and weight spectra.
    private struct SpectrumRecord {
        let spectrum: Tensor
        let batch: Int
        let shape: ConvolutionShape
    }

    /// What a forward pass on the direct or unfolded path saves for backward: its input and its path.
    private struct InputRecord {
        let input: Tensor
        let path: ConvolutionPath
    }

    public func outputSize(_ size: Int) -> Int { (size + 2 * pad - kernel) / stride + 1 }

    /// The convolution's shape for an input, checked.
    func shape(of x: Tensor) throws -> ConvolutionShape {
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw ShapeError("Conv2D(\(inChannels)→\(outChannels), \(kernel)×\(kernel)) got input \(x.shape)")
        }
        guard let g = ConvolutionShape(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                                       pad: pad, height: x.shape[2], width: x.shape[3]) else {
            throw ShapeError("Conv2D: input \(x.shape) is smaller than the \(kernel)×\(kernel) kernel")
        }
        return g
    }

    /// Samples per sgemm: enough columns to keep sgemm efficient.
    private func groupSize(_ g: ConvolutionShape, batch n: Int) -> Int { max(1, min(n, 2048 / max(1, g.outputPixels))) }

    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        let g = try shape(of: x), n = x.shape[0]
        let chosen = path(forced: context.convolutionPath).path
        if chosen == .frequency { return try frequencyForward(x, g, context) }
        context.tape?.save(InputRecord(input: x, path: chosen))
        let y = Tensor(zeros: [n, outChannels, g.outputHeight, g.outputWidth])
        let w = weight.value.data, b = bias.value.data
        if chosen == .direct {
            Parallel.split(n) { _, range in
                for i in range { DirectConvolution.forward(x.data + i * g.inputCount, g, weight: w, bias: b, y.data + i * g.outputCount) }
            }
            return y
        }
        let group = groupSize(g, batch: n), groups = (n + group - 1) / group
        let K = g.patch, P = g.outputPixels, Cout = outChannels
        Parallel.split(groups) { _, range in
            ScratchPool.shared.with((K + Cout) * group * P) { scratch in
                let col = scratch, mat = scratch + K * group * P
                for grp in range {
                    let first = grp * group, count = min(group, n - first), width = count * P
                    for j in 0..<count { Unfold.im2col(x.data + (first + j) * g.inputCount, g, col + j * P, ld: width) }
                    BLAS.gemm(m: Cout, n: width, k: K, a: w, lda: K, b: col, ldb: width, c: mat, ldc: width)
                    Unfold.scatterWithBias(mat, count: count, pixels: P, channels: Cout, bias: b, y.data + first * g.outputCount)
                }
            }
        }
        return y
    }

    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        if tape.next(is: SpectrumRecord.self) { return try frequencyBackward(gy, tape) }
        let record = try tape.restore(InputRecord.self, for: "Conv2D")
        let x = record.input, chosen = record.path
        let g = try shape(of: x), n = x.shape[0]
        try gy.requireShape([n, outChannels, g.outputHeight, g.outputWidth], "Conv2D gradient")
        let gx = Tensor(zeros: x.shape)
        let w = weight.value.data
        let K = g.patch, P = g.outputPixels, Cout = outChannels
        if chosen == .direct {
            try withPartialGradients(workers: Parallel.chunkCount(n)) { partial in
                Parallel.split(n) { worker, range in
                    let gw = partial(worker), gb = gw + Cout * K
                    for i in range {
                        DirectConvolution.backward(x.data + i * g.inputCount, gy.data + i * g.outputCount, g, weight: w,
                                                   gradInput: gx.data + i * g.inputCount, gradWeight: gw, gradBias: gb)
                    }
                }
            }
            return gx
        }
        let group = groupSize(g, batch: n), groups = (n + group - 1) / group
        try withPartialGradients(workers: Parallel.chunkCount(groups)) { partial in
            Parallel.split(groups) { worker, range in
                ScratchPool.shared.with((K + Cout) * group * P) { scratch in
                    let col = scratch, mat = scratch + K * group * P
                    let gw = partial(worker), gb = gw + Cout * K
                    for grp in range {
                        let first = grp * group, count = min(group, n - first), width = count * P
                        Unfold.gatherWithBiasGradient(gy.data + first * g.outputCount, count: count, pixels: P, channels: Cout,
                                                      mat, gradBias: gb)
                        for j in 0..<count { Unfold.im2col(x.data + (first + j) * g.inputCount, g, col + j * P, ld: width) }
                        // dW += gy · colᵀ
                        BLAS.gemm(transB: true, m: Cout, n: K, k: width, a: mat, lda: width, b: col, ldb: width,
                                  beta: 1, c: gw, ldc: K)
                        // dcol = Wᵀ · gy  (reuses the col buffer)
                        BLAS.gemm(transA: true, m: K, n: width, k: Cout, a: w, lda: K, b: mat, ldb: width,
                                  c: col, ldc: width)
                        for j in 0..<count { Unfold.col2im(col + j * P, ld: width, g, gx.data + (first + j) * g.inputCount) }
                    }
                }
            }
        }
        return gx
    }

    // MARK: frequency domain

    /// Checks what `FrequencyConvolution` takes on trust (Kernels is compiled without checks): the batch, the
    /// threads, and that the plan was made for this input size.
    private func requireFrequencyArguments(_ p: FrequencyConvolution, _ g: ConvolutionShape, batch n: Int, threads: Int) throws {
        guard n >= 0, threads >= 1, p.height == g.height, p.width == g.width,
              p.inChannels == inChannels, p.outChannels == outChannels else {
            throw ShapeError("Conv2D frequency path: batch \(n), \(threads) threads, plan \(p.height)×\(p.width) for input \(g.height)×\(g.width)")
        }
    }

    private func frequencyForward(_ x: Tensor, _ g: ConvolutionShape, _ context: ForwardContext) throws -> Tensor {
        let n = x.shape[0], p = try plan(g), threads = Parallel.workers
        try requireFrequencyArguments(p, g, batch: n, threads: threads)
        let y = Tensor(uninitialized: [n, outChannels, g.outputHeight, g.outputWidth])
        let spectrum = Tensor(uninitialized: [p.inputSpectrumCount(batch: n)])
        ScratchPool.shared.with(p.workspaceCount(batch: n, threads: threads)) { workspace in
            p.forward(input: x.data, batch: n, weight: weight.value.data, bias: bias.value.data, output: y.data,
                      inputSpectrum: spectrum.data, workspace: workspace, threads: threads)
        }
        context.tape?.save(SpectrumRecord(spectrum: spectrum, batch: n, shape: g))
        return y
    }

    private func frequencyBackward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let record = try tape.restore(SpectrumRecord.self, for: "Conv2D (frequency domain)")
        let g = record.shape, n = record.batch, p = try plan(g), threads = Parallel.workers
        try requireFrequencyArguments(p, g, batch: n, threads: threads)
        try gy.requireShape([n, outChannels, g.outputHeight, g.outputWidth], "Conv2D gradient")
        let gx = Tensor(uninitialized: [n, inChannels, g.height, g.width])
        ScratchPool.shared.with(p.workspaceCount(batch: n, threads: threads)) { workspace in
            p.backward(inputSpectrum: record.spectrum.data, gradOutput: gy.data, batch: n, gradInput: gx.data,
                       gradWeight: weight.grad.data, gradBias: bias.grad.data, workspace: workspace, threads: threads)
        }
        return gx
    }

    /// Gives each worker a zeroed [weight | bias] gradient of its own, then adds them all to the parameters' gradients.
    private func withPartialGradients(workers: Int, _ body: ((Int) -> UnsafeMutablePointer<Float>) throws -> Void) throws {
        let nw = weight.value.count, nb = bias.value.count, size = nw + nb
        try ScratchPool.shared.with(workers * size) { buffer in
            buffer.update(repeating: 0, count: workers * size)
            try body { buffer + $0 * size }
            let gw = weight.grad.data, gb = bias.grad.data
            for worker in 0..<workers {
                let part = buffer + worker * size
                for i in 0..<nw { gw[i] += part[i] }
                for i in 0..<nb { gb[i] += part[nw + i] }
            }
        }
    }
}
