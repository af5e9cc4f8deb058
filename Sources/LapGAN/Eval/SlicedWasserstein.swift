import Foundation

/// Sliced Wasserstein distance on Laplacian-pyramid patches, after Karras et al. 2017 (progressive GANs,
/// metrics/sliced_wasserstein.py):
///
/// - the pyramid uses the 5×5 filter [1,4,6,4,1]²/256 with mirrored edges (scipy's mode "mirror": d c b | a b c d | c b a),
///   down = blur then every second pixel, up = zero-insert then blur ×4 (as cv2.pyrDown/pyrUp); levels run from full
///   resolution down while the size is ≥ 16, the last one being the low-pass image itself;
/// - images whose size is not a power of two are first padded, centred, to the next power of two by replicating their
///   edge pixels (28×28 → 32×32 with 2 pixels each side, giving levels 32 and 16);
/// - per level, 128 random 7×7 patches per image (centres at least 3 pixels from the border; the same positions for
///   image i of both sets), descriptor 7·7·C values (channel, row, column); each channel is normalised to mean 0 and std 1 over all patches of its set, real and
///   generated separately;
/// - 4 repeats × 128 random unit directions: project both sets (sgemm), sort each direction's projections, take the
///   mean absolute difference of the sorted lists; the mean over a repeat's directions, × 10³; per level the mean over
///   the repeats, and the mean over the levels.
///
/// Because of the per-set channel normalisation any affine pixel scale gives the same numbers (Karras feeds uint8 values
/// as floats; lapgan's CLI passes [0, 1]); use one scale for both sets. Sets of different sizes are cut to the smaller
/// one (the first images of each). Patch positions and directions come from `seed`, so results are reproducible.
public enum SlicedWasserstein {
    public static let patchSize = 7
    public static let patchesPerImage = 128
    public static let repeatCount = 4
    public static let directionsPerRepeat = 128
    public static let minimumResolution = 16

    /// The separable 1-D pyramid filter, [1, 4, 6, 4, 1] / 16 (its outer product is the 5×5 filter / 256).
    public static let filter: [Float] = [1, 4, 6, 4, 1].map { $0 / 16 }

    /// The size images are padded to: the next power of two (the size itself if it is one).
    public static func paddedSize(_ size: Int) -> Int {
        var p = 1
        while p < size { p *= 2 }
        return p
    }

    /// Level sizes for images of `size`: the padded size, halved while ≥ 16.
    public static func resolutions(forSize size: Int) -> [Int] {
        var r: [Int] = [], s = paddedSize(size)
        while s >= minimumResolution { r.append(s); s /= 2 }
        return r
    }

    /// Images [N, C, S, S] padded, centred, to [N, C, P, P] by replicating the edge pixels.
    public static func pad(_ x: Tensor, to p: Int) throws -> Tensor {
        guard x.rank == 4, x.shape[2] == x.shape[3] else { throw ShapeError("sliced Wasserstein needs square images [N, C, S, S], got \(x.shape)") }
        let s = x.shape[2]
        guard p >= s else { throw ShapeError("cannot pad \(s)×\(s) to \(p)×\(p)") }
        if p == s { return x.copy() }
        let planes = x.shape[0] * x.shape[1], left = (p - s) / 2
        let out = Tensor(zeros: [x.shape[0], x.shape[1], p, p])
        let src = x.data, dst = out.data
        Parallel.split(planes, minimumPerWorker: 64) { _, range in
            for c in range {
                let a = src + c * s * s, b = dst + c * p * p
                for y in 0..<p {
                    let sy = min(max(y - left, 0), s - 1)
                    for xx in 0..<p { b[y * p + xx] = a[sy * s + min(max(xx - left, 0), s - 1)] }
                }
            }
        }
        return out
    }

    /// Reflect index i into 0..<n without repeating the edge (scipy "mirror", OpenCV BORDER_REFLECT_101).
    @inline(__always) static func mirror(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        var j = i % period
        if j < 0 { j += period }
        return j < n ? j : period - j
    }

