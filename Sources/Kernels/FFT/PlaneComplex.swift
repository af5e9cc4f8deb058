/// Eight planes side by side: lane `l` of every vector belongs to plane `l`, so each butterfly is one vector operation.
public typealias PlaneVector = SIMD8<Float>
/// Two `PlaneVector`s side by side, for (re, im) interleaving through `evenHalf` / `oddHalf`.
public typealias InterleavedPlaneVector = SIMD16<Float>

/// A complex number of eight planes at once: real parts in `re`, imaginary parts in `im`.
@frozen
public struct PlaneComplex {
    public var re: PlaneVector
    public var im: PlaneVector
    @inline(__always) public init(re: PlaneVector, im: PlaneVector) { self.re = re; self.im = im }
    @inline(__always) static func + (a: PlaneComplex, b: PlaneComplex) -> PlaneComplex { PlaneComplex(re: a.re + b.re, im: a.im + b.im) }
    @inline(__always) static func - (a: PlaneComplex, b: PlaneComplex) -> PlaneComplex { PlaneComplex(re: a.re - b.re, im: a.im - b.im) }
    /// −i·a
    @inline(__always) var timesMinusI: PlaneComplex { PlaneComplex(re: im, im: -re) }
    @inline(__always) func scaled(_ s: Float) -> PlaneComplex { PlaneComplex(re: re * s, im: im * s) }
    @inline(__always) func times(_ c: Float, _ s: Float) -> PlaneComplex {
        PlaneComplex(re: re * c - im * s, im: re * s + im * c)
    }
}
