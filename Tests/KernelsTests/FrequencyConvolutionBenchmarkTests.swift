import Foundation
import XCTest
import Kernels
import LapGAN

/// Prints FFT vs im2col timings of the paper's layers. Runs only with LAPGAN_BENCH=1, e.g.
/// `LAPGAN_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter FrequencyConvolutionBenchmarkTests`.
/// Options: LAPGAN_BENCH_THREADS (2), LAPGAN_BENCH_BATCH (128), LAPGAN_BENCH_REPS (5), LAPGAN_BENCH_ONLY (label part).
///
/// Measured 2026-12-03 (2 cores shared with other builds, load 4–6; medians of 7, FFT f+b / Conv2D f+b in ms):
/// default flags: 7x7 64→64 28: 270 / 2793; 32: 333 / 3042; 64: 1184 / 12484; 7x7 4→64 28: 131 / 159;
/// 5x5 64→3 28 same: 68 / 385; 5x5 3→64 32 valid: 78 / 63 (FFT loses). With `-Xswiftc -target-cpu -Xswiftc haswell`
/// (AVX2+FMA for the SIMD8 butterflies) the FFT side is ~1.3–2× faster: 130 / 1592 at 7x7 64→64 28.
/// PyTorch 2.15 CPU, 2 threads, same shapes: 1685, 2863, 9765, 274, 209, 161 ms.
final class FrequencyConvolutionBenchmarkTests: XCTestCase {
    func testPaperShapes() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["LAPGAN_BENCH"] == "1" else { throw XCTSkip("set LAPGAN_BENCH=1") }
        let threads = Int(env["LAPGAN_BENCH_THREADS"] ?? "") ?? 2, batch = Int(env["LAPGAN_BENCH_BATCH"] ?? "") ?? 128
        let reps = Int(env["LAPGAN_BENCH_REPS"] ?? "") ?? 5
        let only = env["LAPGAN_BENCH_ONLY"]
        Parallel.workers = threads
        // (label, cin, cout, size, kernel, pad)
        let shapes: [(String, Int, Int, Int, Int, Int)] = [
            ("7x7 64->64 28", 64, 64, 28, 7, 3), ("7x7 64->64 32", 64, 64, 32, 7, 3), ("7x7 64->64 64", 64, 64, 64, 7, 3),
            ("7x7 4->64 28", 4, 64, 28, 7, 3), ("5x5 64->3 28 same", 64, 3, 28, 5, 2), ("5x5 3->64 32 valid", 3, 64, 32, 5, 0),
        ]
        print("batch \(batch), \(threads) threads; medians of \(reps) forward+backward (with gradInput), FFT and Conv2D")
        print("interleaved rep by rep after one warm-up each; ms and direct-conv GFLOP/s (3 x forward FLOPs / time)")
        print("layer               P  FFT fwd  FFT bwd  FFT f+b  GFLOP/s | Conv2D f+b  GFLOP/s | speed-up")
        for (label, cin, cout, size, k, pad) in shapes {
            if let only, !label.contains(only) { continue }
            let conv = try FrequencyConvolution(inChannels: cin, outChannels: cout, height: size, width: size, kernel: k, pad: pad)
            let fft = FrequencyConvolutionBenchmark(conv, batch: batch, threads: threads)
            // The current path: LapGAN's Conv2D (im2col + sgemm; its direct loop for ≤ 4 output channels).
            let rng = RNG(seed: 1)
            let layer = Conv2D(inChannels: cin, outChannels: cout, kernel: k, padding: .explicit(pad), rng: rng)
            let x = Tensor(zeros: [batch, cin, size, size]); rng.fillUniform(x, -1, 1)
            let gy = Tensor(zeros: [batch, cout, conv.outputHeight, conv.outputWidth]); rng.fillUniform(gy, -1, 1)
            var forwards: [Double] = [], backwards: [Double] = [], totals: [Double] = [], im2col: [Double] = []
            for rep in 0...reps {
                let (f, b) = fft.measure()
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try layer.forward(x, ForwardContext(training: true))
                _ = try layer.backward(gy)
                let t1 = DispatchTime.now().uptimeNanoseconds
                if rep == 0 { continue }
                forwards.append(f); backwards.append(b); totals.append(f + b); im2col.append(Double(t1 - t0) * 1e-9)
            }
            let med = FrequencyConvolutionBenchmark.median
            let (f, b, t, c) = (med(forwards), med(backwards), med(totals), med(im2col))
            print(String(format: "%-18@ %3d %8.1f %8.1f %8.1f %8.1f | %10.1f %8.1f | %6.2fx", label as NSString, conv.transformRows,
                         f * 1e3, b * 1e3, t * 1e3, fft.directFLOPs / t * 1e-9, c * 1e3, fft.directFLOPs / c * 1e-9, c / t))
        }
    }
}
