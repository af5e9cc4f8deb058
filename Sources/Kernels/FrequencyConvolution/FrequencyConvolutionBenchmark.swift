import Dispatch

/// Times `FrequencyConvolution` forward and backward on random data it owns (the library never prints; callers
/// report). Call `measure()` as often as wanted, e.g. interleaved with another path so both see the same load.
public final class FrequencyConvolutionBenchmark {
    public let convolution: FrequencyConvolution
    public let batch: Int, threads: Int
    private let x, y, gy, gx, w, b, gw, gb, spectrum, workspace: UnsafeMutablePointer<Float>

    /// Allocates and fills the buffers for `batch` samples; batch and threads below 1 count as 1.
    public init(_ conv: FrequencyConvolution, batch: Int, threads: Int, seed: UInt64 = 1) {
        convolution = conv
        self.batch = max(1, batch); self.threads = max(1, threads)
        let n = self.batch
        let xCount = n * conv.inChannels * conv.height * conv.width
        let yCount = n * conv.outChannels * conv.outputHeight * conv.outputWidth
        let wCount = conv.outChannels * conv.inChannels * conv.kernel * conv.kernel
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            for i in 0..<count {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                p[i] = Float(state >> 40) / Float(1 << 24) - 0.5
            }
            return p
        }
        x = buffer(xCount); y = buffer(yCount); gy = buffer(yCount); gx = buffer(xCount)
        w = buffer(wCount); b = buffer(conv.outChannels); gw = buffer(wCount); gb = buffer(conv.outChannels)
        spectrum = buffer(conv.inputSpectrumCount(batch: n))
        workspace = buffer(conv.workspaceCount(batch: n, threads: self.threads))
    }

    deinit { for p in [x, y, gy, gx, w, b, gw, gb, spectrum, workspace] { p.deallocate() } }

    /// Runs one forward and one backward (with gradInput) and returns their wall-clock seconds.
    public func measure() -> (forward: Double, backward: Double) {
        let c = convolution
        let t0 = DispatchTime.now().uptimeNanoseconds
        c.forward(input: x, batch: batch, weight: w, bias: b, output: y, inputSpectrum: spectrum, workspace: workspace, threads: threads)
        let t1 = DispatchTime.now().uptimeNanoseconds
        c.backward(inputSpectrum: spectrum, gradOutput: gy, batch: batch, gradInput: gx, gradWeight: gw, gradBias: gb,
                   workspace: workspace, threads: threads)
        let t2 = DispatchTime.now().uptimeNanoseconds
        return (Double(t1 - t0) * 1e-9, Double(t2 - t1) * 1e-9)
    }

    /// Direct-convolution FLOPs of one forward + backward (3× the forward's), for effective GFLOP/s.
    public var directFLOPs: Double { 3 * convolution.directFLOPs(batch: batch) }

    /// The middle value (mean of the two middle ones for an even count); 0 for none.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted(), m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
