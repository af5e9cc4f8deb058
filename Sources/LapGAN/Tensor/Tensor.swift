import Foundation

/// A dense Float32 array in row-major (NCHW for images) order whose storage can be handed to BLAS.
public final class Tensor: @unchecked Sendable, CustomStringConvertible {
    public let shape: [Int]
    public let count: Int
    let storage: TensorStorage

    /// The first element; valid for `count` elements. Inside the library only: code outside it reads and writes
    /// elements through `array`, `init(shape:values:)` and the scoped `withUnsafe…BufferPointer` calls.
    @inline(__always) var data: UnsafeMutablePointer<Float> { storage.pointer }

    /// A zero-filled tensor.
    public init(zeros shape: [Int]) {
        self.shape = shape
        count = shape.reduce(1, *)
        storage = TensorStorage(count: count)
    }

    /// A tensor whose elements the caller writes before reading them (for kernels that overwrite their output).
    init(uninitialized shape: [Int]) {
        self.shape = shape
        count = shape.reduce(1, *)
        storage = TensorStorage(uninitializedCount: count)
    }

    init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        count = shape.reduce(1, *)
        self.storage = storage
    }

    /// A tensor holding `values`; throws if their number does not match the shape.
    public convenience init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ShapeError("negative dimension in shape \(shape)") }
        self.init(zeros: shape)
        guard values.count == count else {
            throw ShapeError("\(values.count) values do not fill shape \(shape) (\(count) elements)")
        }
        values.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { data.update(from: base, count: count) }
        }
    }

    /// A tensor filled with one value.
    public convenience init(shape: [Int], repeating value: Float) {
        self.init(zeros: shape)
        data.update(repeating: value, count: count)
    }

    public var rank: Int { shape.count }
    /// Elements per item of the leading (batch) dimension.
    public var itemCount: Int { shape.isEmpty ? 1 : shape.dropFirst().reduce(1, *) }
    var bufferPointer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: data, count: count) }

    /// Element `i` of the flat row-major order (bounds-checked).
    public subscript(i: Int) -> Float {
        get {
            precondition(i >= 0 && i < count, "tensor index \(i) out of 0..<\(count)")
            return data[i]
        }
        set {
            precondition(i >= 0 && i < count, "tensor index \(i) out of 0..<\(count)")
            data[i] = newValue
        }
    }

    /// Calls `body` with the elements, read-only; the pointer is valid only inside `body`.
    public func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: data, count: count))
    }

    /// Calls `body` with the elements to change in place; the pointer is valid only inside `body`.
    public func withUnsafeMutableBufferPointer<Result>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: data, count: count))
    }

    public var array: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    public func copy() -> Tensor {
        let t = Tensor(zeros: shape)
        t.data.update(from: data, count: count)
        return t
    }

    /// A view with another shape over the same storage.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var product = 1, overflow = false
        for d in newShape where !overflow { (product, overflow) = product.multipliedReportingOverflow(by: d) }
        guard !overflow, product == count, newShape.allSatisfy({ $0 >= 0 }) else {
            throw ShapeError("cannot reshape \(shape) (\(count) elements) to \(newShape)")
        }
        return Tensor(shape: newShape, storage: storage)
    }

    /// Items `range` of the leading dimension, copied.
    public func items(_ range: Range<Int>) throws -> Tensor {
        guard let n = shape.first, range.lowerBound >= 0, range.upperBound <= n else {
            throw ShapeError("items \(range) out of range for shape \(shape)")
        }
        var s = shape
        s[0] = range.count
        let t = Tensor(zeros: s)
        t.data.update(from: data + range.lowerBound * itemCount, count: t.count)
        return t
    }

    public func fill(_ value: Float) { data.update(repeating: value, count: count) }

    public func requireShape(_ expected: [Int], _ what: @autoclosure () -> String) throws {
        guard shape == expected else { throw ShapeError("\(what()): expected shape \(expected), got \(shape)") }
    }

    public var description: String { "Tensor\(shape)" }

    /// True when every element is finite.
    public var isFinite: Bool {
        var ok = true
        for i in 0..<count where !data[i].isFinite { ok = false; break }
        return ok
    }

    /// Sum of elements in double precision.
    public func sum() -> Double {
        var s = 0.0
        for i in 0..<count { s += Double(data[i]) }
        return s
    }

    public func mean() -> Double { count == 0 ? 0 : sum() / Double(count) }

    /// Largest absolute difference to another tensor of the same shape.
    public func maxAbsDifference(_ other: Tensor) throws -> Float {
        try other.requireShape(shape, "maxAbsDifference")
        var m: Float = 0
        for i in 0..<count { m = max(m, abs(data[i] - other.data[i])) }
        return m
    }

    public func bitwiseEqual(_ other: Tensor) -> Bool {
        shape == other.shape && memcmp(data, other.data, count * MemoryLayout<Float>.size) == 0
    }
}
