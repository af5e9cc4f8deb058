import XCTest
@testable import LapGAN

final class EvalTests: XCTestCase {
    func uniform(_ shape: [Int], seed: UInt64, _ lo: Float = 0, _ hi: Float = 1) -> Tensor {
        let t = Tensor(zeros: shape)
        RNG(seed: seed).fillUniform(t, lo, hi)
        return t
    }

    /// parzen_ll.py in double precision, one pair at a time.
    func bruteForceLL(samples: Tensor, points: Tensor, sigma: Float) -> [Double] {
        let m = samples.shape[0], n = points.shape[0], d = samples.itemCount, s = Double(sigma)
        return (0..<n).map { i in
            let a: [Double] = (0..<m).map { j in
                var sq = 0.0
                for k in 0..<d { let t = Double(points[i * d + k]) - Double(samples[j * d + k]); sq += t * t }
                return -sq / (2 * s * s)
            }
            let top = a.max()!
            let lme = top + log(a.reduce(0) { $0 + exp($1 - top) } / Double(m))
            return lme - Double(d) * log(s * (2 * Double.pi).squareRoot())
        }
    }

    // MARK: Parzen window

    func testParzenMatchesBruteForceDoublePrecision() throws {
        let samples = uniform([50, 1, 4, 4], seed: 1), test = uniform([20, 16], seed: 2)
        let sigmas: [Float] = [0.05, 0.1, 0.3, 1]
        // One block, and several blocks split over workers: the same numbers.
        for block in [1000, 7] {
            let ll = try ParzenWindow.logLikelihoods(samples: samples, points: test, sigmas: sigmas, blockSize: block)
            for (si, sigma) in sigmas.enumerated() {
                let expected = bruteForceLL(samples: samples, points: test, sigma: sigma)
                for i in 0..<20 {
                    XCTAssertEqual(ll[si][i], expected[i], accuracy: 1e-3 + 1e-5 * abs(expected[i]), "σ \(sigma) point \(i) block \(block)")
                }
            }
        }
        // Enough rows per block to use two workers.
        let many = uniform([100, 16], seed: 3)
        let ll = try ParzenWindow.logLikelihoods(samples: samples, points: many, sigmas: [0.2], blockSize: 40)[0]
        let expected = bruteForceLL(samples: samples, points: many, sigma: 0.2)
        for i in 0..<100 { XCTAssertEqual(ll[i], expected[i], accuracy: 1e-3 + 1e-5 * abs(expected[i])) }
    }

    func testSigmaIsTheBestOnValidationAndTestUsesIt() throws {
        // Samples near a few centres; validation and test drawn the same way.
        func clustered(_ n: Int, seed: UInt64) -> Tensor {
            let rng = RNG(seed: seed), t = Tensor(zeros: [n, 16])
            let centres = RNG(seed: 99)
            let c = (0..<3).map { _ in (0..<16).map { _ in centres.uniform() } }
            for i in 0..<n { let k = rng.index(3); for j in 0..<16 { t[i * 16 + j] = c[k][j] + 0.1 * rng.normal() } }
            return t
        }
        let samples = clustered(50, seed: 1), validation = clustered(30, seed: 2), test = clustered(20, seed: 3)
        let sigmas = ParzenWindow.defaultSigmas
        var calls: [(Int, Int)] = []
        let r = try ParzenWindow.evaluate(samples: samples, validation: validation, test: test, sigmas: sigmas) { calls.append(($0, $1)) }
        XCTAssertEqual(r.validation.map(\.sigma), sigmas)
        let best = r.validation.max { $0.meanLogLikelihood < $1.meanLogLikelihood }!
        XCTAssertEqual(r.sigma, best.sigma)
        XCTAssertTrue(r.sigma > sigmas.first! && r.sigma < sigmas.last!, "the clusters' spread (0.1) puts the best σ inside the grid, got \(r.sigma)")
        for s in r.validation {
            let v = bruteForceLL(samples: samples, points: validation, sigma: s.sigma)
            XCTAssertEqual(s.meanLogLikelihood, v.reduce(0, +) / 30, accuracy: 1e-3)
        }
        let t = bruteForceLL(samples: samples, points: test, sigma: r.sigma)
        let mean = t.reduce(0, +) / 20, std = (t.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20).squareRoot()
        XCTAssertEqual(r.mean, mean, accuracy: 1e-3)
        XCTAssertEqual(r.standardError, std / 20.0.squareRoot(), accuracy: 1e-3)
        XCTAssertEqual([r.sampleCount, r.validationCount, r.testCount, r.dimension], [50, 30, 20, 16])
        XCTAssertEqual(calls.last?.0, 50)
        XCTAssertEqual(calls.last?.1, 50)
    }

