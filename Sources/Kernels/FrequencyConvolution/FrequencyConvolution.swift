import CBLAS

/// A stride-1 2-D convolution (cross-correlation, as PyTorch) computed in the frequency domain: real 2-D FFTs of the
/// planes, channel mixing per frequency bin by complex GEMM (`cblas_cgemm`), inverse FFTs.
///
/// Tensors are NCHW Float32, contiguous; weights `[outChannels, inChannels, kernel, kernel]`;
/// `y[n,o,i,j] = b[o] + Σ x[n,c,i+ki−pad,j+kj−pad]·w[o,c,ki,kj]` with zeros outside the image. Planes are placed in a
/// `transformRows × transformColumns` grid (the smallest 2^a·3^b·5^c sizes ≥ H+2·pad, W+2·pad), which makes the
/// circular correlation equal to the linear one on every output pixel; the backward passes are its exact adjoints.
/// The plan is immutable and shareable across threads; all per-call memory is the caller's.
public struct FrequencyConvolution: Sendable {
    public let inChannels: Int, outChannels: Int, height: Int, width: Int, kernel: Int, pad: Int
    public let outputHeight: Int, outputWidth: Int
    let transform: RealPlaneTransform2D
    public var transformRows: Int { transform.rows }
    public var transformColumns: Int { transform.columns }
    var bins: Int { transform.binCount }
    var lanes: Int { transform.planesPerCall }

    /// Plans the layer; throws when a size is not positive, the padding is negative or the output would be empty.
    public init(inChannels: Int, outChannels: Int, height: Int, width: Int, kernel: Int, pad: Int) throws {
        guard inChannels > 0, outChannels > 0, height > 0, width > 0, kernel > 0 else {
            throw FrequencyConvolutionError("FrequencyConvolution: channels \(inChannels)→\(outChannels), image \(height)×\(width) and kernel \(kernel) must be positive")
        }
        guard pad >= 0 else {
            throw FrequencyConvolutionError("FrequencyConvolution: padding \(pad) must not be negative")
        }
        let ho = height + 2 * pad - kernel + 1, wo = width + 2 * pad - kernel + 1
        guard ho > 0, wo > 0 else {
            throw FrequencyConvolutionError("FrequencyConvolution: a \(height)×\(width) image is smaller than the \(kernel)×\(kernel) kernel")
        }
        guard height + 2 * pad <= 4096, width + 2 * pad <= 4096 else {
            throw FrequencyConvolutionError("FrequencyConvolution: image \(height)×\(width) is larger than 4096 with padding")
        }
        let rows = Self.fastSize(height + 2 * pad, even: false), cols = Self.fastSize(width + 2 * pad, even: true)
        guard let t = RealPlaneTransform2D(rows: rows, columns: cols) else {
            throw FrequencyConvolutionError("FrequencyConvolution: no transform of \(rows)×\(cols)")
        }
        self.inChannels = inChannels; self.outChannels = outChannels
        self.height = height; self.width = width; self.kernel = kernel; self.pad = pad
        outputHeight = ho; outputWidth = wo
        transform = t
    }

    /// The smallest 2^a·3^b·5^c ≥ n (even when asked).
    static func fastSize(_ n: Int, even: Bool) -> Int {
        var m = max(n, even ? 2 : 1)
        while !(PlaneVectorFFT.supports(m) && (!even || m % 2 == 0)) { m += 1 }
        return m
    }

    /// Floats the caller keeps from `forward` for `backward`: the input's spectrum and the weights' spectrum.
    public func inputSpectrumCount(batch: Int) -> Int { 2 * bins * (batch * inChannels + outChannels * inChannels) }

    /// Floats of scratch `forward` or `backward` needs with `threads` threads.
    public func workspaceCount(batch: Int, threads: Int) -> Int {
        let fft = max(1, threads) * transform.scratchFloats
        let forward = 2 * bins * batch * outChannels
        let backward = 2 * bins * (batch * outChannels + batch * inChannels + outChannels * inChannels)
        return max(forward, backward) + fft
    }

    /// Direct-convolution multiply-adds ×2 of one forward pass (for effective GFLOP/s).
    public func directFLOPs(batch: Int) -> Double {
        2 * Double(batch) * Double(inChannels * outChannels * kernel * kernel) * Double(outputHeight * outputWidth)
    }

