import Foundation
import XCTest
import Kernels
import LapGAN

/// Prints FFT vs im2col timings of the paper's layers. Runs only with LAPGAN_BENCH=1, e.g.
/// `LAPGAN_BENCH=1 swift test -c release --filter FrequencyConvolutionBenchmarkTests`.
final class FrequencyConvolutionBenchmarkTests: XCTestCase {
    func testPaperShapes() throws {
        guard ProcessInfo.processInfo.environment["LAPGAN_BENCH"] == "1" else { throw XCTSkip("set LAPGAN_BENCH=1") }
        let env = ProcessInfo.processInfo.environment
        let threads = Int(env["LAPGAN_BENCH_THREADS"] ?? "") ?? 2, batch = Int(env["LAPGAN_BENCH_BATCH"] ?? "") ?? 128
        let reps = Int(env["LAPGAN_BENCH_REPS"] ?? "") ?? 5
        let only = env["LAPGAN_BENCH_ONLY"]
        Parallel.workers = threads
        // (label, cin, cout, size, kernel, pad)
        let shapes: [(String, Int, Int, Int, Int, Int)] = [
            ("7x7 64->64 28", 64, 64, 28, 7, 3), ("7x7 64->64 32", 64, 64, 32, 7, 3), ("7x7 64->64 64", 64, 64, 64, 7, 3),
            ("7x7 4->64 28", 4, 64, 28, 7, 3), ("5x5 64->3 28 same", 64, 3, 28, 5, 2), ("5x5 3->64 32 valid", 3, 64, 32, 5, 0),
        ]
        print("batch \(batch), \(threads) threads, medians of \(reps) forward+backward (after one warm-up)")
        print("layer                  P   FFT fwd  FFT bwd  FFT f+b  GFLOP/s | im2col f+b  GFLOP/s | speed-up")
        for (label, cin, cout, size, k, pad) in shapes {
            if let only, !label.contains(only) { continue }
            let conv = try FrequencyConvolution(inChannels: cin, outChannels: cout, height: size, width: size, kernel: k, pad: pad)
            let fft = FrequencyConvolutionBenchmark(conv, batch: batch, threads: threads, repetitions: reps)
            // The current path: LapGAN's Conv2D (im2col + sgemm; direct for ≤ 4 output channels).
            let rng = RNG(seed: 1)
            let layer = Conv2D(inChannels: cin, outChannels: cout, kernel: k, padding: .explicit(pad), rng: rng)
            let x = Tensor(zeros: [batch, cin, size, size]); rng.fillUniform(x, -1, 1)
            let gy = Tensor(zeros: [batch, cout, conv.outputHeight, conv.outputWidth]); rng.fillUniform(gy, -1, 1)
            var totals: [Double] = []
            for rep in 0...reps {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try layer.forward(x, ForwardContext(training: true))
                _ = try layer.backward(gy)
                let t1 = DispatchTime.now().uptimeNanoseconds
                if rep > 0 { totals.append(Double(t1 - t0) * 1e-9) }
            }
            let im2col = FrequencyConvolutionBenchmark.median(totals)
            let flops = 3 * conv.directFLOPs(batch: batch)
            print(String(format: "%-20@ %3d %8.1f %8.1f %8.1f %8.1f | %10.1f %8.1f | %6.2fx", label as NSString, conv.transformRows,
                         fft.forwardSeconds * 1e3, fft.backwardSeconds * 1e3, fft.totalSeconds * 1e3, fft.effectiveGFLOPs,
                         im2col * 1e3, flops / im2col * 1e-9, im2col / fft.totalSeconds))
        }
    }
}
