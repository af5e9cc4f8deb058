import Foundation

/// Element-wise and channel operations used by the pyramid, the model and the trainer.
public extension Tensor {
    /// self += other (same shape).
    func add(_ other: Tensor) throws {
        try other.requireShape(shape, "add")
        let a = data, b = other.data
        for i in 0..<count { a[i] += b[i] }
    }

    /// self -= other (same shape).
    func subtract(_ other: Tensor) throws {
        try other.requireShape(shape, "subtract")
        let a = data, b = other.data
        for i in 0..<count { a[i] -= b[i] }
    }

    /// self *= s.
    func scale(_ s: Float) {
        let a = data
        for i in 0..<count { a[i] *= s }
    }

    /// A new tensor a + b.
    static func sum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let t = a.copy()
        try t.add(b)
        return t
    }

    /// A new tensor a − b.
    static func difference(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let t = a.copy()
        try t.subtract(b)
        return t
    }

    /// Concatenates NCHW tensors along the channel axis (same N, H, W).
    static func concatChannels(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first, first.rank == 4 else { throw ShapeError("concatChannels needs 4-D tensors") }
        let n = first.shape[0], h = first.shape[2], w = first.shape[3]
        for p in parts where p.rank != 4 || p.shape[0] != n || p.shape[2] != h || p.shape[3] != w {
            throw ShapeError("concatChannels: \(p.shape) does not match \(first.shape) outside the channel axis")
        }
        let channels = parts.reduce(0) { $0 + $1.shape[1] }
        let out = Tensor(zeros: [n, channels, h, w])
        let plane = h * w
        for i in 0..<n {
            var dst = out.data + i * channels * plane
            for p in parts {
                let len = p.shape[1] * plane
                dst.update(from: p.data + i * len, count: len)
                dst += len
            }
        }
        return out
    }

    /// Splits an NCHW tensor along channels into pieces of the given channel counts (the inverse of `concatChannels`).
    func splitChannels(_ sizes: [Int]) throws -> [Tensor] {
        guard rank == 4, sizes.reduce(0, +) == shape[1] else {
            throw ShapeError("splitChannels \(sizes) does not add up to the channels of \(shape)")
        }
        let n = shape[0], plane = shape[2] * shape[3], channels = shape[1]
        var offset = 0
        return sizes.map { c in
            let t = Tensor(zeros: [n, c, shape[2], shape[3]])
            for i in 0..<n {
                t.data.advanced(by: i * c * plane).update(from: data + (i * channels + offset) * plane, count: c * plane)
            }
            offset += c
            return t
        }
    }

    /// Concatenates 2-D tensors [N, a], [N, b] … along the feature axis.
    static func concatFeatures(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first else { throw ShapeError("concatFeatures of nothing") }
        let n = first.shape[0]
        for p in parts where p.rank != 2 || p.shape[0] != n {
            throw ShapeError("concatFeatures: \(p.shape) is not [\(n), _]")
        }
        let width = parts.reduce(0) { $0 + $1.shape[1] }
        let out = Tensor(zeros: [n, width])
        for i in 0..<n {
            var dst = out.data + i * width
            for p in parts {
                let len = p.shape[1]
                dst.update(from: p.data + i * len, count: len)
                dst += len
            }
        }
        return out
    }

    /// The inverse of `concatFeatures`.
    func splitFeatures(_ sizes: [Int]) throws -> [Tensor] {
        guard rank == 2, sizes.reduce(0, +) == shape[1] else {
            throw ShapeError("splitFeatures \(sizes) does not add up to \(shape)")
        }
        let n = shape[0], width = shape[1]
        var offset = 0
        return sizes.map { c in
            let t = Tensor(zeros: [n, c])
            for i in 0..<n { t.data.advanced(by: i * c).update(from: data + i * width + offset, count: c) }
            offset += c
            return t
        }
    }

    /// Stacks tensors of equal shape along a new (or the existing leading) batch axis.
    static func stack(_ items: [Tensor]) throws -> Tensor {
        guard let first = items.first else { throw ShapeError("stack of nothing") }
        let itemShape = first.shape.first == 1 ? Array(first.shape.dropFirst()) : first.shape
        let per = itemShape.reduce(1, *)
        let out = Tensor(zeros: [items.count] + itemShape)
        for (i, t) in items.enumerated() {
            guard t.count == per else { throw ShapeError("stack: \(t.shape) differs from \(first.shape)") }
            (out.data + i * per).update(from: t.data, count: per)
        }
        return out
    }

    /// Concatenates tensors along the leading (batch) axis.
    static func concatBatch(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first else { throw ShapeError("concatBatch of nothing") }
        let item = Array(first.shape.dropFirst())
        for p in parts where Array(p.shape.dropFirst()) != item {
            throw ShapeError("concatBatch: \(p.shape) does not match \(first.shape)")
        }
        let out = Tensor(zeros: [parts.reduce(0) { $0 + $1.shape[0] }] + item)
        var dst = out.data
        for p in parts {
            dst.update(from: p.data, count: p.count)
            dst += p.count
        }
        return out
    }
}
