#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Axis ticks at "nice" numbers (1, 2, 5 × 10^k) and their labels.
public enum Ticks {
    /// The smallest nice number (1, 2, 5 × 10^k) ≥ `rough`.
    public static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let e = floor(log10(rough))
        let base = pow(10, e)
        let f = rough / base
        let nice: Double = f <= 1.000001 ? 1 : f <= 2.000001 ? 2 : f <= 5.000001 ? 5 : 10
        return nice * base
    }

    /// Multiples of a nice step inside `lo...hi`: the finest nice step that gives at most
    /// `maxCount` ticks (at least one tick when the range is valid).
    public static func linear(lo: Double, hi: Double, maxCount: Int) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        if hi <= lo { return [lo] }
        return multiples(of: linearStep(lo: lo, hi: hi, maxCount: maxCount), lo: lo, hi: hi)
    }

    /// The step `linear` uses for the same arguments.
    public static func linearStep(lo: Double, hi: Double, maxCount: Int) -> Double {
        guard lo.isFinite, hi.isFinite, hi > lo else { return 1 }
        let n = max(2, maxCount)
        var step = niceStep((hi - lo) / Double(n + 1))
        for _ in 0..<8 {
            let k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9)
            if k1 - k0 + 1 <= Double(n) { return step }
            step = niceStep(step * 1.5)  // the next nice number up
        }
        return niceStep(hi - lo)
    }

    static func multiples(of step: Double, lo: Double, hi: Double) -> [Double] {
        guard step > 0, step.isFinite else { return [] }
        let k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9)
        guard k0.isFinite, k1.isFinite, k1 >= k0, k1 - k0 < 10_000 else { return [] }
        var out: [Double] = []
        var k = k0
        // Round away binary noise (0.6000000000000001 → 0.6) at a few digits below the step.
        let scale = pow(10, Double(decimals(for: step) + 3))
        while k <= k1 {
            var v = k * step
            if abs(v) < step * 1e-9 { v = 0 }
            let r = (v * scale).rounded() / scale
            if r.isFinite && abs(r - v) <= step * 1e-6 { v = r }
            out.append(v)
            k += 1
        }
        return out
    }

    /// Ticks for a logarithmic axis over positive `lo...hi`: powers of ten when at least two
    /// fall inside (thinned to `maxCount`), else 1, 2, 5 × 10^k, else linear nice ticks.
    public static func log(lo: Double, hi: Double, maxCount: Int) -> [Double] {
        guard lo.isFinite, hi.isFinite, lo > 0, hi > lo else { return lo > 0 && lo.isFinite ? [lo] : [] }
        let n = max(2, maxCount)
        let e0 = Int(ceil(log10(lo) - 1e-9)), e1 = Int(floor(log10(hi) + 1e-9))
        if e1 - e0 + 1 >= 2 {
            let every = max(1, Int(ceil(Double(e1 - e0 + 1) / Double(n))))
            return stride(from: e0, through: e1, by: every).map { pow(10, Double($0)) }
        }
        var v: [Double] = []
        for e in (e0 - 1)...(e1 + 1) {
            for m in [1.0, 2.0, 5.0] {
                let t = m * pow(10, Double(e))
                if t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9) { v.append(t) }
            }
        }
        if v.count >= 2 && v.count <= n { return v }
        if v.count > n {
            let every = Int(ceil(Double(v.count) / Double(n)))
            return stride(from: 0, to: v.count, by: every).map { v[$0] }
        }
        return linear(lo: lo, hi: hi, maxCount: n).filter { $0 > 0 }
    }

    /// A label for `value` on a linear axis whose ticks are `step` apart: just enough decimals,
    /// `k`/`M` for thousands/millions (1500 → 1.5k), scientific for very small steps.
    public static func label(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let st = step.isFinite && step > 0 ? step : max(abs(value), 1)
        if abs(value) < st * 1e-9 { return "0" }
        let a = abs(value)
        if a >= 1e6 && st >= 1e5 && a < 1e12 {
            return trimZeros(fixed(value / 1e6, decimals: decimals(for: st / 1e6))) + "M"
        }
        if a >= 1000 && st >= 100 && a < 1e12 {
            return trimZeros(fixed(value / 1000, decimals: decimals(for: st / 1000))) + "k"
        }
        if st < 1e-4 || a >= 1e12 {
            return scientific(value, step: st)
        }
        return fixed(value, decimals: decimals(for: st))
    }

    /// A label for a tick on a logarithmic axis (0.001, 0.1, 1.5, 10, 1k, 2.5k, 1M, 1e-5, 1e9),
    /// with as many significant digits as the value needs (up to 4).
    public static func logLabel(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return label(value, step: 1) }
        let e = Int(floor(log10(value) + 1e-9))
        var sig = 1
        while sig < 4 {
            let p = pow(10, Double(e - sig + 1))
            if abs((value / p).rounded() * p - value) <= value * 1e-9 { break }
            sig += 1
        }
        let lastDigit = e - sig + 1  // power of ten of the last significant digit
        if e >= -4 && e < 3 { return fixed(value, decimals: max(0, -lastDigit)) }
        if e >= 3 && e < 6 { return trimZeros(fixed(value / 1000, decimals: max(0, 3 - lastDigit))) + "k" }
        if e >= 6 && e < 9 { return trimZeros(fixed(value / 1e6, decimals: max(0, 6 - lastDigit))) + "M" }
        return scientific(value, step: pow(10, Double(lastDigit)))
    }

    static func trimZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    static func decimals(for step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return min(12, max(0, Int(-floor(log10(step) + 1e-9))))
    }

    /// `value` with exactly `decimals` digits after the point (no exponent).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        let d = min(12, max(0, decimals))
        var p: Int64 = 1
        for _ in 0..<d { p *= 10 }
        let r = (abs(value) * Double(p)).rounded()
        guard r < 9e15 else { return scientific(value, step: abs(value) / 100) }
        let n = Int64(r)
        var s = (value < 0 && n != 0) ? "-" : ""
        s += String(n / p)
        if d > 0 {
            var frac = String(n % p)
            while frac.count < d { frac = "0" + frac }
            s += "." + frac
        }
        return s
    }

    static func scientific(_ value: Double, step: Double) -> String {
        let e = Int(floor(log10(abs(value))))
        let m = value / pow(10, Double(e))
        let rel = step / pow(10, Double(e))
        let d = min(3, decimals(for: rel))
        var ms = fixed(m, decimals: d)
        if ms.contains(".") {
            while ms.hasSuffix("0") { ms.removeLast() }
            if ms.hasSuffix(".") { ms.removeLast() }
        }
        return ms + "e" + String(e)
    }
}