    func testIdenticalSetsScoreHigherThanShiftedSets() throws {
        let samples = uniform([200, 16], seed: 4, 0.2, 0.6)
        let same = uniform([100, 16], seed: 5, 0.2, 0.6), shifted = uniform([100, 16], seed: 5, 0.5, 0.9)
        let validation = uniform([50, 16], seed: 6, 0.2, 0.6)
        let a = try ParzenWindow.evaluate(samples: samples, validation: validation, test: same)
        let b = try ParzenWindow.evaluate(samples: samples, validation: validation, test: shifted)
        XCTAssertGreaterThan(a.mean, b.mean + 10 * (a.standardError + b.standardError))
    }

    func testTinySigmaStaysFinite() throws {
        // Far from every sample at σ = 0.001: each kernel term underflows (exp(−10⁶)), the log-sum-exp does not.
        let samples = uniform([30, 16], seed: 7), test = uniform([10, 16], seed: 8)
        let ll = try ParzenWindow.logLikelihoods(samples: samples, points: test, sigmas: [0.001, 0.01])
        let expected = bruteForceLL(samples: samples, points: test, sigma: 0.001)
        for i in 0..<10 {
            XCTAssertTrue(ll[0][i].isFinite && ll[1][i].isFinite)
            XCTAssertLessThan(ll[0][i], -1e4)
            XCTAssertEqual(ll[0][i], expected[i], accuracy: 1e-5 * abs(expected[i]))
        }
        // A test point equal to a sample: distance 0 (never negative from rounding), a large positive finite value.
        let dup = try samples.items(3..<4)
        let v = try ParzenWindow.logLikelihoods(samples: samples, points: dup, sigmas: [0.001])[0][0]
        XCTAssertEqual(v, -log(30.0) - 16 * log(0.001 * (2 * Double.pi).squareRoot()), accuracy: 1e-3)
    }

    func testSigmaGridAndInputChecks() throws {
        let g = ParzenWindow.defaultSigmas
        XCTAssertEqual(g.count, 10)
        XCTAssertEqual(g.first!, 0.05, accuracy: 1e-7)
        XCTAssertEqual(g.last!, 1, accuracy: 1e-6)
        for i in 1..<10 { XCTAssertEqual(Double(g[i] / g[i - 1]), pow(20, 1.0 / 9), accuracy: 1e-5) }
        XCTAssertThrowsError(try ParzenWindow.logLikelihoods(samples: uniform([5, 16], seed: 1), points: uniform([5, 15], seed: 1), sigmas: [0.1]))
        XCTAssertThrowsError(try ParzenWindow.logLikelihoods(samples: uniform([5, 16], seed: 1), points: uniform([5, 16], seed: 1), sigmas: [0]))
        let bad = uniform([5, 16], seed: 1)
        bad[3] = .nan
        XCTAssertThrowsError(try ParzenWindow.logLikelihoods(samples: bad, points: uniform([5, 16], seed: 1), sigmas: [0.1]))
    }

    // MARK: Sliced Wasserstein

    /// Smooth random images: a few Gaussian blobs each, [0, 1].
    func blobs(_ n: Int, size: Int = 28, seed: UInt64) -> Tensor {
        let rng = RNG(seed: seed), t = Tensor(zeros: [n, 1, size, size])
        for i in 0..<n {
            let o = i * size * size
            for _ in 0..<3 {
                let cx = rng.uniform(4, Float(size - 4)), cy = rng.uniform(4, Float(size - 4)), r = rng.uniform(1.5, 4), a = rng.uniform(0.3, 0.6)
                for y in 0..<size {
                    for x in 0..<size {
                        let d2 = (Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)
                        t[o + y * size + x] = min(1, t[o + y * size + x] + a * expf(-d2 / (2 * r * r)))
                    }
                }
            }
            for j in 0..<(size * size) { t[o + j] = min(1, t[o + j] + 0.05 * rng.uniform()) }
        }
        return t
    }

