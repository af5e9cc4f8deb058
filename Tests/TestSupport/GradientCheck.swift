import Foundation
import LapGAN

/// Finite-difference checks of a layer's analytic gradients (test support: not part of the shipped library).
public enum GradientCheck {
    public struct Result: CustomStringConvertible {
        /// Largest relative error over the checked input elements.
        public var input: Double
        /// Largest relative error over the checked parameter elements, by parameter name.
        public var parameters: [String: Double]
        public var worst: Double { max(input, parameters.values.max() ?? 0) }
        public var description: String { "input \(input), parameters \(parameters)" }
    }

    /// Compares backward() with central differences of L = Σ y·r (r random, fixed) at `samples` random coordinates.
    /// Layers with randomness must use a context whose RNG is reset per call (`makeContext`).
    public static func check(
        _ layer: Layer, input: Tensor, epsilon: Float = 1e-2, samples: Int = 40, seed: UInt64 = 7,
        makeContext: () -> ForwardContext = { ForwardContext(training: true, rng: RNG(seed: 99)) }
    ) throws -> Result {
        let rng = RNG(seed: seed)
        let y0 = try layer.forward(input, makeContext())
        let r = Tensor(zeros: y0.shape)
        rng.fillUniform(r, -1, 1)
        func loss() throws -> Double {
            let y = try layer.forward(input, makeContext())
            var s = 0.0
            for i in 0..<y.count { s += Double(y[i]) * Double(r[i]) }
            return s
        }
        for p in layer.parameters { p.zeroGrad() }
        let tape = Tape()
        _ = try layer.forward(input, makeContext().recording(on: tape))
        let gx = try layer.backward(r.copy(), tape)
        guard tape.count == 0 else { throw ShapeError("\(type(of: layer)) left \(tape.count) records on the tape") }
        let analyticParams = layer.parameters.map { $0.grad.copy() }

        func relError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1e-2, abs(a) + abs(b)) }
        func numeric(_ t: Tensor, _ i: Int) throws -> Double {
            let old = t[i]
            t[i] = old + epsilon
            let plus = try loss()
            t[i] = old - epsilon
            let minus = try loss()
            t[i] = old
            return (plus - minus) / Double(2 * epsilon)
        }
        var result = Result(input: 0, parameters: [:])
        for _ in 0..<samples {
            let i = rng.index(input.count)
            result.input = max(result.input, relError(try numeric(input, i), Double(gx[i])))
        }
        for (p, g) in zip(layer.parameters, analyticParams) where p.trainable {
            var worst = 0.0
            for _ in 0..<samples {
                let i = rng.index(p.value.count)
                worst = max(worst, relError(try numeric(p.value, i), Double(g[i])))
            }
            result.parameters[p.name] = worst
        }
        return result
    }
}
