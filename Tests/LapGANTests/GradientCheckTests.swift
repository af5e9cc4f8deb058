import XCTest
@testable import LapGAN
import TestSupport

/// Every layer's backward pass agrees with central finite differences.
final class GradientCheckTests: XCTestCase {
    let tolerance = 2e-2

    func random(_ shape: [Int], seed: UInt64 = 1, awayFromZero: Bool = false) -> Tensor {
        let t = Tensor(zeros: shape)
        RNG(seed: seed).fillUniform(t, -1, 1)
        if awayFromZero {
            // Keep inputs of kinked activations away from the kink so differences do not straddle it.
            for i in 0..<t.count where abs(t[i]) < 0.1 { t[i] += t[i] < 0 ? -0.1 : 0.1 }
        }
        return t
    }

    func assertGradients(_ layer: Layer, _ input: Tensor, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try GradientCheck.check(layer, input: input)
        XCTAssertLessThan(r.worst, tolerance, "\(type(of: layer)): \(r)", file: file, line: line)
    }

    func testLinear() throws {
        try assertGradients(Linear(inputs: 7, outputs: 5, rng: RNG(seed: 2)), random([4, 7]))
    }

    func testConvSame() throws {
        try assertGradients(Conv2D(inChannels: 3, outChannels: 4, kernel: 3, rng: RNG(seed: 3)), random([2, 3, 6, 6]))
    }

    func testConvUnfoldedPath() throws {
        try assertGradients(Conv2D(inChannels: 2, outChannels: 6, kernel: 3, rng: RNG(seed: 6)), random([2, 2, 6, 5]))
    }

    func testConvUnfoldedValidStrideOne() throws {
        try assertGradients(Conv2D(inChannels: 3, outChannels: 5, kernel: 3, padding: .valid, rng: RNG(seed: 13)), random([2, 3, 7, 6]))
    }

    func testConvValidStrided() throws {
        try assertGradients(Conv2D(inChannels: 2, outChannels: 3, kernel: 5, stride: 2, padding: .valid, rng: RNG(seed: 4)),
                            random([3, 2, 11, 11]))
    }

    func testConvRectangularAndExplicitPadding() throws {
        try assertGradients(Conv2D(inChannels: 1, outChannels: 2, kernel: 3, stride: 1, padding: .explicit(2), rng: RNG(seed: 5)),
                            random([2, 1, 5, 7]))
    }

    func testActivations() throws {
        try assertGradients(ReLU(), random([3, 10], awayFromZero: true))
        try assertGradients(LeakyReLU(slope: 0.2), random([3, 10], awayFromZero: true))
        try assertGradients(Tanh(), random([3, 10]))
        try assertGradients(Sigmoid(), random([3, 10]))
    }

    func testDropoutWithFixedMask() throws {
        // The gradient check resets the context's RNG each call, so the mask is the same in every pass.
        try assertGradients(Dropout(probability: 0.5), random([4, 12]))
    }

    func testBatchNormTraining() throws {
        let bn = BatchNorm(channels: 3)
        RNG(seed: 8).fillUniform(bn.weight.value, 0.5, 1.5)
        try assertGradients(bn, random([4, 3, 3, 3]))
        try assertGradients(BatchNorm(channels: 5), random([6, 5]))
    }

    func testReshapeAndUpsample() throws {
        try assertGradients(Reshape(itemShape: [2, 3, 2]), random([2, 12]))
        try assertGradients(Upsample(factor: 2), random([2, 2, 3, 3]))
    }

    func testSequentialNetwork() throws {
        let rng = RNG(seed: 9)
        let net = Sequential([Conv2D(inChannels: 2, outChannels: 3, kernel: 3, rng: rng), Tanh(),
                              Conv2D(inChannels: 3, outChannels: 2, kernel: 3, stride: 2, padding: .valid, rng: rng),
                              Reshape(itemShape: [8]), Linear(inputs: 8, outputs: 1, rng: rng)])
        let r = try GradientCheck.check(net, input: random([2, 2, 5, 5]))
        XCTAssertLessThan(r.input, tolerance)
    }

    func testClassConditionalNetworkInputGradient() throws {
        let spec = NetworkSpec(input: .planes, layers: [.conv(3, 2, kernel: 3), .tanh])
        let net = try Network(spec: spec, classes: 4, size: 5, rng: RNG(seed: 10))
        let x = random([2, 2, 5, 5]), r = random([2, 2, 5, 5], seed: 11)
        func loss() throws -> Double {
            let y = try net.forward(x, labels: [1, 3], .inference)
            return (0..<y.count).reduce(0.0) { $0 + Double(y[$1] * r[$1]) }
        }
        let tape = Tape()
        _ = try net.forward(x, labels: [1, 3], ForwardContext.inference.recording(on: tape))
        let g = try net.backward(r, inputShape: x.shape, tape: tape)
        XCTAssertEqual(tape.count, 0, "backward takes back every record forward saved")
        XCTAssertEqual(g.shape, x.shape)
        for i in [0, 7, 30, 49, 77] {
            let old = x[i]
            x[i] = old + 1e-2; let p = try loss()
            x[i] = old - 1e-2; let m = try loss()
            x[i] = old
            XCTAssertEqual(Double(g[i]), (p - m) / 2e-2, accuracy: 2e-3)
        }
        // The class embedding received a gradient.
        XCTAssertGreaterThan(net.classEmbedding?.weight.grad.array.map(abs).max() ?? 0, 0)
    }

