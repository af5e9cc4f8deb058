import Foundation

/// One layer of a network, as stored in the model file's metadata.
public struct LayerSpec: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case linear, conv, relu, leakyRelu, tanh, sigmoid, dropout, batchNorm, reshape, upsample
    }
    public var kind: Kind
    public var inputs: Int?
    public var outputs: Int?
    public var kernel: Int?
    public var stride: Int?
    public var padding: Padding?
    public var value: Float?
    public var shape: [Int]?

    public init(_ kind: Kind) { self.kind = kind }

    public static func linear(_ inputs: Int, _ outputs: Int) -> LayerSpec {
        var s = LayerSpec(.linear); s.inputs = inputs; s.outputs = outputs; return s
    }
    public static func conv(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Padding = .same) -> LayerSpec {
        var s = LayerSpec(.conv); s.inputs = inputs; s.outputs = outputs; s.kernel = kernel; s.stride = stride; s.padding = padding; return s
    }
    public static let relu = LayerSpec(.relu)
    public static let tanh = LayerSpec(.tanh)
    public static let sigmoid = LayerSpec(.sigmoid)
    public static func leakyRelu(_ slope: Float = 0.2) -> LayerSpec { var s = LayerSpec(.leakyRelu); s.value = slope; return s }
    public static func dropout(_ p: Float) -> LayerSpec { var s = LayerSpec(.dropout); s.value = p; return s }
    public static func batchNorm(_ channels: Int) -> LayerSpec { var s = LayerSpec(.batchNorm); s.outputs = channels; return s }
    public static func reshape(_ shape: [Int]) -> LayerSpec { var s = LayerSpec(.reshape); s.shape = shape; return s }
    public static func upsample(_ factor: Int) -> LayerSpec { var s = LayerSpec(.upsample); s.value = Float(factor); return s }
}

extension LayerSpec {
    /// Bounds that keep a layer buildable: sizes, kernel, and the memory its weights and outputs need.
    func validate(level k: Int) throws {
        func fail(_ what: String) -> ModelError { .invalid("level \(k): \(kind) layer \(what)") }
        for v in [inputs, outputs].compactMap({ $0 }) where v < 1 || v > 1 << 16 { throw fail("has a size \(v) out of range 1…65536") }
        for v in [kernel, stride].compactMap({ $0 }) where v < 1 || v > 64 { throw fail("has a kernel or stride \(v) out of range 1…64") }
        if let v = value, !v.isFinite { throw fail("has a non-finite value") }
        if case .explicit(let p)? = padding, p < 0 || p > 64 { throw fail("has padding \(p) out of range 0…64") }
        let weights = (inputs ?? 1) * (outputs ?? 1) * (kernel ?? 1) * (kernel ?? 1)
        if weights > 1 << 26 { throw fail("has \(weights) weights (at most \(1 << 26))") }
        switch kind {
        case .upsample:
            guard let v = value, v >= 1, v <= 16, v == v.rounded() else { throw fail("needs a whole factor 1…16") }
        case .reshape:
            var product = 1
            for d in shape ?? [] {
                let (m, overflow) = product.multipliedReportingOverflow(by: d)
                guard d > 0, !overflow, m <= 1 << 24 else { throw fail("has a shape too large or not positive") }
                product = m
            }
        case .dropout:
            if let v = value, v < 0 || v >= 1 { throw fail("needs a probability in [0, 1)") }
        default: break
        }
    }
}