    /// Separable 5-tap blur of every plane with `taps` along rows and columns, mirrored edges.
    static func blur(_ x: Tensor, taps: [Float]) -> Tensor {
        let h = x.shape[2], w = x.shape[3], planes = x.shape[0] * x.shape[1]
        let out = Tensor(zeros: x.shape)
        let src = x.data, dst = out.data
        Parallel.split(planes, minimumPerWorker: 64) { _, range in
            let tmp = UnsafeMutablePointer<Float>.allocate(capacity: h * w)
            defer { tmp.deallocate() }
            for c in range {
                let a = src + c * h * w, b = dst + c * h * w
                for y in 0..<h {
                    for xx in 0..<w {
                        var acc: Float = 0
                        for t in 0..<5 { acc += taps[t] * a[y * w + mirror(xx + t - 2, w)] }
                        tmp[y * w + xx] = acc
                    }
                }
                for y in 0..<h {
                    for xx in 0..<w {
                        var acc: Float = 0
                        for t in 0..<5 { acc += taps[t] * tmp[mirror(y + t - 2, h) * w + xx] }
                        b[y * w + xx] = acc
                    }
                }
            }
        }
        return out
    }

    /// Blur then keep every second pixel (cv2.pyrDown): S → ⌈S/2⌉.
    public static func pyrDown(_ x: Tensor) -> Tensor {
        let b = blur(x, taps: filter)
        let h = x.shape[2], w = x.shape[3], h2 = (h + 1) / 2, w2 = (w + 1) / 2, planes = x.shape[0] * x.shape[1]
        let out = Tensor(zeros: [x.shape[0], x.shape[1], h2, w2])
        for c in 0..<planes {
            let a = b.data + c * h * w, o = out.data + c * h2 * w2
            for y in 0..<h2 { for xx in 0..<w2 { o[y * w2 + xx] = a[2 * y * w + 2 * xx] } }
        }
        return out
    }

    /// Zero-insert to twice the size, then blur with 4× the filter (cv2.pyrUp): S → 2S.
    public static func pyrUp(_ x: Tensor) -> Tensor {
        let h = x.shape[2], w = x.shape[3], planes = x.shape[0] * x.shape[1]
        let up = Tensor(zeros: [x.shape[0], x.shape[1], 2 * h, 2 * w])
        for c in 0..<planes {
            let a = x.data + c * h * w, o = up.data + c * 4 * h * w
            for y in 0..<h { for xx in 0..<w { o[2 * y * 2 * w + 2 * xx] = a[y * w + xx] } }
        }
        return blur(up, taps: filter.map { $0 * 2 })
    }

    /// Band-passes finest first, the last level the low-pass image (Karras's generate_laplacian_pyramid).
    public static func laplacianPyramid(_ x: Tensor, levels: Int) -> [Tensor] {
        var pyramid = [x.copy()]
        for _ in 1..<max(levels, 1) {
            let down = pyrDown(pyramid[pyramid.count - 1])
            let up = pyrUp(down)
            let last = pyramid[pyramid.count - 1]
            if up.shape == last.shape { for i in 0..<last.count { last.data[i] -= up.data[i] } }
            pyramid.append(down)
        }
        return pyramid
    }

    /// Random patches of one pyramid level: [N · perImage, C · 7 · 7], not yet normalised. Patch positions come from
    /// a generator per image seeded from `seed`, so they do not depend on the thread count.
    public static func patches(_ level: Tensor, perImage: Int = patchesPerImage, seed: UInt64) throws -> Tensor {
        let n = level.shape[0], c = level.shape[1], s = level.shape[2], half = patchSize / 2
        guard s >= patchSize, level.shape[3] == s else { throw ShapeError("patches of \(patchSize)×\(patchSize) need a square level of at least that size, got \(level.shape)") }
        let k = c * patchSize * patchSize
        let out = Tensor(zeros: [n * perImage, k])
        let src = level.data, dst = out.data
        Parallel.split(n, minimumPerWorker: 16) { _, range in
            for i in range {
                let rng = RNG(seed: seed ^ (UInt64(i) &+ 1) &* 0x9E37_79B9_7F4A_7C15)
                for p in 0..<perImage {
                    let cx = half + rng.index(s - 2 * half), cy = half + rng.index(s - 2 * half)
                    var o = dst + (i * perImage + p) * k
                    for ch in 0..<c {
                        let plane = src + (i * c + ch) * s * s
                        for dy in -half...half {
                            let row = plane + (cy + dy) * s + cx - half
                            for dx in 0..<patchSize { o[dx] = row[dx] }
                            o += patchSize
                        }
                    }
                }
            }
        }
        return out
    }