    func testConcatAndSplitChannelsAreInverse() throws {
        let a = random([2, 1, 3, 3]), b = random([2, 2, 3, 3], seed: 2)
        let c = try Tensor.concatChannels([a, b])
        XCTAssertEqual(c.shape, [2, 3, 3, 3])
        XCTAssertEqual(c[9], b[0])  // item 0, channel 1 starts with b's first plane
        let parts = try c.splitChannels([1, 2])
        XCTAssertTrue(parts[0].bitwiseEqual(a))
        XCTAssertTrue(parts[1].bitwiseEqual(b))
    }

    func testBCEWithLogitsGradient() throws {
        let logits = random([6, 1])
        let targets: [Float] = [1, 0, 1, 0, 1, 1]
        let (_, grad, _) = Loss.bceWithLogits(logits, targets: targets)
        for i in 0..<6 {
            let old = logits[i]
            logits[i] = old + 1e-3; let p = Loss.bceWithLogits(logits, targets: targets).loss
            logits[i] = old - 1e-3; let m = Loss.bceWithLogits(logits, targets: targets).loss
            logits[i] = old
            XCTAssertEqual(grad[i], (p - m) / 2e-3, accuracy: 1e-3)
        }
        // Stable for huge logits.
        let big = try Tensor(shape: [2, 1], values: [80, -80])
        let r = Loss.bceWithLogits(big, targets: [0, 1])
        XCTAssertEqual(r.loss, 80, accuracy: 1e-3)
    }

    /// A check that would catch a transposed weight: conv forward equals a direct double-precision convolution.
    func testConvForwardMatchesDirectConvolution() throws {
        let conv = Conv2D(inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: .explicit(1), rng: RNG(seed: 12))
        let x = random([2, 2, 7, 6])
        let y = try conv.forward(x, .inference)
        XCTAssertEqual(y.shape, [2, 3, 4, 3])
        let w = conv.weight.value, b = conv.bias.value
        var worst = 0.0
        for n in 0..<2 { for o in 0..<3 { for oy in 0..<4 { for ox in 0..<3 {
            var acc = Double(b[o])
            for c in 0..<2 { for ki in 0..<3 { for kj in 0..<3 {
                let iy = oy * 2 + ki - 1, ix = ox * 2 + kj - 1
                guard iy >= 0, iy < 7, ix >= 0, ix < 6 else { continue }
                acc += Double(w[((o * 2 + c) * 3 + ki) * 3 + kj]) * Double(x[((n * 2 + c) * 7 + iy) * 6 + ix])
            } } }
            worst = max(worst, abs(acc - Double(y[((n * 3 + o) * 4 + oy) * 3 + ox])))
        } } } }
        XCTAssertLessThan(worst, 1e-5)
    }

    func testShapeMismatchThrows() {
        let conv = Conv2D(inChannels: 3, outChannels: 2, kernel: 3, rng: RNG(seed: 1))
        XCTAssertThrowsError(try conv.forward(Tensor(zeros: [1, 2, 5, 5]), .inference))
        XCTAssertThrowsError(try Linear(inputs: 3, outputs: 2, rng: RNG(seed: 1)).forward(Tensor(zeros: [2, 4]), .inference))
        XCTAssertThrowsError(try Conv2D(inChannels: 1, outChannels: 1, kernel: 5, padding: .valid, rng: RNG(seed: 1))
            .forward(Tensor(zeros: [1, 1, 3, 3]), .inference))
        XCTAssertThrowsError(try ReLU().backward(Tensor(zeros: [1]), Tape()))
    }
}

/// The direct path (stride 1, ≤ 4 output channels) and the im2col path compute the same convolution.
final class ConvPathTests: XCTestCase {
    func testDirectAndUnfoldedConvolutionsAgree() throws {
        let rng = RNG(seed: 21)
        let direct = Conv2D(inChannels: 5, outChannels: 3, kernel: 5, rng: rng)
        let unfolded = Conv2D(inChannels: 5, outChannels: 8, kernel: 5, rng: rng)
        // Give the first three output channels of the wide layer the narrow layer's weights.
        for (to, from) in [(unfolded.weight.value, direct.weight.value), (unfolded.bias.value, direct.bias.value)] {
            for i in 0..<from.count { to[i] = from[i] }
        }
        let x = Tensor(zeros: [3, 5, 9, 9])
        rng.fillUniform(x, -1, 1)
        let tapeA = Tape(), tapeB = Tape()
        let a = try direct.forward(x, ForwardContext.inference.recording(on: tapeA))
        let b = try unfolded.forward(x, ForwardContext.inference.recording(on: tapeB))
        let gy = Tensor(zeros: b.shape)
        rng.fillUniform(gy, -1, 1)
        for n in 0..<3 { for i in 0..<(5 * 81) { gy[n * 8 * 81 + 3 * 81 + i] = 0 } }
        let gyNarrow = try gy.splitChannels([3, 5])[0]
        var worst: Float = 0
        for n in 0..<3 { for i in 0..<(3 * 81) { worst = max(worst, abs(a[n * 3 * 81 + i] - b[n * 8 * 81 + i])) } }
        XCTAssertLessThan(worst, 1e-5)
        let ga = try direct.backward(gyNarrow, tapeA), gb = try unfolded.backward(gy, tapeB)
        XCTAssertLessThan(try ga.maxAbsDifference(gb), 1e-4)
        for i in 0..<direct.weight.grad.count {
            XCTAssertEqual(direct.weight.grad[i], unfolded.weight.grad[i], accuracy: 1e-3)
        }
    }
}

