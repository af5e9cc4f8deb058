import Foundation

/// A plan for many complex DFTs of one length `n` (sizes 2^a·3^b·5^c), eight planes per vector.
///
/// Data are laid out `[n][batch]`: element `j` of transform `t` is at `j·batch + t`, so the inner loops run over
/// contiguous runs of the batch (a self-sorting Stockham scheme, no bit reversal). Forward is
/// `X[k] = Σ x[j]·e^{−2πi·jk/n}`, inverse uses `e^{+2πi·jk/n}`; neither scales. Immutable and shareable across threads.
public struct PlaneVectorFFT: Sendable {
    public let count: Int
    /// Radices in the order the stages apply them.
    let radices: [Int]
    /// Per stage, twiddles (cos, −sin) of w_len^{p·k} for p in 0..<len/r, k in 1..<r, `(r−1)` pairs per p.
    let twiddles: [[Float]]

    /// Whether `n` factors into 2, 3 and 5 only.
    public static func supports(_ n: Int) -> Bool {
        guard n >= 1 else { return false }
        var m = n
        for f in [2, 3, 5] { while m % f == 0 { m /= f } }
        return m == 1
    }

    /// Plans length `n`; returns nil unless `n ≥ 1` factors into 2, 3 and 5.
    public init?(count n: Int) {
        guard Self.supports(n) else { return nil }
        count = n
        var m = n
        var rs: [Int] = []
        while m % 4 == 0 { rs.append(4); m /= 4 }
        while m % 2 == 0 { rs.append(2); m /= 2 }
        while m % 3 == 0 { rs.append(3); m /= 3 }
        while m % 5 == 0 { rs.append(5); m /= 5 }
        radices = rs
        var tw: [[Float]] = []
        var len = n
        for r in rs {
            let sub = len / r
            var t = [Float](repeating: 0, count: sub * (r - 1) * 2)
            for p in 0..<sub {
                for k in 1..<r {
                    let angle = -2 * Double.pi * Double(p * k) / Double(len)
                    t[(p * (r - 1) + (k - 1)) * 2] = Float(cos(angle))
                    t[(p * (r - 1) + (k - 1)) * 2 + 1] = Float(sin(angle))
                }
            }
            tw.append(t)
            len = sub
        }
        twiddles = tw
    }

    /// Transforms `batch` sequences stored `[n][batch]` in `data`, using `scratch` (the same size) as the other
    /// buffer. Returns whichever of the two holds the result.
    @inline(__always)
    public func transform(_ data: UnsafeMutablePointer<PlaneComplex>, scratch: UnsafeMutablePointer<PlaneComplex>,
                          batch: Int, inverse: Bool) -> UnsafeMutablePointer<PlaneComplex> {
        var x = data, y = scratch
        var len = count, stride = batch
        for (stage, r) in radices.enumerated() {
            let sub = len / r
            twiddles[stage].withUnsafeBufferPointer { tw in
                let t = tw.baseAddress.unsafelyUnwrapped
                switch r {
                case 4: Self.radix4(x, y, sub: sub, stride: stride, tw: t, inverse: inverse)
                case 2: Self.radix2(x, y, sub: sub, stride: stride, tw: t, inverse: inverse)
                case 3: Self.radix3(x, y, sub: sub, stride: stride, tw: t, inverse: inverse)
                default: Self.radix5(x, y, sub: sub, stride: stride, tw: t, inverse: inverse)
                }
            }
            swap(&x, &y)
            len = sub
            stride *= r
        }
        return x
    }

    // Stage: input element (p + j·sub) of each run of `stride`, output (r·p + k); inverse swaps outputs k ↔ r−k and
    // conjugates the twiddles.

    @inline(never)
    static func radix2(_ x: UnsafeMutablePointer<PlaneComplex>, _ y: UnsafeMutablePointer<PlaneComplex>,
                       sub: Int, stride s: Int, tw: UnsafePointer<Float>, inverse: Bool) {
        let sign: Float = inverse ? -1 : 1
        for p in 0..<sub {
            let c1 = tw[2 * p], s1 = tw[2 * p + 1] * sign
            let i0 = x + s * p, i1 = x + s * (p + sub)
            let o0 = y + s * (2 * p), o1 = o0 + s
            if p == 0 {
                for q in 0..<s { let a = i0[q], b = i1[q]; o0[q] = a + b; o1[q] = a - b }
            } else {
                for q in 0..<s { let a = i0[q], b = i1[q]; o0[q] = a + b; o1[q] = (a - b).times(c1, s1) }
            }
        }
    }