    var inputPlacement: RealPlaneTransform2D.Placement { .init(height: height, width: width, rowOffset: pad, columnOffset: pad) }
    var outputPlacement: RealPlaneTransform2D.Placement { .init(height: outputHeight, width: outputWidth, rowOffset: 0, columnOffset: 0) }
    var kernelPlacement: RealPlaneTransform2D.Placement { .init(height: kernel, width: kernel, rowOffset: 0, columnOffset: 0) }

    /// Forward transforms of several plane sets, their groups of eight spread over the threads together.
    private func forwardTransforms(_ jobs: [(source: UnsafePointer<Float>, placement: RealPlaneTransform2D.Placement,
                                             planes: Int, spectrum: UnsafeMutablePointer<Float>)],
                                   scratch: UnsafeMutablePointer<Float>, threads: Int) {
        let groups = jobs.map { ($0.planes + lanes - 1) / lanes }
        let total = groups.reduce(0, +)
        let t = transform, per = transform.scratchFloats
        ThreadSplit.run(total, threads: threads) { worker, range in
            let s = scratch + worker * per
            for g in range {
                var job = 0, local = g
                while local >= groups[job] { local -= groups[job]; job += 1 }
                let j = jobs[job], first = local * lanes
                t.forward(source: j.source, placement: j.placement, first: first, count: min(lanes, j.planes - first),
                          planeCount: j.planes, spectrum: j.spectrum, scratch: s)
            }
        }
    }

    private func inverseTransforms(_ jobs: [(spectrum: UnsafePointer<Float>, planes: Int, placement: RealPlaneTransform2D.Placement,
                                             destination: UnsafeMutablePointer<Float>, store: RealPlaneTransform2D.Store)],
                                   scratch: UnsafeMutablePointer<Float>, threads: Int) {
        let groups = jobs.map { ($0.planes + lanes - 1) / lanes }
        let total = groups.reduce(0, +)
        let t = transform, per = transform.scratchFloats
        ThreadSplit.run(total, threads: threads) { worker, range in
            let s = scratch + worker * per
            for g in range {
                var job = 0, local = g
                while local >= groups[job] { local -= groups[job]; job += 1 }
                let j = jobs[job], first = local * lanes
                t.inverse(spectrum: j.spectrum, first: first, count: min(lanes, j.planes - first), planeCount: j.planes,
                          placement: j.placement, destination: j.destination, store: j.store, scratch: s)
            }
        }
    }

    /// y = x ⋆ w + b. `input` is `[batch, inChannels, height, width]`, `output` `[batch, outChannels, outputHeight,
    /// outputWidth]`; `inputSpectrum` (`inputSpectrumCount`) receives what `backward` needs; `workspace` holds
    /// `workspaceCount(batch:threads:)` floats. batch ≥ 0 and threads ≥ 1 are the caller's to check: the precondition
    /// below is compiled away in release (-Ounchecked); `Conv2D` checks them, and the buffer sizes, before the call.
    public func forward(input: UnsafePointer<Float>, batch: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, inputSpectrum: UnsafeMutablePointer<Float>,
                        workspace: UnsafeMutablePointer<Float>, threads: Int) {
        precondition(batch >= 0 && threads >= 1, "FrequencyConvolution.forward: batch \(batch), threads \(threads)")
        if batch == 0 { return }
        _ = ThreadSplit.singleThreadedBLAS
        let N = batch, Cin = inChannels, Cout = outChannels, B = bins
        let xSpec = inputSpectrum, wSpec = inputSpectrum + 2 * B * N * Cin
        let ySpec = workspace, fftScratch = workspace + 2 * B * N * Cout
        forwardTransforms([(input, inputPlacement, N * Cin, xSpec), (weight, kernelPlacement, Cout * Cin, wSpec)],
                          scratch: fftScratch, threads: threads)
        // Per bin: Y[N×Cout] = X[N×Cin]·Wᴴ / (rows·columns)
        var alpha: (Float, Float) = (1 / Float(transform.rows * transform.columns), 0)
        var beta: (Float, Float) = (0, 0)
        withUnsafePointer(to: &alpha) { a in
            withUnsafePointer(to: &beta) { b in
                ThreadSplit.run(B, threads: threads) { _, range in
                    for bin in range {
                        cblas_cgemm(CblasRowMajor, CblasNoTrans, CblasConjTrans, Int32(N), Int32(Cout), Int32(Cin),
                                    a, xSpec + 2 * bin * N * Cin, Int32(Cin), wSpec + 2 * bin * Cout * Cin, Int32(Cin),
                                    b, ySpec + 2 * bin * N * Cout, Int32(Cout))
                    }
                }
            }
        }
        inverseTransforms([(UnsafePointer(ySpec), N * Cout, outputPlacement, output, .addBias(bias, count: Cout))],
                          scratch: fftScratch, threads: threads)
    }

