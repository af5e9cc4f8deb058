import Foundation

extension Tensor {
    /// Spherical interpolation from `a` (t = 0) to `b` (t = 1), tensors of the same shape: the path a noise walk
    /// takes between two Gaussian draws keeps their norm (linear when they are parallel).
    public static func slerp(_ a: Tensor, _ b: Tensor, _ t: Float) throws -> Tensor {
        guard a.shape == b.shape else { throw ShapeError("slerp of \(a.shape) and \(b.shape)") }
        let n = a.count, x = a.data, y = b.data
        let out = Tensor(uninitialized: a.shape), o = out.data
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in 0..<n { dot += x[i] * y[i]; na += x[i] * x[i]; nb += y[i] * y[i] }
        let cosine = na > 0 && nb > 0 ? max(-1, min(1, dot / (na.squareRoot() * nb.squareRoot()))) : 1
        let omega = acos(cosine), s = sin(omega)
        let wa: Float, wb: Float
        if s < 1e-4 { wa = 1 - t; wb = t } else { wa = sin((1 - t) * omega) / s; wb = sin(t * omega) / s }
        for i in 0..<n { o[i] = wa * x[i] + wb * y[i] }
        return out
    }
}
