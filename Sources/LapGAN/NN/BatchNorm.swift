import Foundation

/// Batch normalisation over N·H·W per channel for [N, C, H, W] or [N, C] inputs, with running statistics for evaluation.
public final class BatchNorm: Layer {
    public let channels: Int
    public let momentum: Float
    public let epsilon: Float
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVar: Parameter
    /// What a training forward pass saves for backward.
    private struct Record {
        let xhat: Tensor
        let invStd: [Float]
        let shape: [Int]
    }

    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        weight = Parameter("weight", Tensor(shape: [channels], repeating: 1))
        bias = Parameter("bias", Tensor(zeros: [channels]))
        runningMean = Parameter("running_mean", Tensor(zeros: [channels]), trainable: false)
        runningVar = Parameter("running_var", Tensor(shape: [channels], repeating: 1), trainable: false)
    }

    public var parameters: [Parameter] { [weight, bias, runningMean, runningVar] }

    private func layout(_ x: Tensor) throws -> (n: Int, plane: Int) {
        guard (x.rank == 4 || x.rank == 2), x.shape[1] == channels else {
            throw ShapeError("BatchNorm(\(channels)) got input \(x.shape)")
        }
        return (x.shape[0], x.rank == 4 ? x.shape[2] * x.shape[3] : 1)
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        let (n, plane) = try layout(x)
        let y = Tensor(zeros: x.shape)
        let C = channels, a = x.data, out = y.data
        let gamma = weight.value.data, beta = bias.value.data
        if !context.training {
            let rm = runningMean.value.data, rv = runningVar.value.data
            for c in 0..<C {
                let inv = 1 / (rv[c] + epsilon).squareRoot()
                for i in 0..<n {
                    let base = (i * C + c) * plane
                    for p in 0..<plane { out[base + p] = (a[base + p] - rm[c]) * inv * gamma[c] + beta[c] }
                }
            }
            context.tape?.save(Record?.none as Any)
            return y
        }
        let xhat = Tensor(zeros: x.shape)
        var invStd = [Float](repeating: 0, count: C)
        let m = Double(n * plane)
        for c in 0..<C {
            var s = 0.0, s2 = 0.0
            for i in 0..<n {
                let base = (i * C + c) * plane
                for p in 0..<plane { let v = Double(a[base + p]); s += v; s2 += v * v }
            }
            let mean = s / m
            let variance = max(s2 / m - mean * mean, 0)
            let inv = Float(1 / (variance + Double(epsilon)).squareRoot())
            invStd[c] = inv
            let mf = Float(mean)
            for i in 0..<n {
                let base = (i * C + c) * plane
                for p in 0..<plane {
                    let h = (a[base + p] - mf) * inv
                    xhat.data[base + p] = h
                    out[base + p] = h * gamma[c] + beta[c]
                }
            }
            let unbiased = m > 1 ? variance * m / (m - 1) : variance
            runningMean.value.data[c] = (1 - momentum) * runningMean.value.data[c] + momentum * mf
            runningVar.value.data[c] = (1 - momentum) * runningVar.value.data[c] + momentum * Float(unbiased)
        }
        context.tape?.save(Optional(Record(xhat: xhat, invStd: invStd, shape: x.shape)) as Any)
        return y
    }

    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        guard let record = try tape.restore(Record?.self, for: "BatchNorm") else {
            throw MissingForwardError(layer: "BatchNorm", detail: "backward through an evaluation-mode pass")
        }
        let xhat = record.xhat, invStd = record.invStd, shape = record.shape
        try gy.requireShape(shape, "BatchNorm gradient")
        let n = shape[0], plane = shape.count == 4 ? shape[2] * shape[3] : 1, C = channels
        let gx = Tensor(zeros: shape)
        let g = gy.data, h = xhat.data, d = gx.data, gamma = weight.value.data
        let m = Float(n * plane)
        for c in 0..<C {
            var sg: Float = 0, sgh: Float = 0
            for i in 0..<n {
                let base = (i * C + c) * plane
                for p in 0..<plane { sg += g[base + p]; sgh += g[base + p] * h[base + p] }
            }
            weight.grad.data[c] += sgh
            bias.grad.data[c] += sg
            let k = gamma[c] * invStd[c] / m
            for i in 0..<n {
                let base = (i * C + c) * plane
                for p in 0..<plane { d[base + p] = k * (m * g[base + p] - sg - h[base + p] * sgh) }
            }
        }
        return gx
    }
}