    func testFilterIsSeparableBinomialAndSumsToOne() throws {
        let f = SlicedWasserstein.filter
        XCTAssertEqual(f, [1, 4, 6, 4, 1].map { Float($0) / 16 })
        XCTAssertEqual(f.reduce(0, +), 1, accuracy: 1e-7)
        let karras: [[Float]] = [[1, 4, 6, 4, 1], [4, 16, 24, 16, 4], [6, 24, 36, 24, 6], [4, 16, 24, 16, 4], [1, 4, 6, 4, 1]]
        for i in 0..<5 { for j in 0..<5 { XCTAssertEqual(f[i] * f[j], karras[i][j] / 256, accuracy: 1e-9) } }
        // Mirrored edges without repeating the edge pixel (scipy "mirror").
        XCTAssertEqual((-3...7).map { SlicedWasserstein.mirror($0, 5) }, [3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1])
        // A constant image stays constant through blur, down and up, so its band-passes are zero.
        let c = Tensor(shape: [1, 1, 32, 32], repeating: 0.7)
        let pyr = SlicedWasserstein.laplacianPyramid(c, levels: 2)
        XCTAssertEqual(pyr.map { $0.shape[2] }, [32, 16])
        XCTAssertLessThan(pyr[0].array.map(abs).max()!, 1e-6)
        XCTAssertTrue(pyr[1].array.allSatisfy { abs($0 - 0.7) < 1e-6 })
        // Band-pass + up(low-pass) gives the image back.
        let x = blobs(2, size: 32, seed: 3)
        let p = SlicedWasserstein.laplacianPyramid(x, levels: 2)
        let up = SlicedWasserstein.pyrUp(p[1])
        for i in 0..<x.count { XCTAssertEqual(p[0][i] + up[i], x[i], accuracy: 1e-5) }
    }

    func testPaddingAndLevels() throws {
        XCTAssertEqual(SlicedWasserstein.resolutions(forSize: 28), [32, 16])
        XCTAssertEqual(SlicedWasserstein.resolutions(forSize: 32), [32, 16])
        XCTAssertEqual(SlicedWasserstein.resolutions(forSize: 64), [64, 32, 16])
        XCTAssertEqual(SlicedWasserstein.resolutions(forSize: 8), [])
        let x = try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        let p = try SlicedWasserstein.pad(x, to: 4)
        XCTAssertEqual(p.array, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        XCTAssertThrowsError(try SlicedWasserstein.evaluate(real: uniform([4, 1, 8, 8], seed: 1), fake: uniform([4, 1, 8, 8], seed: 2)))
    }

    func testPatchesAndPerChannelNormalisation() throws {
        // Pixel value = 1000·channel + 16·y + x: each patch must be a contiguous 7×7 window of each channel.
        let s = 16, x = Tensor(zeros: [2, 3, s, s])
        for n in 0..<2 { for c in 0..<3 { for i in 0..<(s * s) { x[(n * 3 + c) * s * s + i] = Float(1000 * c + i) } } }
        let d = try SlicedWasserstein.patches(x, perImage: 20, seed: 5)
        XCTAssertEqual(d.shape, [40, 147])
        for r in 0..<40 {
            let row = Array(d.array[(r * 147)..<((r + 1) * 147)]), origin = row[0]
            let cy = Int(origin) / s + 3, cx = Int(origin) % s + 3
            XCTAssertTrue((3...12).contains(cy) && (3...12).contains(cx), "patch centre must leave 3 pixels to the border")
            for c in 0..<3 { for dy in 0..<7 { for dx in 0..<7 {
                XCTAssertEqual(row[c * 49 + dy * 7 + dx], origin + Float(1000 * c + dy * s + dx))
            } } }
        }
        // Channels on different scales: each ends with mean 0 and std 1 over all patches.
        let y = Tensor(zeros: [500, 2 * 49]), rng = RNG(seed: 9)
        for r in 0..<500 { for j in 0..<98 { y[r * 98 + j] = j < 49 ? 5 + 3 * rng.normal() : -2 + 0.01 * rng.normal() } }
        SlicedWasserstein.normalizePerChannel(y, channels: 2)
        for c in 0..<2 {
            var vals: [Double] = []
            for r in 0..<500 { for j in 0..<49 { vals.append(Double(y[r * 98 + c * 49 + j])) } }
            let m = vals.reduce(0, +) / Double(vals.count)
            let v = vals.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(vals.count)
            XCTAssertEqual(m, 0, accuracy: 1e-4)
            XCTAssertEqual(v.squareRoot(), 1, accuracy: 1e-3)
        }
    }

    func testRadixSortSortsLikeSort() {
        let rng = RNG(seed: 4), n = 5000
        var v = (0..<n).map { _ in rng.normal() * 100 }
        v += [0, -0, 1e-30, -1e-30, 3.4e38, -3.4e38]
        let expected = v.sorted()
        let keys = UnsafeMutablePointer<UInt32>.allocate(capacity: v.count), temp = UnsafeMutablePointer<UInt32>.allocate(capacity: v.count)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2048)
        defer { keys.deallocate(); temp.deallocate(); counts.deallocate() }
        v.withUnsafeMutableBufferPointer { SlicedWasserstein.radixSort($0.baseAddress!, count: $0.count, keys: keys, temp: temp, counts: counts) }
        XCTAssertEqual(v, expected)
    }

