import Dispatch

/// Times `FrequencyConvolution` forward and backward on random data and reports medians (the library never prints).
public struct FrequencyConvolutionBenchmark: Sendable {
    /// Median seconds of forward, of backward (with gradInput), and of their sum per repetition.
    public let forwardSeconds: Double, backwardSeconds: Double, totalSeconds: Double
    /// Direct-convolution FLOPs of forward + backward (3× forward) divided by the median total time, in GFLOP/s.
    public let effectiveGFLOPs: Double

    /// Runs one warm-up and `repetitions` timed forward+backward calls of `conv` at `batch` on `threads` threads.
    public init(_ conv: FrequencyConvolution, batch: Int, threads: Int, repetitions: Int, seed: UInt64 = 1) {
        let n = max(1, batch), reps = max(1, repetitions), th = max(1, threads)
        let xCount = n * conv.inChannels * conv.height * conv.width
        let yCount = n * conv.outChannels * conv.outputHeight * conv.outputWidth
        let wCount = conv.outChannels * conv.inChannels * conv.kernel * conv.kernel
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
            var s = seed &* 0x9E37_79B9_7F4A_7C15 | 1
            for i in 0..<count {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17
                p[i] = Float(s >> 40) / Float(1 << 24) - 0.5
            }
            return p
        }
        let x = buffer(xCount), y = buffer(yCount), gy = buffer(yCount), gx = buffer(xCount)
        let w = buffer(wCount), b = buffer(conv.outChannels), gw = buffer(wCount), gb = buffer(conv.outChannels)
        let spectrum = buffer(conv.inputSpectrumCount(batch: n)), workspace = buffer(conv.workspaceCount(batch: n, threads: th))
        defer { for p in [x, y, gy, gx, w, b, gw, gb, spectrum, workspace] { p.deallocate() } }
        var forwards: [Double] = [], backwards: [Double] = [], totals: [Double] = []
        for rep in 0...reps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            conv.forward(input: x, batch: n, weight: w, bias: b, output: y, inputSpectrum: spectrum, workspace: workspace, threads: th)
            let t1 = DispatchTime.now().uptimeNanoseconds
            conv.backward(inputSpectrum: spectrum, gradOutput: gy, batch: n, gradInput: gx, gradWeight: gw, gradBias: gb,
                          workspace: workspace, threads: th)
            let t2 = DispatchTime.now().uptimeNanoseconds
            if rep == 0 { continue }
            forwards.append(Double(t1 - t0) * 1e-9); backwards.append(Double(t2 - t1) * 1e-9); totals.append(Double(t2 - t0) * 1e-9)
        }
        forwardSeconds = Self.median(forwards); backwardSeconds = Self.median(backwards); totalSeconds = Self.median(totals)
        effectiveGFLOPs = 3 * conv.directFLOPs(batch: n) / totalSeconds * 1e-9
    }

    /// The middle value (mean of the two middle ones for an even count); 0 for none.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted(), m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
