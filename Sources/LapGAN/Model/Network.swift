import Foundation

/// One generator or discriminator of a level: a `Sequential` built from its `NetworkSpec`, plus the class input.
public final class Network {
    public let spec: NetworkSpec
    public let body: Sequential
    /// For class-conditional plane networks: one-hot → one plane of size², appended as the last input channel.
    public let classEmbedding: Linear?
    public let classes: Int
    public let size: Int

    public init(spec: NetworkSpec, classes: Int, size: Int, rng: RNG) throws {
        self.spec = spec
        self.classes = classes
        self.size = size
        body = Sequential(try spec.layers.map { try Network.makeLayer($0, rng: rng) })
        classEmbedding = (classes > 0 && spec.input == .planes) ? Linear(inputs: classes, outputs: size * size, rng: rng) : nil
    }

    static func makeLayer(_ s: LayerSpec, rng: RNG) throws -> Layer {
        func need(_ v: Int?, _ what: String) throws -> Int {
            guard let v, v > 0 else { throw ModelError.invalid("\(s.kind) layer without \(what)") }
            return v
        }
        switch s.kind {
        case .linear: return Linear(inputs: try need(s.inputs, "inputs"), outputs: try need(s.outputs, "outputs"), rng: rng)
        case .conv:
            return Conv2D(inChannels: try need(s.inputs, "inputs"), outChannels: try need(s.outputs, "outputs"),
                          kernel: try need(s.kernel, "kernel"), stride: s.stride ?? 1, padding: s.padding ?? .same, rng: rng)
        case .relu: return ReLU()
        case .leakyRelu: return LeakyReLU(slope: s.value ?? 0.2)
        case .tanh: return Tanh()
        case .sigmoid: return Sigmoid()
        case .dropout: return Dropout(probability: s.value ?? 0.5)
        case .batchNorm: return BatchNorm(channels: try need(s.outputs, "channels"))
        case .reshape:
            guard let shape = s.shape, !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw ModelError.invalid("reshape without a shape") }
            return Reshape(itemShape: shape)
        case .upsample: return Upsample(factor: Int(s.value ?? 2))
        }
    }

    /// Parameters named as in the model file, relative to the network: "0.weight", "class.weight", …
    public var namedParameters: [(name: String, parameter: Parameter)] {
        var out = body.indexedParameters.map { ("\($0.index).\($0.parameter.name)", $0.parameter) }
        if let e = classEmbedding { out += e.parameters.map { ("class.\($0.name)", $0) } }
        return out
    }

    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// Number of trainable values.
    public var parameterCount: Int { parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count } }

    func oneHot(_ labels: [Int], count n: Int) throws -> Tensor {
        guard labels.count == n else { throw ShapeError("\(labels.count) labels for a batch of \(n)") }
        let t = Tensor(zeros: [n, classes])
        for (i, l) in labels.enumerated() {
            guard l >= 0, l < classes else { throw ModelError.label(l, classes: classes) }
            t.data[i * classes + l] = 1
        }
        return t
    }

    /// Runs the network on its input (without the class part), adding the class input when the model has classes.
    public func forward(_ input: Tensor, labels: [Int]?, _ context: ForwardContext) throws -> Tensor {
        let n = input.shape.first ?? 0
        guard classes > 0 else { return try body.forward(input, context) }
        let hot = try oneHot(labels ?? (0..<n).map { $0 % classes }, count: n)
        switch spec.input {
        case .vector:
            let flat = try input.reshaped([n, input.itemCount])
            return try body.forward(try Tensor.concatFeatures([flat, hot]), context)
        case .planes:
            guard let e = classEmbedding else { throw ModelError.invalid("class embedding missing") }
            let plane = try e.forward(hot, context).reshaped([n, 1, size, size])
            return try body.forward(try Tensor.concatChannels([input, plane]), context)
        }
    }

    /// Back-propagates through the body (and the class embedding) using the records a forward pass left on `tape`;
    /// returns the gradient w.r.t. `input`.
    public func backward(_ gradOutput: Tensor, inputShape: [Int], tape: Tape) throws -> Tensor {
        let g = try body.backward(gradOutput, tape)
        guard classes > 0 else { return try g.reshaped(inputShape) }
        switch spec.input {
        case .vector:
            let parts = try g.reshaped([g.shape[0], g.itemCount]).splitFeatures([g.itemCount - classes, classes])
            return try parts[0].reshaped(inputShape)
        case .planes:
            let parts = try g.splitChannels([g.shape[1] - 1, 1])
            if let e = classEmbedding { _ = try e.backward(try parts[1].reshaped([g.shape[0], size * size]), tape) }
            return parts[0]
        }
    }

    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}