    func testSWDNearZeroForIdenticalSetsAndLargerForBlurredOrShifted() throws {
        let real = blobs(48, seed: 1), other = blobs(48, seed: 2)
        // The same descriptors: exactly zero.
        let a = try SlicedWasserstein.patches(real, perImage: 16, seed: 3)
        SlicedWasserstein.normalizePerChannel(a, channels: 1)
        XCTAssertEqual(try SlicedWasserstein.distance(a, a, seed: 1), [0, 0, 0, 0])
        let same = try SlicedWasserstein.evaluate(real: real, fake: real, seed: 1)
        let fresh = try SlicedWasserstein.evaluate(real: real, fake: other, seed: 1)
        // A blurred set: fine detail (the 32 level's band-pass) is gone.
        let padded = try SlicedWasserstein.pad(other, to: 32)
        let blurred = try SlicedWasserstein.pyrUp(SlicedWasserstein.pyrDown(padded)).items(0..<48)
        let blur = try SlicedWasserstein.evaluate(real: try SlicedWasserstein.pad(real, to: 32), fake: blurred, seed: 1)
        // Per-pixel noise: a different patch distribution at every level.
        let noisy = other.copy(), rng = RNG(seed: 8)
        for i in 0..<noisy.count { noisy[i] += 0.3 * rng.normal() }
        let noise = try SlicedWasserstein.evaluate(real: real, fake: noisy, seed: 1)
        print("SWD×1e3 [32, 16]: same \(same.distances), fresh draw \(fresh.distances), blurred \(blur.distances), noisy \(noise.distances)")
        XCTAssertEqual(same.resolutions, [32, 16])
        XCTAssertEqual(same.imageCount, 48)
        XCTAssertEqual(same.repeats.map(\.count), [4, 4])
        XCTAssertEqual(same.distances, [0, 0], "identical sets, patches at the same positions")
        // Another draw of the same distribution is the noise floor; blur and noise lie far above it where they act.
        XCTAssertGreaterThan(fresh.distances.min()!, 0)
        XCTAssertGreaterThan(blur.distances[0], 5 * fresh.distances[0])
        XCTAssertGreaterThan(noise.distances[0], 5 * fresh.distances[0])
        XCTAssertGreaterThan(noise.distances[1], fresh.distances[1])
        XCTAssertEqual(same.mean, same.distances.reduce(0, +) / 2, accuracy: 1e-12)
    }

    func testSWDIsDeterministicForASeedAndCutsToTheSmallerSet() throws {
        let real = blobs(20, seed: 1), fake = blobs(30, seed: 2)
        let a = try SlicedWasserstein.evaluate(real: real, fake: fake, seed: 7)
        let b = try SlicedWasserstein.evaluate(real: real, fake: fake, seed: 7)
        XCTAssertEqual(a.repeats, b.repeats)
        XCTAssertEqual(a.imageCount, 20)
        let c = try SlicedWasserstein.evaluate(real: real, fake: fake.items(0..<20), seed: 7)
        XCTAssertEqual(a.repeats, c.repeats)
        let d = try SlicedWasserstein.evaluate(real: real, fake: fake, seed: 8)
        XCTAssertNotEqual(a.repeats, d.repeats)
        // The result does not depend on the number of threads.
        XCTAssertEqual(try Parallel.withWorkers(1) { try SlicedWasserstein.evaluate(real: real, fake: fake, seed: 7) }.repeats, a.repeats)
    }
}
