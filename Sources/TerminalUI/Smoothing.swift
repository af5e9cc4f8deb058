#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Curve smoothing and robust ranges for plots.
public enum Smoothing {
    /// TensorBoard's debiased exponential moving average: `last = last·w + (1−w)·v`, reported
    /// as `last / (1 − w^n)` after n finite values. Non-finite values pass through unchanged
    /// and do not enter the average. `weight` is clamped to 0...0.999999 (0 = no smoothing).
    public static func debiasedEMA(_ values: [Double], weight: Double) -> [Double] {
        let w = weight.isFinite ? min(0.999999, max(0, weight)) : 0
        var out = [Double](repeating: 0, count: values.count)
        var last = 0.0
        var wn = 1.0  // w^n
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count {
                    let v = src[i]
                    guard v.isFinite else { dst[i] = v; continue }
                    last = last * w + (1 - w) * v
                    wn *= w
                    let debias = 1 - wn
                    dst[i] = debias > 0 ? last / debias : v
                }
            }
        }
        return out
    }

    /// The `lo` and `hi` quantiles (e.g. 0.05, 0.95) of the finite values, with linear
    /// interpolation between order statistics (numpy's default); nil when there are none.
    public static func percentileRange(_ values: [Double], _ lo: Double, _ hi: Double) -> ClosedRange<Double>? {
        var v = values.filter { $0.isFinite }
        guard !v.isEmpty else { return nil }
        v.sort()
        func q(_ p: Double) -> Double {
            let pp = p.isFinite ? min(1, max(0, p)) : 0
            let pos = pp * Double(v.count - 1)
            let i = Int(pos.rounded(.down))
            let f = pos - Double(i)
            return i + 1 < v.count ? v[i] + (v[i + 1] - v[i]) * f : v[i]
        }
        let a = q(min(lo, hi)), b = q(max(lo, hi))
        return a...b
    }
}
