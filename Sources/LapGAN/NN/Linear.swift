import Foundation

/// A fully connected layer: y = x Wᵀ + b, with x [N, in], W [out, in].
public final class Linear: Layer {
    public let inputs: Int
    public let outputs: Int
    public let weight: Parameter
    public let bias: Parameter

    public init(inputs: Int, outputs: Int, rng: RNG) {
        self.inputs = inputs
        self.outputs = outputs
        weight = Parameter("weight", Tensor(zeros: [outputs, inputs]))
        bias = Parameter("bias", Tensor(zeros: [outputs]))
        // Torch7 nn.Linear default: U(−1/√fanIn, 1/√fanIn) for weight and bias.
        let bound = 1 / Float(inputs).squareRoot()
        rng.fillUniform(weight.value, -bound, bound)
        rng.fillUniform(bias.value, -bound, bound)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == inputs else {
            throw ShapeError("Linear(\(inputs)→\(outputs)) got input \(x.shape)")
        }
        context.tape?.save(x)
        let n = x.shape[0]
        let y = Tensor(zeros: [n, outputs])
        let w = weight.value.data, b = bias.value.data, out = outputs, inp = inputs
        Parallel.split(n, minimumPerWorker: 16) { _, rows in
            let yp = y.data + rows.lowerBound * out
            for r in 0..<rows.count { (yp + r * out).update(from: b, count: out) }
            BLAS.gemm(transB: true, m: rows.count, n: out, k: inp, a: x.data + rows.lowerBound * inp, lda: inp,
                      b: w, ldb: inp, beta: 1, c: yp, ldc: out)
        }
        return y
    }

    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        let x = try tape.restore(Tensor.self, for: "Linear")
        let n = x.shape[0], out = outputs, inp = inputs
        try gy.requireShape([n, outputs], "Linear gradient")
        // dW[out, in] += gyᵀ x ; split over output rows.
        let gw = weight.grad.data, gb = bias.grad.data
        Parallel.split(out, minimumPerWorker: 32) { _, rows in
            BLAS.gemm(transA: true, m: rows.count, n: inp, k: n, a: gy.data + rows.lowerBound, lda: out,
                      b: x.data, ldb: inp, beta: 1, c: gw + rows.lowerBound * inp, ldc: inp)
        }
        for i in 0..<n {
            let g = gy.data + i * out
            for o in 0..<out { gb[o] += g[o] }
        }
        let gx = Tensor(zeros: [n, inp])
        let w = weight.value.data
        Parallel.split(n, minimumPerWorker: 16) { _, rows in
            BLAS.gemm(m: rows.count, n: inp, k: out, a: gy.data + rows.lowerBound * out, lda: out,
                      b: w, ldb: inp, c: gx.data + rows.lowerBound * inp, ldc: inp)
        }
        return gx
    }
}