    /// Gradients of `forward` (same weights, whose spectrum `inputSpectrum` holds): `gradInput` (may be nil, e.g. for
    /// a first layer) is overwritten; `gradWeight` and `gradBias` are accumulated (+=). `gradOutput` is
    /// `[batch, outChannels, outputHeight, outputWidth]`. batch ≥ 0 and threads ≥ 1 are the caller's to check, as for
    /// `forward` (the precondition is compiled away in release).
    public func backward(inputSpectrum: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, batch: Int,
                         gradInput: UnsafeMutablePointer<Float>?, gradWeight: UnsafeMutablePointer<Float>,
                         gradBias: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>, threads: Int) {
        precondition(batch >= 0 && threads >= 1, "FrequencyConvolution.backward: batch \(batch), threads \(threads)")
        if batch == 0 { return }
        _ = ThreadSplit.singleThreadedBLAS
        let N = batch, Cin = inChannels, Cout = outChannels, B = bins
        let xSpec = inputSpectrum, wSpec = inputSpectrum + 2 * B * N * Cin
        let dySpec = workspace, dxSpec = dySpec + 2 * B * N * Cout, dwSpec = dxSpec + 2 * B * N * Cin
        let fftScratch = dwSpec + 2 * B * Cout * Cin

        // Bias: sum of the output gradient per channel.
        let plane = outputHeight * outputWidth
        for n in 0..<N {
            for o in 0..<Cout {
                let p = gradOutput + (n * Cout + o) * plane
                var lanes = PlaneVector()
                var i = 0
                while i + 8 <= plane {
                    lanes += UnsafeRawPointer(p + i).loadUnaligned(as: PlaneVector.self)
                    i += 8
                }
                var s = lanes.sum()
                while i < plane { s += p[i]; i += 1 }
                gradBias[o] += s
            }
        }

        forwardTransforms([(gradOutput, outputPlacement, N * Cout, dySpec)], scratch: fftScratch, threads: threads)
        var alpha: (Float, Float) = (1 / Float(transform.rows * transform.columns), 0)
        var beta: (Float, Float) = (0, 0)
        let wantInput = gradInput != nil
        withUnsafePointer(to: &alpha) { a in
            withUnsafePointer(to: &beta) { b in
                ThreadSplit.run(B, threads: threads) { _, range in
                    for bin in range {
                        let dy = dySpec + 2 * bin * N * Cout
                        if wantInput {
                            // dX[N×Cin] = dY[N×Cout]·W[Cout×Cin]
                            cblas_cgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(N), Int32(Cin), Int32(Cout),
                                        a, dy, Int32(Cout), wSpec + 2 * bin * Cout * Cin, Int32(Cin),
                                        b, dxSpec + 2 * bin * N * Cin, Int32(Cin))
                        }
                        // dW[Cout×Cin] = dYᴴ·X
                        cblas_cgemm(CblasRowMajor, CblasConjTrans, CblasNoTrans, Int32(Cout), Int32(Cin), Int32(N),
                                    a, dy, Int32(Cout), xSpec + 2 * bin * N * Cin, Int32(Cin),
                                    b, dwSpec + 2 * bin * Cout * Cin, Int32(Cin))
                    }
                }
            }
        }
        var jobs: [(spectrum: UnsafePointer<Float>, planes: Int, placement: RealPlaneTransform2D.Placement,
                    destination: UnsafeMutablePointer<Float>, store: RealPlaneTransform2D.Store)] = [
            (UnsafePointer(dwSpec), Cout * Cin, kernelPlacement, gradWeight, .accumulate)]
        if let gx = gradInput { jobs.append((UnsafePointer(dxSpec), N * Cin, inputPlacement, gx, .assign)) }
        inverseTransforms(jobs, scratch: fftScratch, threads: threads)
    }
}