/// Every convolution path (im2col, direct, frequency domain) passes the gradient check and computes the same
/// forward and backward as the others.
final class ConvolutionPathAgreementTests: XCTestCase {
    /// Layers the frequency path and the direct path both accept (stride 1), same / valid / explicit padding.
    func layers() -> [Conv2D] {
        let rng = RNG(seed: 31)
        return [Conv2D(inChannels: 6, outChannels: 5, kernel: 5, rng: rng),
                Conv2D(inChannels: 4, outChannels: 3, kernel: 7, rng: rng),
                Conv2D(inChannels: 5, outChannels: 7, kernel: 5, padding: .valid, rng: rng),
                Conv2D(inChannels: 3, outChannels: 2, kernel: 3, padding: .explicit(2), rng: rng)]
    }

    func testEveryPathPassesTheGradientCheck() throws {
        for path in ConvolutionPath.allCases {
            for (i, layer) in layers().enumerated() {
                XCTAssertEqual(layer.path(forced: path).path, path)
                let x = Tensor(zeros: [2, layer.inChannels, 9, 8])
                RNG(seed: UInt64(40 + i)).fillUniform(x, -1, 1)
                let r = try GradientCheck.check(layer, input: x) {
                    ForwardContext(training: true, rng: RNG(seed: 99), convolutionPath: path)
                }
                XCTAssertLessThan(r.worst, 2e-2, "\(path) layer \(i): \(r)")
            }
        }
    }

    func testAllPathsAgreeOnForwardAndBackward() throws {
        func relative(_ a: Tensor, _ b: Tensor) -> Float {
            var worst: Float = 0, scale: Float = 1e-6
            for i in 0..<b.count { worst = max(worst, abs(a[i] - b[i])); scale = max(scale, abs(b[i])) }
            return worst / scale
        }
        for (i, layer) in layers().enumerated() {
            let x = Tensor(zeros: [3, layer.inChannels, 11, 10]), rng = RNG(seed: UInt64(60 + i))
            rng.fillUniform(x, -1, 1)
            var results: [(path: ConvolutionPath, y: Tensor, gx: Tensor, gw: Tensor, gb: Tensor)] = []
            for path in ConvolutionPath.allCases {
                layer.weight.zeroGrad(); layer.bias.zeroGrad()
                let tape = Tape()
                let y = try layer.forward(x, ForwardContext(training: false, tape: tape, convolutionPath: path))
                let gy = Tensor(zeros: y.shape)
                RNG(seed: 99).fillUniform(gy, -1, 1)
                let gx = try layer.backward(gy, tape)
                results.append((path, y, gx, layer.weight.grad.copy(), layer.bias.grad.copy()))
            }
            let reference = results[0]
            for r in results.dropFirst() {
                XCTAssertLessThan(relative(r.y, reference.y), 1e-4, "layer \(i): \(r.path) forward vs \(reference.path)")
                XCTAssertLessThan(relative(r.gx, reference.gx), 1e-4, "layer \(i): \(r.path) input gradient")
                XCTAssertLessThan(relative(r.gw, reference.gw), 1e-4, "layer \(i): \(r.path) weight gradient")
                XCTAssertLessThan(relative(r.gb, reference.gb), 1e-4, "layer \(i): \(r.path) bias gradient")
            }
        }
    }

    func testTheRuleSendsThePapersLayersToTheFrequencyDomain() {
        XCTAssertEqual(ConvolutionPath.choose(inChannels: 64, outChannels: 64, kernel: 7, stride: 1).path, .frequency)
        XCTAssertEqual(ConvolutionPath.choose(inChannels: 64, outChannels: 3, kernel: 5, stride: 1).path, .frequency)
        XCTAssertEqual(ConvolutionPath.choose(inChannels: 3, outChannels: 64, kernel: 5, stride: 1).path, .unfolded)
        XCTAssertEqual(ConvolutionPath.choose(inChannels: 64, outChannels: 64, kernel: 5, stride: 2).path, .unfolded)
        XCTAssertEqual(ConvolutionPath.choose(inChannels: 2, outChannels: 1, kernel: 5, stride: 1).path, .direct)
    }
}
