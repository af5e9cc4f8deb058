/// Reductions over float buffers with eight-lane partial sums (a plain loop does not vectorise a float reduction).
public enum VectorMath {
    /// Σ a[i]·b[i].
    @inline(__always) public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            lanes += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var sum = lanes.sum()
        while i < n { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// Σ a[i].
    @inline(__always) public static func sum(_ a: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a)
        while i + 8 <= n {
            lanes += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < n { total += a[i]; i += 1 }
        return total
    }
}
