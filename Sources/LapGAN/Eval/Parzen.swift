import Foundation

/// Parzen-window (Gaussian kernel density) log-likelihood, as in the GAN paper's code (goodfeli/adversarial, parzen_ll.py):
///
///     log p(x) = logmeanexp_j(−‖x − μ_j‖² / 2σ²) − d·log(σ√(2π))
///
/// for samples μ_j and pixels in [0, 1]. Squared distances come from sgemm (‖x‖² + ‖μ‖² − 2x·μ), a block of test rows
/// against all samples at a time; each block's distances are computed once and reused for every σ. The log-sum-exp
/// subtracts each row's maximum, so tiny σ gives large negative but finite values, never −inf or NaN.
public enum ParzenWindow {
    /// The bandwidth grid: 10 values log-spaced from 0.05 to 1 (both included) on the [0, 1] pixel scale,
    /// i.e. 0.05 · 20^(i/9), i = 0…9. (parzen_ll.py's default is logspace(−1, 0, 10), i.e. 0.1…1; this grid extends it
    /// down to 0.05 so that sharp models are not pinned to the grid's edge.)
    public static let defaultSigmas: [Float] = logSpaced(from: 0.05, to: 1, count: 10)

    /// `count` values from `lo` to `hi`, evenly spaced in log scale.
    public static func logSpaced(from lo: Float, to hi: Float, count: Int) -> [Float] {
        guard count > 1 else { return [lo] }
        let a = log(Double(lo)), b = log(Double(hi))
        return (0..<count).map { Float(exp(a + (b - a) * Double($0) / Double(count - 1))) }
    }

    /// Test rows per block: the block's distance matrix is rows × samples floats (1000 × 10,000 = 40 MB).
    public static let blockRows = 1000

    /// Picks σ on `validation` (the best mean log-likelihood) and scores `test` with it.
    /// Inputs are [N, D] or [N, C, H, W] (flattened), pixels in [0, 1]. `progress(done, total)` counts validation and
    /// test images together and is called on the calling thread after each block.
    public static func evaluate(samples: Tensor, validation: Tensor, test: Tensor, sigmas: [Float] = defaultSigmas,
                                progress: ((Int, Int) -> Void)? = nil) throws -> ParzenResult {
        let d = samples.itemCount
        guard validation.shape.first ?? 0 > 0, test.shape.first ?? 0 > 0 else {
            throw ShapeError("Parzen evaluation needs non-empty validation and test sets")
        }
        let total = validation.shape[0] + test.shape[0]
        let valLL = try logLikelihoods(samples: samples, points: validation, sigmas: sigmas) { done, _ in progress?(done, total) }
        let scores = zip(sigmas, valLL).map { ParzenSigmaScore(sigma: $0, meanLogLikelihood: mean($1)) }
        // The first best on ties; NaN can not occur (inputs are checked finite).
        var best = 0
        for (i, s) in scores.enumerated() where s.meanLogLikelihood > scores[best].meanLogLikelihood { best = i }
        let sigma = sigmas[best]
        let offset = validation.shape[0]
        let testLL = try logLikelihoods(samples: samples, points: test, sigmas: [sigma]) { done, _ in progress?(offset + done, total) }[0]
        let m = mean(testLL)
        let variance = testLL.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(testLL.count)
        return ParzenResult(mean: m, standardError: variance.squareRoot() / Double(testLL.count).squareRoot(), sigma: sigma,
                            validation: scores, sampleCount: samples.shape[0], validationCount: validation.shape[0],
                            testCount: test.shape[0], dimension: d)
    }

    /// log p(x) of every point for every σ: result[s][i]. Distances are computed once per block of `blockSize` points.
    public static func logLikelihoods(samples: Tensor, points: Tensor, sigmas: [Float], blockSize: Int = blockRows,
                                      progress: ((Int, Int) -> Void)? = nil) throws -> [[Double]] {
        guard let m = samples.shape.first, m > 0 else { throw ShapeError("Parzen evaluation needs at least one sample") }
        let n = points.shape.first ?? 0, d = samples.itemCount
        guard points.itemCount == d else {
            throw ShapeError("samples have \(d) values per image but the evaluated images have \(points.itemCount) (\(samples.shape) vs \(points.shape))")
        }
        guard !sigmas.isEmpty, sigmas.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw ShapeError("σ values must be positive: \(sigmas)") }
        guard samples.isFinite, points.isFinite else { throw ShapeError("Parzen inputs contain NaN or infinity") }

        let sampleNorms = SquaredDistances.norms(samples.data, rows: m, d: d)
        defer { sampleNorms.deallocate() }
        let pointNorms = SquaredDistances.norms(points.data, rows: n, d: d)
        defer { pointNorms.deallocate() }
        let s = sigmas.count
        let out = UnsafeMutablePointer<Double>.allocate(capacity: max(1, s * n))
        defer { out.deallocate() }
        // Per σ: the kernel's scale −1/2σ² and the normaliser log M + d·log(σ√(2π)).
        let scales = sigmas.map { -1 / (2 * Double($0) * Double($0)) }
        let constants = sigmas.map { log(Double(m)) + Double(d) * log(Double($0) * (2 * Double.pi).squareRoot()) }

        let block = max(1, min(blockSize, n))
        let dist = UnsafeMutablePointer<Float>.allocate(capacity: block * m)
        defer { dist.deallocate() }
        let xp = points.data, mp = samples.data
        var start = 0
        while start < n {
            let rows = min(block, n - start)
            Parallel.split(rows, minimumPerWorker: 16) { _, range in
                // D[r, j] = ‖x_r − μ_j‖² for this worker's rows (sgemm, clamped at 0), then each row's smallest.
                let c = dist + range.lowerBound * m
                SquaredDistances.compute(x: xp + (start + range.lowerBound) * d, xNorms: pointNorms + start + range.lowerBound,
                                         rows: range.count, y: mp, yNorms: sampleNorms, columns: m, d: d, out: c, ldo: m)
                for r in range {
                    let row = dist + r * m
                    var lo = Float.infinity
                    for j in 0..<m { lo = min(lo, row[j]) }
                    for si in 0..<s {
                        // The largest term is the nearest sample: max_j(−v/2σ²) = −lo/2σ².
                        let scale = Float(scales[si]), top = Float(scales[si]) * lo
                        var sum: Double = 0
                        var partial: Float = 0
                        for j in 0..<m {
                            let e = scale * row[j] - top  // ≤ 0
                            if e > -40 { partial += expf(e) }  // exp(−40) ≈ 4e−18: below Float resolution of the sum
                            if j & 255 == 255 { sum += Double(partial); partial = 0 }
                        }
                        sum += Double(partial)
                        out[si * n + start + r] = Double(top) + log(sum) - constants[si]
                    }
                }
            }
            start += rows
            progress?(start, n)
        }
        return (0..<s).map { Array(UnsafeBufferPointer(start: out + $0 * n, count: n)) }
    }

    static func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }
}