    @inline(never)
    static func radix4(_ x: UnsafeMutablePointer<PlaneComplex>, _ y: UnsafeMutablePointer<PlaneComplex>,
                       sub: Int, stride s: Int, tw: UnsafePointer<Float>, inverse: Bool) {
        let sign: Float = inverse ? -1 : 1
        for p in 0..<sub {
            let t = tw + 6 * p
            let c1 = t[0], s1 = t[1] * sign, c2 = t[2], s2 = t[3] * sign, c3 = t[4], s3 = t[5] * sign
            let i0 = x + s * p, i1 = x + s * (p + sub), i2 = x + s * (p + 2 * sub), i3 = x + s * (p + 3 * sub)
            let o0 = y + s * (4 * p), o1 = o0 + s, o2 = o1 + s, o3 = o2 + s
            // Inverse: outputs 1 and 3 swap, which is the same as rotating by +i instead of −i.
            @inline(__always) func butterfly(_ q: Int) -> (PlaneComplex, PlaneComplex, PlaneComplex, PlaneComplex) {
                let a0 = i0[q], a1 = i1[q], a2 = i2[q], a3 = i3[q]
                let t0 = a0 + a2, t1 = a0 - a2, t2 = a1 + a3, d = a1 - a3
                let t3 = PlaneComplex(re: d.im * sign, im: d.re * -sign)
                return (t0 + t2, t1 + t3, t0 - t2, t1 - t3)
            }
            if p == 0 {
                for q in 0..<s { let (b0, b1, b2, b3) = butterfly(q); o0[q] = b0; o1[q] = b1; o2[q] = b2; o3[q] = b3 }
            } else {
                for q in 0..<s {
                    let (b0, b1, b2, b3) = butterfly(q)
                    o0[q] = b0; o1[q] = b1.times(c1, s1); o2[q] = b2.times(c2, s2); o3[q] = b3.times(c3, s3)
                }
            }
        }
    }

    @inline(never)
    static func radix3(_ x: UnsafeMutablePointer<PlaneComplex>, _ y: UnsafeMutablePointer<PlaneComplex>,
                       sub: Int, stride s: Int, tw: UnsafePointer<Float>, inverse: Bool) {
        let sign: Float = inverse ? -1 : 1
        let h: Float = 0.866_025_403_784_438_6 * sign  // sin(2π/3)
        for p in 0..<sub {
            let t = tw + 4 * p
            let c1 = t[0], s1 = t[1] * sign, c2 = t[2], s2 = t[3] * sign
            let i0 = x + s * p, i1 = x + s * (p + sub), i2 = x + s * (p + 2 * sub)
            let o0 = y + s * (3 * p), o1 = o0 + s, o2 = o1 + s
            @inline(__always) func butterfly(_ q: Int) -> (PlaneComplex, PlaneComplex, PlaneComplex) {
                let a0 = i0[q], a1 = i1[q], a2 = i2[q]
                let sum = a1 + a2, diff = a1 - a2
                let d = PlaneComplex(re: diff.im * h, im: diff.re * -h)
                let m = PlaneComplex(re: a0.re - 0.5 * sum.re, im: a0.im - 0.5 * sum.im)
                return (a0 + sum, m + d, m - d)
            }
            if p == 0 {
                for q in 0..<s { let (b0, b1, b2) = butterfly(q); o0[q] = b0; o1[q] = b1; o2[q] = b2 }
            } else {
                for q in 0..<s {
                    let (b0, b1, b2) = butterfly(q)
                    o0[q] = b0; o1[q] = b1.times(c1, s1); o2[q] = b2.times(c2, s2)
                }
            }
        }
    }

    @inline(never)
    static func radix5(_ x: UnsafeMutablePointer<PlaneComplex>, _ y: UnsafeMutablePointer<PlaneComplex>,
                       sub: Int, stride s: Int, tw: UnsafePointer<Float>, inverse: Bool) {
        let sign: Float = inverse ? -1 : 1
        let ca: Float = 0.309_016_994_374_947_4, cb: Float = -0.809_016_994_374_947_4   // cos 2π/5, cos 4π/5
        let sa: Float = 0.951_056_516_295_153_5 * sign, sb: Float = 0.587_785_252_292_473_1 * sign  // sin 2π/5, 4π/5
        for p in 0..<sub {
            let t = tw + 8 * p
            let c1 = t[0], s1 = t[1] * sign, c2 = t[2], s2 = t[3] * sign
            let c3 = t[4], s3 = t[5] * sign, c4 = t[6], s4 = t[7] * sign
            let i0 = x + s * p, i1 = i0 + s * sub, i2 = i1 + s * sub, i3 = i2 + s * sub, i4 = i3 + s * sub
            let o0 = y + s * (5 * p), o1 = o0 + s, o2 = o1 + s, o3 = o2 + s, o4 = o3 + s
            for q in 0..<s {
                let a0 = i0[q], a1 = i1[q], a2 = i2[q], a3 = i3[q], a4 = i4[q]
                let s14 = a1 + a4, d14 = a1 - a4, s23 = a2 + a3, d23 = a2 - a3
                let m1 = PlaneComplex(re: a0.re + ca * s14.re + cb * s23.re, im: a0.im + ca * s14.im + cb * s23.im)
                let m2 = PlaneComplex(re: a0.re + cb * s14.re + ca * s23.re, im: a0.im + cb * s14.im + ca * s23.im)
                let n1 = PlaneComplex(re: sa * d14.re + sb * d23.re, im: sa * d14.im + sb * d23.im).timesMinusI
                let n2 = PlaneComplex(re: sb * d14.re - sa * d23.re, im: sb * d14.im - sa * d23.im).timesMinusI
                o0[q] = a0 + s14 + s23
                let b1 = m1 + n1, b4 = m1 - n1, b2 = m2 + n2, b3 = m2 - n2
                if p == 0 {
                    o1[q] = b1; o2[q] = b2; o3[q] = b3; o4[q] = b4
                } else {
                    o1[q] = b1.times(c1, s1); o2[q] = b2.times(c2, s2); o3[q] = b3.times(c3, s3); o4[q] = b4.times(c4, s4)
                }
            }
        }
    }
}
