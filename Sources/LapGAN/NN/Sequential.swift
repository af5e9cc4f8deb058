import Foundation

/// Layers applied in order; backward runs them in reverse.
public final class Sequential: Layer {
    public let layers: [Layer]
    public init(_ layers: [Layer]) { self.layers = layers }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public func forward(_ x: Tensor, _ context: ForwardContext) throws -> Tensor {
        var h = x
        var fresh = false  // h was just made by a layer that keeps no reference to it
        for layer in layers {
            if fresh, let relu = layer as? ReLU {
                h = relu.forwardInPlace(h, context)
            } else {
                h = try layer.forward(h, context)
            }
            fresh = layer is Conv2D || layer is Linear
        }
        return h
    }

    public func backward(_ gy: Tensor, _ tape: Tape) throws -> Tensor {
        var g = gy
        for layer in layers.reversed() { g = try layer.backward(g, tape) }
        return g
    }

    /// (layer index, parameter) for every parameter, for naming in files.
    public var indexedParameters: [(index: Int, parameter: Parameter)] {
        layers.enumerated().flatMap { i, l in l.parameters.map { (i, $0) } }
    }

    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}