    /// Normalises each channel of descriptors [P, C · 7 · 7] to mean 0 and std 1 (population std) over all P patches.
    public static func normalizePerChannel(_ desc: Tensor, channels c: Int) {
        let rows = desc.shape[0], k = desc.itemCount, per = k / c
        for ch in 0..<c {
            var sum: Double = 0, sq: Double = 0
            for r in 0..<rows {
                let p = desc.data + r * k + ch * per
                for j in 0..<per { let v = Double(p[j]); sum += v; sq += v * v }
            }
            let count = Double(rows * per), mean = sum / count
            let std = max(0, sq / count - mean * mean).squareRoot()
            let inv = Float(std > 0 ? 1 / std : 1), m = Float(mean)
            for r in 0..<rows {
                let p = desc.data + r * k + ch * per
                for j in 0..<per { p[j] = (p[j] - m) * inv }
            }
        }
    }

    /// The sliced Wasserstein distance (not scaled) between descriptor sets of equal shape [P, K], one value per repeat:
    /// the mean over the repeat's directions and over P of |sort(A·d) − sort(B·d)|.
    public static func distance(_ a: Tensor, _ b: Tensor, repeats: Int = repeatCount, directionsPerRepeat dirs: Int = directionsPerRepeat,
                                seed: UInt64) throws -> [Double] {
        guard a.shape == b.shape, a.rank == 2 else { throw ShapeError("sliced Wasserstein needs descriptor sets of one shape, got \(a.shape) and \(b.shape)") }
        let p = a.shape[0], k = a.shape[1], total = repeats * dirs
        // Directions: Gaussian vectors normalised to unit length, one per row.
        let directions = Tensor(zeros: [total, k])
        let rng = RNG(seed: seed)
        for d in 0..<total {
            let row = directions.data + d * k
            var norm: Double = 0
            for j in 0..<k { row[j] = rng.normal(); norm += Double(row[j]) * Double(row[j]) }
            let inv = Float(1 / max(norm.squareRoot(), 1e-30))
            for j in 0..<k { row[j] *= inv }
        }
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: total)
        defer { sums.deallocate() }
        let chunk = 8
        let ap = a.data, bp = b.data, dp = directions.data
        Parallel.split(total, minimumPerWorker: chunk) { _, range in
            let pa = UnsafeMutablePointer<Float>.allocate(capacity: chunk * p), pb = UnsafeMutablePointer<Float>.allocate(capacity: chunk * p)
            let keys = UnsafeMutablePointer<UInt32>.allocate(capacity: p), temp = UnsafeMutablePointer<UInt32>.allocate(capacity: p)
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2048)
            defer { pa.deallocate(); pb.deallocate(); keys.deallocate(); temp.deallocate(); counts.deallocate() }
            var d0 = range.lowerBound
            while d0 < range.upperBound {
                let n = min(chunk, range.upperBound - d0)
                // proj[d, i] = direction_d · descriptor_i: each direction's projections are contiguous, ready to sort.
                BLAS.gemm(transB: true, m: n, n: p, k: k, a: dp + d0 * k, lda: k, b: ap, ldb: k, c: pa, ldc: p)
                BLAS.gemm(transB: true, m: n, n: p, k: k, a: dp + d0 * k, lda: k, b: bp, ldb: k, c: pb, ldc: p)
                for j in 0..<n {
                    let x = pa + j * p, y = pb + j * p
                    radixSort(x, count: p, keys: keys, temp: temp, counts: counts)
                    radixSort(y, count: p, keys: keys, temp: temp, counts: counts)
                    var acc: Double = 0
                    for i in 0..<p { acc += Double(abs(x[i] - y[i])) }
                    sums[d0 + j] = acc
                }
                d0 += n
            }
        }
        return (0..<repeats).map { r in
            (0..<dirs).reduce(0.0) { $0 + sums[r * dirs + $1] } / Double(dirs * p)
        }
    }

    /// Sorts `count` finite floats ascending: an LSD radix sort (3 passes of 11 bits) on order-preserving bit keys.
    static func radixSort(_ v: UnsafeMutablePointer<Float>, count n: Int, keys: UnsafeMutablePointer<UInt32>,
                          temp: UnsafeMutablePointer<UInt32>, counts: UnsafeMutablePointer<Int>) {
        for i in 0..<n {
            let b = v[i].bitPattern
            keys[i] = b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
        }
        var src = keys, dst = temp
        for shift: UInt32 in [0, 11, 22] {
            counts.update(repeating: 0, count: 2048)
            for i in 0..<n { counts[Int((src[i] >> shift) & 0x7FF)] += 1 }
            var offset = 0
            for bucket in 0..<2048 { let c = counts[bucket]; counts[bucket] = offset; offset += c }
            for i in 0..<n {
                let key = src[i], bucket = Int((key >> shift) & 0x7FF)
                dst[counts[bucket]] = key
                counts[bucket] += 1
            }
            swap(&src, &dst)
        }
        for i in 0..<n {
            let key = src[i]
            v[i] = Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
        }
    }

    /// Per-level SWD × 10³ between `real` and `fake` images [N, C, S, S] (one pixel scale for both).
    /// `progress(done, total)` counts the levels.
    public static func evaluate(real: Tensor, fake: Tensor, seed: UInt64 = 1, progress: ((Int, Int) -> Void)? = nil) throws -> SlicedWassersteinResult {
        guard real.rank == 4, fake.rank == 4, real.shape.dropFirst() == fake.shape.dropFirst() else {
            throw ShapeError("sliced Wasserstein compares image sets of one shape, got \(real.shape) and \(fake.shape)")
        }
        let s = real.shape[2]
        guard real.shape[3] == s else { throw ShapeError("sliced Wasserstein needs square images, got \(real.shape)") }
        let sizes = resolutions(forSize: s)
        guard !sizes.isEmpty else { throw ShapeError("sliced Wasserstein needs images of at least \(minimumResolution)×\(minimumResolution), got \(s)×\(s)") }
        let n = min(real.shape[0], fake.shape[0])
        guard n > 0 else { throw ShapeError("sliced Wasserstein needs at least one image in each set") }
        guard real.isFinite, fake.isFinite else { throw ShapeError("sliced Wasserstein inputs contain NaN or infinity") }
        let c = real.shape[1], p = paddedSize(s)
        let rp = laplacianPyramid(try pad(real.shape[0] == n ? real : real.items(0..<n), to: p), levels: sizes.count)
        let fp = laplacianPyramid(try pad(fake.shape[0] == n ? fake : fake.items(0..<n), to: p), levels: sizes.count)
        let mix = RNG(seed: seed)
        var perRepeat: [[Double]] = []
        for level in 0..<sizes.count {
            // Both sets take their patches at the same positions (image i of each set alike): identical sets give exactly
            // 0, and the estimate's variance is lower than with independent positions (Karras draws them independently).
            let patchSeed = mix.nextSeed(), directionSeed = mix.nextSeed()
            let a = try patches(rp[level], seed: patchSeed), b = try patches(fp[level], seed: patchSeed)
            normalizePerChannel(a, channels: c)
            normalizePerChannel(b, channels: c)
            perRepeat.append(try distance(a, b, seed: directionSeed).map { $0 * 1e3 })
            progress?(level + 1, sizes.count)
        }
        let distances = perRepeat.map { $0.reduce(0, +) / Double($0.count) }
        return SlicedWassersteinResult(resolutions: sizes, distances: distances, repeats: perRepeat,
                                       mean: distances.reduce(0, +) / Double(distances.count), imageCount: n, paddedSize: p)
    }
}
