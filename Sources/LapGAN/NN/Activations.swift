import Foundation

/// max(0, x).
public final class ReLU: Layer {
    public init() {}
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        let y = Tensor(zeros: x.shape)
        let a = x.data, b = y.data
        Parallel.split(x.count, minimumPerWorker: 65536) { _, r in
            for i in r { b[i] = a[i] > 0 ? a[i] : 0 }
        }
        context.tape?.save(y)
        return y
    }
    /// The same, overwriting `x`: for an input nothing else holds (a convolution's or linear layer's fresh output),
    /// which saves a pass over memory and an allocation per layer.
    func forwardInPlace(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let a = x.data
        Parallel.split(x.count, minimumPerWorker: 65536) { _, r in
            for i in r where !(a[i] > 0) { a[i] = 0 }
        }
        context.tape?.save(x)
        return x
    }

    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let y = try tape.restore(Tensor.self, for: "ReLU")
        try gy.requireShape(y.shape, "ReLU gradient")
        // In place: the incoming gradient is not used again by the caller.
        let o = y.data, g = gy.data
        Parallel.split(y.count, minimumPerWorker: 65536) { _, r in
            for i in r where !(o[i] > 0) { g[i] = 0 }
        }
        return gy
    }
}

/// x for x > 0, slope·x otherwise.
public final class LeakyReLU: Layer {
    public let slope: Float
    public init(slope: Float = 0.2) { self.slope = slope }
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        context.tape?.save(x)
        let y = Tensor(zeros: x.shape)
        let a = x.data, b = y.data, s = slope
        for i in 0..<x.count { b[i] = a[i] > 0 ? a[i] : s * a[i] }
        return y
    }
    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let x = try tape.restore(Tensor.self, for: "LeakyReLU")
        try gy.requireShape(x.shape, "LeakyReLU gradient")
        let gx = Tensor(zeros: x.shape)
        let a = x.data, g = gy.data, d = gx.data, s = slope
        for i in 0..<x.count { d[i] = a[i] > 0 ? g[i] : s * g[i] }
        return gx
    }
}

/// tanh(x).
public final class Tanh: Layer {
    public init() {}
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        let y = Tensor(zeros: x.shape)
        let a = x.data, b = y.data
        for i in 0..<x.count { b[i] = tanhf(a[i]) }
        context.tape?.save(y)
        return y
    }
    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let y = try tape.restore(Tensor.self, for: "Tanh")
        try gy.requireShape(y.shape, "Tanh gradient")
        let gx = Tensor(zeros: y.shape)
        let o = y.data, g = gy.data, d = gx.data
        for i in 0..<y.count { d[i] = g[i] * (1 - o[i] * o[i]) }
        return gx
    }
}

/// 1 / (1 + e^−x).
public final class Sigmoid: Layer {
    public init() {}
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        let y = Tensor(zeros: x.shape)
        let a = x.data, b = y.data
        for i in 0..<x.count { b[i] = sigmoid(a[i]) }
        context.tape?.save(y)
        return y
    }
    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let y = try tape.restore(Tensor.self, for: "Sigmoid")
        try gy.requireShape(y.shape, "Sigmoid gradient")
        let gx = Tensor(zeros: y.shape)
        let o = y.data, g = gy.data, d = gx.data
        for i in 0..<y.count { d[i] = g[i] * o[i] * (1 - o[i]) }
        return gx
    }
}

@inline(__always) func sigmoid(_ x: Float) -> Float {
    x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x))
}

/// Zeroes each input with probability p while training and scales the rest by 1/(1−p); identity in evaluation.
public final class Dropout: Layer {
    public let probability: Float
    public init(probability: Float) { self.probability = min(max(probability, 0), 0.99) }
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        guard context.training, probability > 0 else { context.tape?.save(Optional<Tensor>.none as Any); return x }
        let m = Tensor(zeros: x.shape), y = Tensor(zeros: x.shape)
        let keep = 1 / (1 - probability), p = probability, rng = context.rng
        let md = m.data, a = x.data, b = y.data
        if let share = context.share, let n = x.shape.first, n == share.rows.count, n > 0 {
            // Draw the masks of the whole batch; keep this process's rows.
            let per = x.count / n
            var local = [Int](repeating: -1, count: share.total)
            for (i, row) in share.rows.enumerated() where row >= 0 && row < share.total { local[row] = i }
            for row in 0..<share.total {
                let i = local[row]
                for j in 0..<per {
                    let v: Float = rng.uniform() >= p ? keep : 0
                    if i >= 0 {
                        md[i * per + j] = v
                        b[i * per + j] = a[i * per + j] * v
                    }
                }
            }
        } else {
            for i in 0..<x.count {
                let v: Float = rng.uniform() >= p ? keep : 0
                md[i] = v
                b[i] = a[i] * v
            }
        }
        context.tape?.save(Optional(m) as Any)
        return y
    }
    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        guard let m = try tape.restore(Tensor?.self, for: "Dropout") else { return gy }
        try gy.requireShape(m.shape, "Dropout gradient")
        let gx = Tensor(zeros: m.shape)
        let md = m.data, g = gy.data, d = gx.data
        for i in 0..<m.count { d[i] = g[i] * md[i] }
        return gx
    }
}

/// Gives the batch another shape per item, e.g. [N, C·H·W] ↔ [N, C, H, W].
public final class Reshape: Layer {
    public let itemShape: [Int]
    public init(itemShape: [Int]) { self.itemShape = itemShape }
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        context.tape?.save(x.shape)
        guard let n = x.shape.first else { throw ShapeError("Reshape of a scalar") }
        return try x.reshaped([n] + itemShape)
    }
    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let s = try tape.restore([Int].self, for: "Reshape")
        return try gy.reshaped(s)
    }
}

/// Nearest-neighbour upsampling of NCHW tensors by a whole factor.
public final class Upsample: Layer {
    public let factor: Int
    public init(factor: Int) { self.factor = max(1, factor) }
    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        guard x.rank == 4 else { throw ShapeError("Upsample needs NCHW input, got \(x.shape)") }
        context.tape?.save(x.shape)
        let f = factor, h = x.shape[2], w = x.shape[3], planes = x.shape[0] * x.shape[1]
        let y = Tensor(zeros: [x.shape[0], x.shape[1], h * f, w * f])
        for p in 0..<planes {
            let src = x.data + p * h * w, dst = y.data + p * h * w * f * f
            for r in 0..<h * f {
                let s = src + (r / f) * w, d = dst + r * w * f
                for c in 0..<w * f { d[c] = s[c / f] }
            }
        }
        return y
    }
    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let s = try tape.restore([Int].self, for: "Upsample")
        let f = factor, h = s[2], w = s[3], planes = s[0] * s[1]
        try gy.requireShape([s[0], s[1], h * f, w * f], "Upsample gradient")
        let gx = Tensor(zeros: s)
        for p in 0..<planes {
            let src = gy.data + p * h * w * f * f, dst = gx.data + p * h * w
            for r in 0..<h * f {
                let g = src + r * w * f, d = dst + (r / f) * w
                for c in 0..<w * f { d[c / f] += g[c] }
            }
        }
        return gx
    }
}
